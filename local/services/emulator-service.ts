import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type ComponentHealth, HealthState } from '../health/component-health.ts';

export interface EmulatorService {
  readonly endpoint: string;
  /** Whether the emulator serves, or the storage error it is recovering from (it reopens on its own). */
  health(): ComponentHealth;
  stop(): Promise<void>;
}

export interface EmulatorOptions {
  /** Folder for the LevelDB files; everything stored survives a restart. */
  readonly dataDir: string;
  readonly host?: string;
  /** @default 0, any free port */
  readonly port?: number;
}

/** Emulator settings: no artificial CREATING/DELETING delays, room for many shards. */
const EMULATORS = {
  kinesis: {
    module: 'kinesalite',
    options: { createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 1000 },
  },
  dynamodb: {
    module: 'dynalite',
    options: { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 },
  },
} as const;

/** Starts the Kinesis (kinesalite) or DynamoDB (dynalite) API emulator on a worker thread. */
export async function startEmulator(
  kind: keyof typeof EMULATORS,
  { dataDir, host = '127.0.0.1', port = 0 }: EmulatorOptions,
): Promise<EmulatorService> {
  const path = join(dataDir, kind);
  mkdirSync(path, { recursive: true });
  const { module, options } = EMULATORS[kind];
  const worker = new Worker(new URL('./emulator-worker.mjs', import.meta.url), {
    workerData: { module, options: { ...options, path }, host, port },
  });
  const listening = await new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The ${kind} emulator exited with code ${code} before listening`)));
    worker.once('message', (message: { type: string; port: number; code?: string; message?: string }) => {
      if (message.type === 'listening') return resolve(message.port);
      // The worker closed its database; the listen error keeps its code (EADDRINUSE, EACCES) for the caller.
      void worker.terminate();
      reject(Object.assign(new Error(message.message), { code: message.code, port }));
    });
  });
  worker.removeAllListeners('exit');
  worker.removeAllListeners('error');
  const health = new HealthState();
  worker.on('message', (message: { type: string; error?: string | null }) => {
    if (message.type !== 'health') return;
    if (message.error) health.fail(message.error);
    else health.ok();
  });
  // The worker survives storage errors (emulator-worker.mjs); anything that still ends it is logged in full.
  worker.on('error', (error) => {
    health.fail(`the thread ended: ${error.message}`);
    console.error(`The ${kind} emulator's thread ended; restart the platform.`, error);
  });
  return {
    endpoint: `http://${host}:${listening}`,
    health: () => health.snapshot(),
    stop: async () => {
      const stopped = new Promise<void>((resolve) =>
        worker.on('message', (message: { type: string }) => message.type === 'stopped' && resolve()),
      );
      worker.postMessage({ type: 'stop' });
      await stopped;
      await worker.terminate();
    },
  };
}
