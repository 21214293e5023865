/** Types of aws-local-stepfunctions that its declaration file uses but does not export. */
import type { RunOptions, StateMachine } from 'aws-local-stepfunctions';

type RunResult = ReturnType<StateMachine['run']>;
export type EventLog = RunResult['eventLogs'] extends AsyncGenerator<infer Event> ? Event : never;
export type Overrides = NonNullable<RunOptions['overrides']>;
export type LibraryJson = Parameters<StateMachine['run']>[0];
