import type { WindowCounts, WindowDrift } from '../../lambda/domain/lifecycle/report-drift.ts';
import { INSTANT_RULE, parseInstant } from '../../lambda/domain/reports/report-query.ts';
import { UsageError } from '../cli-error.ts';
import { loadLocalConfig } from '../config.ts';
import { type LocalReplay, replayLocally } from '../lifecycle/local-replay.ts';
import { defineCommand } from './command.ts';

export const replayCommand = defineCommand({
  name: 'replay',
  summary: "Recompute a range's reports from the lake, diff them against the live reports, and repair them.",
  details: `Runs the aggregation over raw_bcns for the windows starting in [--from, --to) (reading the hours
that cover the correction horizon around them), writes the result to the shadow table reports_shadow,
and prints each window whose live report differs, by how much. --apply writes those windows to the
live table through the versioned writer; windows the stream may still correct are left alone.
Events the stream dropped as too late, and events of erased users, show as drift (README).
Works whether the platform runs or not (a running one is found at --url).`,
  options: {
    from: { type: 'string', value: 'T', description: 'first window start: ISO-8601 or epoch seconds (required)' },
    to: {
      type: 'string',
      value: 'T',
      description: 'end of the range, exclusive: ISO-8601 or epoch seconds (required)',
    },
    apply: { type: 'boolean', default: false, description: 'repair the live reports that differ' },
    json: { type: 'boolean', default: false, description: 'print the result as one JSON object' },
    url: {
      type: 'string',
      value: 'URL',
      description: 'where the running platform answers (default http://localhost:$PORT)',
    },
  },
  async run({ values }) {
    const config = loadLocalConfig();
    const instant = (name: 'from' | 'to') => {
      const raw = values[name];
      if (raw === undefined) throw new UsageError(`--${name} is required`);
      const ms = parseInstant(raw);
      if (ms === undefined) throw new UsageError(`--${name} ${INSTANT_RULE}, got "${raw}"`);
      return ms;
    };
    const range = { fromMs: instant('from'), toMs: instant('to') };
    if (range.fromMs >= range.toMs) throw new UsageError('--to must be after --from');
    const url = values.url ?? `http://localhost:${config.port}`;
    const result = await replayLocally(config, range, { apply: values.apply, url });
    console.log(values.json ? JSON.stringify(asJson(result)) : describeReplay(result, values.apply));
    return 0;
  },
});

function asJson({ replay, reconciliation }: LocalReplay) {
  return {
    records: replay.records,
    files: replay.files,
    windows: reconciliation.summary.windows,
    drifted: reconciliation.summary.drifted,
    events: reconciliation.summary.events,
    applied: reconciliation.applied,
    open: reconciliation.open,
    drifts: reconciliation.drifts,
  };
}

export function describeReplay({ replay, reconciliation }: LocalReplay, apply: boolean): string {
  const { summary, drifts, applied, open } = reconciliation;
  const lines = [
    `Replayed ${replay.records} raw_bcns records from ${replay.files} files into ${replay.windows.length} windows (table reports_shadow).`,
    ...drifts.map(describeDrift),
    `${summary.drifted} of ${summary.windows} windows differ from the live reports (${summary.events} events).`,
  ];
  if (apply)
    lines.push(
      `Applied ${applied} repairs to the live reports${open > 0 ? `; ${open} windows the stream may still correct were left alone` : ''}.`,
    );
  else if (summary.drifted > 0) lines.push('Run again with --apply to repair them.');
  return lines.join('\n');
}

function describeDrift(drift: WindowDrift): string {
  const counts = (w: WindowCounts | undefined) =>
    w ? `bids ${w.bids} impressions ${w.impressions} clicks ${w.clicks} spend ${w.spend}` : 'none';
  const delta = Object.entries(drift.delta)
    .filter(([, n]) => n !== 0)
    .map(([kind, n]) => `${kind} ${n > 0 ? '+' : ''}${n}`)
    .join(', ');
  return `  campaign ${drift.campaign_item_id} ${drift.period}: live ${counts(drift.live)}; lake ${counts(drift.replayed)} (${delta})`;
}
