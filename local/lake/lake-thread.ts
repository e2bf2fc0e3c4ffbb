import type { StreamName } from '../../lambda/domain/streams.ts';
import type { ComponentHealth } from '../health/component-health.ts';
import { type ServiceThread, startServiceThread } from '../threads/service-thread.ts';
import type { LakeWriterStats } from './stream-lake-writer.ts';

export interface LakeThreadData {
  readonly kinesisEndpoint: string;
  readonly lakeDir: string;
  readonly stateDir: string;
  readonly maxBytes: number;
  readonly maxAgeMs: number;
}
export type ToLakeThread = { readonly type: 'stop' };
export interface LakeThreadStatus {
  readonly type: 'status';
  readonly streams: Record<StreamName, LakeWriterStats>;
  readonly health: Record<StreamName, ComponentHealth>;
}

export type LakeThread = ServiceThread<LakeThreadStatus>;

/** Runs the four lake writers on a worker thread; resolves once they have recovered their checkpoints. */
export function startLakeThread(data: LakeThreadData): Promise<LakeThread> {
  return startServiceThread('lake writer', new URL('./lake-worker.mjs', import.meta.url), data);
}
