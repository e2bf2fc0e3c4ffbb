import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { awsDocument } from '../../lambda/domain/openapi/documents.ts';
import { CAMPAIGN_LIST_PARAMETERS } from '../../lambda/domain/reports/campaign-list-query.ts';
import { REPORT_PARAMETERS } from '../../lambda/domain/reports/report-query.ts';
import { PROJECT_VERSION } from '../../local/project-version.ts';
import { documentedStatuses } from '../constructs/api-documentation.ts';
import { type ApiAuth, PlatformRestApi } from '../constructs/platform-rest-api.ts';

export interface ReportsApiProps {
  /** The get-report function behind `GET /reports/campaigns/{campaign_item_id}`. */
  readonly handler: lambda.IFunction;
  /** The list-campaigns function behind `GET /reports/campaigns`. */
  readonly listHandler: lambda.IFunction;
  readonly auth: ApiAuth;
  /** @default 100 */
  readonly throttleRateLimit?: number;
  /** @default 200 */
  readonly throttleBurstLimit?: number;
}

/**
 * REST API with `GET /reports/campaigns/{campaign_item_id}` and `GET /reports/campaigns`,
 * authenticated, throttled and logged.
 */
export class ReportsApi extends PlatformRestApi {
  constructor(scope: Construct, id: string, props: ReportsApiProps) {
    const { handler, listHandler, ...settings } = props;
    super(scope, id, {
      ...settings,
      description: 'Streaming Data Platform real-time campaign reports',
      addMethods: (api, auth) => {
        const validator = api.addRequestValidator('Validator', {
          validateRequestBody: true,
          validateRequestParameters: true,
        });
        const campaigns = api.root.addResource('reports').addResource('campaigns');
        campaigns.addMethod('GET', new apigw.LambdaIntegration(listHandler), {
          ...auth,
          requestValidator: validator,
          requestParameters: Object.fromEntries(
            CAMPAIGN_LIST_PARAMETERS.map((name) => [`method.request.querystring.${name}`, false]),
          ),
          methodResponses: documentedStatuses(awsDocument('reports', ['iam'], PROJECT_VERSION), '/reports/campaigns'),
        });
        campaigns.addResource('{campaign_item_id}').addMethod('GET', new apigw.LambdaIntegration(handler), {
          ...auth,
          requestValidator: validator,
          requestParameters: {
            'method.request.path.campaign_item_id': true,
            // Optional, declared so that the stage's export documents them; the handler checks their values.
            ...Object.fromEntries(REPORT_PARAMETERS.map((name) => [`method.request.querystring.${name}`, false])),
          },
          methodResponses: documentedStatuses(
            awsDocument('reports', ['iam'], PROJECT_VERSION),
            '/reports/campaigns/{campaign_item_id}',
          ),
        });
      },
      document: (auth) => awsDocument('reports', [auth], PROJECT_VERSION),
      apiKeyDescription: 'Key for the reports API',
      nagReasons: {
        cognito: 'Reports are read by services and operators with IAM credentials or an API key, not Cognito users.',
        waf: 'WAF is left to the operator (cost); the API is authenticated and throttled.',
        apiKey: 'Authorization is the required API key with a usage plan (sdp:reportsAuth=apiKey).',
      },
    });
  }
}
