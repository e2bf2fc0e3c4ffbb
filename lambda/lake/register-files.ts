import { parseParquetKey } from '../domain/lake/lake-layout.ts';
import { SERVICES } from '../domain/ops/metrics.ts';
import { instrumented, lambdaObservability } from '../observability/lambda-observability.ts';
import { lakeStoreFromEnv } from './lake-config.ts';
import type { ObjectStore } from './object-store.ts';
import { registerDataFiles } from './register-data-files.ts';

/** The EventBridge "Object Created" event S3 sends for each file Firehose delivers. */
export interface ObjectCreatedEvent {
  readonly detail: { readonly bucket: { readonly name: string }; readonly object: { readonly key: string } };
}

/**
 * Adds a delivered Parquet file to its partition's manifest. A failure throws, so EventBridge
 * retries and finally dead-letters the event; registering twice is harmless.
 */
export function createRegisterFilesHandler(store: ObjectStore) {
  return async (event: ObjectCreatedEvent): Promise<{ added: number }> => {
    // EventBridge delivers the key as stored; S3's older notification format URL-encoded it (`=` as
    // %3D), so a key that only parses decoded is taken decoded.
    const raw = event.detail.object.key;
    const key = parseParquetKey(raw) ? raw : decodeURIComponent(raw.replaceAll('+', ' '));
    return { added: await registerDataFiles(store, [key]) };
  };
}

const observability = lambdaObservability(SERVICES.fileRegistration);

export const handler = instrumented(observability, async (event: ObjectCreatedEvent) => {
  const result = await createRegisterFilesHandler(lakeStoreFromEnv())(event);
  observability.logger.info('Registered a delivered file', { key: event.detail.object.key, ...result });
  return result;
});
