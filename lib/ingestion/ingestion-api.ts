import { RemovalPolicy, Size } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { EVENT_KINDS, EVENT_SPECS } from '../../lambda/domain/events.ts';
import { requestBodyJsonSchema } from '../../lambda/domain/json-schema.ts';
import { awsDocument } from '../../lambda/domain/openapi/documents.ts';
import { PROJECT_VERSION } from '../../local/project-version.ts';
import { ApiDocumentation } from '../constructs/api-documentation.ts';
import { stageUrl } from '../constructs/stage-url.ts';
import { gatewayResponses } from './gateway-responses.ts';
import { putRecordsErrorTemplate, putRecordsRequestTemplate, putRecordsResponseTemplate } from './mapping-templates.ts';

export interface IngestionApiProps {
  /** The stream every accepted event is written to (partition key `tx_id`). */
  readonly stream: kinesis.IStream;
  /** Steady-state requests per second the stage accepts before answering 429. @default 1000 */
  readonly throttleRateLimit?: number;
  /** Burst of requests the stage accepts above the rate. @default 2000 */
  readonly throttleBurstLimit?: number;
  /** Require an `x-api-key` header, with a usage plan carrying the same throttling. @default false */
  readonly apiKeyRequired?: boolean;
  /** @default 'v1' */
  readonly stageName?: string;
  /**
   * Trace the stage with X-Ray (the default sampling rule: the first request each second and 5% of
   * the rest). At one event per request that is about 5% of the API's call price (`sdp:ingestionTracing`).
   * @default true
   */
  readonly tracing?: boolean;
}

/** Status codes the integration responses can produce (see lambda/domain/put-outcome.ts). */
const METHOD_STATUS_CODES = ['200', '207', '400', '413', '415', '429', '503'];

/**
 * REST API with `POST /bid`, `/impression` and `/click` integrated directly with Kinesis
 * PutRecords: no Lambda on the hot path. Bodies are validated against request models generated
 * from the event schema; the mapping templates add `type` and the server's receive time.
 */
export class IngestionApi extends Construct {
  readonly api: apigw.RestApi;
  readonly role: iam.Role;
  readonly accessLogs: logs.LogGroup;
  /** Base URL of the stage, without a trailing slash: `<url>/bid` is the bid route. */
  readonly url: string;
  readonly apiKey?: apigw.IApiKey;
  /** The OpenAPI document's texts, published with the stage (`aws apigateway get-export`). */
  readonly documentation: ApiDocumentation;

  constructor(scope: Construct, id: string, props: IngestionApiProps) {
    super(scope, id);
    const {
      stream,
      throttleRateLimit = 1000,
      throttleBurstLimit = 2000,
      apiKeyRequired = false,
      stageName = 'v1',
      tracing = true,
    } = props;
    if (throttleBurstLimit < throttleRateLimit) {
      throw new Error(
        `throttleBurstLimit must be >= throttleRateLimit. Received ${throttleBurstLimit} < ${throttleRateLimit}`,
      );
    }

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new apigw.RestApi(this, 'Resource', {
      description: 'Streaming Data Platform ingestion: bids, impressions and clicks into Kinesis',
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.DESTROY,
      endpointTypes: [apigw.EndpointType.REGIONAL],
      // Content encoding on at any size, so that API Gateway always decodes a gzip or deflate body before the
      // model sees it, and answers 415 for any other coding or a body that is not what its coding says. Unset,
      // the documentation leaves open whether request bodies are decoded at all; a Content-Encoding header that
      // is ignored lets a plain body through under a gzip label (issue 12). Responses to clients that send
      // Accept-Encoding come back compressed, which they asked for.
      // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-make-request-with-compressed-payload.html
      minCompressionSize: Size.bytes(0),
      deployOptions: {
        stageName,
        throttlingRateLimit: throttleRateLimit,
        throttlingBurstLimit: throttleBurstLimit,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        metricsEnabled: true,
        tracingEnabled: tracing,
      },
    });
    for (const [type, response] of Object.entries(gatewayResponses())) {
      this.api.addGatewayResponse(type, {
        type: response.type,
        statusCode: response.statusCode,
        templates: response.templates,
      });
    }

    this.role = new iam.Role(this, 'IntegrationRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: 'Lets the ingestion API put records on the bcns stream',
    });
    stream.grantWrite(this.role);

    const validator = this.api.addRequestValidator('Validator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    for (const kind of EVENT_KINDS) {
      const model = this.api.addModel(`${pascal(kind)}Request`, {
        contentType: 'application/json',
        modelName: `${pascal(kind)}Request`,
        schema: requestBodyJsonSchema(kind) as apigw.JsonSchema,
      });
      const integration = new apigw.AwsIntegration({
        service: 'kinesis',
        action: 'PutRecords',
        integrationHttpMethod: 'POST',
        options: {
          credentialsRole: this.role,
          passthroughBehavior: apigw.PassthroughBehavior.NEVER,
          requestParameters: { 'integration.request.header.Content-Type': "'application/x-amz-json-1.1'" },
          requestTemplates: { 'application/json': putRecordsRequestTemplate(kind, stream.streamName) },
          integrationResponses: [
            { statusCode: '200', responseTemplates: { 'application/json': putRecordsResponseTemplate() } },
            {
              statusCode: '503',
              selectionPattern: '[45]\\d{2}',
              responseTemplates: { 'application/json': putRecordsErrorTemplate() },
            },
          ],
        },
      });
      this.api.root.addResource(EVENT_SPECS[kind].route.slice(1)).addMethod('POST', integration, {
        apiKeyRequired,
        requestValidator: validator,
        requestModels: { 'application/json': model },
        methodResponses: METHOD_STATUS_CODES.map((statusCode) => ({ statusCode })),
      });
    }

    if (apiKeyRequired) {
      const plan = this.api.addUsagePlan('UsagePlan', {
        description: 'Ingestion clients',
        throttle: { rateLimit: throttleRateLimit, burstLimit: throttleBurstLimit },
        apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
      });
      this.apiKey = this.api.addApiKey('ApiKey', { description: 'Key for the ingestion API' });
      plan.addApiKey(this.apiKey);
    }

    this.documentation = new ApiDocumentation(this, 'Documentation', {
      api: this.api,
      document: awsDocument('ingestion', [apiKeyRequired ? 'apiKey' : 'none'], PROJECT_VERSION),
    });
    suppressFindings(this, apiKeyRequired);
    this.url = stageUrl(this.api);
  }
}

function suppressFindings(api: IngestionApi, apiKeyRequired: boolean): void {
  NagSuppressions.addResourceSuppressions(
    api.api,
    [
      {
        id: 'AwsSolutions-IAM4',
        reason:
          'The account-level API Gateway logging role uses the AWS-documented AmazonAPIGatewayPushToCloudWatchLogs policy.',
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs'],
      },
      ...(apiKeyRequired
        ? []
        : [
            {
              id: 'AwsSolutions-APIG4',
              reason:
                'Ingestion is a public write-only endpoint for ad servers, as in the original; every body is schema-validated and the stage is throttled. Set -c sdp:apiKey=true to require an API key.',
            },
          ]),
      {
        id: 'AwsSolutions-COG4',
        reason:
          'Machine-to-machine ingestion has no Cognito users; access is controlled by the optional API key and throttling.',
      },
    ],
    true,
  );
  NagSuppressions.addResourceSuppressions(api.api.deploymentStage, [
    {
      id: 'AwsSolutions-APIG3',
      reason: 'WAF is left to the operator (cost); bodies are schema-validated and the stage is throttled.',
    },
  ]);
  NagSuppressions.addResourceSuppressions(
    api.role,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason: 'kms:GenerateDataKey*/ReEncrypt* come from Stream.grantWrite and are scoped to the one stream key.',
        appliesTo: ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
      },
    ],
    true,
  );
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
