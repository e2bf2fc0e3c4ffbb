import type { LocalConfig } from '../config.ts';
import { lakeDir } from '../config.ts';
import type { ComponentHealth } from '../health/component-health.ts';
import { FileObjectStore } from '../lake/file-object-store.ts';
import { LakeSql } from '../lake/lake-sql.ts';

export interface PlatformStatus {
  readonly url: string;
  readonly status: string;
  readonly stages: Readonly<Record<string, ComponentHealth>>;
  /** Failed events the lake holds that were refused in the last hour, by reason. */
  readonly failedEventsLastHour: Readonly<Record<string, number>>;
}

/** Asks the running platform for its stages' health and the lake for the last hour's failed events. */
export async function readPlatformStatus(config: LocalConfig, url: string, now = Date.now()): Promise<PlatformStatus> {
  let health: { status: string; components?: Record<string, ComponentHealth> };
  try {
    const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(5_000) });
    health = (await response.json()) as typeof health;
  } catch (error) {
    throw new Error(`No platform answers at ${url} (${(error as Error).message}); start it with \`npm start\``);
  }
  const lake = await LakeSql.open(new FileObjectStore(lakeDir(config)));
  try {
    const { rows } = await lake.query(
      `SELECT reason, count(*) AS events FROM failed_events WHERE "timestamp" >= ${now - 3_600_000} GROUP BY reason ORDER BY reason`,
    );
    return {
      url,
      status: health.status,
      stages: health.components ?? {},
      failedEventsLastHour: Object.fromEntries(rows.map((row) => [row.reason as string, Number(row.events)])),
    };
  } finally {
    lake.close();
  }
}

/** The status as a table a person reads in a terminal. */
export function formatStatus(status: PlatformStatus): string {
  const lines = [`Platform at ${status.url}: ${status.status}`, ''];
  const rows = Object.entries(status.stages).map(([name, stage]) => [name, stage.status, describe(stage)]);
  const width = (i: number) => Math.max(...[['stage', 'status', ''], ...rows].map((row) => (row[i] ?? '').length));
  for (const row of [['stage', 'status', 'detail'], ...rows]) {
    lines.push(`${(row[0] ?? '').padEnd(width(0))}  ${(row[1] ?? '').padEnd(width(1))}  ${row[2]}`.trimEnd());
  }
  const failed = Object.entries(status.failedEventsLastHour);
  const total = failed.reduce((sum, [, n]) => sum + n, 0);
  lines.push(
    '',
    `Failed events in the last hour: ${total}${failed.length > 0 ? ` (${failed.map(([r, n]) => `${r} ${n}`).join(', ')})` : ''}`,
  );
  return lines.join('\n');
}

function describe(stage: ComponentHealth): string {
  const { status: _, reason, error, since, ...details } = stage as ComponentHealth & Record<string, unknown>;
  const failure = error === undefined ? undefined : `${error} (since ${since})`;
  const parts = Object.entries(details)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key, value]) => `${key.replaceAll('_', ' ')} ${value}`);
  return [reason, failure, ...parts].filter(Boolean).join('; ');
}
