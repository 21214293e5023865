/** The public entry of the local Step Functions endpoint (used by infra/local/platform.ts and the tests). */
export { startStepFunctionsEndpoint } from './endpoint.ts';
export type { StepFunctionsEndpoint, StepFunctionsEndpointOptions } from './endpoint.ts';
export { stateMachinesFromTemplate, functionLogicalIdFromArn } from './template.ts';
export type { TemplateEnvironment } from './template.ts';
export type { LocalStateMachine, Logger } from './model.ts';
