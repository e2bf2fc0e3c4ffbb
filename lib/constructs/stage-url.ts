import { Fn, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';

/**
 * A REST API stage's base URL without the trailing slash `RestApi.url` has, so that
 * `$URL/bid` in a shell does not become `…/v1//bid`.
 */
export function stageUrl(api: apigw.RestApi): string {
  const stack = Stack.of(api);
  return Fn.join('', [
    'https://',
    api.restApiId,
    '.execute-api.',
    stack.region,
    '.',
    stack.urlSuffix,
    '/',
    api.deploymentStage.stageName,
  ]);
}
