import type { AggregationConfig } from '../domain/aggregation/aggregation-config.ts';
import type { Aggregate } from '../domain/aggregation/aggregation-records.ts';
import { dataPrefix, RAW_SUFFIX } from '../domain/lake/lake-layout.ts';
import {
  type ReplayRange,
  type ReplayShard,
  ReportReplay,
  replayPartitions,
} from '../domain/lifecycle/report-replay.ts';
import type { ObjectStore } from './object-store.ts';
import { readLines } from './rewrite-text-object.ts';

export interface ReplayReportsOptions {
  readonly store: ObjectStore;
  readonly config: AggregationConfig;
  readonly range: ReplayRange;
  /** As the live processor's watermark trails the newest timestamp. */
  readonly outOfOrdernessMs: number;
  /** Only the transactions of this shard (a day too big for one run); all when absent. */
  readonly shard?: ReplayShard;
}

export interface ReplayedReports {
  readonly windows: Aggregate[];
  /** `raw_bcns` records read and files they came from. */
  readonly records: number;
  readonly files: number;
}

/**
 * Recomputes the windows of `range` from `raw_bcns` (see `ReportReplay`): the partitions that
 * can contribute, each partition's files in key order (the order they were delivered in), each
 * file's records in order. The same code runs locally over files and in the Lambda over S3.
 */
export async function replayReports(options: ReplayReportsOptions): Promise<ReplayedReports> {
  const { store, config, range } = options;
  const replay = new ReportReplay(config, range, options.outOfOrdernessMs, options.shard);
  let files = 0;
  for (const partition of replayPartitions(range, config)) {
    const objects = await store.list(dataPrefix('raw', 'bcns', partition));
    for (const { key } of objects.filter((object) => object.key.endsWith(RAW_SUFFIX))) {
      for (const line of await readLines(store, key)) replay.add(line);
      files++;
    }
  }
  return { windows: replay.finish(), records: replay.records, files };
}
