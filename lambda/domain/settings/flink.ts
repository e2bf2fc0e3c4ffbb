import { type AggregationSettings, AWS_DEFAULTS } from '../aggregation/aggregation-config.ts';
import type { EnumSetting, IntegerSetting, Setting, StringSetting } from './setting.ts';

/*
 * The Flink job's runtime properties (Managed Service for Apache Flink property groups). The stack
 * writes them under these names, and the job reads them through constants generated from this file
 * (flink-job/.../RuntimeProperties.java, `npm run generate`); a group or property the job does not
 * know stops it at start with its name.
 */

const JOB = ['flink-job'];

const seconds = (key: string, fallback: number, min: number, max: number, description: string) =>
  ({ name: key, type: 'integer', default: fallback, min, max, description, readers: JOB }) as const;

export const AGGREGATION_PROPERTIES = {
  periodSeconds: seconds('period.seconds', AWS_DEFAULTS.period_seconds, 1, 86_400, 'Tumbling window length.'),
  attributionWindowSeconds: seconds(
    'attribution.window.seconds',
    AWS_DEFAULTS.attribution_window_seconds,
    1,
    86_400,
    'Longest time between a bid and its impression, either order.',
  ),
  clickWindowSeconds: seconds(
    'click.window.seconds',
    AWS_DEFAULTS.click_window_seconds,
    1,
    86_400,
    'Longest time between an impression and its click, either order.',
  ),
  allowedLatenessSeconds: seconds(
    'allowed.lateness.seconds',
    AWS_DEFAULTS.allowed_lateness_seconds,
    0,
    3_600,
    'A window is first emitted when the watermark passes its end plus this.',
  ),
  outOfOrdernessSeconds: seconds(
    'out.of.orderness.seconds',
    5,
    0,
    3_600,
    "How far a shard's watermark trails its newest timestamp.",
  ),
  idlenessSeconds: seconds(
    'idleness.seconds',
    10,
    1,
    3_600,
    "After this long without records, a shard's watermark follows the clock.",
  ),
} as const satisfies Record<string, IntegerSetting>;

const STREAM_ARN = {
  name: 'stream.arn',
  type: 'string',
  pattern: /^arn:[\w-]+:kinesis:[a-z0-9-]+:\d{12}:stream\/[\w.-]+$/,
  format: 'a Kinesis stream ARN',
  description: 'The stream.',
  readers: JOB,
} as const satisfies StringSetting;

const REGION = {
  name: 'aws.region',
  type: 'string',
  defaultText: "the ARN's region",
  pattern: /^[a-z]{2}(-[a-z]+)+-\d$/,
  format: 'an AWS region',
  description: 'Region of the stream.',
  readers: JOB,
} as const satisfies StringSetting;

export const BCNS_PROPERTIES = {
  streamArn: { ...STREAM_ARN, description: 'Input stream.' },
  initialPosition: {
    name: 'initial.position',
    type: 'enum',
    values: ['TRIM_HORIZON', 'LATEST'],
    default: 'TRIM_HORIZON',
    description: 'Where a start without a snapshot begins.',
    readers: JOB,
  } as const satisfies EnumSetting,
  region: REGION,
} as const;

export const STREAM_PROPERTIES = { streamArn: STREAM_ARN, region: REGION } as const;

export interface FlinkPropertyGroup {
  readonly id: string;
  /** A required group missing from the job's properties stops it at start. */
  readonly required: boolean;
  readonly description: string;
  readonly properties: Readonly<Record<string, Setting>>;
}

/** Every property group the job reads, in the order of flink-job/README.md's table. */
export const FLINK_PROPERTY_GROUPS = [
  {
    id: 'Aggregation',
    required: false,
    description: 'Aggregation semantics (SPEC.md §5); a missing property takes its default.',
    properties: AGGREGATION_PROPERTIES,
  },
  { id: 'BcnsStream', required: true, description: 'The input stream.', properties: BCNS_PROPERTIES },
  { id: 'ImpressionsStream', required: true, description: 'Joined impressions.', properties: STREAM_PROPERTIES },
  { id: 'ClicksStream', required: true, description: 'Joined clicks.', properties: STREAM_PROPERTIES },
  { id: 'AggregatesStream', required: true, description: 'Aggregates.', properties: STREAM_PROPERTIES },
  {
    id: 'FailedEventsStream',
    required: false,
    description:
      'If set, the records the job refuses (malformed, too late, orphan impressions and clicks) are written here with their reason (SPEC.md §7); otherwise they are only counted.',
    properties: STREAM_PROPERTIES,
  },
] as const satisfies readonly FlinkPropertyGroup[];

/** The full name of a property, as errors and docs show it: `Aggregation.period.seconds`. */
export const propertyName = (group: string, property: Setting) => `${group}.${property.name}`;

export interface FlinkPropertyValues {
  readonly aggregation: AggregationSettings;
  readonly outOfOrdernessSeconds: number;
  readonly idlenessSeconds: number;
  /** Stream ARNs (or CloudFormation tokens for them), by group. */
  readonly streams: Readonly<Record<'bcns' | 'impressions' | 'clicks' | 'aggregates' | 'failed_events', string>>;
}

/** The application's property groups, as Managed Service for Apache Flink takes them, named by this spec. */
export function flinkPropertyGroups(values: FlinkPropertyValues) {
  const A = AGGREGATION_PROPERTIES;
  const { aggregation: settings, streams } = values;
  const stream = (arn: string) => ({ [STREAM_PROPERTIES.streamArn.name]: arn });
  return [
    {
      propertyGroupId: 'Aggregation',
      propertyMap: {
        [A.periodSeconds.name]: String(settings.period_seconds),
        [A.attributionWindowSeconds.name]: String(settings.attribution_window_seconds),
        [A.clickWindowSeconds.name]: String(settings.click_window_seconds),
        [A.allowedLatenessSeconds.name]: String(settings.allowed_lateness_seconds),
        [A.outOfOrdernessSeconds.name]: String(values.outOfOrdernessSeconds),
        [A.idlenessSeconds.name]: String(values.idlenessSeconds),
      },
    },
    {
      propertyGroupId: 'BcnsStream',
      propertyMap: { ...stream(streams.bcns), [BCNS_PROPERTIES.initialPosition.name]: 'TRIM_HORIZON' },
    },
    { propertyGroupId: 'ImpressionsStream', propertyMap: stream(streams.impressions) },
    { propertyGroupId: 'ClicksStream', propertyMap: stream(streams.clicks) },
    { propertyGroupId: 'AggregatesStream', propertyMap: stream(streams.aggregates) },
    { propertyGroupId: 'FailedEventsStream', propertyMap: stream(streams.failed_events) },
  ] satisfies { propertyGroupId: FlinkGroupId; propertyMap: Record<string, string> }[];
}

export type FlinkGroupId = (typeof FLINK_PROPERTY_GROUPS)[number]['id'];
