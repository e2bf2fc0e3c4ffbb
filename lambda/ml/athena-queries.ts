import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';

export interface AthenaQueriesOptions {
  readonly database: string;
  readonly workGroup: string;
  /** @default 1000 */
  readonly pollMs?: number;
  /** A query still running after this long is stopped. @default 120_000 */
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Runs small queries on the lake's workgroup, whose enforced settings choose where results go. */
export class AthenaQueries {
  private readonly pollMs: number;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: AthenaClient,
    private readonly options: AthenaQueriesOptions,
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The first column of the first row of `sql`'s result, as Athena returns it (text), or undefined. */
  async scalar(sql: string): Promise<string | undefined> {
    const { QueryExecutionId } = await this.client.send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        WorkGroup: this.options.workGroup,
        QueryExecutionContext: { Database: this.options.database },
      }),
    );
    for (let waited = 0; ; waited += this.pollMs) {
      const { QueryExecution } = await this.client.send(new GetQueryExecutionCommand({ QueryExecutionId }));
      const state = QueryExecution?.Status?.State;
      if (state === 'SUCCEEDED') break;
      if (state === 'FAILED' || state === 'CANCELLED') {
        throw new Error(`Athena query ${QueryExecutionId} ${state}: ${QueryExecution?.Status?.StateChangeReason}`);
      }
      if (waited >= this.timeoutMs) {
        await this.client.send(new StopQueryExecutionCommand({ QueryExecutionId }));
        throw new Error(`Athena query ${QueryExecutionId} still ${state} after ${this.timeoutMs} ms; stopped it`);
      }
      await this.sleep(this.pollMs);
    }
    // Row 0 is the header.
    const { ResultSet } = await this.client.send(new GetQueryResultsCommand({ QueryExecutionId, MaxResults: 2 }));
    return ResultSet?.Rows?.[1]?.Data?.[0]?.VarCharValue;
  }
}
