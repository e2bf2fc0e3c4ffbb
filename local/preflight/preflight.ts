import { GetAccountSettingsCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { paginateListServiceQuotas, type ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { GetParameterCommand, paginateGetParametersByPath, type SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { LINEAR_LEARNER_REGISTRIES } from '../../lib/ml/linear-learner-registries.ts';
import { SAGEMAKER_INSTANCE_TYPES, SAGEMAKER_QUOTA_USES, type SageMakerUse } from '../../lib/ml/sagemaker-instances.ts';

/*
 * `npx sdp preflight`: read-only checks of the account and region a deploy targets, each failing
 * check with what will go wrong and how to fix it. Every call is a read (Get/List/Describe).
 */

/** The bootstrap version the synthesized templates require (their CheckBootstrapVersion rule). */
export const MIN_BOOTSTRAP_VERSION = 6;
/** The bootstrap qualifier `cdk bootstrap` uses unless told otherwise. */
export const BOOTSTRAP_QUALIFIER = 'hnb659fds';
/**
 * Unreserved concurrency the platform's functions need at once: the reports writer (one per
 * `aggregates` shard), file registration (bursts when the eight Firehoses deliver), compaction, the
 * starter, the pipeline's steps and the two API functions.
 */
export const MIN_UNRESERVED_CONCURRENCY = 20;
/** Lambda's default concurrency quota; new accounts may start lower (Lambda developer guide, "Lambda quotas"). */
export const DEFAULT_CONCURRENCY_QUOTA = 1000;
/** The services the stacks need that are not in every region, by their global-infrastructure names. */
export const REGIONAL_SERVICES = {
  kinesisanalytics: 'Managed Service for Apache Flink',
  firehose: 'Amazon Data Firehose',
  sagemaker: 'Amazon SageMaker',
} as const;

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  readonly check: string;
  readonly status: CheckStatus;
  readonly detail: string;
  /** How to fix a warning or failure. */
  readonly fix?: string;
}

export interface PreflightClients {
  readonly sts: STSClient;
  readonly ssm: SSMClient;
  readonly lambda: LambdaClient;
  readonly serviceQuotas: ServiceQuotasClient;
}

export interface PreflightTarget {
  readonly region: string;
  /** @default SAGEMAKER_INSTANCE_TYPES */
  readonly instanceTypes?: Readonly<Record<SageMakerUse, string>>;
}

/** Runs every check; a check whose call fails reports that failure instead of stopping the others. */
export async function runPreflight(clients: PreflightClients, target: PreflightTarget): Promise<CheckResult[]> {
  const checks: [string, () => Promise<CheckResult | CheckResult[]>][] = [
    ['credentials', () => credentials(clients.sts, target.region)],
    ['CDK bootstrap', () => bootstrap(clients.ssm, target.region)],
    ['Lambda concurrency', () => lambdaConcurrency(clients.lambda)],
    ['regional services', () => regionalServices(clients.ssm, target.region)],
    ['linear learner image', async () => linearLearner(target.region)],
    [
      'SageMaker quotas',
      () => sageMakerQuotas(clients.serviceQuotas, target.instanceTypes ?? SAGEMAKER_INSTANCE_TYPES),
    ],
  ];
  const results: CheckResult[] = [];
  for (const [check, run] of checks) {
    try {
      results.push(...[await run()].flat());
    } catch (error) {
      const { name, message } = error as Error;
      results.push({
        check,
        status: 'fail',
        detail: `could not check: ${name}: ${message}`,
        fix: 'give the credentials read access (sts, ssm, lambda, servicequotas Get/List) or check the region',
      });
    }
  }
  return results;
}

async function credentials(sts: STSClient, region: string): Promise<CheckResult> {
  const { Account, Arn } = await sts.send(new GetCallerIdentityCommand({}));
  return { check: 'credentials', status: 'ok', detail: `account ${Account} as ${Arn}, region ${region}` };
}

async function bootstrap(ssm: SSMClient, region: string): Promise<CheckResult> {
  const name = `/cdk-bootstrap/${BOOTSTRAP_QUALIFIER}/version`;
  const fix = `npx cdk bootstrap aws://<account>/${region}`;
  try {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name }));
    const version = Number(Parameter?.Value);
    if (version >= MIN_BOOTSTRAP_VERSION) return { check: 'CDK bootstrap', status: 'ok', detail: `version ${version}` };
    return {
      check: 'CDK bootstrap',
      status: 'fail',
      detail: `version ${Parameter?.Value}; the templates need ${MIN_BOOTSTRAP_VERSION} or later`,
      fix,
    };
  } catch (error) {
    if ((error as Error).name !== 'ParameterNotFound') throw error;
    return { check: 'CDK bootstrap', status: 'fail', detail: `${region} is not bootstrapped (no ${name})`, fix };
  }
}

async function lambdaConcurrency(lambda: LambdaClient): Promise<CheckResult> {
  const { AccountLimit } = await lambda.send(new GetAccountSettingsCommand({}));
  const quota = AccountLimit?.ConcurrentExecutions ?? 0;
  const unreserved = AccountLimit?.UnreservedConcurrentExecutions ?? 0;
  const detail = `quota ${quota}, ${unreserved} unreserved`;
  const fix =
    'request a higher "Concurrent executions" quota (Service Quotas, AWS Lambda, code L-B99A9384), or free reserved concurrency';
  if (unreserved < MIN_UNRESERVED_CONCURRENCY) {
    return {
      check: 'Lambda concurrency',
      status: 'warn',
      detail: `${detail}: the stacks deploy (none reserves concurrency), but the platform's functions need ${MIN_UNRESERVED_CONCURRENCY} at once and will be throttled under load`,
      fix,
    };
  }
  if (quota < DEFAULT_CONCURRENCY_QUOTA) {
    return {
      check: 'Lambda concurrency',
      status: 'warn',
      detail: `${detail}: below the default ${DEFAULT_CONCURRENCY_QUOTA}, as on a new account; enough to deploy, tight under load`,
      fix,
    };
  }
  return { check: 'Lambda concurrency', status: 'ok', detail };
}

async function regionalServices(ssm: SSMClient, region: string): Promise<CheckResult[]> {
  const available = new Set<string>();
  const path = `/aws/service/global-infrastructure/regions/${region}/services`;
  for await (const page of paginateGetParametersByPath({ client: ssm }, { Path: path })) {
    for (const parameter of page.Parameters ?? []) available.add(String(parameter.Name).split('/').pop() as string);
  }
  return Object.entries(REGIONAL_SERVICES).map(([service, title]) =>
    available.has(service)
      ? { check: title, status: 'ok', detail: `available in ${region}` }
      : {
          check: title,
          status: 'fail',
          detail: `not available in ${region}`,
          fix: 'deploy to a region that offers it (aws ssm get-parameters-by-path --path /aws/service/global-infrastructure/services/<service>/regions)',
        },
  );
}

function linearLearner(region: string): CheckResult {
  const account = LINEAR_LEARNER_REGISTRIES[region];
  if (account)
    return { check: 'linear learner image', status: 'ok', detail: `${account}.dkr.ecr.${region}…/linear-learner:1` };
  return {
    check: 'linear learner image',
    status: 'fail',
    detail: `SageMaker's built-in linear learner has no image registry known for ${region}; synth fails`,
    fix: `deploy to one of ${Object.keys(LINEAR_LEARNER_REGISTRIES).join(', ')}`,
  };
}

async function sageMakerQuotas(
  serviceQuotas: ServiceQuotasClient,
  instanceTypes: Readonly<Record<SageMakerUse, string>>,
): Promise<CheckResult[]> {
  const quotas = new Map<string, { value: number; code: string }>();
  for await (const page of paginateListServiceQuotas({ client: serviceQuotas }, { ServiceCode: 'sagemaker' })) {
    for (const quota of page.Quotas ?? []) {
      if (quota.QuotaName) quotas.set(quota.QuotaName, { value: quota.Value ?? 0, code: quota.QuotaCode ?? '?' });
    }
  }
  return (Object.entries(instanceTypes) as [SageMakerUse, string][]).map(([use, type]) => {
    const name = `${type} for ${SAGEMAKER_QUOTA_USES[use]}`;
    const quota = quotas.get(name);
    if (quota === undefined) {
      return {
        check: `SageMaker ${name}`,
        status: 'warn',
        detail: 'quota not listed for this account and region',
        fix: 'check it in the Service Quotas console',
      };
    }
    if (quota.value >= 1) return { check: `SageMaker ${name}`, status: 'ok', detail: `${quota.value}` };
    return {
      check: `SageMaker ${name}`,
      status: 'fail',
      detail: `0: the retraining pipeline cannot ${use === 'endpoint' ? 'deploy a model' : `run its ${use} job`}`,
      fix: `aws service-quotas request-service-quota-increase --service-code sagemaker --quota-code ${quota.code} --desired-value 1`,
    };
  });
}

/** The report `npx sdp preflight` prints, and whether the deploy can go ahead. */
export function formatPreflight(results: readonly CheckResult[]): { text: string; ok: boolean } {
  const mark = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;
  const lines = results.map(
    (result) =>
      `${mark[result.status]}  ${result.check}: ${result.detail}${result.fix ? `\n      fix: ${result.fix}` : ''}`,
  );
  const failures = results.filter((result) => result.status === 'fail').length;
  lines.push(
    failures === 0 ? 'Ready to deploy: npx cdk deploy --all' : `${failures} check(s) failed: fix them before deploying`,
  );
  return { text: `${lines.join('\n')}\n`, ok: failures === 0 };
}
