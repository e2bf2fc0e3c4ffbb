import { Agent } from 'node:http';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  IncreaseStreamRetentionPeriodCommand,
  KinesisClient,
  type KinesisClientConfig,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** Credentials the local services accept; they never leave this machine. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

const noop = () => {};
/**
 * A logger without `info`: the SDK's logging middleware copies every request and response through
 * its sensitive-field filters whenever the logger has an `info` method, even the default no-op
 * logger's (about 3% of the API thread under load). Errors still surface as thrown exceptions.
 */
const QUIET_LOGGER = { debug: noop, warn: noop, error: noop } as unknown as KinesisClientConfig['logger'];

/** A Kinesis client for the local service. HTTP/1.1 with keep-alive: kinesalite has no HTTP/2. */
export function createLocalKinesisClient(endpoint: string, maxSockets = 16): KinesisClient {
  quietNodeVersionWarning();
  return new KinesisClient({
    endpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 3,
    logger: QUIET_LOGGER,
    // Resolves the middleware stack once per command type instead of on every call.
    cacheMiddleware: true,
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets }) }),
  });
}

/**
 * Local streams keep a week of records (AWS's default is a day), so a laptop left off for a weekend
 * loses nothing; a local erasure stays pending as long.
 */
export const LOCAL_RETENTION_HOURS = 168;

/** Creates each stream that does not exist yet and waits until all are ACTIVE. */
export async function ensureStreams(client: KinesisClient, shards: Record<string, number>): Promise<void> {
  for (const [StreamName, ShardCount] of Object.entries(shards)) {
    try {
      await client.send(new CreateStreamCommand({ StreamName, ShardCount }));
    } catch (error) {
      if ((error as Error).name !== 'ResourceInUseException') throw error;
    }
  }
  for (const StreamName of Object.keys(shards)) {
    for (;;) {
      const { StreamDescriptionSummary } = await client.send(new DescribeStreamSummaryCommand({ StreamName }));
      if (StreamDescriptionSummary?.StreamStatus !== 'ACTIVE') {
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      if ((StreamDescriptionSummary.RetentionPeriodHours ?? 0) < LOCAL_RETENTION_HOURS) {
        await client.send(
          new IncreaseStreamRetentionPeriodCommand({ StreamName, RetentionPeriodHours: LOCAL_RETENTION_HOURS }),
        );
        continue;
      }
      break;
    }
  }
}

/** The SDK warns once per process that it will need Node 22 from 2027; locally that is noise on every command. */
export function quietNodeVersionWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
