import { createLocalKinesisClient } from '../../local/kinesis/kinesis-client.ts';
import { readAllRecords } from '../../local/kinesis/read-stream.ts';

/** A load phase whose accepted events can be looked up on the stream. */
export interface CheckedPhase {
  readonly result: { readonly name: string; readonly prefix: string };
  /** The most events the load generator can have had in flight, unanswered, when it stopped. */
  readonly inFlightAtStop: number;
  /** Every tx_id in a request answered 200. */
  acceptedTxIds(): Iterable<string>;
}

export interface PhaseReadBack {
  readonly name: string;
  /** Events in requests answered 200. */
  readonly accepted: number;
  /** Distinct tx_ids of this phase on the stream. */
  readonly found: number;
  /** Accepted events whose tx_id is not on the stream. */
  readonly lost: number;
  /** Records of this phase beyond the first with the same tx_id. */
  readonly duplicates: number;
  /**
   * On the stream but never answered 200: requests still in flight when the load generator stopped
   * (at most connections × events per request), or answered otherwise.
   */
  readonly unacknowledged: number;
  /** The most events the load generator can have had in flight when it stopped. */
  readonly inFlightAtStop: number;
}

export interface ReadBack {
  readonly stream: string;
  readonly records: number;
  readonly seconds: number;
  readonly phases: PhaseReadBack[];
  /** The last sequence number read on each shard: where the next read-back of later phases can start. */
  readonly positions: Readonly<Record<string, string>>;
}

/**
 * Reads the stream, whole or from `after` on, and checks tx_id by tx_id that every accepted event of every
 * phase is there once. Starting after an earlier read-back is only sound for phases that began after it.
 */
export async function readBack(
  endpoint: string,
  stream: string,
  phases: readonly CheckedPhase[],
  after: Readonly<Record<string, string>> = {},
): Promise<ReadBack> {
  const client = createLocalKinesisClient(endpoint);
  const started = performance.now();
  let records: Awaited<ReturnType<typeof readAllRecords>>;
  try {
    records = await readAllRecords(client, stream, after);
  } finally {
    client.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  const positions: Record<string, string> = { ...after };
  const seen = new Set<string>();
  const duplicated: string[] = [];
  for (const { shardId, sequenceNumber, partitionKey } of records) {
    positions[shardId] = sequenceNumber;
    if (seen.has(partitionKey)) duplicated.push(partitionKey);
    else seen.add(partitionKey);
  }
  return {
    stream,
    records: records.length,
    seconds,
    phases: phases.map((phase) => {
      const prefix = `${phase.result.prefix}-`;
      let accepted = 0;
      let lost = 0;
      const acceptedIds = new Set<string>();
      for (const txId of phase.acceptedTxIds()) {
        accepted++;
        acceptedIds.add(txId);
        if (!seen.has(txId)) lost++;
      }
      let found = 0;
      let unacknowledged = 0;
      for (const txId of seen) {
        if (!txId.startsWith(prefix)) continue;
        found++;
        if (!acceptedIds.has(txId)) unacknowledged++;
      }
      const duplicates = duplicated.filter((txId) => txId.startsWith(prefix)).length;
      const { inFlightAtStop } = phase;
      return { name: phase.result.name, accepted, found, lost, duplicates, unacknowledged, inFlightAtStop };
    }),
    positions,
  };
}
