import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { CfnModel } from './cfn-model.ts';

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: PolicyStatement[];
}

/** A role of the app with every identity policy attached to it, resolved for the target account. */
export interface RolePrincipal {
  readonly stack: string;
  readonly logicalId: string;
  readonly arn: string;
  /** The services the trust policy lets assume the role. */
  readonly trustedServices: string[];
  readonly policies: { readonly name: string; readonly policy: PolicyDocument }[];
}

/*
 * AWS managed policies the app attaches, as published in the AWS Managed Policy Reference:
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaBasicExecutionRole.html
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonAPIGatewayPushToCloudWatchLogs.html
 */
const AWS_MANAGED_POLICIES: Record<string, PolicyDocument> = {
  'service-role/AWSLambdaBasicExecutionRole': {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: '*',
      },
    ],
  },
  'service-role/AmazonAPIGatewayPushToCloudWatchLogs': {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:DescribeLogGroups',
          'logs:DescribeLogStreams',
          'logs:PutLogEvents',
          'logs:GetLogEvents',
          'logs:FilterLogEvents',
        ],
        Resource: '*',
      },
    ],
  },
};

const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Every IAM role of the app with its identity policies: inline, AWS::IAM::Policy and AWS managed. */
export function rolePrincipals(model: CfnModel): RolePrincipal[] {
  const attached = model.resources('AWS::IAM::Policy').flatMap(({ stack, logicalId, resource }) => {
    const props = resource.Properties ?? {};
    const roles = asList(model.resolve(stack, props.Roles) as string[] | undefined);
    const policy = model.resolve(stack, props.PolicyDocument) as PolicyDocument;
    return roles.map((role) => ({ role, name: `${stack}/${logicalId}`, policy }));
  });
  return model.resources('AWS::IAM::Role').map(({ stack, logicalId, resource }) => {
    const props = resource.Properties ?? {};
    const name = model.string(stack, { Ref: logicalId });
    const trust = model.resolve(stack, props.AssumeRolePolicyDocument) as PolicyDocument;
    const inline = asList(
      model.resolve(stack, props.Policies) as { PolicyName: string; PolicyDocument: PolicyDocument }[],
    );
    const managed = asList(model.resolve(stack, props.ManagedPolicyArns) as string[]).map((arn) => {
      const policyName = arn.replace(/^arn:[^:]+:iam::aws:policy\//, '');
      const policy = AWS_MANAGED_POLICIES[policyName];
      if (!policy) throw new Error(`${stack}/${logicalId} attaches ${arn}, whose document this check does not have`);
      return { name: arn, policy };
    });
    return {
      stack,
      logicalId,
      arn: model.string(stack, { 'Fn::GetAtt': [logicalId, 'Arn'] }),
      trustedServices: trust.Statement.flatMap((statement) =>
        asList((statement.Principal as { Service?: string | string[] } | undefined)?.Service),
      ),
      policies: [
        ...inline.map((policy) => ({
          name: `${stack}/${logicalId}/${policy.PolicyName}`,
          policy: policy.PolicyDocument,
        })),
        ...attached
          .filter((policy) => policy.role === name)
          .map(({ name: policyName, policy }) => ({ name: policyName, policy })),
        ...managed,
      ],
    };
  });
}

/** Resource-based policies by the ARN of the resource they guard (buckets, queues, topics, functions). */
export function resourcePolicies(model: CfnModel): Map<string, PolicyDocument> {
  const policies = new Map<string, PolicyDocument>();
  const add = (arn: string, statements: PolicyStatement[]) => {
    const existing = policies.get(arn)?.Statement ?? [];
    policies.set(arn, { Version: '2012-10-17', Statement: [...existing, ...statements] });
  };
  for (const { stack, resource } of model.resources('AWS::S3::BucketPolicy')) {
    const bucket = model.string(stack, resource.Properties?.Bucket);
    add(
      `arn:${model.partition}:s3:::${bucket}`,
      (model.resolve(stack, resource.Properties?.PolicyDocument) as PolicyDocument).Statement,
    );
  }
  for (const { stack, resource } of model.resources('AWS::SQS::QueuePolicy')) {
    const document = model.resolve(stack, resource.Properties?.PolicyDocument) as PolicyDocument;
    for (const url of asList(model.resolve(stack, resource.Properties?.Queues) as string[])) {
      add(model.arn('sqs', url.split('/').pop() as string), document.Statement);
    }
  }
  for (const { stack, resource } of model.resources('AWS::SNS::TopicPolicy')) {
    const document = model.resolve(stack, resource.Properties?.PolicyDocument) as PolicyDocument;
    for (const topic of asList(model.resolve(stack, resource.Properties?.Topics) as string[]))
      add(topic, document.Statement);
  }
  for (const { stack, resource } of model.resources('AWS::Lambda::Permission')) {
    const props = model.resolve(stack, resource.Properties) as Record<string, string>;
    const functionArn = props.FunctionName?.startsWith('arn:')
      ? props.FunctionName
      : model.arn('lambda', `function:${props.FunctionName}`);
    add(functionArn, [
      {
        Effect: 'Allow',
        Principal: props.Principal?.includes('.') ? { Service: props.Principal } : { AWS: props.Principal },
        Action: props.Action as string,
        Resource: functionArn,
        ...(props.SourceArn ? { Condition: { ArnLike: { 'aws:SourceArn': props.SourceArn } } } : {}),
      },
    ]);
  }
  return policies;
}

/** The resource policy that guards `arn`: an S3 object falls under its bucket's. */
export function resourcePolicyOf(policies: Map<string, PolicyDocument>, arn: string): PolicyDocument | undefined {
  const s3 = /^arn:[^:]+:s3:::([^/]+)/.exec(arn);
  if (s3) return policies.get(s3[0]);
  return policies.get(arn.replace(/^(arn:[^:]+:lambda:[^:]+:[^:]+:function:[^:]+):.*$/, '$1'));
}

export interface SimulatedCall {
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string | string[]>;
}

export type SimulationOutcome = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied' | `invalid: ${string}`;

/**
 * Evaluates one request of `principal` with iam-simulate: its identity policies, and the resource's
 * policy when it has one. Requests carry what every SDK request carries (TLS, the caller's account).
 */
export async function simulate(
  principal: { arn: string; policies: RolePrincipal['policies'] },
  call: SimulatedCall,
  resourcePolicy: PolicyDocument | undefined,
  account: string,
): Promise<SimulationOutcome> {
  const response = await runSimulation(
    {
      request: {
        principal: principal.arn,
        action: call.action,
        resource: { resource: call.resource, accountId: account },
        contextVariables: {
          'aws:SecureTransport': 'true',
          'aws:PrincipalAccount': account,
          'aws:PrincipalArn': principal.arn,
          ...call.context,
        },
      },
      identityPolicies: principal.policies.map(({ name, policy }) => ({ name, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy,
    },
    {},
  );
  if (response.resultType === 'error') return `invalid: ${JSON.stringify(response.errors)}`;
  return response.overallResult as SimulationOutcome;
}
