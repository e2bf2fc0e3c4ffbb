import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { erasureDocument } from '../../lambda/domain/lifecycle/erasure-openapi.ts';
import { MAX_ERASURE_IDS } from '../../lambda/domain/lifecycle/erasure-request.ts';
import { PROJECT_VERSION } from '../../local/project-version.ts';
import { documentedStatuses } from '../constructs/api-documentation.ts';
import { PlatformRestApi } from '../constructs/platform-rest-api.ts';

export interface ErasureApiProps {
  /** The request-erasure function behind both routes. */
  readonly handler: lambda.IFunction;
}

/**
 * REST API of erasure requests, always IAM-authenticated (SigV4): `POST /erasures` with
 * `{"app_uids": [...]}` and `GET /erasures/{erasure_id}`. A request model refuses other bodies
 * before the function runs. Access logs hold no body, so no id.
 */
/** The statuses the document declares for a path, as method responses (the stage's export documents them). */
function statuses(path: string): apigw.MethodResponse[] {
  const document = erasureDocument(PROJECT_VERSION);
  return documentedStatuses({ ...document, paths: { [path]: document.paths[path] ?? {} } });
}

export class ErasureApi extends PlatformRestApi {
  constructor(scope: Construct, id: string, props: ErasureApiProps) {
    super(scope, id, {
      auth: 'iam',
      throttleRateLimit: 10,
      throttleBurstLimit: 20,
      description: 'Streaming Data Platform erasure requests (GDPR)',
      addMethods: (api, auth) => {
        const validator = api.addRequestValidator('Validator', {
          validateRequestBody: true,
          validateRequestParameters: true,
        });
        const model = api.addModel('ErasureRequest', {
          contentType: 'application/json',
          schema: {
            schema: apigw.JsonSchemaVersion.DRAFT4,
            type: apigw.JsonSchemaType.OBJECT,
            required: ['app_uids'],
            additionalProperties: false,
            properties: {
              app_uids: {
                type: apigw.JsonSchemaType.ARRAY,
                minItems: 1,
                maxItems: MAX_ERASURE_IDS,
                items: { type: apigw.JsonSchemaType.STRING, minLength: 1, maxLength: 1024 },
              },
            },
          },
        });
        const integration = new apigw.LambdaIntegration(props.handler);
        const erasures = api.root.addResource('erasures');
        erasures.addMethod('POST', integration, {
          ...auth,
          requestValidator: validator,
          requestModels: { 'application/json': model },
          methodResponses: statuses('/erasures'),
        });
        erasures.addResource('{erasure_id}').addMethod('GET', integration, {
          ...auth,
          requestValidator: validator,
          requestParameters: { 'method.request.path.erasure_id': true },
          methodResponses: statuses('/erasures/{erasure_id}'),
        });
      },
      apiKeyDescription: 'unused: the erasure API is IAM-authenticated',
      document: () => erasureDocument(PROJECT_VERSION),
      nagReasons: {
        cognito: 'Erasures are requested by an operator or a privacy workflow with IAM credentials, not Cognito users.',
        waf: 'WAF is left to the operator (cost); the API is IAM-authenticated and throttled to 10 requests/s.',
        apiKey: 'not used',
      },
    });
  }
}
