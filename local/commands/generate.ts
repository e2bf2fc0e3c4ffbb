import { UsageError } from '../cli-error.ts';
import { loadLocalConfig } from '../config.ts';
import { generateTraffic, type TrafficSummary } from '../generate/generate-traffic.ts';
import { defineCommand } from './command.ts';

export const generateCommand = defineCommand({
  name: 'generate',
  summary: 'Send synthetic bids, impressions and clicks to the ingestion API.',
  options: {
    rate: { type: 'string', default: '100', value: 'N', description: 'bids per second (default 100)' },
    duration: { type: 'string', default: '10', value: 'S', description: 'seconds to send for (default 10)' },
    url: {
      type: 'string',
      value: 'U',
      description: 'API base URL (default http://localhost:$PORT, PORT default 3000)',
    },
    batch: { type: 'string', default: '1', value: 'N', description: 'events per request, 1 to 500 (default 1)' },
    concurrency: { type: 'string', default: '32', value: 'N', description: 'requests in flight (default 32)' },
    seed: {
      type: 'string',
      default: '1',
      value: 'N',
      description: 'random seed, for reproducible traffic (default 1)',
    },
    json: { type: 'boolean', default: false, description: 'print the summary as JSON' },
  },
  async run({ values }) {
    const url = values.url ?? `http://localhost:${loadLocalConfig().port}`;
    const options = {
      rate: positive('--rate', values.rate),
      durationSeconds: positive('--duration', values.duration),
      batchSize: positive('--batch', values.batch, 500),
      concurrency: positive('--concurrency', values.concurrency),
      seed: positive('--seed', values.seed),
    };
    const interactive = process.stderr.isTTY && !values.json;
    const summary = await generateTraffic({
      url,
      ...options,
      onProgress: (progress) => {
        const line = progressLine(progress);
        if (interactive) process.stderr.write(`\r${line}`);
        else if (!values.json) console.error(line);
      },
    });
    if (interactive) process.stderr.write('\n');
    if (values.json) console.log(JSON.stringify(summary, null, 2));
    else console.log(summaryText(summary, url));
    return summary.failedRequests === 0 ? 0 : 2;
  },
});

function progressLine(s: TrafficSummary): string {
  const seconds = s.elapsedMs / 1000;
  const sent = s.events.bid.sent + s.events.impression.sent + s.events.click.sent;
  return `${seconds.toFixed(0)}s  bids ${s.events.bid.sent}  impressions ${s.events.impression.sent}  clicks ${s.events.click.sent}  ${Math.round(sent / seconds)} events/s  failed requests ${s.failedRequests}`;
}

function summaryText(s: TrafficSummary, url: string): string {
  const rows = (['bid', 'impression', 'click'] as const).map(
    (kind) =>
      `  ${kind.padEnd(11)} sent ${String(s.events[kind].sent).padStart(8)}  accepted ${String(s.events[kind].accepted).padStart(8)}  failed ${s.events[kind].failed}`,
  );
  return [
    `Sent to ${url} in ${(s.elapsedMs / 1000).toFixed(1)} s: ${s.requests} requests, ${s.failedRequests} failed`,
    ...rows,
    `  campaigns   ${Object.keys(s.campaigns).length}`,
  ].join('\n');
}

function positive(name: string, raw: string, max = Number.POSITIVE_INFINITY): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw new UsageError(
      `${name} must be a number greater than 0${Number.isFinite(max) ? ` and at most ${max}` : ''}, got "${raw}"`,
    );
  }
  return value;
}
