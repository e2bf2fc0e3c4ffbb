import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { EVENT_KINDS, EVENT_SPECS } from '../../lambda/domain/events.ts';
import { requestBodyJsonSchema } from '../../lambda/domain/json-schema.ts';
import { IngestionStack, type IngestionStackProps } from '../../lib/ingestion/ingestion-stack.ts';
import {
  putRecordsErrorTemplate,
  putRecordsRequestTemplate,
  putRecordsResponseTemplate,
} from '../../lib/ingestion/mapping-templates.ts';
import { StreamsStack } from '../../lib/streams/streams-stack.ts';

function synth(props: Partial<IngestionStackProps> = {}) {
  const app = new App();
  const streams = new StreamsStack(app, 'Streams');
  const stack = new IngestionStack(app, 'Ingestion', { bcns: streams.bcns, ...props });
  return { template: Template.fromStack(stack), streamsStack: streams };
}

/** Resolves a CloudFormation Fn::Join whose only tokens are imports of the stream name. */
function joined(value: unknown): string {
  if (typeof value === 'string') return value;
  const [separator, parts] = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return parts.map((part) => (typeof part === 'string' ? part : '<bcns-stream-name>')).join(separator);
}

describe('IngestionStack', () => {
  const { template } = synth();

  it.each(EVENT_KINDS)('POST %s integrates directly with Kinesis PutRecords, validated by the schema model', (kind) => {
    // Prepare
    const route = EVENT_SPECS[kind].route.slice(1);
    const resources = template.findResources('AWS::ApiGateway::Resource', { Properties: { PathPart: route } });
    const resourceId = Object.keys(resources)[0] as string;
    const methods = template.findResources('AWS::ApiGateway::Method', {
      Properties: { HttpMethod: 'POST', ResourceId: { Ref: resourceId } },
    });

    // Assess
    expect(Object.keys(methods)).toHaveLength(1);
    const method = Object.values(methods)[0]?.Properties;
    expect(method.AuthorizationType).toBe('NONE');
    expect(method.ApiKeyRequired).toBe(false);
    expect(method.RequestValidatorId).toStrictEqual({ Ref: expect.stringMatching(/^ApiValidator/) });
    expect(method.MethodResponses.map((response: { StatusCode: string }) => response.StatusCode)).toStrictEqual([
      '200',
      '207',
      '400',
      '413',
      '415',
      '429',
      '503',
    ]);
    const integration = method.Integration;
    expect(integration.Type).toBe('AWS');
    expect(integration.IntegrationHttpMethod).toBe('POST');
    expect(joined(integration.Uri)).toMatch(/^arn:.*:apigateway:.*:kinesis:action\/PutRecords$/);
    expect(integration.PassthroughBehavior).toBe('NEVER');
    expect(integration.RequestParameters).toStrictEqual({
      'integration.request.header.Content-Type': "'application/x-amz-json-1.1'",
    });
    expect(joined(integration.RequestTemplates['application/json'])).toBe(
      putRecordsRequestTemplate(kind, '<bcns-stream-name>'),
    );
    expect(integration.IntegrationResponses).toStrictEqual([
      { StatusCode: '200', ResponseTemplates: { 'application/json': putRecordsResponseTemplate() } },
      {
        StatusCode: '503',
        SelectionPattern: '[45]\\d{2}',
        ResponseTemplates: { 'application/json': putRecordsErrorTemplate() },
      },
    ]);
  });

  it.each(EVENT_KINDS)('the %s request model is the schema source, verbatim', (kind) => {
    template.hasResourceProperties('AWS::ApiGateway::Model', {
      ContentType: 'application/json',
      Schema: JSON.parse(JSON.stringify(requestBodyJsonSchema(kind))),
    });
  });

  it('validates request bodies', () => {
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
  });

  it('throttles the stage, writes JSON access logs and traces', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'v1',
      TracingEnabled: true,
      AccessLogSetting: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
      MethodSettings: [
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: 1000,
          ThrottlingBurstLimit: 2000,
        }),
      ],
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('lets API Gateway write only to the bcns stream', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' } })],
      },
    });
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    expect(policies).toHaveLength(1);
    expect(policies[0]?.Properties.PolicyDocument.Statement).toStrictEqual([
      {
        Action: ['kinesis:ListShards', 'kinesis:PutRecord', 'kinesis:PutRecords'],
        Effect: 'Allow',
        Resource: { 'Fn::ImportValue': expect.stringMatching(/^Streams:ExportsOutputFnGetAttBcns/) },
      },
    ]);
  });

  it.each([
    ['BAD_REQUEST_BODY', '400'],
    ['UNSUPPORTED_MEDIA_TYPE', '415'],
    ['REQUEST_TOO_LARGE', '413'],
    ['MISSING_AUTHENTICATION_TOKEN', '404'],
    ['THROTTLED', '429'],
    ['DEFAULT_5XX', '503'],
  ])('answers API Gateway %s errors with %s and a JSON message', (type, status) => {
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: type,
      StatusCode: status,
      ResponseTemplates: { 'application/json': Match.stringLikeRegexp('^\\{"message":') },
    });
  });

  it('turns content encoding on for every size, so a gzip body is always decoded and a false label refused', () => {
    // The docs: a body that is not compressed with its Content-Encoding, or an unsupported coding, is a 415;
    // minimumCompressionSize 0 applies (de)compression to payloads of any size.
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-make-request-with-compressed-payload.html
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { MinimumCompressionSize: 0 });
  });

  it('says what a 415 is about: the Content-Type or the Content-Encoding', () => {
    const message =
      'Content-Type must be application/json (UTF-8), and a Content-Encoding gzip, deflate or identity that matches the body';
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNSUPPORTED_MEDIA_TYPE',
      StatusCode: '415',
      ResponseTemplates: {
        'application/json': `{"message":"${message}","errors":[{"index":null,"path":"","message":"${message}"}]}`,
      },
    });
  });

  it('outputs UrlForAPI as the stage URL without a trailing slash', () => {
    const output = template.findOutputs('UrlForAPI').UrlForAPI;
    expect(output?.Value).toStrictEqual({
      'Fn::Join': [
        '',
        [
          'https://',
          { Ref: expect.stringMatching(/^Api[0-9A-F]{8}$/) },
          '.execute-api.',
          { Ref: 'AWS::Region' },
          '.',
          { Ref: 'AWS::URLSuffix' },
          '/',
          { Ref: expect.stringMatching(/^ApiDeploymentStagev1/) },
        ],
      ],
    });
  });

  it('has no API key or usage plan unless asked', () => {
    template.resourceCountIs('AWS::ApiGateway::ApiKey', 0);
    template.resourceCountIs('AWS::ApiGateway::UsagePlan', 0);
  });

  it('requires an API key on every route, with a throttled usage plan, when asked', () => {
    // Act
    const { template: keyed } = synth({ apiKeyRequired: true, throttleRateLimit: 100, throttleBurstLimit: 200 });

    // Assess
    const methods = Object.values(keyed.findResources('AWS::ApiGateway::Method'));
    expect(methods.map((method) => method.Properties.ApiKeyRequired)).toStrictEqual([true, true, true]);
    keyed.hasResourceProperties('AWS::ApiGateway::UsagePlan', { Throttle: { RateLimit: 100, BurstLimit: 200 } });
    keyed.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
    expect(Object.keys(keyed.findOutputs('ApiKeyId'))).toStrictEqual(['ApiKeyId']);
  });

  it('rejects a burst limit below the rate limit', () => {
    expect(() => synth({ throttleRateLimit: 500, throttleBurstLimit: 100 })).toThrow(
      /throttleBurstLimit must be >= throttleRateLimit. Received 100 < 500/,
    );
  });
});
