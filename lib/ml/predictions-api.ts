import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { MAX_PREDICTION_BATCH } from '../../lambda/domain/ml/prediction-request.ts';
import { awsDocument } from '../../lambda/domain/openapi/documents.ts';
import { PROJECT_VERSION } from '../../local/project-version.ts';
import { documentedStatuses } from '../constructs/api-documentation.ts';
import { type ApiAuth, type GatewayResponseSpec, PlatformRestApi } from '../constructs/platform-rest-api.ts';

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
 * Fields are validated by the handler (prediction-request.ts), with the messages of SPEC.md §8: the model
 * lets the original's bodies (`"campaignItemId":"1463517"`, `"winPrice":100.0`) through to it.
 */
const REQUEST_SCHEMA: apigw.JsonSchema = {
  schema: apigw.JsonSchemaVersion.DRAFT4,
  title: 'PredictionsRequest',
  type: [apigw.JsonSchemaType.OBJECT, apigw.JsonSchemaType.ARRAY],
  items: { type: apigw.JsonSchemaType.OBJECT },
  minItems: 1,
  maxItems: MAX_PREDICTION_BATCH,
};

// `$context` strings arrive JSON-quoted.
const GATEWAY_RESPONSES: Record<string, GatewayResponseSpec> = {
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
export class PredictionsApi extends PlatformRestApi {
  constructor(scope: Construct, id: string, props: PredictionsApiProps) {
    const { handler, ...settings } = props;
    super(scope, id, {
      ...settings,
      description: 'Streaming Data Platform predictions: P(win) of a bid at a price',
      gatewayResponses: GATEWAY_RESPONSES,
      addMethods: (api, auth) => {
        const model = api.addModel('PredictionsRequest', {
          contentType: 'application/json',
          modelName: 'PredictionsRequest',
          schema: REQUEST_SCHEMA,
        });
        api.root.addMethod('POST', new apigw.LambdaIntegration(handler), {
          ...auth,
          requestValidator: api.addRequestValidator('Validator', {
            validateRequestBody: true,
            validateRequestParameters: true,
          }),
          requestModels: { 'application/json': model },
          methodResponses: documentedStatuses(awsDocument('predictions', ['iam'], PROJECT_VERSION)),
        });
      },
      document: (auth) => awsDocument('predictions', [auth], PROJECT_VERSION),
      apiKeyDescription: 'Key for the predictions API',
      nagReasons: {
        cognito: 'Predictions are requested by bidding services with IAM credentials or an API key, not Cognito users.',
        waf: 'WAF is left to the operator (cost); the API is authenticated, validated and throttled.',
        apiKey: 'Authorization is the required API key with a usage plan (apiKey auth).',
      },
    });
  }
}
