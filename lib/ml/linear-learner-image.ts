import { CfnMapping, Stack, Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { LINEAR_LEARNER_REGISTRIES as REGISTRIES } from './linear-learner-registries.ts';

/**
 * The linear learner image URI for the stack's region: resolved at synth when the region is known
 * (failing there for a region without the image), looked up by CloudFormation otherwise.
 */
export function linearLearnerImage(scope: Construct): string {
  const stack = Stack.of(scope);
  const region = stack.region;
  if (!Token.isUnresolved(region) && !(region in REGISTRIES)) {
    throw new Error(
      `SageMaker's linear learner image is not known for region ${region}. Regions: ${Object.keys(REGISTRIES).join(', ')}`,
    );
  }
  const registries = new CfnMapping(scope, 'LinearLearnerRegistries', {
    mapping: Object.fromEntries(Object.entries(REGISTRIES).map(([name, account]) => [name, { account }])),
    lazy: true,
  });
  return `${registries.findInMap(region, 'account')}.dkr.ecr.${region}.${stack.urlSuffix}/linear-learner:1`;
}
