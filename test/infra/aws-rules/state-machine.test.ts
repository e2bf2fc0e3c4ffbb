import aslValidator from 'asl-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { platformCalls } from './service-calls.ts';
import { type SynthesizedApp, synthesizeApp } from './synthesized-app.ts';

/*
 * The retraining pipeline's definition as Step Functions will read it: valid Amazon States Language,
 * and every Task state's service action among the state machine's simulated calls.
 */

interface AslState {
  readonly Type: string;
  readonly Resource?: string;
  readonly Branches?: AslGraph[];
}
interface AslGraph {
  readonly States: Record<string, AslState>;
}

let synth: SynthesizedApp;
let definition: AslGraph;

beforeAll(() => {
  synth = synthesizeApp();
  const [stateMachine] = synth.model.resources('AWS::StepFunctions::StateMachine');
  definition = JSON.parse(synth.model.string('SdpMl', stateMachine?.resource.Properties?.DefinitionString));
}, 120_000);

const tasks = (graph: AslGraph): [string, AslState][] =>
  Object.entries(graph.States).flatMap(([name, state]) => [
    ...(state.Type === 'Task' ? [[name, state] as [string, AslState]] : []),
    ...(state.Branches ?? []).flatMap(tasks),
  ]);

/** The IAM action a Task's Resource performs (optimized, AWS SDK and Lambda integrations). */
function iamAction(resource: string): string {
  // A function ARN as the Resource invokes it directly (LambdaInvoke with payloadResponseOnly).
  if (/^arn:[^:]+:lambda:[^:]+:\d+:function:/.test(resource)) return 'lambda:InvokeFunction';
  const integration = /^arn:[^:]+:states:::(.+)$/.exec(resource)?.[1];
  if (!integration) throw new Error(`Not a service integration: ${resource}`);
  const [first, second, third] = integration.replace(/\.sync$/, '').split(':');
  const upper = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
  if (first === 'lambda' && second === 'invoke') return 'lambda:InvokeFunction';
  if (first === 'aws-sdk') return `${second}:${upper(third as string)}`;
  return `${first}:${upper(second as string)}`;
}

describe('the retraining state machine', () => {
  it('is valid Amazon States Language', () => {
    // Act
    const { isValid, errorsText } = aslValidator(definition);

    // Assess
    expect(isValid, errorsText('\n')).toBe(true);
  });

  // Athena bills and the workgroup's cutoff counts every byte scanned; partition projection prunes
  // only on predicates over the partition columns (athena/latest/ug/partition-projection.html).
  it('reads the lake only within dt bounds, so a run’s scan does not grow with the lake', () => {
    // Prepare
    const query = Object.values(definition.States).find((state) =>
      state.Resource?.endsWith(':athena:startQueryExecution.sync'),
    ) as AslState & { Parameters: { QueryString: string; 'ExecutionParameters.$': string } };

    // Act
    const scans = query.Parameters.QueryString.split(/\bFROM parquet_bcns\b/).slice(1);

    // Assess
    expect(scans.length).toBe(3);
    for (const scan of scans) expect(scan).toMatch(/^\s+WHERE dt >= .+ AND dt <= \?/);
    expect(query.Parameters['ExecutionParameters.$']).toMatch(
      /^States\.Array\(\$\.run\.dayLiteral(, \$\.run\.dayLiteral)*\)$/,
    );
  });

  it('has every Task state’s action among the calls the IAM simulation allows', () => {
    // Prepare
    const machine = platformCalls(synth).find(({ principal }) => principal === 'retraining state machine');
    const simulated = new Set(machine?.calls.map(({ action }) => action.toLowerCase()));

    // Act
    const states = tasks(definition).map(([name, state]) => ({ name, action: iamAction(state.Resource as string) }));

    // Assess
    expect(states.filter(({ action }) => !simulated.has(action.toLowerCase()))).toStrictEqual([]);
    expect(states.map(({ action }) => action)).toEqual(
      expect.arrayContaining([
        'athena:StartQueryExecution',
        'sagemaker:CreateTrainingJob',
        'sagemaker:CreateTransformJob',
        'sagemaker:CreateEndpoint',
        'sagemaker:UpdateEndpoint',
        'lambda:InvokeFunction',
        'sns:Publish',
        'ssm:PutParameter',
      ]),
    );
  });
});
