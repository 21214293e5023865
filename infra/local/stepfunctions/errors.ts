/**
 * An error the API returns to the SDK. `type` becomes `__type` in the AWS JSON 1.0 error body, which is how the
 * SDK picks the exception class to throw (ExecutionDoesNotExist, TaskTimedOut, …).
 */
export class SfnApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}
