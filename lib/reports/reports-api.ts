import { RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { stageUrl } from '../constructs/stage-url.ts';

/** `iam`: SigV4-signed requests (e.g. `awscurl`); `apiKey`: an `x-api-key` header with a usage plan. */
export type ApiAuth = 'iam' | 'apiKey';

export interface ReportsApiProps {
  /** The get-report function behind the route. */
  readonly handler: lambda.IFunction;
  readonly auth: ApiAuth;
  /** @default 100 */
  readonly throttleRateLimit?: number;
  /** @default 200 */
  readonly throttleBurstLimit?: number;
}

/** REST API with `GET /reports/campaigns/{campaign_item_id}`, authenticated, throttled and logged. */
export class ReportsApi extends Construct {
  readonly api: apigw.RestApi;
  readonly url: string;
  readonly apiKey?: apigw.IApiKey;

  constructor(scope: Construct, id: string, props: ReportsApiProps) {
    super(scope, id);
    const { throttleRateLimit = 100, throttleBurstLimit = 200 } = props;
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new apigw.RestApi(this, 'Resource', {
      description: 'Streaming Data Platform real-time campaign reports',
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
    const validator = this.api.addRequestValidator('Validator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    this.api.root
      .addResource('reports')
      .addResource('campaigns')
      .addResource('{campaign_item_id}')
      .addMethod('GET', new apigw.LambdaIntegration(props.handler), {
        authorizationType: props.auth === 'iam' ? apigw.AuthorizationType.IAM : apigw.AuthorizationType.NONE,
        apiKeyRequired: props.auth === 'apiKey',
        requestValidator: validator,
        requestParameters: { 'method.request.path.campaign_item_id': true },
      });
    if (props.auth === 'apiKey') {
      const plan = this.api.addUsagePlan('UsagePlan', {
        throttle: { rateLimit: throttleRateLimit, burstLimit: throttleBurstLimit },
        apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
      });
      this.apiKey = this.api.addApiKey('ApiKey', { description: 'Key for the reports API' });
      plan.addApiKey(this.apiKey);
    }
    this.url = stageUrl(this.api);
    NagSuppressions.addResourceSuppressions(
      this.api,
      [
        {
          id: 'AwsSolutions-COG4',
          reason: 'Reports are read by services and operators with IAM credentials or an API key, not Cognito users.',
        },
        {
          id: 'AwsSolutions-APIG3',
          reason: 'WAF is left to the operator (cost); the API is authenticated and throttled.',
        },
        ...(props.auth === 'apiKey'
          ? [
              {
                id: 'AwsSolutions-APIG4',
                reason: 'Authorization is the required API key with a usage plan (sdp:reportsAuth=apiKey).',
              },
            ]
          : []),
      ],
      true,
    );
  }
}
