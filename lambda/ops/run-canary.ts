import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type CanaryPorts, type CanaryProbe, probeFreshness } from '../domain/ops/canary.ts';
import { canaryPoints, METRICS, type MetricsSink, point, SERVICES } from '../domain/ops/metrics.ts';
import { instrumented, lambdaObservability } from '../observability/lambda-observability.ts';
import type { Log } from '../observability/log.ts';
import { kinesisBidSender, reportRowReader } from './canary-ports.ts';
import { type CanaryConfig, loadCanaryConfig } from './ops-config.ts';

export interface CanaryDeps {
  readonly ports: CanaryPorts;
  readonly config: Pick<CanaryConfig, 'periodMs' | 'timeoutMs'>;
  /** The serving model's deployment time, epoch ms, if there is one. */
  readonly modelDeployedAt?: () => Promise<number | undefined>;
  readonly logger: Log;
  readonly metrics: MetricsSink;
}

/**
 * The scheduled freshness canary (every minute): one synthetic bid, traced to its report row; its
 * latency (or a miss) and the serving model's age become metrics the dashboard and alarms use.
 */
export function createCanaryHandler({ ports, config, modelDeployedAt, logger, metrics }: CanaryDeps) {
  return async (): Promise<CanaryProbe> => {
    const probe = await probeFreshness(ports, config);
    metrics.record(canaryPoints(probe.latencyMs));
    const deployedAt = await modelDeployedAt?.();
    if (deployedAt !== undefined) {
      metrics.record([point(METRICS.modelAge, Math.round((ports.now() - deployedAt) / 1000))]);
    }
    if (probe.latencyMs === undefined) logger.warn('Canary bid did not reach its report row in time', { ...probe });
    else logger.info('Canary bid reached its report row', { ...probe });
    return probe;
  };
}

/** The `evaluatedAt` of the model record the retraining pipeline keeps in SSM. */
function ssmModelDeployedAt(ssm: SSMClient, name: string) {
  return async (): Promise<number | undefined> => {
    try {
      const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name }));
      const evaluatedAt = (JSON.parse(Parameter?.Value ?? '{}') as { evaluatedAt?: string }).evaluatedAt;
      const at = evaluatedAt === undefined ? Number.NaN : Date.parse(evaluatedAt);
      return Number.isNaN(at) ? undefined : at;
    } catch (error) {
      if ((error as Error).name === 'ParameterNotFound') return undefined;
      throw error;
    }
  };
}

const observability = lambdaObservability(SERVICES.canary);
let canary: ReturnType<typeof createCanaryHandler> | undefined;

export const handler = instrumented(observability, () => {
  if (!canary) {
    const config = loadCanaryConfig();
    const dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const parameter = config.modelParameter;
    canary = createCanaryHandler({
      ports: {
        sendBid: kinesisBidSender(new KinesisClient({}), config.bcnsStream),
        readRow: reportRowReader(dynamodb, config.reportTable),
        now: Date.now,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      },
      config,
      modelDeployedAt: parameter ? ssmModelDeployedAt(new SSMClient({}), parameter) : undefined,
      logger: observability.logger,
      metrics: observability.sink,
    });
  }
  return canary();
});
