import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface KinesisService {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export interface KinesisServiceOptions {
  /** Folder for the LevelDB files; the streams and their records survive a restart. */
  readonly dataDir: string;
  readonly host?: string;
  /** @default 0, any free port */
  readonly port?: number;
}

/** Starts a Kinesis-compatible service (kinesalite) on a worker thread. */
export async function startKinesisService({
  dataDir,
  host = '127.0.0.1',
  port = 0,
}: KinesisServiceOptions): Promise<KinesisService> {
  const path = join(dataDir, 'kinesis');
  mkdirSync(path, { recursive: true });
  const worker = new Worker(new URL('./kinesalite-worker.mjs', import.meta.url), { workerData: { path, host, port } });
  const listening = await new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`Kinesis service exited with code ${code} before listening`)));
    worker.once('message', (message: { port: number }) => resolve(message.port));
  });
  worker.removeAllListeners('exit');
  worker.removeAllListeners('error');
  worker.on('error', (error) => console.error('Kinesis service failed:', error));
  return {
    endpoint: `http://${host}:${listening}`,
    stop: async () => {
      const stopped = new Promise<void>((resolve) => worker.once('message', () => resolve()));
      worker.postMessage({ type: 'stop' });
      await stopped;
      await worker.terminate();
    },
  };
}
