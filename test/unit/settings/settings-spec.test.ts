import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTEXT_SETTINGS } from '../../../lambda/domain/settings/context.ts';
import { ENV_SETTINGS, LOCAL_ENV } from '../../../lambda/domain/settings/environment.ts';
import { FLINK_PROPERTY_GROUPS, flinkPropertyGroups } from '../../../lambda/domain/settings/flink.ts';
import { parseSetting, type Setting } from '../../../lambda/domain/settings/setting.ts';
import { loadLocalConfig } from '../../../local/config.ts';
import { PROJECT_DIR } from '../../helpers/local-platform.ts';

/*
 * The settings spec (lambda/domain/settings/) is the one source of every environment variable, CDK
 * context key and Flink property: each is documented, cdk.json lists the context defaults, and the
 * readers take their defaults from it.
 */

const FLINK_SETTINGS = FLINK_PROPERTY_GROUPS.flatMap((group) =>
  Object.values(group.properties as Record<string, Setting>).map((property) => ({
    ...property,
    name: `${group.id}.${property.name}`,
  })),
);
const ALL = [...ENV_SETTINGS, ...CONTEXT_SETTINGS, ...FLINK_SETTINGS];
const read = (path: string) => readFileSync(join(PROJECT_DIR, path), 'utf8');

describe('the settings spec', () => {
  it('declares each key once', () => {
    const names = ALL.map((setting) => setting.name);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toStrictEqual([]);
  });

  it.each(ALL.map((setting) => [setting.name, setting] as const))(
    'documents %s: a meaning and its readers',
    (_, setting) => {
      expect(setting.description.trim()).not.toBe('');
      expect(setting.readers.length).toBeGreaterThan(0);
    },
  );

  it.each(
    ALL.filter((setting) => setting.type !== 'custom' && setting.default !== undefined).map(
      (s) => [s.name, s as Exclude<Setting, { type: 'custom' }>] as const,
    ),
  )('gives %s a default its own parser accepts', (_, setting) => {
    expect(parseSetting(setting, String(setting.default))).toBe(setting.default);
  });
});

describe('the documentation', () => {
  const readme = read('README.md');
  const flinkReadme = read('flink-job/README.md');

  it.each([...ENV_SETTINGS, ...CONTEXT_SETTINGS].map((setting) => setting.name))(
    'lists %s in a README configuration table',
    (name) => {
      expect(readme).toMatch(new RegExp(`^\\| \`${name.replace(/[.:]/g, '\\$&')}\` +\\|`, 'm'));
    },
  );

  it.each(FLINK_PROPERTY_GROUPS.flatMap((group) => Object.values(group.properties).map((p) => [group.id, p.name])))(
    'lists the Flink property %s.%s in flink-job/README.md',
    (group, name) => {
      expect(flinkReadme).toMatch(new RegExp(`^\\| \`${group}\` +\\| \`${name.replace(/\./g, '\\.')}\` +\\|`, 'm'));
    },
  );
});

describe('cdk.json', () => {
  const context = (JSON.parse(read('cdk.json')) as { context: Record<string, unknown> }).context;

  it('holds only declared sdp: keys', () => {
    const declared = CONTEXT_SETTINGS.map((setting) => setting.name);
    expect(Object.keys(context).filter((key) => key.startsWith('sdp:') && !declared.includes(key))).toStrictEqual([]);
  });

  it.each(
    CONTEXT_SETTINGS.filter(
      (setting) => setting.type !== 'custom' && setting.default !== undefined && !setting.profileDefault,
    ).map((s) => [s.name, s]),
  )('lists %s with its default', (name, setting) => {
    expect(context[name]).toStrictEqual((setting as { default: unknown }).default);
  });

  it.each(CONTEXT_SETTINGS.filter((setting) => setting.profileDefault).map((s) => [s.name]))(
    'leaves out %s, whose default sdp:profile sets',
    (name) => {
      expect(context).not.toHaveProperty([name]);
    },
  );
});

describe('the readers', () => {
  it('take the local defaults from the spec', () => {
    // Act
    const config = loadLocalConfig({});

    // Assess
    expect([config.port, config.host, config.kinesisPort, config.dynamodbPort, config.bcnsShards]).toStrictEqual([
      LOCAL_ENV.PORT.default,
      LOCAL_ENV.HOST.default,
      LOCAL_ENV.SDP_KINESIS_PORT.default,
      LOCAL_ENV.SDP_DYNAMODB_PORT.default,
      LOCAL_ENV.SDP_BCNS_SHARDS.default,
    ]);
    expect(config.aggregation.period_seconds).toBe(LOCAL_ENV.SDP_PERIOD_SECONDS.default);
    expect(config.lake.compactionLookbackHours).toBe(LOCAL_ENV.SDP_COMPACTION_LOOKBACK_HOURS.default);
    expect(config.retrainBids).toBe(LOCAL_ENV.SDP_RETRAIN_BIDS.default);
  });

  it('refuse a bad environment value with one line naming it', () => {
    expect(() => loadLocalConfig({ SDP_OUT_OF_ORDERNESS_MS: '-5' })).toThrow(
      'SDP_OUT_OF_ORDERNESS_MS must be an integer from 0 to 3600000, got "-5"',
    );
  });
});

describe('the Flink job properties', () => {
  const known = new Map<string, string[]>(
    FLINK_PROPERTY_GROUPS.map((group) => [group.id, Object.values(group.properties).map((p) => p.name)] as const),
  );

  it('the stack writes only declared groups and properties, every required group among them, each value valid', () => {
    // Act
    const groups = flinkPropertyGroups({
      aggregation: {
        period_seconds: 60,
        attribution_window_seconds: 300,
        click_window_seconds: 900,
        allowed_lateness_seconds: 5,
      },
      outOfOrdernessSeconds: 5,
      idlenessSeconds: 10,
      streams: {
        bcns: 'arn:aws:kinesis:eu-west-1:123456789012:stream/sdp-bcns',
        impressions: 'arn:aws:kinesis:eu-west-1:123456789012:stream/sdp-impressions',
        clicks: 'arn:aws:kinesis:eu-west-1:123456789012:stream/sdp-clicks',
        aggregates: 'arn:aws:kinesis:eu-west-1:123456789012:stream/sdp-aggregates',
        failed_events: 'arn:aws:kinesis:eu-west-1:123456789012:stream/sdp-failed_events',
      },
    });

    // Assess
    const ids = groups.map((group) => group.propertyGroupId);
    for (const group of FLINK_PROPERTY_GROUPS.filter((candidate) => candidate.required))
      expect(ids).toContain(group.id);
    for (const { propertyGroupId, propertyMap } of groups) {
      const properties = FLINK_PROPERTY_GROUPS.find((group) => group.id === propertyGroupId)?.properties as Record<
        string,
        Setting
      >;
      for (const [name, value] of Object.entries(propertyMap)) {
        const setting = Object.values(properties).find((property) => property.name === name);
        expect(setting, `${propertyGroupId}.${name}`).toBeDefined();
        expect(() => parseSetting(setting as Exclude<Setting, { type: 'custom' }>, value)).not.toThrow();
      }
    }
  });

  it('the job’s local properties file holds only declared groups and properties', () => {
    // Act
    const groups = JSON.parse(read('flink-job/src/main/resources/flink-application-properties-dev.json')) as {
      PropertyGroupId: string;
      PropertyMap: Record<string, string>;
    }[];

    // Assess
    for (const group of groups) {
      expect(known.get(group.PropertyGroupId), group.PropertyGroupId).toBeDefined();
      for (const name of Object.keys(group.PropertyMap)) expect(known.get(group.PropertyGroupId)).toContain(name);
    }
  });
});
