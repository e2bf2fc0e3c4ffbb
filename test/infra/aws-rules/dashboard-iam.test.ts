import { beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_PATH } from '../../../dashboard/build/build-dashboard.ts';
import {
  type PolicyDocument,
  type RolePrincipal,
  resourcePolicies,
  resourcePolicyOf,
  rolePrincipals,
  type SimulatedCall,
  simulate,
} from './iam-policies.ts';
import type { ServiceCall } from './service-calls.ts';
import { type SynthesizedApp, synthesizeApp, TARGET } from './synthesized-app.ts';

/*
 * The dashboard site's principals (`-c sdp:dashboard=true`), simulated as iam-simulation.test.ts does
 * the platform's: CDK's bucket deployment handler and auto-delete provider, and CloudFront reading the
 * private bucket through origin access control, which the bucket policy allows for this distribution
 * only (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html).
 */

const STACK = 'SdpDashboard';
const CLOUDFRONT = { arn: 'cloudfront.amazonaws.com', policies: [] };

let synth: SynthesizedApp;
let roles: RolePrincipal[];
let policies: Map<string, PolicyDocument>;
let site: string;
let distributionArn: string;

beforeAll(() => {
  synth = synthesizeApp({ 'sdp:dashboard': 'true', 'sdp:reportsAuth': 'apiKey' });
  roles = rolePrincipals(synth.model).filter((role) => role.stack === STACK);
  policies = resourcePolicies(synth.model);
  const dashboard = synth.stacks.dashboard;
  if (!dashboard) throw new Error('sdp:dashboard=true synthesized no dashboard stack');
  site = synth.value(dashboard, dashboard.bucket.bucketArn);
  distributionArn = synth.value(dashboard, dashboard.distribution.distributionArn);
}, 120_000);

const role = (logicalIdPrefix: string) => {
  const found = roles.filter((candidate) => candidate.logicalId.startsWith(logicalIdPrefix));
  if (found.length !== 1) throw new Error(`${found.length} roles of ${STACK} start with ${logicalIdPrefix}`);
  return found[0] as RolePrincipal;
};

const logs = (why: string): ServiceCall[] =>
  ['CreateLogStream', 'PutLogEvents'].map((action) => ({
    action: `logs:${action}`,
    resource: synth.model.arn('logs', 'log-group:/aws/lambda/handler:log-stream:2026/11/22/[$LATEST]0123'),
    why,
  }));

function dashboardCalls(): {
  principal: string;
  identity: RolePrincipal;
  calls: (SimulatedCall & { why: string })[];
}[] {
  const object = (key: string) => `${site}/${key}`;
  const siteObjects = ['index.html', CONFIG_PATH, 'assets/main-0A1B2C3D.js'];
  return [
    {
      principal: 'bucket deployment handler',
      identity: role('CustomCDKBucketDeployment'),
      calls: [
        ...logs('Lambda writes the handler’s logs'),
        {
          action: 's3:GetObject',
          resource: `arn:aws:s3:::cdk-hnb659fds-assets-${TARGET.account}-${TARGET.region}/0a1b2c3d.zip`,
          why: 'reads the page’s asset zip from the bootstrap bucket',
        },
        { action: 's3:ListBucket', resource: site, why: 'aws s3 sync lists the destination' },
        ...siteObjects.map((key) => ({ action: 's3:PutObject', resource: object(key), why: 'copies the page' })),
        { action: 'cloudfront:CreateInvalidation', resource: distributionArn, why: 'the page and its settings' },
        { action: 'cloudfront:GetInvalidation', resource: distributionArn, why: 'waits for the invalidation' },
      ],
    },
    {
      principal: 'auto-delete objects provider',
      identity: role('CustomS3AutoDeleteObjectsCustomResourceProvider'),
      calls: [
        ...logs('Lambda writes the provider’s logs'),
        { action: 's3:GetBucketTagging', resource: site, why: 'only a bucket tagged for auto-delete is emptied' },
        { action: 's3:PutBucketPolicy', resource: site, why: 'stops new writes before emptying the bucket' },
        { action: 's3:ListBucket', resource: site, why: 'lists the objects to delete' },
        { action: 's3:DeleteObject', resource: object('index.html'), why: 'empties the bucket on stack delete' },
      ],
    },
  ];
}

describe('IAM simulation of the dashboard site', () => {
  it('lists the calls of every role of the dashboard stack', () => {
    // Act
    const listed = dashboardCalls().map(({ identity }) => identity.logicalId);

    // Assess
    expect(roles.map(({ logicalId }) => logicalId).sort()).toStrictEqual(listed.sort());
  });

  it('allows every call of every principal', async () => {
    // Act
    const denied: string[] = [];
    for (const { principal, identity, calls } of dashboardCalls()) {
      for (const call of calls) {
        const outcome = await simulate(identity, call, resourcePolicyOf(policies, call.resource), TARGET.account);
        if (outcome !== 'Allowed') denied.push(`${principal}: ${call.action} on ${call.resource} → ${outcome}`);
      }
    }

    // Assess
    expect(denied).toStrictEqual([]);
  });

  it('lets CloudFront read the page for this distribution only, and writes or listings for none', async () => {
    // Prepare
    const read = (resource: string, sourceArn: string): SimulatedCall => ({
      action: 's3:GetObject',
      resource,
      context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': TARGET.account },
    });
    const other = distributionArn.replace(/distribution\/.*$/, 'distribution/E2OTHERDISTRIBUTION');
    const cases: [string, SimulatedCall][] = [
      ['this distribution reads the page', read(`${site}/index.html`, distributionArn)],
      ['another distribution reads the page', read(`${site}/index.html`, other)],
      [
        'this distribution writes the page',
        { action: 's3:PutObject', resource: `${site}/index.html`, context: { 'aws:SourceArn': distributionArn } },
      ],
      ['this distribution lists the bucket', { ...read(site, distributionArn), action: 's3:ListBucket' }],
    ];

    // Act
    const outcomes = await Promise.all(
      cases.map(async ([name, call]) => [
        name,
        await simulate(CLOUDFRONT, call, resourcePolicyOf(policies, call.resource), TARGET.account),
      ]),
    );

    // Assess
    expect(outcomes).toStrictEqual([
      ['this distribution reads the page', 'Allowed'],
      ['another distribution reads the page', 'ImplicitlyDenied'],
      ['this distribution writes the page', 'ImplicitlyDenied'],
      ['this distribution lists the bucket', 'ImplicitlyDenied'],
    ]);
  });
});
