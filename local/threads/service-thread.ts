import { Worker } from 'node:worker_threads';

/** What a service thread posts: `{ type: 'status', … }` now and then, `{ type: 'stopped' }` once. */
export interface StatusMessage {
  readonly type: 'status';
}

export interface ServiceThread<Status extends StatusMessage> {
  /** The latest status the thread reported. */
  status(): Status;
  /** Asks the thread to finish its work in hand and checkpoint, then ends it. */
  stop(): Promise<void>;
}

/**
 * Starts a long-running service (the aggregation processor, the lake writers) on a worker thread
 * and resolves once it reports its first status, i.e. once it has recovered its checkpoint.
 */
export async function startServiceThread<Status extends StatusMessage>(
  name: string,
  entry: URL,
  workerData: unknown,
): Promise<ServiceThread<Status>> {
  const worker = new Worker(entry, { workerData });
  let status = await new Promise<Status>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The ${name} exited with code ${code} before starting`)));
    worker.once('message', resolve);
  });
  worker.removeAllListeners('error').removeAllListeners('exit');
  worker.on('error', (error) => console.error(`The ${name} failed:`, error));
  worker.on('message', (message: Status | { type: 'stopped' }) => {
    if (message.type === 'status') status = message as Status;
  });
  return {
    status: () => status,
    stop: async () => {
      const stopped = new Promise<void>((resolve) =>
        worker.on('message', (m: { type: string }) => m.type === 'stopped' && resolve()),
      );
      worker.postMessage({ type: 'stop' });
      await stopped;
      await worker.terminate();
    },
  };
}
