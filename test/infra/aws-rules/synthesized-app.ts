import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { buildPlatform, type PlatformStacks } from '../../../lib/platform-app.ts';
import { CfnModel, type CfnTemplate } from './cfn-model.ts';

/** The account and region the checks deploy into, as `cdk deploy` resolves them from credentials. */
export const TARGET = { account: '123456789012', region: 'eu-west-1' } as const;

export interface SynthesizedApp {
  readonly app: App;
  readonly stacks: PlatformStacks;
  /** Where the templates were written (cfn-lint reads them there). */
  readonly outdir: string;
  readonly templateFiles: readonly string[];
  readonly model: CfnModel;
  /** A token of `scope`'s stack (an L2 attribute such as `bucketArn`) as the deployed value. */
  value(scope: IConstruct, token: string): string;
  /** The stack and logical ID of a construct's CloudFormation resource. */
  locate(scope: IConstruct): { stack: string; logicalId: string };
}

/**
 * Synthesizes the whole app as `cdk synth` does with credentials for {@link TARGET} (asset bundling
 * skipped: it builds the Flink jar and the Lambda bundles, which these checks do not read).
 */
export function synthesizeApp(context: Record<string, unknown> = {}): SynthesizedApp {
  const saved = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  process.env.CDK_DEFAULT_ACCOUNT = TARGET.account;
  process.env.CDK_DEFAULT_REGION = TARGET.region;
  try {
    const outdir = mkdtempSync(join(tmpdir(), 'sdp-synth-'));
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [], ...context } });
    const stacks = buildPlatform(app);
    const assembly = app.synth();
    const templateFiles = assembly.stacks.map((stack) => stack.templateFullPath);
    const templates: Record<string, CfnTemplate> = Object.fromEntries(
      assembly.stacks.map((stack) => [stack.stackName, JSON.parse(readFileSync(stack.templateFullPath, 'utf8'))]),
    );
    const model = new CfnModel(templates, TARGET);
    return {
      app,
      stacks,
      outdir,
      templateFiles,
      model,
      value(scope, token) {
        const stack = Stack.of(scope);
        return model.string(stack.stackName, stack.resolve(token));
      },
      locate(scope) {
        const stack = Stack.of(scope);
        const element = (scope.node.defaultChild ?? scope) as CfnElement;
        return { stack: stack.stackName, logicalId: stack.resolve(element.logicalId) as string };
      },
    };
  } finally {
    for (const [key, value] of [
      ['CDK_DEFAULT_ACCOUNT', saved.account],
      ['CDK_DEFAULT_REGION', saved.region],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
