import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from './logger.ts';
import { fieldErrors } from './validation.ts';
import * as z from './zod.ts';

/** A workflow step received input it cannot work with: a bug in the definition, never retried. */
export class InvalidTaskInput extends Error {
  override readonly name = 'InvalidTaskInput';
}

/**
 * Wraps a Step Functions task (a Lambda invoked by a state machine). Input is validated with zod; errors keep their
 * `name`, which becomes the Step Functions error name that the definition's Retry and Catch match on.
 */
export function taskHandler<S extends z.ZodMiniType, R>(schema: S, fn: (input: z.infer<S>, context: Context) => Promise<R>) {
  return middy<unknown, R, Error, Context>({ timeoutEarlyInMillis: 0 }).handler(async (event, context) => {
    const parsed = z.safeParse(schema, event);
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error, '').map((e) => `${e.field}: ${e.message}`).join('; ');
      throw new InvalidTaskInput(`Invalid task input: ${fields}`);
    }
    try {
      return await fn(parsed.data, context);
    } catch (error) {
      logger.error('Workflow task failed', { error: error as Error });
      throw error;
    }
  });
}
