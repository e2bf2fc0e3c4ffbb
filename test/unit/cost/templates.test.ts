import { describe, expect, it } from 'vitest';
import { joinedString, scheduleRunsPerMonth, TemplateSet, TOKEN } from '../../../cost/templates.ts';

describe('reading templates', () => {
  it.each([
    ['rate(15 minutes)', 2920],
    ['rate(1 hour)', 730],
    ['rate(1 day)', 730 / 24],
    ['rate(2 days)', 730 / 48],
    ['cron(0 3 * * ? *)', 730 / 24],
    ['cron(0/30 * * * ? *)', 2 * 730],
    ['cron(0 8-17 ? * MON-FRI *)', (10 * 5 * 730) / 24 / 7],
    ['cron(15 2 1,15 * ? *)', 2],
  ])('counts %s as %d runs a month', (expression, runs) => {
    expect(scheduleRunsPerMonth(expression)).toBeCloseTo(runs, 9);
  });

  it('rejects what is not a schedule expression', () => {
    expect(() => scheduleRunsPerMonth('every day')).toThrow('Not an EventBridge schedule expression: "every day"');
  });

  it('follows Ref, Fn::GetAtt and the Fn::ImportValue of a cross-stack export to the resource', () => {
    // Prepare
    const set = new TemplateSet({
      Streams: {
        Resources: { Bcns1A2B3C4D: { Type: 'AWS::Kinesis::Stream', Properties: { Name: 'sdp-bcns' } } },
        Outputs: {
          Export: {
            Value: { 'Fn::GetAtt': ['Bcns1A2B3C4D', 'Arn'] },
            Export: { Name: 'Streams:ExportsOutputBcnsArn' },
          },
        },
      },
      Lake: { Resources: { Role: { Type: 'AWS::IAM::Role' } } },
    });

    // Act, Assess
    const bcns = { stack: 'Streams', logicalId: 'Bcns1A2B3C4D' };
    expect(set.target({ 'Fn::ImportValue': 'Streams:ExportsOutputBcnsArn' }, 'Lake')).toStrictEqual(bcns);
    expect(set.target({ Ref: 'Role' }, 'Lake')).toStrictEqual({ stack: 'Lake', logicalId: 'Role' });
    expect(set.target({ Ref: 'AWS::Region' }, 'Lake')).toBeUndefined();
    expect(
      set.targetsWithin({ 'Fn::Join': ['', ['arn:', { 'Fn::ImportValue': 'Streams:ExportsOutputBcnsArn' }]] }, 'Lake'),
    ).toStrictEqual([bcns]);
  });

  it('joins Fn::Join strings with every token replaced', () => {
    expect(joinedString({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:::a']] })).toBe(
      `arn:${TOKEN}:states:::a`,
    );
    expect(joinedString('plain')).toBe('plain');
    expect(joinedString({ Ref: 'X' })).toBeUndefined();
  });
});
