import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { EVENT_KINDS, EVENT_SPECS, MAX_BODY_BYTES } from '../lambda/domain/events.ts';
import { STREAM_NAMES } from '../lambda/domain/streams.ts';
import type { LocalConfig } from './config.ts';
import type { Route } from './http/http-types.ts';
import { startHttpServer } from './http/server.ts';
import { ingestEvents } from './ingest/ingest-events.ts';
import { RecordBatcher } from './ingest/record-batcher.ts';
import { createLocalKinesisClient, ensureStreams } from './kinesis/kinesis-client.ts';
import { startEmulator } from './services/emulator-service.ts';

export interface Platform {
  readonly url: string;
  readonly kinesisEndpoint: string;
  readonly kinesis: KinesisClient;
  /** Answers requests in progress, flushes every buffer and closes the local services. */
  stop(): Promise<void>;
}

/** Starts the whole platform on this machine: local Kinesis, then the HTTP API in front of it. */
export async function startPlatform(config: LocalConfig): Promise<Platform> {
  const kinesisService = await startEmulator('kinesis', { dataDir: config.dataDir, port: config.kinesisPort });
  const kinesis = createLocalKinesisClient(kinesisService.endpoint);
  await ensureStreams(
    kinesis,
    Object.fromEntries(STREAM_NAMES.map((name) => [name, name === 'bcns' ? config.bcnsShards : 1])),
  );
  const batcher = new RecordBatcher({ client: kinesis, streamName: 'bcns' });

  const routes: Route[] = [
    ...EVENT_KINDS.map(
      (kind): Route => ({
        method: 'POST',
        path: EVENT_SPECS[kind].route,
        maxBodyBytes: MAX_BODY_BYTES,
        handler: ({ body }) => ingestEvents(kind, body, batcher),
      }),
    ),
    {
      method: 'GET',
      path: '/health',
      handler: async () => ({ statusCode: 200, body: { status: 'ok', kinesis_endpoint: kinesisService.endpoint } }),
    },
  ];
  const http = await startHttpServer(routes, config.port, config.host);

  return {
    url: http.url,
    kinesisEndpoint: kinesisService.endpoint,
    kinesis,
    stop: async () => {
      await http.close();
      await batcher.drain();
      kinesis.destroy();
      await kinesisService.stop();
    },
  };
}
