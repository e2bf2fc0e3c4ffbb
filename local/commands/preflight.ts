import { LambdaClient } from '@aws-sdk/client-lambda';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { CommandError } from '../cli-error.ts';
import { formatPreflight, type PreflightClients, runPreflight } from '../preflight/preflight.ts';
import { defineCommand } from './command.ts';

export const preflightCommand = defineCommand({
  name: 'preflight',
  summary: 'Check an AWS account and region before `cdk deploy` (read-only calls, your credentials).',
  details: `Checks: credentials, CDK bootstrap, Lambda concurrency, Managed Flink, Firehose and SageMaker in the
        region, the linear learner image, and SageMaker instance quotas for the types the stacks use. It
        prints what would fail and how to fix it, and exits 1 when something would. Credentials and region
        come from the usual AWS settings (AWS_PROFILE, AWS_REGION, ~/.aws/config).`,
  options: {
    region: { type: 'string', value: 'R', description: 'the region to check (default: AWS_REGION or the profile’s)' },
  },
  async run({ values }) {
    const config = values.region ? { region: values.region } : {};
    const clients: PreflightClients = {
      sts: new STSClient(config),
      ssm: new SSMClient(config),
      lambda: new LambdaClient(config),
      serviceQuotas: new ServiceQuotasClient(config),
    };
    let region: string;
    try {
      region = await clients.sts.config.region();
    } catch {
      throw new CommandError('no AWS region: set AWS_REGION, a profile region, or pass --region');
    }
    const { text, ok } = formatPreflight(await runPreflight(clients, { region }));
    process.stdout.write(text);
    return ok ? 0 : 1;
  },
});
