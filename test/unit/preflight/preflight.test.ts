import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ListServiceQuotasCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { GetParameterCommand, GetParametersByPathCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { formatPreflight, runPreflight } from '../../../local/preflight/preflight.ts';

const sts = mockClient(STSClient);
const ssm = mockClient(SSMClient);
const lambda = mockClient(LambdaClient);
const quotas = mockClient(ServiceQuotasClient);
afterEach(() => {
  for (const mock of [sts, ssm, lambda, quotas]) mock.reset();
});

const clients = () => ({
  sts: new STSClient({ region: 'eu-west-1' }),
  ssm: new SSMClient({ region: 'eu-west-1' }),
  lambda: new LambdaClient({ region: 'eu-west-1' }),
  serviceQuotas: new ServiceQuotasClient({ region: 'eu-west-1' }),
});

const SERVICES_PATH = '/aws/service/global-infrastructure/regions/eu-west-1/services';
const service = (name: string) => ({ Name: `${SERVICES_PATH}/${name}`, Value: name });

/** A bootstrapped account with the default Lambda quota, the services and one of each instance. */
function givenReadyAccount() {
  sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/dev' });
  ssm.on(GetParameterCommand, { Name: '/cdk-bootstrap/hnb659fds/version' }).resolves({ Parameter: { Value: '30' } });
  ssm
    .on(GetParametersByPathCommand, { Path: SERVICES_PATH })
    .resolvesOnce({ Parameters: [service('athena'), service('firehose')], NextToken: 'more' })
    .resolves({ Parameters: [service('kinesisanalytics'), service('sagemaker')] });
  lambda.on(GetAccountSettingsCommand).resolves({
    AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 },
  });
  quotas.on(ListServiceQuotasCommand, { ServiceCode: 'sagemaker' }).resolves({
    Quotas: ['training job usage', 'transform job usage', 'endpoint usage'].map((use, i) => ({
      QuotaName: `ml.m5.large for ${use}`,
      QuotaCode: `L-000${i}`,
      Value: 2,
    })),
  });
}

describe('sdp preflight', () => {
  it('passes an account that can take the deploy, with one line per check', async () => {
    // Prepare
    givenReadyAccount();

    // Act
    const results = await runPreflight(clients(), { region: 'eu-west-1' });

    // Assess
    expect(results.map(({ check, status }) => `${status} ${check}`)).toStrictEqual([
      'ok credentials',
      'ok CDK bootstrap',
      'ok Lambda concurrency',
      'ok Managed Service for Apache Flink',
      'ok Amazon Data Firehose',
      'ok Amazon SageMaker',
      'ok linear learner image',
      'ok SageMaker ml.m5.large for training job usage',
      'ok SageMaker ml.m5.large for transform job usage',
      'ok SageMaker ml.m5.large for endpoint usage',
    ]);
    expect(formatPreflight(results)).toStrictEqual({
      ok: true,
      text: expect.stringMatching(
        /^ok {4}credentials: account 123456789012 as arn:aws:iam::123456789012:user\/dev, region eu-west-1\n[\s\S]*Ready to deploy: npx cdk deploy --all\n$/,
      ),
    });
  });

  it('fails an account that is not bootstrapped and has no endpoint instance, saying how to fix each', async () => {
    // Prepare
    givenReadyAccount();
    ssm
      .on(GetParameterCommand, { Name: '/cdk-bootstrap/hnb659fds/version' })
      .rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    quotas.on(ListServiceQuotasCommand).resolves({
      Quotas: [{ QuotaName: 'ml.m5.large for endpoint usage', QuotaCode: 'L-2F737F8D', Value: 0 }],
    });

    // Act
    const report = formatPreflight(await runPreflight(clients(), { region: 'eu-west-1' }));

    // Assess
    expect(report.ok).toBe(false);
    expect(report.text).toContain(
      'FAIL  CDK bootstrap: eu-west-1 is not bootstrapped (no /cdk-bootstrap/hnb659fds/version)\n      fix: npx cdk bootstrap aws://<account>/eu-west-1\n',
    );
    expect(report.text).toContain(
      'FAIL  SageMaker ml.m5.large for endpoint usage: 0: the retraining pipeline cannot deploy a model\n      fix: aws service-quotas request-service-quota-increase --service-code sagemaker --quota-code L-2F737F8D --desired-value 1\n',
    );
    expect(report.text).toContain('warn  SageMaker ml.m5.large for training job usage: quota not listed');
    expect(report.text).toMatch(/2 check\(s\) failed: fix them before deploying\n$/);
  });

  it('fails a bootstrap older than the templates need', async () => {
    // Prepare
    givenReadyAccount();
    ssm.on(GetParameterCommand, { Name: '/cdk-bootstrap/hnb659fds/version' }).resolves({ Parameter: { Value: '5' } });

    // Act
    const [, bootstrap] = await runPreflight(clients(), { region: 'eu-west-1' });

    // Assess
    expect(bootstrap).toStrictEqual({
      check: 'CDK bootstrap',
      status: 'fail',
      detail: 'version 5; the templates need 6 or later',
      fix: 'npx cdk bootstrap aws://<account>/eu-west-1',
    });
  });

  it('fails a region without Managed Flink or the linear learner image', async () => {
    // Prepare
    givenReadyAccount();
    ssm
      .on(GetParametersByPathCommand)
      .resolves({ Parameters: [{ Name: '/aws/service/global-infrastructure/regions/xx-test-1/services/firehose' }] });

    // Act
    const results = await runPreflight(clients(), { region: 'xx-test-1' });

    // Assess
    expect(
      results.filter(({ status }) => status === 'fail').map(({ check, detail }) => `${check}: ${detail}`),
    ).toStrictEqual([
      'Managed Service for Apache Flink: not available in xx-test-1',
      'Amazon SageMaker: not available in xx-test-1',
      "linear learner image: SageMaker's built-in linear learner has no image registry known for xx-test-1; synth fails",
    ]);
  });

  it('warns about a new account’s low Lambda concurrency quota', async () => {
    // Prepare
    givenReadyAccount();
    lambda.on(GetAccountSettingsCommand).resolves({
      AccountLimit: { ConcurrentExecutions: 10, UnreservedConcurrentExecutions: 10 },
    });

    // Act
    const [, , concurrency] = await runPreflight(clients(), { region: 'eu-west-1' });

    // Assess
    expect(concurrency).toMatchObject({
      check: 'Lambda concurrency',
      status: 'warn',
      detail: expect.stringMatching(/^quota 10, 10 unreserved: the stacks deploy \(none reserves concurrency\)/),
      fix: expect.stringContaining('L-B99A9384'),
    });
  });

  it('reports a check it could not make as failed, and makes the others', async () => {
    // Prepare
    givenReadyAccount();
    quotas
      .on(ListServiceQuotasCommand)
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));

    // Act
    const results = await runPreflight(clients(), { region: 'eu-west-1' });

    // Assess
    expect(results.at(-1)).toMatchObject({
      check: 'SageMaker quotas',
      status: 'fail',
      detail: 'could not check: AccessDeniedException: not authorized',
    });
    expect(results.filter(({ status }) => status === 'ok')).toHaveLength(7);
  });

  it('makes only read-only calls', async () => {
    // Prepare
    givenReadyAccount();

    // Act
    await runPreflight(clients(), { region: 'eu-west-1' });

    // Assess
    const commands = [sts, ssm, lambda, quotas].flatMap((mock) =>
      mock.calls().map((call) => call.args[0].constructor.name),
    );
    expect(new Set(commands)).toStrictEqual(
      new Set([
        'GetCallerIdentityCommand',
        'GetParameterCommand',
        'GetAccountSettingsCommand',
        'GetParametersByPathCommand',
        'ListServiceQuotasCommand',
      ]),
    );
  });
});
