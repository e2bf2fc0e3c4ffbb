import { Worker } from 'node:worker_threads';
import type { AggregationStats } from '../../lambda/domain/aggregation/aggregator.ts';
import type { AggregationProcessorOptions } from './aggregation-processor.ts';

export type ProcessorThreadData = Omit<AggregationProcessorOptions, 'client' | 'now'> & {
  readonly kinesisEndpoint: string;
};
export type ToProcessor = { readonly type: 'stop' };
export interface ProcessorStatus {
  readonly type: 'status';
  readonly watermark: number;
  readonly stats: AggregationStats;
}

export interface ProcessorThread {
  /** The latest progress the processor reported (at most a quarter second old). */
  status(): ProcessorStatus;
  /** Finishes the batch in hand, checkpoints and ends the thread. */
  stop(): Promise<void>;
}

/** Runs the aggregation processor on a worker thread; resolves once it has restored its checkpoint. */
export async function startProcessorThread(data: ProcessorThreadData): Promise<ProcessorThread> {
  const worker = new Worker(new URL('./processor-worker.mjs', import.meta.url), { workerData: data });
  let status = await new Promise<ProcessorStatus>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`The aggregation processor exited with code ${code} before starting`)),
    );
    worker.once('message', resolve);
  });
  worker.removeAllListeners('error').removeAllListeners('exit');
  worker.on('error', (error) => console.error('The aggregation processor failed:', error));
  worker.on('message', (message: ProcessorStatus | { type: 'stopped' }) => {
    if (message.type === 'status') status = message;
  });
  return {
    status: () => status,
    stop: async () => {
      const stopped = new Promise<void>((resolve) =>
        worker.on('message', (m: { type: string }) => m.type === 'stopped' && resolve()),
      );
      worker.postMessage({ type: 'stop' } satisfies ToProcessor);
      await stopped;
      await worker.terminate();
    },
  };
}
