/**
 * One configuration key of the platform: an environment variable, a CDK context key or a runtime
 * property of the Flink job. Parsers, defaults, the README's tables and cdk.json are derived from
 * (or checked against) these declarations, so they cannot drift apart.
 */
interface SettingBase {
  /** `PORT`, `sdp:periodSeconds`, `Aggregation.period.seconds`. */
  readonly name: string;
  /** One sentence for the README's table. */
  readonly description: string;
  /** The parts of the platform that read it. */
  readonly readers: readonly string[];
  /** The README's text for a default computed at run time, e.g. "`.sdp-data` in the project". */
  readonly defaultText?: string;
  /**
   * What `sdp:profile` does to the default, for a key a profile sets (lib/cost-levers.ts). Such a key
   * stays out of cdk.json: a value there would override every profile.
   */
  readonly profileDefault?: string;
}

export interface IntegerSetting extends SettingBase {
  readonly type: 'integer';
  /** Absent: the setting is required (or, with `defaultText`, computed). */
  readonly default?: number;
  readonly min: number;
  readonly max: number;
}

export interface BooleanSetting extends SettingBase {
  readonly type: 'boolean';
  readonly default: boolean;
}

export interface EnumSetting<V extends string = string> extends SettingBase {
  readonly type: 'enum';
  readonly values: readonly V[];
  readonly default?: V;
}

export interface StringSetting extends SettingBase {
  readonly type: 'string';
  readonly default?: string;
  /** What a value must look like; `format` says it in words for the error. */
  readonly pattern?: RegExp;
  readonly format?: string;
}

/** A value the platform parses with rules of its own (e.g. `sdp:shards`); `format` describes it. */
export interface CustomSetting extends SettingBase {
  readonly type: 'custom';
  readonly format: string;
}

export type Setting = IntegerSetting | BooleanSetting | EnumSetting | StringSetting | CustomSetting;

/** A bad configuration value. The message is one line: the key, the value, what it must be. */
export class SettingError extends Error {
  override name = 'SettingError';
}

/** What a value of the setting must be, e.g. "an integer from 1 to 86400". */
export function describeRange(setting: Setting): string {
  switch (setting.type) {
    case 'integer':
      return `an integer from ${setting.min} to ${setting.max}`;
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${setting.values.join(', ')}`;
    case 'string':
      return setting.format ?? 'a non-empty string';
    case 'custom':
      return setting.format;
  }
}

/** The one error style: `NAME must be <range>, got <value as JSON>`. */
export function settingError(setting: Setting, raw: unknown): SettingError {
  return new SettingError(`${setting.name} must be ${describeRange(setting)}, got ${JSON.stringify(raw)}`);
}

export type ValueOf<S extends Setting> = S extends IntegerSetting
  ? number
  : S extends BooleanSetting
    ? boolean
    : S extends EnumSetting<infer V>
      ? V
      : string;

/**
 * Parses a raw value: a string (environment, Flink properties, `cdk -c`) or a JSON value (cdk.json).
 * `undefined` and `''` mean unset and take the default; an unset setting without one is an error.
 */
export function parseSetting<S extends Exclude<Setting, CustomSetting>>(
  setting: S,
  raw: unknown,
  /** The default when it depends on something else, e.g. `sdp:profile`. */
  fallback: ValueOf<S> | undefined = setting.default as ValueOf<S> | undefined,
): ValueOf<S> {
  if (raw === undefined || raw === '' || raw === null) {
    if (fallback === undefined)
      throw new SettingError(`${setting.name} is not set: it must be ${describeRange(setting)}`);
    return fallback;
  }
  return parseValue(setting, raw) as ValueOf<S>;
}

function parseValue(setting: Exclude<Setting, CustomSetting>, raw: unknown): number | boolean | string {
  switch (setting.type) {
    case 'integer': {
      const value = typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw;
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < setting.min || value > setting.max) {
        throw settingError(setting, raw);
      }
      return value;
    }
    case 'boolean':
      if (raw === true || raw === 'true') return true;
      if (raw === false || raw === 'false') return false;
      throw settingError(setting, raw);
    case 'enum':
      if (typeof raw !== 'string' || !setting.values.includes(raw)) throw settingError(setting, raw);
      return raw;
    case 'string':
      if (typeof raw !== 'string' || (setting.pattern && !setting.pattern.test(raw))) throw settingError(setting, raw);
      return raw;
  }
}

/** The default as the README shows it, with what a profile makes of it. */
export function defaultText(setting: Setting): string {
  const text =
    setting.defaultText ??
    (setting.type === 'custom' || setting.default === undefined ? 'required' : `\`${setting.default}\``);
  return setting.profileDefault ? `${text}; ${setting.profileDefault}` : text;
}
