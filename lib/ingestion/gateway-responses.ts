import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type { GatewayResponseSpec } from '../constructs/platform-rest-api.ts';

// Gateway response templates allow only simple `$context` substitution (no VTL), so each body is
// fixed text around the variables; `messageString` and `validationErrorString` arrive JSON-quoted.
const errorBody = (message: string, detail = message) =>
  `{"message":${message},"errors":[{"index":null,"path":"","message":${detail}}]}`;

/**
 * API Gateway's own errors in the platform's error shape, with HTTP-correct codes: an unknown
 * route is 404 (not 403 "Missing Authentication Token"), an invalid body 400 with the reason.
 */
export function gatewayResponses(): Record<string, GatewayResponseSpec> {
  const json = (body: string) => body;
  return {
    BadRequestBody: {
      type: apigw.ResponseType.BAD_REQUEST_BODY,
      statusCode: '400',
      body: json(errorBody('"Request body does not match the event schema"', '$context.error.validationErrorString')),
    },
    UnsupportedMediaType: {
      type: apigw.ResponseType.UNSUPPORTED_MEDIA_TYPE,
      statusCode: '415',
      // API Gateway answers 415 for a Content-Type without a request template, and for a Content-Encoding it
      // does not support (gzip, deflate and identity are) or that the body is not encoded in.
      body: json(
        errorBody(
          '"Content-Type must be application/json (UTF-8), and a Content-Encoding gzip, deflate or identity that matches the body"',
        ),
      ),
    },
    RequestTooLarge: {
      type: apigw.ResponseType.REQUEST_TOO_LARGE,
      statusCode: '413',
      body: json(errorBody('"Request body is too large"')),
    },
    MissingAuthenticationToken: {
      type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN,
      statusCode: '404',
      body: json(
        '{"message":"No route for $context.httpMethod $context.path. Routes: POST /bid, POST /impression, POST /click"}',
      ),
    },
    Throttled: {
      type: apigw.ResponseType.THROTTLED,
      statusCode: '429',
      body: json('{"message":"Too many requests; retry with backoff"}'),
    },
    Default5xx: {
      type: apigw.ResponseType.DEFAULT_5XX,
      statusCode: '503',
      body: json('{"message":$context.error.messageString}'),
    },
  };
}
