import { RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { MAX_PREDICTION_BATCH } from '../../lambda/domain/ml/prediction-request.ts';
import { stageUrl } from '../constructs/stage-url.ts';
import type { ApiAuth } from '../reports/reports-api.ts';

export interface PredictionsApiProps {
  /** The predict function behind `POST /`. */
  readonly handler: lambda.IFunction;
  readonly auth: ApiAuth;
  /** @default 100 */
  readonly throttleRateLimit?: number;
  /** @default 200 */
  readonly throttleBurstLimit?: number;
}

/**
 * The shape API Gateway checks before invoking the function: one request object or a batch of them.
 * Fields are validated by the handler (prediction-request.ts), with the messages of SPEC.md §8.
 */
const REQUEST_SCHEMA: apigw.JsonSchema = {
  schema: apigw.JsonSchemaVersion.DRAFT4,
  title: 'PredictionsRequest',
  type: [apigw.JsonSchemaType.OBJECT, apigw.JsonSchemaType.ARRAY],
  items: { type: apigw.JsonSchemaType.OBJECT },
  minItems: 1,
  maxItems: MAX_PREDICTION_BATCH,
};

// Gateway response templates allow only `$context` substitution; these strings arrive JSON-quoted.
const GATEWAY_RESPONSES: Record<string, { type: apigw.ResponseType; statusCode?: string; body: string }> = {
  BadRequestBody: {
    type: apigw.ResponseType.BAD_REQUEST_BODY,
    statusCode: '400',
    body: '{"message":"Request body must be a prediction request or an array of them","errors":[{"index":null,"path":"","message":$context.error.validationErrorString}]}',
  },
  Throttled: {
    type: apigw.ResponseType.THROTTLED,
    statusCode: '429',
    body: '{"message":"Too many requests; retry with backoff"}',
  },
  Default4xx: { type: apigw.ResponseType.DEFAULT_4XX, body: '{"message":$context.error.messageString}' },
  Default5xx: { type: apigw.ResponseType.DEFAULT_5XX, body: '{"message":$context.error.messageString}' },
};

/** REST API with `POST /` → the predict function (SPEC.md §8): authenticated, validated, throttled and logged. */
export class PredictionsApi extends Construct {
  readonly api: apigw.RestApi;
  /** Base URL of the stage, without a trailing slash: `curl -X POST <url>`. */
  readonly url: string;
  readonly apiKey?: apigw.IApiKey;

  constructor(scope: Construct, id: string, props: PredictionsApiProps) {
    super(scope, id);
    const { throttleRateLimit = 100, throttleBurstLimit = 200 } = props;
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new apigw.RestApi(this, 'Resource', {
      description: 'Streaming Data Platform predictions: P(win) of a bid at a price',
      // The account-wide API Gateway logging role is set once, by the ingestion API.
      cloudWatchRole: false,
      endpointTypes: [apigw.EndpointType.REGIONAL],
      deployOptions: {
        stageName: 'v1',
        throttlingRateLimit: throttleRateLimit,
        throttlingBurstLimit: throttleBurstLimit,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        metricsEnabled: true,
        tracingEnabled: true,
      },
    });
    for (const [responseId, response] of Object.entries(GATEWAY_RESPONSES)) {
      this.api.addGatewayResponse(responseId, {
        type: response.type,
        statusCode: response.statusCode,
        templates: { 'application/json': response.body },
      });
    }
    const model = this.api.addModel('PredictionsRequest', {
      contentType: 'application/json',
      modelName: 'PredictionsRequest',
      schema: REQUEST_SCHEMA,
    });
    this.api.root.addMethod('POST', new apigw.LambdaIntegration(props.handler), {
      authorizationType: props.auth === 'iam' ? apigw.AuthorizationType.IAM : apigw.AuthorizationType.NONE,
      apiKeyRequired: props.auth === 'apiKey',
      requestValidator: this.api.addRequestValidator('Validator', {
        validateRequestBody: true,
        validateRequestParameters: true,
      }),
      requestModels: { 'application/json': model },
    });
    if (props.auth === 'apiKey') {
      const plan = this.api.addUsagePlan('UsagePlan', {
        throttle: { rateLimit: throttleRateLimit, burstLimit: throttleBurstLimit },
        apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
      });
      this.apiKey = this.api.addApiKey('ApiKey', { description: 'Key for the predictions API' });
      plan.addApiKey(this.apiKey);
    }
    this.url = stageUrl(this.api);
    NagSuppressions.addResourceSuppressions(
      this.api,
      [
        {
          id: 'AwsSolutions-COG4',
          reason:
            'Predictions are requested by bidding services with IAM credentials or an API key, not Cognito users.',
        },
        {
          id: 'AwsSolutions-APIG3',
          reason: 'WAF is left to the operator (cost); the API is authenticated, validated and throttled.',
        },
        ...(props.auth === 'apiKey'
          ? [
              {
                id: 'AwsSolutions-APIG4',
                reason: 'Authorization is the required API key with a usage plan (apiKey auth).',
              },
            ]
          : []),
      ],
      true,
    );
  }
}
