/**
 * The rewritten rows differ from the input rows they should be; nothing was changed. Its own module so
 * that code rewriting text objects (and the replay reading them) does not bundle DuckDB.
 */
export class CompactionVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompactionVerificationError';
  }
}
