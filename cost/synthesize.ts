import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildPlatform } from '../lib/platform-app.ts';
import type { CfnTemplate, Templates } from './templates.ts';

/**
 * The templates the cost model reads: the CDK app synthesized in this process with the project's
 * cdk.json context plus any `-c` values (asset bundling skipped: the model needs the resources, not
 * the code), or the `*.template.json` files of a `cdk synth` output directory.
 */

/** The context of cdk.json, as `cdk synth` would pass it. */
export function projectContext(projectDir = process.cwd()): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(projectDir, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export function synthesizeTemplates(context: Record<string, unknown> = {}, projectDir = process.cwd()): Templates {
  const outdir = mkdtempSync(join(tmpdir(), 'sdp-cost-synth-'));
  try {
    const app = new App({
      outdir,
      context: { ...projectContext(projectDir), ...context, 'aws:cdk:bundling-stacks': [] },
    });
    buildPlatform(app);
    const assembly = app.synth();
    return Object.fromEntries(assembly.stacks.map((stack) => [stack.stackName, stack.template as CfnTemplate]));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function readTemplates(directory: string): Templates {
  const dir = resolve(directory);
  const files = readdirSync(dir).filter((file) => file.endsWith('.template.json'));
  if (files.length === 0) throw new Error(`${dir} holds no *.template.json files; run \`npx cdk synth\` first`);
  return Object.fromEntries(
    files.map((file) => [file.replace(/\.template\.json$/, ''), JSON.parse(readFileSync(join(dir, file), 'utf8'))]),
  );
}

/** `key=value` of `-c`; the value stays a string, as the CDK CLI passes it and the app parses it. */
export function parseContextArgument(argument: string): [string, unknown] {
  const at = argument.indexOf('=');
  if (at <= 0) throw new Error(`-c takes key=value, e.g. -c sdp:profile=lean. Received "${argument}"`);
  return [argument.slice(0, at), argument.slice(at + 1)];
}
