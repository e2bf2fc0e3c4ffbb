import { beforeAll, describe, expect, it } from 'vitest';
import { type RolePrincipal, resourcePolicies, resourcePolicyOf, rolePrincipals, simulate } from './iam-policies.ts';
import { platformCalls } from './service-calls.ts';
import { type SynthesizedApp, synthesizeApp, TARGET } from './synthesized-app.ts';

/*
 * Every request the platform makes, evaluated against the synthesized IAM policies by a real policy
 * engine (iam-simulate, with the AWS service authorization reference from iam-data): each must be
 * allowed, and every role of the app must have its requests listed here.
 */

let synth: SynthesizedApp;
let roles: RolePrincipal[];

beforeAll(() => {
  synth = synthesizeApp();
  roles = rolePrincipals(synth.model);
}, 120_000);

const roleOf = (location: { stack: string; logicalId: string }) => {
  const role = roles.find(
    (candidate) => candidate.stack === location.stack && candidate.logicalId === location.logicalId,
  );
  if (!role) throw new Error(`No role ${location.stack}/${location.logicalId}`);
  return role;
};

describe('IAM simulation of every service call', () => {
  it('lists the calls of every role in the app', () => {
    // Act
    const listed = platformCalls(synth).map(({ role }) => synth.locate(role));

    // Assess
    const all = roles.map(({ stack, logicalId }) => ({ stack, logicalId }));
    expect(
      all.filter((role) => !listed.some((l) => l.stack === role.stack && l.logicalId === role.logicalId)),
    ).toStrictEqual([]);
  });

  it('allows every call of every principal', async () => {
    // Prepare
    const policies = resourcePolicies(synth.model);
    const denied: string[] = [];

    // Act
    for (const { principal, role, calls } of platformCalls(synth)) {
      const identity = roleOf(synth.locate(role));
      for (const call of calls) {
        const outcome = await simulate(identity, call, resourcePolicyOf(policies, call.resource), TARGET.account);
        if (outcome !== 'Allowed')
          denied.push(`${principal}: ${call.action} on ${call.resource} (${call.why}) → ${outcome}`);
      }
    }

    // Assess
    expect(denied).toStrictEqual([]);
  });
});
