/** Bad SQL or an unknown table: the user's query, not the lake, is at fault. */
export class SqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlError';
  }
}

/** The message for an Athena construct that the local engine (DuckDB) does not have. */
export function notLocal(construct: string, hint = ''): SqlError {
  return new SqlError(
    `${construct} is an Athena construct the local engine (DuckDB) does not have${hint === '' ? '' : `: ${hint}`}`,
  );
}

/** The message for SQL that Athena would reject, though DuckDB might run it. */
export function notAthena(construct: string, hint = ''): SqlError {
  return new SqlError(`${construct} is not Athena (Trino) SQL${hint === '' ? '' : `: ${hint}`}`);
}
