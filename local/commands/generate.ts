import { request } from 'node:http';
import { CommandError, UsageError } from '../cli-error.ts';
import { loadLocalConfig } from '../config.ts';
import { freshSeed, generateTraffic, MAX_SEED, type TrafficSummary } from '../generate/generate-traffic.ts';
import { defineCommand } from './command.ts';

export const generateCommand = defineCommand({
  name: 'generate',
  summary: 'Send synthetic bids, impressions and clicks to the ingestion API.',
  details: `Needs the platform running ("npm start" in another terminal), or --url pointing at one.
Each run sends new transactions from a fresh seed, which it prints; --seed with that number sends the same
events again (the platform counts each tx_id once, so a repeat adds nothing to the reports).`,
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
      value: 'N',
      description: 'repeat the traffic of an earlier run (its seed is printed); default: a fresh seed, so new events',
    },
    json: { type: 'boolean', default: false, description: 'print the summary as JSON' },
  },
  async run({ values }) {
    const url = values.url ?? `http://localhost:${loadLocalConfig().port}`;
    if (!URL.canParse(url) || new URL(url).protocol !== 'http:') {
      throw new UsageError(`--url must be an http:// URL, got "${url}"`);
    }
    const options = {
      rate: positive('--rate', values.rate),
      durationSeconds: positive('--duration', values.duration),
      batchSize: positive('--batch', values.batch, 500),
      concurrency: positive('--concurrency', values.concurrency),
      seed: values.seed === undefined ? freshSeed() : seedOf(values.seed),
    };
    await ensureAnswering(url);
    if (!values.json) console.error(`Seed ${options.seed} (--seed ${options.seed} sends these events again)`);
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
    return summary.failedRequests === 0 ? 0 : 1;
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
    `Sent to ${url} in ${(s.elapsedMs / 1000).toFixed(1)} s: ${s.requests} requests (${s.retries} retried), ${s.failedRequests} failed`,
    `  seed        ${s.seed}  (--seed ${s.seed} sends these events again)`,
    ...rows,
    `  campaigns   ${Object.keys(s.campaigns).length}`,
  ].join('\n');
}

function seedOf(raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < 0 || value > MAX_SEED) {
    throw new UsageError(`--seed must be an integer from 0 to ${MAX_SEED}, got "${raw}"`);
  }
  return value;
}

/**
 * Fails at once, in one line, when nothing answers at the URL, instead of counting every request of the
 * run as failed. Any HTTP answer will do: a deployment has no /health, and that is fine.
 */
async function ensureAnswering(url: string): Promise<void> {
  const problem = await new Promise<string | undefined>((resolve) => {
    const req = request(new URL('/health', url), { method: 'GET', timeout: 5_000 }, (res) => {
      res.resume();
      resolve(undefined);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
  if (problem === undefined) return;
  throw new CommandError(
    `nothing answers at ${url} (${problem}): start the platform first ("npm start" or "npx sdp start" in another terminal), or point --url at a running one`,
  );
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
