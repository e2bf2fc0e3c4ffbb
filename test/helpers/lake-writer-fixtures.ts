import { rm } from 'node:fs/promises';
import type { _Record } from '@aws-sdk/client-kinesis';
import { ParquetConverter } from '../../lambda/lake/json-to-parquet.ts';
import { FileObjectStore } from '../../local/lake/file-object-store.ts';
import { LakeSql } from '../../local/lake/lake-sql.ts';
import { type RecordSource, StreamLakeWriter } from '../../local/lake/stream-lake-writer.ts';
import type { ShardPositions } from '../../local/streams/shard-reader.ts';
import { makeLake } from './lake-fixtures.ts';

/*
 * A lake writer fed by a stream whose arrival times the test chooses: kinesalite stamps its own
 * clock (the e2e tests run it under libfaketime), so unit tests hand the writer their records.
 */

const SHARD = 'shardId-000000000000';

/**
 * A one-shard stream of `records`, read from after the committed position: the first read returns
 * all of them (`onFirstRead` learns how many), later reads nothing.
 */
export function streamOf(
  records: readonly _Record[],
  onFirstRead: (count: number) => void = () => {},
): (positions: ShardPositions) => RecordSource {
  return (positions) => {
    let next = positions[SHARD] === undefined ? 0 : Number(positions[SHARD]) + 1;
    let first = true;
    return {
      read: async () => {
        const batch = records.slice(next);
        next = records.length;
        if (first) onFirstRead(batch.length);
        first = false;
        return [{ shardId: SHARD, records: batch, caughtUp: true }];
      },
      commit: () => {},
    };
  };
}

/** A bid arriving at `arrival` (received 5 ms before); its sequence number is its index in the stream. */
export function bidRecord(index: number, arrival: number, data?: string | Uint8Array): _Record {
  const body =
    data ??
    JSON.stringify({ tx_id: `tx-${index}`, campaign_item_id: 7, app_uid: 'u', type: 'bid', timestamp: arrival - 5 });
  return {
    SequenceNumber: String(index),
    PartitionKey: `tx-${index}`,
    ApproximateArrivalTimestamp: new Date(arrival),
    Data: typeof body === 'string' ? Buffer.from(body) : body,
  };
}

/** A temporary lake, the writer's state folder beside it, and a converter; `dispose` removes them. */
export interface WriterLake {
  readonly store: FileObjectStore;
  readonly stateDir: string;
  /** A bcns writer over `records` that flushes only when stopped: one flush holds them all. */
  writer(records: readonly _Record[]): StreamLakeWriter;
  /** Starts a writer over `records`, waits until it has read those after its checkpoint, and stops it (one flush). */
  deliver(records: readonly _Record[]): Promise<StreamLakeWriter>;
  query(sql: string): Promise<Record<string, unknown>[]>;
  dispose(): Promise<void>;
}

/** A writer lake in a new temporary folder, or at `root` (e.g. `<SDP_DATA_DIR>/lake`). */
export async function makeWriterLake(root?: string): Promise<WriterLake> {
  const store = root ? new FileObjectStore(root) : await makeLake();
  const stateDir = `${store.root}-state`;
  const converter = await ParquetConverter.open();
  const writer = (records: readonly _Record[], onFirstRead?: (count: number) => void) =>
    new StreamLakeWriter({
      stream: 'bcns',
      source: streamOf(records, onFirstRead),
      store,
      converter,
      stateDir,
      maxBytes: Number.MAX_SAFE_INTEGER,
      maxAgeMs: Number.MAX_SAFE_INTEGER,
      pollMs: 5,
    });
  return {
    store,
    stateDir,
    writer,
    deliver: async (records) => {
      let unread: number | undefined;
      const w = writer(records, (count) => {
        unread = count;
      });
      await w.start();
      while (unread === undefined || w.stats.records < unread) await new Promise((resolve) => setTimeout(resolve, 5));
      await w.stop();
      return w;
    },
    query: async (sql) => {
      const lake = await LakeSql.open(store);
      try {
        return (await lake.query(sql)).rows;
      } finally {
        lake.close();
      }
    },
    dispose: async () => {
      converter.close();
      await rm(stateDir, { recursive: true, force: true });
      await rm(store.root, { recursive: true, force: true });
    },
  };
}
