import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { LocalRequest, LocalResponse, Route } from './http-types.ts';

type ProxyHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/** Serves a Lambda proxy-integration handler on a local route, as API Gateway would invoke it. */
export function lambdaProxyRoute(method: Route['method'], path: string, handler: ProxyHandler): Route {
  return {
    method,
    path,
    handler: async (request) => fromProxyResult(await handler(toProxyEvent(path, request))),
  };
}

function toProxyEvent(resource: string, request: LocalRequest): APIGatewayProxyEvent {
  const query = Object.fromEntries(request.query);
  return {
    resource,
    path: request.path,
    httpMethod: request.method,
    headers: {},
    multiValueHeaders: {},
    pathParameters: Object.keys(request.params).length > 0 ? { ...request.params } : null,
    queryStringParameters: Object.keys(query).length > 0 ? query : null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    body: request.body === '' ? null : request.body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      httpMethod: request.method,
      identity: {} as APIGatewayProxyEvent['requestContext']['identity'],
      path: request.path,
      protocol: 'HTTP/1.1',
      requestId: crypto.randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: resource,
      stage: 'local',
    },
  };
}

function fromProxyResult(result: APIGatewayProxyResult): LocalResponse {
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]));
  return { statusCode: result.statusCode, headers, body: undefined, text: result.body };
}
