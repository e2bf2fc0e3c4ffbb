import { RemovalPolicy, type Size } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { OpenApiDocument } from '../../lambda/domain/openapi/documents.ts';
import { ApiDocumentation } from './api-documentation.ts';
import { stageUrl } from './stage-url.ts';

/** `iam`: SigV4-signed requests (e.g. `awscurl`); `apiKey`: an `x-api-key` header with a usage plan. */
export type ApiAuth = 'iam' | 'apiKey';

/** {@link ApiAuth}, or `none` for a public API (ingestion from ad servers). */
export type PlatformApiAuth = ApiAuth | 'none';

/** The options that make a method require the API's authentication. */
export type MethodAuth = Required<Pick<apigw.MethodOptions, 'authorizationType' | 'apiKeyRequired'>>;

/** A response API Gateway sends without invoking the backend; templates allow only `$context` substitution. */
export interface GatewayResponseSpec {
  readonly type: apigw.ResponseType;
  readonly statusCode?: string;
  /** The `application/json` body. */
  readonly body: string;
}

export interface PlatformRestApiProps {
  readonly description: string;
  readonly auth: PlatformApiAuth;
  /** @default 'v1' */
  readonly stageName?: string;
  /** Trace the stage with X-Ray. @default true */
  readonly tracing?: boolean;
  /** Responses (and decoded requests) above this size are compressed. @default no compression */
  readonly minCompressionSize?: Size;
  /** @default 100 */
  readonly throttleRateLimit?: number;
  /** @default 200 */
  readonly throttleBurstLimit?: number;
  /** By construct id. @default none */
  readonly gatewayResponses?: Readonly<Record<string, GatewayResponseSpec>>;
  /** Adds the routes; they exist before the cdk-nag suppressions, which cover only what exists. */
  readonly addMethods: (api: apigw.RestApi, auth: MethodAuth) => void;
  /** Description of the key created with `apiKey` auth. */
  readonly apiKeyDescription: string;
  /** The API's OpenAPI document for an auth, published with the stage as its documentation. */
  readonly document: (auth: PlatformApiAuth) => OpenApiDocument;
  /**
   * Why cdk-nag's rules for Cognito, WAF and IAM authorization do not apply: the last for `apiKey`
   * auth (the key is the authorization) and `none` (a public API).
   */
  readonly nagReasons: { readonly cognito: string; readonly waf: string; readonly apiKey: string };
}

/**
 * The platform's REST APIs (ingestion, reports, predictions): regional, stage `v1`, authenticated by
 * IAM or an API key (or public), throttled, access-logged as JSON and traced. Stage logging needs the
 * account's API Gateway CloudWatch role, which {@link ApiGatewayLoggingStack} sets: no API owns it.
 */
export class PlatformRestApi extends Construct {
  readonly api: apigw.RestApi;
  readonly accessLogs: logs.LogGroup;
  /** Base URL of the stage, without a trailing slash. */
  readonly url: string;
  readonly apiKey?: apigw.IApiKey;
  /** The OpenAPI document's texts, published with the stage (`aws apigateway get-export`). */
  readonly documentation: ApiDocumentation;

  constructor(scope: Construct, id: string, props: PlatformRestApiProps) {
    super(scope, id);
    const { auth, throttleRateLimit = 100, throttleBurstLimit = 200, stageName = 'v1' } = props;
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
      description: props.description,
      cloudWatchRole: false,
      endpointTypes: [apigw.EndpointType.REGIONAL],
      minCompressionSize: props.minCompressionSize,
      deployOptions: {
        stageName,
        throttlingRateLimit: throttleRateLimit,
        throttlingBurstLimit: throttleBurstLimit,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        metricsEnabled: true,
        tracingEnabled: props.tracing ?? true,
      },
    });
    for (const [responseId, response] of Object.entries(props.gatewayResponses ?? {})) {
      this.api.addGatewayResponse(responseId, {
        type: response.type,
        statusCode: response.statusCode,
        templates: { 'application/json': response.body },
      });
    }
    props.addMethods(this.api, {
      authorizationType: auth === 'iam' ? apigw.AuthorizationType.IAM : apigw.AuthorizationType.NONE,
      apiKeyRequired: auth === 'apiKey',
    });
    if (auth === 'apiKey') {
      const plan = this.api.addUsagePlan('UsagePlan', {
        throttle: { rateLimit: throttleRateLimit, burstLimit: throttleBurstLimit },
        apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
      });
      this.apiKey = this.api.addApiKey('ApiKey', { description: props.apiKeyDescription });
      plan.addApiKey(this.apiKey);
    }
    this.documentation = new ApiDocumentation(this, 'Documentation', { api: this.api, document: props.document(auth) });
    this.url = stageUrl(this.api);
    NagSuppressions.addResourceSuppressions(
      this.api,
      [
        { id: 'AwsSolutions-COG4', reason: props.nagReasons.cognito },
        { id: 'AwsSolutions-APIG3', reason: props.nagReasons.waf },
        ...(auth === 'iam' ? [] : [{ id: 'AwsSolutions-APIG4', reason: props.nagReasons.apiKey }]),
      ],
      true,
    );
  }
}
