/*
 * The synthesized templates of the whole app with CloudFormation's intrinsic functions evaluated, as
 * a deployment into one account and region would give them: every `Ref`, `Fn::GetAtt` and
 * `Fn::ImportValue` becomes the name or ARN the resource would have. Physical names CloudFormation
 * generates are stood in for by `<stack>-<logicalId>`; ARNs follow each service's documented format.
 * A type or attribute this model does not know throws, so a check cannot pass on a value it guessed.
 */

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly DeletionPolicy?: string;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
  readonly Mappings?: Record<string, Record<string, Record<string, unknown>>>;
}

export interface DeploymentTarget {
  readonly account: string;
  readonly region: string;
  /** @default 'aws' */
  readonly partition?: string;
}

/** A resource of one stack. */
export interface StackResource {
  readonly stack: string;
  readonly logicalId: string;
  readonly resource: CfnResource;
}

export class CfnModel {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  private readonly exports = new Map<string, { stack: string; value: unknown }>();

  constructor(
    readonly templates: Readonly<Record<string, CfnTemplate>>,
    target: DeploymentTarget,
  ) {
    this.account = target.account;
    this.region = target.region;
    this.partition = target.partition ?? 'aws';
    for (const [stack, template] of Object.entries(templates)) {
      for (const output of Object.values(template.Outputs ?? {})) {
        if (output.Export)
          this.exports.set(String(this.resolve(stack, output.Export.Name)), { stack, value: output.Value });
      }
    }
  }

  /** Every resource of `type` (all resources without one), in stack and template order. */
  resources(type?: string): StackResource[] {
    return Object.entries(this.templates).flatMap(([stack, template]) =>
      Object.entries(template.Resources)
        .filter(([, resource]) => type === undefined || resource.Type === type)
        .map(([logicalId, resource]) => ({ stack, logicalId, resource })),
    );
  }

  resource(stack: string, logicalId: string): CfnResource {
    const resource = this.templates[stack]?.Resources[logicalId];
    if (!resource) throw new Error(`No resource ${logicalId} in stack ${stack}`);
    return resource;
  }

  /** `value` of `stack`'s template with every intrinsic function evaluated. */
  resolve(stack: string, value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.resolve(stack, item));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    const [key, argument] = entries[0] ?? [];
    if (entries.length === 1 && key !== undefined && (key === 'Ref' || key.startsWith('Fn::'))) {
      return this.intrinsic(stack, key, argument);
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(stack, v)]));
  }

  /** `value` resolved, which must come out as a string. */
  string(stack: string, value: unknown): string {
    const resolved = this.resolve(stack, value);
    if (typeof resolved !== 'string') throw new Error(`Expected a string in ${stack}, got ${JSON.stringify(resolved)}`);
    return resolved;
  }

  private intrinsic(stack: string, name: string, argument: unknown): unknown {
    switch (name) {
      case 'Ref':
        return this.ref(stack, argument as string);
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(argument) ? argument : String(argument).split(/\.(.+)/);
        return this.getAtt(stack, logicalId as string, attribute as string);
      }
      case 'Fn::Join': {
        const [separator, parts] = argument as [string, unknown[]];
        return (this.resolve(stack, parts) as unknown[]).map(String).join(separator);
      }
      case 'Fn::Sub':
        return this.sub(stack, argument);
      case 'Fn::Select': {
        const [index, list] = this.resolve(stack, argument) as [number | string, unknown[]];
        return list[Number(index)];
      }
      case 'Fn::Split': {
        const [separator, text] = this.resolve(stack, argument) as [string, string];
        return text.split(separator);
      }
      case 'Fn::ImportValue': {
        const exportName = this.string(stack, argument);
        const exported = this.exports.get(exportName);
        if (!exported) throw new Error(`${stack} imports ${exportName}, which no stack exports`);
        return this.resolve(exported.stack, exported.value);
      }
      case 'Fn::FindInMap': {
        const [map, first, second] = this.resolve(stack, argument) as [string, string, string];
        const value = this.templates[stack]?.Mappings?.[map]?.[first]?.[second];
        if (value === undefined) throw new Error(`${stack}: no mapping ${map}.${first}.${second}`);
        return value;
      }
      case 'Fn::Base64':
        return Buffer.from(this.string(stack, argument)).toString('base64');
      default:
        throw new Error(`${stack}: the model cannot evaluate ${name}`);
    }
  }

  private sub(stack: string, argument: unknown): string {
    const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
    const values = this.resolve(stack, variables) as Record<string, unknown>;
    return String(text).replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
      if (name in values) return String(values[name]);
      const [logicalId, attribute] = name.split(/\.(.+)/);
      return String(attribute ? this.getAtt(stack, logicalId as string, attribute) : this.ref(stack, name));
    });
  }

  private ref(stack: string, name: string): unknown {
    const pseudo: Record<string, string> = {
      'AWS::AccountId': this.account,
      'AWS::Region': this.region,
      'AWS::Partition': this.partition,
      'AWS::URLSuffix': this.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com',
      'AWS::StackName': stack,
      'AWS::StackId': `arn:${this.partition}:cloudformation:${this.region}:${this.account}:stack/${stack}/id`,
    };
    if (name in pseudo) return pseudo[name];
    const resource = this.resource(stack, name);
    const props = resource.Properties ?? {};
    const named = (property: string) =>
      props[property] === undefined ? `${stack}-${name}` : this.string(stack, props[property]);
    switch (resource.Type) {
      case 'AWS::S3::Bucket':
        return named('BucketName').toLowerCase();
      case 'AWS::IAM::Role':
        return named('RoleName');
      case 'AWS::Lambda::Function':
        return named('FunctionName');
      case 'AWS::Logs::LogGroup':
        return named('LogGroupName');
      case 'AWS::Logs::LogStream':
        return named('LogStreamName');
      case 'AWS::Kinesis::Stream':
        return named('Name');
      case 'AWS::KinesisFirehose::DeliveryStream':
        return named('DeliveryStreamName');
      case 'AWS::KinesisAnalyticsV2::Application':
        return named('ApplicationName');
      case 'AWS::DynamoDB::GlobalTable':
      case 'AWS::DynamoDB::Table':
        return named('TableName');
      case 'AWS::SSM::Parameter':
        return named('Name');
      case 'AWS::Athena::WorkGroup':
        return named('Name');
      case 'AWS::Glue::Database':
        return this.string(stack, (props.DatabaseInput as { Name: unknown }).Name);
      case 'AWS::Glue::Table':
        return this.string(stack, (props.TableInput as { Name: unknown }).Name);
      case 'AWS::SNS::Topic':
        return this.arn('sns', named('TopicName'));
      case 'AWS::SQS::Queue':
        return `https://sqs.${this.region}.amazonaws.com/${this.account}/${named('QueueName')}`;
      case 'AWS::StepFunctions::StateMachine':
        return this.arn('states', `stateMachine:${named('StateMachineName')}`);
      case 'AWS::Lambda::LayerVersion':
        return this.arn('lambda', `layer:${named('LayerName')}:1`);
      case 'AWS::KMS::Key':
      case 'AWS::CloudFront::Distribution':
      case 'AWS::ApiGateway::RestApi':
      case 'AWS::ApiGateway::Deployment':
      case 'AWS::ApiGateway::Stage':
      case 'AWS::ApiGateway::Resource':
      case 'AWS::ApiGateway::ApiKey':
      case 'AWS::IAM::Policy':
        return `${name.toLowerCase()}`;
      default:
        throw new Error(`${stack}: the model does not know what Ref ${name} (${resource.Type}) answers`);
    }
  }

  private getAtt(stack: string, logicalId: string, attribute: string): unknown {
    const resource = this.resource(stack, logicalId);
    const name = () => String(this.ref(stack, logicalId));
    const key = `${resource.Type}.${attribute}`;
    switch (key) {
      case 'AWS::S3::Bucket.Arn':
        return `arn:${this.partition}:s3:::${name()}`;
      case 'AWS::S3::Bucket.DomainName':
        return `${name()}.s3.amazonaws.com`;
      case 'AWS::S3::Bucket.RegionalDomainName':
        return `${name()}.s3.${this.region}.amazonaws.com`;
      case 'AWS::IAM::Role.Arn':
        return `arn:${this.partition}:iam::${this.account}:role/${name()}`;
      case 'AWS::Lambda::Function.Arn':
        return this.arn('lambda', `function:${name()}`);
      case 'AWS::Logs::LogGroup.Arn':
        return this.arn('logs', `log-group:${name()}:*`);
      case 'AWS::Kinesis::Stream.Arn':
        return this.arn('kinesis', `stream/${name()}`);
      case 'AWS::KinesisFirehose::DeliveryStream.Arn':
        return this.arn('firehose', `deliverystream/${name()}`);
      case 'AWS::DynamoDB::GlobalTable.Arn':
      case 'AWS::DynamoDB::Table.Arn':
        return this.arn('dynamodb', `table/${name()}`);
      case 'AWS::SQS::Queue.Arn':
        return this.arn('sqs', String(name()).split('/').pop() as string);
      case 'AWS::SQS::Queue.QueueName':
        return String(name()).split('/').pop();
      case 'AWS::SNS::Topic.TopicArn':
        return name();
      case 'AWS::SNS::Topic.TopicName':
        return String(name()).split(':').pop();
      case 'AWS::StepFunctions::StateMachine.Name':
        return String(name()).split(':').pop();
      case 'AWS::StepFunctions::StateMachine.Arn':
        return name();
      case 'AWS::KMS::Key.Arn':
        return this.arn('kms', `key/${name()}`);
      case 'AWS::Events::Rule.Arn':
        return this.arn('events', `rule/${(resource.Properties?.Name as string) ?? `${stack}-${logicalId}`}`);
      case 'AWS::ApiGateway::RestApi.RootResourceId':
        return `${logicalId.toLowerCase()}-root`;
      case 'AWS::Lambda::LayerVersion.LayerVersionArn':
        return name();
      default:
        if (resource.Type.startsWith('Custom::')) return `<${logicalId}.${attribute}>`;
        throw new Error(`${stack}: the model does not know Fn::GetAtt ${logicalId}.${attribute} (${resource.Type})`);
    }
  }

  /** An ARN of a regional service in this account. */
  arn(service: string, resource: string): string {
    return `arn:${this.partition}:${service}:${this.region}:${this.account}:${resource}`;
  }
}
