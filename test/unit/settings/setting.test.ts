import { describe, expect, it } from 'vitest';
import { parseSetting, SettingError } from '../../../lambda/domain/settings/setting.ts';

/* How one declared setting turns a raw value (environment string, cdk.json JSON value) into its value. */

const PERIOD = {
  name: 'SDP_PERIOD_SECONDS',
  type: 'integer',
  default: 10,
  min: 1,
  max: 86_400,
  description: 'Aggregation window.',
  readers: ['sdp start'],
} as const;
const TABLE = { name: 'REPORTS_TABLE_NAME', type: 'string', description: 'd', readers: ['r'] } as const;
const AUTH = {
  name: 'sdp:reportsAuth',
  type: 'enum',
  values: ['iam', 'apiKey'],
  default: 'iam',
  description: 'd',
  readers: ['r'],
} as const;
const FLAG = { name: 'sdp:apiKey', type: 'boolean', default: false, description: 'd', readers: ['r'] } as const;
const PREFIX = {
  name: 'sdp:prefix',
  type: 'string',
  default: 'sdp',
  pattern: /^[a-z]+$/,
  format: 'lowercase letters',
  description: 'd',
  readers: ['r'],
} as const;

describe('parseSetting', () => {
  it.each([
    ['7', 7],
    [' 7 ', 7],
    [86_400, 86_400],
    ['1', 1],
    [undefined, 10],
    ['', 10],
  ])('reads the integer %j as %j (unset: the default)', (raw, value) => {
    expect(parseSetting(PERIOD, raw)).toBe(value);
  });

  it.each([['0'], ['86401'], ['abc'], ['1e3'], ['1.5'], [1.5], ['0x10'], [true], ['-1']])(
    'rejects %j with one line naming the variable, the value and the range',
    (raw) => {
      expect(() => parseSetting(PERIOD, raw)).toThrow(SettingError);
      expect(() => parseSetting(PERIOD, raw)).toThrow(
        `SDP_PERIOD_SECONDS must be an integer from 1 to 86400, got ${JSON.stringify(raw)}`,
      );
    },
  );

  it('fails on a required setting that is not set, saying what it must be', () => {
    expect(() => parseSetting(TABLE, undefined)).toThrow(
      'REPORTS_TABLE_NAME is not set: it must be a non-empty string',
    );
    expect(parseSetting(TABLE, 'sdp-reports')).toBe('sdp-reports');
  });

  it('reads enums, booleans (JSON or text) and patterned strings', () => {
    expect([parseSetting(AUTH, 'apiKey'), parseSetting(AUTH, undefined)]).toStrictEqual(['apiKey', 'iam']);
    expect([parseSetting(FLAG, true), parseSetting(FLAG, 'true'), parseSetting(FLAG, 'false')]).toStrictEqual([
      true,
      true,
      false,
    ]);
    expect(parseSetting(PREFIX, 'abc')).toBe('abc');
  });

  it.each([
    [AUTH, 'IAM', 'sdp:reportsAuth must be one of iam, apiKey, got "IAM"'],
    [FLAG, 'yes', 'sdp:apiKey must be true or false, got "yes"'],
    [FLAG, 1, 'sdp:apiKey must be true or false, got 1'],
    [PREFIX, 'A1', 'sdp:prefix must be lowercase letters, got "A1"'],
    [PREFIX, 7, 'sdp:prefix must be lowercase letters, got 7'],
  ] as const)('rejects a bad value of %s: %j', (setting, raw, message) => {
    expect(() => parseSetting(setting, raw)).toThrow(message);
  });
});
