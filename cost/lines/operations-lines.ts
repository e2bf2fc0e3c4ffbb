import { GIB, type LineContext, type LineItem, line } from '../cost-model.ts';
import { PRICES } from '../price-table.ts';
import { functionUsage } from './function-usage.ts';
import { gbSeconds, labelled, resourceName, sampledTraces } from './line-helpers.ts';

/** Every Lambda function (requests, GB-seconds, logs, traces), the alarms and the customer-managed keys. */
export function operationsLines(context: LineContext): LineItem[] {
  const functions = context.deployment.functions.flatMap((fn) => {
    const usage = functionUsage(context, fn);
    const ref = labelled(fn, 'Lambda', `${resourceName(fn.logicalId)} (${fn.role.kind})`);
    const perGbSecond = fn.architecture === 'arm64' ? PRICES.lambda.gbSecondArm : PRICES.lambda.gbSecondX86;
    return [
      line(ref, 'requests', usage.invocations / 1e6, 'million requests', PRICES.lambda.requests.usd),
      line(
        ref,
        `compute (${fn.memoryMiB} MB ${fn.architecture} × ${Math.round(usage.ms)} ms)`,
        gbSeconds(usage.invocations, usage.ms, fn.memoryMiB),
        'GB-seconds',
        perGbSecond.usd,
      ),
      line(
        { ...ref, service: 'CloudWatch' },
        'function logs ingested',
        (usage.invocations * context.workload.assumptions.lambdaLogBytesPerInvocation) / GIB,
        'GB',
        PRICES.cloudwatch.logsIngestGB.usd,
      ),
      line(
        { ...ref, service: 'X-Ray' },
        'function traces (1/s + 5% sampled)',
        fn.tracing ? sampledTraces(usage.invocations) / 1e6 : 0,
        'million traces',
        PRICES.xray.tracesRecorded.usd,
      ),
    ];
  });
  const alarms = context.deployment.alarms.map((alarm) =>
    line(labelled(alarm, 'CloudWatch'), 'alarm', 1, 'alarm-months', PRICES.cloudwatch.alarmMonth.usd),
  );
  const keys = context.deployment.customerManagedKeys.map((key) =>
    line(labelled(key, 'KMS', 'stream key'), 'customer-managed key', 1, 'key-months', PRICES.kms.customerKeyMonth.usd),
  );
  return [...functions, ...alarms, ...keys];
}
