/** One problem found in a request body; `index` is the event's position in a batch, null for the body. */
export interface ValidationIssue {
  readonly index: number | null;
  readonly path: string;
  readonly message: string;
}

/** A request the platform refuses: the edge answers `statusCode` with `{message, errors}`. */
export class RequestError extends Error {
  readonly statusCode: number;

  constructor(
    message: string,
    readonly errors: readonly ValidationIssue[],
    statusCode = 400,
  ) {
    super(message);
    this.name = 'RequestError';
    this.statusCode = statusCode;
  }

  toJSON(): { message: string; errors: readonly ValidationIssue[] } {
    return { message: this.message, errors: this.errors };
  }
}

/** A request body that breaks the event contract. Nothing of it may be written. */
export class EventValidationError extends RequestError {
  override name = 'EventValidationError';
}
