/**
 * A failure the user can act on, printed as one line (no stack): a bad argument (exit 2, with a
 * pointer to the command's help) or a condition of the environment, such as the platform not running.
 */
export class CommandError extends Error {
  override name = 'CommandError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** A bad argument or option: exit 2 and a pointer to the command's help. */
export class UsageError extends CommandError {
  override name = 'UsageError';
  constructor(message: string) {
    super(message, 2);
  }
}
