import { GIB, type LineContext, MIB } from '../cost-model.ts';
import type { FunctionFacts } from '../deployment.ts';
import { HOURS_PER_MONTH } from '../templates.ts';
import { firehoseObjects, lakeBytes, shardsOf, streamBatches } from './lake-volumes.ts';
import { retrainingRuns } from './ml-lines.ts';

/** How often a function runs in a month and for how long each time. */
export interface FunctionUsage {
  readonly invocations: number;
  readonly ms: number;
}

/** The invocations and duration of a function, from what triggers it and the workload. */
export function functionUsage(context: LineContext, fn: FunctionFacts): FunctionUsage {
  const { volumes } = context;
  const a = context.workload.assumptions;
  const role = fn.role;
  switch (role.kind) {
    case 'reportsWriter': {
      // Aggregates arrive in a burst when a window closes; each shard holding some invokes once per
      // full batch.
      const stream = context.deployment.streams.find((s) => s.name === 'aggregates');
      const perWindow = volumes.aggregatesPerWindow;
      if (!stream || perWindow === 0) return { invocations: 0, ms: a.reportsWriterMs };
      const shards = Math.min(shardsOf(context, stream), Math.ceil(perWindow));
      const batches = shards * Math.ceil(perWindow / (shards * role.batchSize));
      return { invocations: batches * volumes.windows, ms: a.reportsWriterMs };
    }
    case 'lakeWriter': {
      // Each stream's batches, then the average duration over all of them.
      let invocations = 0;
      let totalMs = 0;
      for (const { stream, batchSize, windowSeconds } of role.batches) {
        const batches = streamBatches(context, stream, batchSize, windowSeconds);
        const mib = (batches.recordsPerInvocation * volumes.recordBytes[stream]) / MIB;
        invocations += batches.invocations;
        totalMs += batches.invocations * (a.lakeWriterBaseMs + a.lakeWriterMsPerMiB * mib);
      }
      return { invocations, ms: invocations > 0 ? totalMs / invocations : a.lakeWriterBaseMs };
    }
    case 'api':
      return {
        invocations:
          role.api === 'reports' ? volumes.reportQueries : role.api === 'predictions' ? volumes.predictions : 0,
        ms: a.apiHandlerMs,
      };
    case 'fileRegistration': {
      const parquetFiles = context.deployment.firehoses
        .filter((f) => f.conversion)
        .reduce((sum, f) => sum + firehoseObjects(context, f), 0);
      return { invocations: parquetFiles, ms: a.fileRegistrationMs };
    }
    case 'compaction': {
      const runs = (HOURS_PER_MONTH * 60) / role.everyMinutes;
      const parquetGiB =
        context.deployment.streams.reduce((sum, stream) => sum + lakeBytes(context, stream.name).parquet, 0) / GIB;
      return {
        invocations: runs,
        ms: (a.compactionBaseSeconds + (a.compactionSecondsPerGiB * parquetGiB) / runs) * 1000,
      };
    }
    case 'canary': {
      const periodSeconds = context.deployment.flinkApps[0]?.periodSeconds ?? 60;
      return {
        invocations: (HOURS_PER_MONTH * 60) / role.everyMinutes,
        ms: (periodSeconds / 2) * 1000 + a.canaryOverheadMs,
      };
    }
    case 'retrainStarter':
      return { invocations: role.scheduledRunsPerMonth + role.dataChecksPerMonth, ms: a.starterMs };
    case 'pipelineTask':
      return { invocations: retrainingRuns(context), ms: a.pipelineTaskMs };
    case 'deployOnly':
      return { invocations: 0, ms: 0 };
  }
}
