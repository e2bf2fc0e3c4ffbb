import type { Partition } from '../domain/lake/lake-layout.ts';
import type { StreamName } from '../domain/streams.ts';

/**
 * A change the lake's own maintenance makes to what the writers delivered, told before it is made
 * (a crash after the telling leaves the change pending, and the resumed run makes it): locally the
 * delivery ledger records it, so that `sdp lake verify` still proves every other row is there.
 *   - `rewritten`: a raw or error object an erasure rewrote in place; it holds `rows` lines in `bytes` bytes.
 *   - `erased`: `rows` rows an erasure removed from a Parquet file it replaced in the manifest.
 *   - `expired`: a partition's files of one kind removed for their table's retention.
 */
export type LakeChange =
  | {
      readonly change: 'rewritten';
      readonly stream: StreamName;
      readonly kind: 'raw' | 'errors';
      readonly key: string;
      readonly rows: number;
      readonly bytes: number;
    }
  | { readonly change: 'erased'; readonly stream: StreamName; readonly key: string; readonly rows: number }
  | {
      readonly change: 'expired';
      readonly stream: StreamName;
      readonly kind: 'raw' | 'parquet' | 'errors';
      readonly partition: Partition;
    };

export type LakeChangeListener = (change: LakeChange) => Promise<void>;
