import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { LAMBDA_ENV } from '../domain/settings/environment.ts';
import { parseSetting } from '../domain/settings/setting.ts';
import { STREAM_NAMES, type StreamName } from '../domain/streams.ts';
import { ParquetConverter } from './json-to-parquet.ts';
import { LAKE_ENV, lakeStoreFromEnv } from './lake-config.ts';
import type { ObjectStore } from './object-store.ts';
import { type WrittenBatch, writeStreamBatch } from './write-stream-batch.ts';

/** The platform stream of an event source ARN (`…:stream/<prefix>-<stream>`). */
export function streamOfArn(arn: string): StreamName {
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  const stream = STREAM_NAMES.find((candidate) => name === candidate || name.endsWith(`-${candidate}`));
  if (!stream) throw new Error(`Records from ${arn}, which is not one of the platform's streams`);
  return stream;
}

/**
 * The lake writer (`sdp:lakeWriter: "lambda"`): each batch Lambda reads from a stream's shard is
 * written to the lake by writeStreamBatch. Any failure throws, so Lambda retries the same batch
 * from the shard's checkpoint, which overwrites what a failed attempt wrote.
 */
export function createWriteLakeHandler(
  store: ObjectStore,
  filePrefix: string,
  converter: () => Promise<ParquetConverter>,
) {
  return async (event: KinesisStreamEvent): Promise<WrittenBatch[]> => {
    const byShard = new Map<string, KinesisStreamRecord[]>();
    for (const record of event.Records) {
      const key = `${record.eventSourceARN} ${record.eventID.split(':')[0]}`;
      byShard.set(key, [...(byShard.get(key) ?? []), record]);
    }
    const written: WrittenBatch[] = [];
    for (const [key, records] of byShard) {
      const [arn = '', shardId = ''] = key.split(' ');
      const batch = {
        stream: streamOfArn(arn),
        shardId,
        records: records.map((record) => ({
          data: Buffer.from(record.kinesis.data, 'base64'),
          sequenceNumber: record.kinesis.sequenceNumber,
          arrivalMs: Math.round(record.kinesis.approximateArrivalTimestamp * 1000),
        })),
      };
      written.push(await writeStreamBatch(store, await converter(), filePrefix, batch));
    }
    console.log(
      JSON.stringify({ batches: written.map(({ rows, rejected, keys }) => ({ rows, rejected, files: keys.length })) }),
    );
    return written;
  };
}

let converter: Promise<ParquetConverter> | undefined;

export const handler = (event: KinesisStreamEvent) => {
  const filePrefix = parseSetting(LAMBDA_ENV.LAKE_FILE_PREFIX, process.env[LAKE_ENV.filePrefix]);
  converter ??= ParquetConverter.open();
  return createWriteLakeHandler(lakeStoreFromEnv(), filePrefix, () => converter as Promise<ParquetConverter>)(event);
};
