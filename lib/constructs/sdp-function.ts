import { Duration, RemovalPolicy, type Size } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

export interface SdpFunctionProps {
  /** The handler file, relative to the project root, e.g. `lambda/reports/get-report.ts`. */
  readonly entry: string;
  readonly description: string;
  readonly environment?: Record<string, string>;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** Native modules need the architecture their prebuilt binaries were installed for. @default ARM_64 */
  readonly architecture?: lambda.Architecture;
  /**
   * Packages esbuild leaves out of the bundle besides the SDK, such as native addons a layer ships.
   * @default only `@aws-sdk/*`
   */
  readonly externalModules?: readonly string[];
  /** @default none */
  readonly layers?: lambda.ILayerVersion[];
  /** /tmp size. @default Size.mebibytes(512) */
  readonly ephemeralStorageSize?: Size;
}

/**
 * A TypeScript Lambda with the platform's defaults: Node.js 24 on ARM, bundled by the local
 * esbuild (no Docker), X-Ray tracing, JSON logs at INFO, and a log group kept for a month.
 */
export class SdpFunction extends Construct {
  readonly function: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: SdpFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.function = new nodejs.NodejsFunction(this, 'Resource', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: props.architecture ?? lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      ephemeralStorageSize: props.ephemeralStorageSize,
      layers: props.layers,
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      // JSON lines with level and request id from Lambda itself; handlers log JSON through Powertools' Logger.
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: {
        minify: true,
        sourceMap: true,
        target: 'node24',
        externalModules: ['@aws-sdk/*', ...(props.externalModules ?? [])],
      },
    });
    NagSuppressions.addResourceSuppressions(
      this.function,
      [
        {
          id: 'AwsSolutions-IAM4',
          reason: 'AWSLambdaBasicExecutionRole only allows writing this function’s own CloudWatch logs.',
          appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason: 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions.',
          appliesTo: ['Resource::*'],
        },
      ],
      true,
    );
  }
}
