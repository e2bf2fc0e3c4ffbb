/*
 * The traffic a deployment is priced for, and the workload facts the bill depends on that are not
 * in the templates (record sizes, durations, compression). Every figure has a default with the
 * reason for it; a profile file (JSON) overrides any of them, and `sdp:traffic` in CDK context sizes
 * provisioned streams from the same fields.
 */

export interface EventMix {
  readonly bids: number;
  readonly impressions: number;
  readonly clicks: number;
}

export interface TrafficProfile {
  /** Events the ingestion API accepts per second, averaged over the month. */
  readonly eventsPerSecond: number;
  /** Events in one POST: 1 (one object) to 500 (the largest array). */
  readonly eventsPerRequest: number;
  /** Shares of bids, impressions and clicks among the events; they sum to 1. */
  readonly mix: EventMix;
  /** Average bytes of a `bcns` record as the API writes it (the event plus `type` and `timestamp`). */
  readonly eventBytes: number;
  /** Campaigns with bids in a typical aggregation window. */
  readonly campaigns: number;
  /** GET /reports/campaigns/{id} calls a day. */
  readonly reportQueriesPerDay: number;
  /** Bids scored by POST predictions a day, one per request. */
  readonly predictionsPerDay: number;
  /** Ad-hoc Athena queries a day, and the GiB each scans. */
  readonly athenaQueriesPerDay: number;
  readonly athenaGiBPerQuery: number;
  /** Days of Parquet, reports and logs the account holds: storage is priced at this steady state. */
  readonly retentionDays: number;
}

/** How the platform's parts behave under that traffic: measured here or stated, never guessed silently. */
export interface WorkloadAssumptions {
  /** Joined impression on the `impressions` stream: the bid's fields plus prices and times. */
  readonly impressionRecordBytes: number;
  readonly clickRecordBytes: number;
  readonly aggregateRecordBytes: number;
  /** Aggregates re-emitted for late events, as a share of first emissions. */
  readonly correctionShare: number;
  /**
   * Events refused after ingestion (malformed, too late, never joined), as a share of all events, and
   * their record on `failed_events`: the original event as text plus reason, stage and times.
   */
  readonly failedEventShare: number;
  readonly failedEventRecordBytes: number;
  /** Bytes of gzip NDJSON and of Parquet per byte of JSON. */
  readonly rawCompression: number;
  readonly parquetCompression: number;
  /** A report row in DynamoDB, and the periods one report query reads. */
  readonly reportItemBytes: number;
  readonly reportPeriodsPerQuery: number;
  /** Bytes of an API response (the access-log line's size comes from the stage's log format). */
  readonly responseBytes: number;
  /** Log bytes Lambda writes per invocation (START/END/REPORT and the handler's lines). */
  readonly lambdaLogBytesPerInvocation: number;
  /** Events per second one KPU of the aggregation job handles. */
  readonly flinkEventsPerKpuSecond: number;
  /** Size of the aggregation job's state, kept in snapshots. */
  readonly flinkStateGiB: number;
  /** Milliseconds of Lambda per invocation, by function. */
  readonly reportsWriterMs: number;
  readonly apiHandlerMs: number;
  readonly fileRegistrationMs: number;
  readonly starterMs: number;
  /**
   * What the canary's wait adds to half a window (its bid's average wait for the window to close):
   * allowed lateness, the job's output and the reports writer.
   */
  readonly canaryOverheadMs: number;
  readonly pipelineTaskMs: number;
  /** Lake writer Lambda: fixed milliseconds per batch plus milliseconds per MiB of records. */
  readonly lakeWriterBaseMs: number;
  readonly lakeWriterMsPerMiB: number;
  /** Compaction: seconds per run plus seconds per GiB of Parquet merged. */
  readonly compactionBaseSeconds: number;
  readonly compactionSecondsPerGiB: number;
  /** SageMaker: minutes of a training job, of a batch transform job, of an endpoint update. */
  readonly trainingMinutes: number;
  readonly transformMinutes: number;
  readonly endpointUpdateMinutes: number;
  /** Share of runs whose candidate passes the gate and is deployed. */
  readonly acceptedRunShare: number;
  /** Milliseconds of one Serverless Inference invocation, and bytes in plus out. */
  readonly inferenceMs: number;
  readonly inferenceBytes: number;
  /** Days of bids the training-set query reads. */
  readonly trainingWindowDays: number;
}

/**
 * The mix and sizes of the local traffic generator (local/generate/traffic-model.ts): a bid wins
 * 38.8% of the time and a won bid is clicked 5.4% of the time, so per bid there are 1.41 events;
 * its bids are 276 bytes on the stream (docs/benchmarks.md measures the same), impressions 107 and
 * clicks 89. test/unit/cost/traffic-profile.test.ts checks these against the generator.
 */
export const GENERATOR_MIX: EventMix = { bids: 0.71, impressions: 0.275, clicks: 0.015 };
export const GENERATOR_EVENT_BYTES = 227;

export const DEFAULT_PROFILE: TrafficProfile = {
  eventsPerSecond: 1000,
  eventsPerRequest: 1,
  mix: GENERATOR_MIX,
  eventBytes: GENERATOR_EVENT_BYTES,
  campaigns: 1000,
  reportQueriesPerDay: 10_000,
  predictionsPerDay: 10_000,
  athenaQueriesPerDay: 50,
  athenaGiBPerQuery: 1,
  retentionDays: 365,
};

export const DEFAULT_ASSUMPTIONS: WorkloadAssumptions = {
  impressionRecordBytes: 330,
  clickRecordBytes: 370,
  aggregateRecordBytes: 140,
  correctionShare: 0.05,
  // Generated traffic refuses none; a real feed loses some impressions' bids and clicks' impressions.
  failedEventShare: 0.001,
  failedEventRecordBytes: 600,
  rawCompression: 0.15,
  parquetCompression: 0.2,
  reportItemBytes: 150,
  reportPeriodsPerQuery: 60,
  responseBytes: 60,
  lambdaLogBytesPerInvocation: 600,
  // bench:flink measured 140,000 events/s on one core without Kinesis I/O; a KPU with its sources,
  // sinks and checkpoints is taken at a fifth of that.
  flinkEventsPerKpuSecond: 25_000,
  flinkStateGiB: 1,
  reportsWriterMs: 120,
  apiHandlerMs: 60,
  fileRegistrationMs: 150,
  starterMs: 3000,
  canaryOverheadMs: 15_000,
  pipelineTaskMs: 30_000,
  lakeWriterBaseMs: 400,
  lakeWriterMsPerMiB: 250,
  compactionBaseSeconds: 5,
  compactionSecondsPerGiB: 15,
  trainingMinutes: 8,
  transformMinutes: 6,
  endpointUpdateMinutes: 10,
  acceptedRunShare: 0.5,
  inferenceMs: 30,
  inferenceBytes: 400,
  trainingWindowDays: 7,
};

/** A profile as a file gives it: any field of the profile or of `assumptions` may be left out. */
export interface ProfileInput extends Partial<Omit<TrafficProfile, 'mix'>> {
  readonly mix?: Partial<EventMix>;
  readonly assumptions?: Partial<WorkloadAssumptions>;
}

export interface Workload {
  readonly traffic: TrafficProfile;
  readonly assumptions: WorkloadAssumptions;
}

export class ProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileError';
  }
}

/** Fills a profile from the defaults and checks every figure; throws ProfileError naming the field. */
export function resolveWorkload(input: ProfileInput = {}): Workload {
  const { mix, assumptions, ...traffic } = input;
  for (const key of Object.keys(traffic)) {
    if (!(key in DEFAULT_PROFILE)) throw new ProfileError(`Unknown profile field "${key}"`);
  }
  for (const key of Object.keys(assumptions ?? {})) {
    if (!(key in DEFAULT_ASSUMPTIONS)) throw new ProfileError(`Unknown assumption "${key}"`);
  }
  const resolved: TrafficProfile = { ...DEFAULT_PROFILE, ...traffic, mix: { ...DEFAULT_PROFILE.mix, ...mix } };
  const all: WorkloadAssumptions = { ...DEFAULT_ASSUMPTIONS, ...assumptions };
  for (const [key, value] of Object.entries({ ...resolved, ...resolved.mix, ...all })) {
    if (typeof value === 'object') continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ProfileError(`${key} must be a number >= 0. Received ${JSON.stringify(value)}`);
    }
  }
  const { eventsPerRequest } = resolved;
  if (!Number.isInteger(eventsPerRequest) || eventsPerRequest < 1 || eventsPerRequest > 500) {
    throw new ProfileError(`eventsPerRequest must be an integer from 1 to 500. Received ${eventsPerRequest}`);
  }
  const share = resolved.mix.bids + resolved.mix.impressions + resolved.mix.clicks;
  if (Math.abs(share - 1) > 1e-6) {
    throw new ProfileError(`mix shares must sum to 1. Received ${JSON.stringify(resolved.mix)} (sum ${share})`);
  }
  if (resolved.eventBytes < 1) throw new ProfileError(`eventBytes must be at least 1. Received ${resolved.eventBytes}`);
  return { traffic: resolved, assumptions: all };
}
