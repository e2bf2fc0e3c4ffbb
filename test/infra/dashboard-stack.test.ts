import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { DashboardStack, type DashboardStackProps } from '../../lib/dashboard/dashboard-stack.ts';
import { buildPlatform } from '../../lib/platform-app.ts';

function synth(props: Partial<DashboardStackProps> = {}) {
  const app = new App();
  const apiStack = new Stack(app, 'Api', { env: props.env });
  const api = new apigw.RestApi(apiStack, 'Reports', { deployOptions: { stageName: 'v1' } });
  api.root.addResource('reports').addMethod('GET');
  const stack = new DashboardStack(app, 'Dashboard', {
    reportsApi: api,
    reportsAuth: 'apiKey',
    periodSeconds: 60,
    allowedLatenessSeconds: 5,
    ...props,
  });
  Aspects.of(stack).add(new AwsSolutionsChecks());
  return { app, stack, template: Template.fromStack(stack) };
}

/** The stage URL of the test's API, as the stack imports it. */
const stageUrl = {
  'Fn::Join': [
    '',
    [
      'https://',
      { 'Fn::ImportValue': expect.stringMatching(/^Api:ExportsOutputRefReports/) },
      '.execute-api.',
      { Ref: 'AWS::Region' },
      '.',
      { Ref: 'AWS::URLSuffix' },
      '/',
      { 'Fn::ImportValue': expect.stringMatching(/^Api:ExportsOutputRefReportsDeploymentStagev1/) },
      '/',
    ],
  ],
};

describe('DashboardStack', () => {
  const { app, stack, template } = synth();

  it('keeps the page in a private, encrypted bucket that refuses plain HTTP', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('lets only this distribution read the bucket, through origin access control', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: {
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      },
    });
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 's3:GetObject',
            Condition: {
              StringEquals: {
                'AWS:SourceArn': {
                  'Fn::Join': [
                    '',
                    [
                      'arn:',
                      { Ref: 'AWS::Partition' },
                      ':cloudfront::',
                      { Ref: 'AWS::AccountId' },
                      ':distribution/',
                      { Ref: Match.stringLikeRegexp('^Distribution') },
                    ],
                  ],
                },
              },
            },
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Resource: Match.anyValue(),
          },
        ]),
      },
    });
  });

  it('serves the page over HTTPS with index.html as the root, and the reports API uncached under /reports/*', () => {
    const distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0];
    const config = distribution?.Properties.DistributionConfig;
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
      ResponseHeadersPolicyId: '67f7725c-6f97-4210-82d7-5512b31e9d03',
    });
    expect(config.CacheBehaviors).toStrictEqual([
      expect.objectContaining({
        PathPattern: '/reports/*',
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
        OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      }),
    ]);
    const apiOrigin = config.Origins.find((origin: { OriginPath?: string }) => origin.OriginPath !== undefined);
    // The stage URL's host, and its path (the stage, /v1) as the origin path.
    expect(apiOrigin).toMatchObject({
      DomainName: { 'Fn::Select': [2, { 'Fn::Split': ['/', stageUrl] }] },
      OriginPath: { 'Fn::Join': ['', ['/', { 'Fn::Select': [3, { 'Fn::Split': ['/', stageUrl] }] }]] },
      CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
    });
  });

  it('deploys the bundles cached for good and the page and its settings never cached, invalidating them', () => {
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment')).map(
      (resource) => resource.Properties,
    );
    expect(deployments.map((d) => [d.Prune, d.SystemMetadata])).toStrictEqual([
      [false, { 'cache-control': 'public, max-age=31536000, immutable' }],
      [false, { 'cache-control': 'no-cache' }],
    ]);
    expect(deployments[1]?.DistributionPaths).toStrictEqual(['/index.html', '/dashboard/config.json']);
  });

  it('tells the page to send an API key, to hide health and model, and to poll every half window', () => {
    // Prepare: the page's settings are the second source of the page deployment, an asset of the assembly.
    const page = Object.values(template.findResources('Custom::CDKBucketDeployment'))[1]?.Properties;
    const asset = String(page?.SourceObjectKeys[1]).replace(/\.zip$/, '');
    const directory = join(app.synth().directory, `asset.${asset}`);

    // Act
    const config = JSON.parse(readFileSync(join(directory, 'dashboard', 'config.json'), 'utf8'));

    // Assess
    expect(config).toStrictEqual({
      apiBase: '',
      auth: 'apiKey',
      healthUrl: null,
      model: false,
      periodSeconds: 60,
      allowedLatenessSeconds: 5,
      refreshSeconds: 30,
    });
  });

  // Lambda creates /aws/lambda/<name> on first use when a function names no log group; CloudFormation
  // does not know it, so it would outlive the stack (as test/infra/aws-rules/stack-delete.test.ts checks).
  it("sends CDK's deployment and auto-delete handlers' logs to a log group deleted with the stack", () => {
    // Act
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    const groups = template.findResources('AWS::Logs::LogGroup');

    // Assess
    expect(functions).toHaveLength(2);
    expect(functions.map((fn) => fn.Properties.LoggingConfig)).toStrictEqual(
      functions.map(() => ({ LogGroup: { Ref: expect.stringMatching(/^HandlerLogs/) } })),
    );
    expect(
      Object.values(groups).map((group) => [group.DeletionPolicy, group.Properties.RetentionInDays]),
    ).toStrictEqual([['Delete', 30]]);
  });

  it('outputs the dashboard URL', () => {
    expect(template.findOutputs('UrlForDashboard').UrlForDashboard?.Value).toStrictEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.stringMatching(/^Distribution/), 'DomainName'] }, '/']],
    });
  });

  it('has no unsuppressed cdk-nag errors or warnings', () => {
    const annotations = Annotations.fromStack(stack);
    expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toStrictEqual([]);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toStrictEqual([]);
  });

  it('has no unsuppressed cdk-nag errors or warnings when the account and region are resolved', () => {
    const resolved = synth({ env: { account: '123456789012', region: 'eu-west-1' } }).stack;
    const annotations = Annotations.fromStack(resolved);
    expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toStrictEqual([]);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toStrictEqual([]);
  });

  it('fails at synth when the reports API takes IAM auth, which a browser cannot sign', () => {
    expect(() => synth({ reportsAuth: 'iam' })).toThrow(
      'The dashboard site needs the reports API to take an API key: a browser cannot sign IAM requests. Set sdp:reportsAuth=apiKey (received "iam")',
    );
  });
});

describe('the dashboard in the platform app', () => {
  const context = { 'aws:cdk:bundling-stacks': [] };

  it('is left out unless sdp:dashboard is set', () => {
    expect(buildPlatform(new App({ context })).dashboard).toBeUndefined();
  });

  it('reads the API key of the reports stack when sdp:dashboard is set', () => {
    const app = new App({ context: { ...context, 'sdp:dashboard': true, 'sdp:reportsAuth': 'apiKey' } });
    const stacks = buildPlatform(app);
    app.synth();
    expect(stacks.dashboard?.dependencies.map((dependency) => dependency.stackName)).toStrictEqual(['SdpReports']);
  });
});
