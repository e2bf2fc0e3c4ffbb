import type { AggregationStats } from '../../lambda/domain/aggregation/aggregator.ts';
import type { ComponentHealth } from '../health/component-health.ts';
import { type ServiceThread, startServiceThread } from '../threads/service-thread.ts';
import type { AggregationProcessorOptions } from './aggregation-processor.ts';

export type ProcessorThreadData = Omit<AggregationProcessorOptions, 'client' | 'now' | 'lake'> & {
  readonly kinesisEndpoint: string;
  /** The local lake, whose pending erasures the join state honours. */
  readonly lakeDir?: string;
};
export type ToProcessor = { readonly type: 'stop' };
export interface ProcessorStatus {
  readonly type: 'status';
  readonly watermark: number;
  readonly stats: AggregationStats;
  readonly health: ComponentHealth;
  /** Failed events sent since start, by reason. */
  readonly failedEvents: Readonly<Record<string, number>>;
}

export type ProcessorThread = ServiceThread<ProcessorStatus>;

/** Runs the aggregation processor on a worker thread; resolves once it has restored its checkpoint. */
export function startProcessorThread(data: ProcessorThreadData): Promise<ProcessorThread> {
  return startServiceThread('aggregation processor', new URL('./processor-worker.mjs', import.meta.url), data);
}
