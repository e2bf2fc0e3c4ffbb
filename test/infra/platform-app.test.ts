import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildPlatform } from '../../lib/platform-app.ts';

describe('the platform app', () => {
  // Asset bundling (Maven for the Flink jar) is skipped here; `npm run synth` does it for real.
  const app = new App({ context: { 'sdp:apiKey': false, 'aws:cdk:bundling-stacks': [] } });
  const stacks = buildPlatform(app);
  app.synth();

  it('builds every stack of this release, wired by props', () => {
    expect(app.node.children.filter((child) => child instanceof Stack).map((stack) => stack.node.id)).toStrictEqual([
      'SdpStreams',
      'SdpIngestion',
      'SdpProcessor',
      'SdpReports',
    ]);
    const dependencies = (stack: Stack) => stack.dependencies.map((dependency) => dependency.stackName).sort();
    expect(dependencies(stacks.ingestion)).toStrictEqual(['SdpStreams']);
    expect(dependencies(stacks.reports)).toStrictEqual(['SdpIngestion', 'SdpStreams']);
    expect(dependencies(stacks.processor)).toStrictEqual(['SdpStreams']);
  });

  it('applies cdk-nag AwsSolutions checks to the whole app', () => {
    expect(Aspects.of(app).all.map((aspect) => aspect.constructor.name)).toContain('AwsSolutionsChecks');
  });

  it.each(['SdpStreams', 'SdpIngestion', 'SdpProcessor', 'SdpReports'])(
    '%s has no unsuppressed cdk-nag errors or warnings',
    (id) => {
      const annotations = Annotations.fromStack(app.node.findChild(id) as Stack);
      expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toStrictEqual([]);
      expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toStrictEqual([]);
    },
  );

  it('grants no IAM action with a bare * anywhere', () => {
    for (const stack of [stacks.streams, stacks.ingestion, stacks.processor, stacks.reports]) {
      const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
      const actions = Object.values(policies).flatMap((policy) =>
        policy.Properties.PolicyDocument.Statement.flatMap(
          (statement: { Action: string | string[] }) => statement.Action,
        ),
      );
      expect(actions.filter((action) => action === '*' || action.endsWith(':*'))).toStrictEqual([]);
    }
  });
});
