import aslValidator from 'asl-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SynthesizedApp, synthesizeApp } from './synthesized-app.ts';

/* The data lifecycle's state machines (erasure sweep, reconciliation) as Step Functions will read them. */

let synth: SynthesizedApp;

beforeAll(() => {
  synth = synthesizeApp();
}, 120_000);

describe('the data lifecycle state machines', () => {
  it.each([['ErasureStateMachine'], ['ReconciliationStateMachine']])('%s is valid Amazon States Language', (id) => {
    // Prepare
    const found = synth.model
      .resources('AWS::StepFunctions::StateMachine')
      .filter(({ stack, logicalId }) => stack === 'SdpLifecycle' && logicalId.startsWith(id));
    expect(found).toHaveLength(1);
    const definition = JSON.parse(synth.model.string('SdpLifecycle', found[0]?.resource.Properties?.DefinitionString));

    // Act
    const { isValid, errorsText } = aslValidator(definition);

    // Assess
    expect(isValid, errorsText('\n')).toBe(true);
    expect(Object.keys(definition.States).length).toBeGreaterThan(1);
  });
});
