import { Size } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { EVENT_KINDS, EVENT_SPECS } from '../../lambda/domain/events.ts';
import { requestBodyJsonSchema } from '../../lambda/domain/json-schema.ts';
import { awsDocument } from '../../lambda/domain/openapi/documents.ts';
import { PROJECT_VERSION } from '../../local/project-version.ts';
import { type MethodAuth, PlatformRestApi } from '../constructs/platform-rest-api.ts';
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
 * from the event schema; the mapping templates add `type` and the server's receive time. Public
 * by default (ad servers post to it), like the original; `apiKeyRequired` adds a key and usage plan.
 */
export class IngestionApi extends PlatformRestApi {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: IngestionApiProps) {
    const { stream, throttleRateLimit = 1000, throttleBurstLimit = 2000, apiKeyRequired = false } = props;
    let role: iam.Role | undefined;
    super(scope, id, {
      description: 'Streaming Data Platform ingestion: bids, impressions and clicks into Kinesis',
      auth: apiKeyRequired ? 'apiKey' : 'none',
      stageName: props.stageName,
      tracing: props.tracing,
      // Content encoding on at any size, so that API Gateway always decodes a gzip or deflate body before the
      // model sees it, and answers 415 for any other coding or a body that is not what its coding says. Unset,
      // the documentation leaves open whether request bodies are decoded at all; a Content-Encoding header that
      // is ignored lets a plain body through under a gzip label (issue 12). Responses to clients that send
      // Accept-Encoding come back compressed, which they asked for.
      // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-make-request-with-compressed-payload.html
      minCompressionSize: Size.bytes(0),
      throttleRateLimit,
      throttleBurstLimit,
      gatewayResponses: gatewayResponses(),
      addMethods: (api, auth) => {
        // A child of this construct (the RestApi's scope), as it always was: its logical ID stays.
        role = new iam.Role(api.node.scope as Construct, 'IntegrationRole', {
          assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
          description: 'Lets the ingestion API put records on the bcns stream',
        });
        stream.grantWrite(role);
        addRoutes(api, auth, stream, role);
      },
      apiKeyDescription: 'Key for the ingestion API',
      document: (auth) => awsDocument('ingestion', [auth], PROJECT_VERSION),
      nagReasons: {
        cognito:
          'Machine-to-machine ingestion has no Cognito users; access is controlled by the optional API key and throttling.',
        waf: 'WAF is left to the operator (cost); bodies are schema-validated and the stage is throttled.',
        apiKey: apiKeyRequired
          ? 'Authorization is the required API key with a usage plan (sdp:apiKey=true).'
          : 'Ingestion is a public write-only endpoint for ad servers, as in the original; every body is schema-validated and the stage is throttled. Set -c sdp:apiKey=true to require an API key.',
      },
    });
    this.role = role as iam.Role;
    NagSuppressions.addResourceSuppressions(
      this.role,
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
}

/** One POST route per event kind, each validated by its generated model and integrated with PutRecords. */
function addRoutes(api: apigw.RestApi, auth: MethodAuth, stream: kinesis.IStream, role: iam.IRole): void {
  const validator = api.addRequestValidator('Validator', {
    validateRequestBody: true,
    validateRequestParameters: true,
  });
  for (const kind of EVENT_KINDS) {
    const model = api.addModel(`${pascal(kind)}Request`, {
      contentType: 'application/json',
      modelName: `${pascal(kind)}Request`,
      schema: requestBodyJsonSchema(kind) as apigw.JsonSchema,
    });
    const integration = new apigw.AwsIntegration({
      service: 'kinesis',
      action: 'PutRecords',
      integrationHttpMethod: 'POST',
      options: {
        credentialsRole: role,
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
    api.root.addResource(EVENT_SPECS[kind].route.slice(1)).addMethod('POST', integration, {
      ...auth,
      requestValidator: validator,
      requestModels: { 'application/json': model },
      methodResponses: METHOD_STATUS_CODES.map((statusCode) => ({ statusCode })),
    });
  }
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
