import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateTraffic } from '../../local/generate/generate-traffic.ts';
import { readAllRecords } from '../../local/kinesis/read-stream.ts';
import {
  killPlatform,
  makeDataDir,
  post,
  removeDataDir,
  runCli,
  type SpawnedPlatform,
  spawnPlatform,
  startTestPlatform,
  type TestPlatform,
} from '../helpers/local-platform.ts';

/*
 * Accepted means stored: every event answered 200 is on `bcns` after the platform process is
 * killed outright or stopped with Ctrl-C while traffic flows, and no event is stored twice.
 */

const LOOPS = 8;
const TRAFFIC_MS = 2_000;

interface Traffic {
  /** tx_ids answered 200. */
  readonly acknowledged: Set<string>;
  /** Answers other than 200 (there should be none). */
  readonly unexpected: { txId: string; status: number; body: unknown }[];
  /** Requests sent and not yet answered or failed. */
  inFlight: number;
  /** Settles once every loop has stopped, at its first network error or after `deadlineMs`. */
  done: Promise<void>;
}

/** `loops` concurrent senders of single bids with unique tx_ids, each until its connection fails. */
function sendBidsUntilRefused(url: string, loops = LOOPS, deadlineMs = 20_000): Traffic {
  const prefix = randomUUID();
  const deadline = Date.now() + deadlineMs;
  const traffic: Traffic = { acknowledged: new Set(), unexpected: [], inFlight: 0, done: Promise.resolve() };
  const loop = async (id: number) => {
    for (let n = 0; Date.now() < deadline; n++) {
      const txId = `${prefix}-${id}-${n}`;
      traffic.inFlight++;
      try {
        const reply = await post(url, '/bid', { tx_id: txId, campaign_item_id: 1_000_000 + id, app_uid: `app-${n}` });
        if (reply.status === 200) traffic.acknowledged.add(txId);
        else traffic.unexpected.push({ txId, status: reply.status, body: reply.body });
      } catch {
        return;
      } finally {
        traffic.inFlight--;
      }
    }
  };
  traffic.done = Promise.all(Array.from({ length: loops }, (_, id) => loop(id))).then(() => undefined);
  return traffic;
}

/** The tx_ids on `bcns` of a platform restarted on `dataDir`: each present one, and any stored twice. */
async function bcnsAfterRestart(dataDir: string, onStarted: (platform: TestPlatform) => void) {
  const platform = await startTestPlatform(dataDir);
  onStarted(platform);
  const txIds = (await readAllRecords(platform.kinesis, 'bcns')).map((record) => record.partitionKey);
  const present = new Set<string>();
  const duplicates: string[] = [];
  for (const txId of txIds) {
    if (present.has(txId)) duplicates.push(txId);
    present.add(txId);
  }
  return { present, duplicates };
}

describe('a platform process stopped while traffic flows', () => {
  let dataDir: string | undefined;
  let spawned: SpawnedPlatform | undefined;
  let restarted: TestPlatform | undefined;

  afterEach(async () => {
    await killPlatform(spawned);
    await restarted?.stop();
    if (dataDir) await removeDataDir(dataDir);
    spawned = undefined;
    restarted = undefined;
    dataDir = undefined;
  });

  it('loses no acknowledged event and stores none twice when killed with SIGKILL', async () => {
    // Prepare
    dataDir = await makeDataDir();
    spawned = await spawnPlatform(dataDir);
    const traffic = sendBidsUntilRefused(spawned.url);
    await sleep(TRAFFIC_MS);

    // Act
    const inFlightAtKill = traffic.inFlight;
    spawned.child.kill('SIGKILL');
    const exit = await spawned.exited;
    await traffic.done;

    // Assess
    expect(exit).toStrictEqual({ code: null, signal: 'SIGKILL' });
    expect(inFlightAtKill).toBeGreaterThan(0);
    expect(traffic.acknowledged.size).toBeGreaterThan(0);
    expect(traffic.unexpected).toStrictEqual([]);
    const { present, duplicates } = await bcnsAfterRestart(dataDir, (platform) => {
      restarted = platform;
    });
    expect([...traffic.acknowledged].filter((txId) => !present.has(txId))).toStrictEqual([]);
    expect(duplicates).toStrictEqual([]);
    // Only requests cut off by the kill may be stored without an answer.
    expect([...present].filter((txId) => !traffic.acknowledged.has(txId)).length).toBeLessThanOrEqual(inFlightAtKill);
  });

  it('answers or refuses every request, flushes, and exits 0 on SIGINT', async () => {
    // Prepare
    dataDir = await makeDataDir();
    spawned = await spawnPlatform(dataDir);
    const traffic = sendBidsUntilRefused(spawned.url);
    await sleep(TRAFFIC_MS);

    // Act
    const inFlightAtSignal = traffic.inFlight;
    spawned.child.kill('SIGINT');
    const exit = await spawned.exited;
    await traffic.done;

    // Assess
    expect(exit).toStrictEqual({ code: 0, signal: null });
    expect(spawned.stdout()).toContain('\nStopped cleanly.\n');
    expect(inFlightAtSignal).toBeGreaterThan(0);
    expect(traffic.acknowledged.size).toBeGreaterThan(0);
    expect(traffic.unexpected).toStrictEqual([]);
    const { present, duplicates } = await bcnsAfterRestart(dataDir, (platform) => {
      restarted = platform;
    });
    // Stored if and only if answered 200: no request in flight was cut off unanswered.
    expect([...present].sort()).toStrictEqual([...traffic.acknowledged].sort());
    expect(duplicates).toStrictEqual([]);
  });
});

describe('sdp generate', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
    if (platform) await removeDataDir(platform.dataDir);
  });

  const countByType = async () => {
    const counts: Record<string, number> = { bid: 0, imp: 0, click: 0 };
    for (const record of await readAllRecords(platform.kinesis, 'bcns')) {
      const { type } = JSON.parse(record.data) as { type: string };
      counts[type] = (counts[type] ?? 0) + 1;
    }
    return counts;
  };

  it('writes exactly the events it reports as accepted', async () => {
    // Prepare
    const before = await countByType();

    // Act
    const summary = await generateTraffic({ url: platform.url, rate: 200, durationSeconds: 2 });

    // Assess
    const after = await countByType();
    const { bid, impression, click } = summary.events;
    expect(summary.failedRequests).toBe(0);
    expect(bid.accepted).toBeGreaterThan(0);
    expect(impression.accepted).toBeGreaterThan(0);
    expect({ bid, impression, click }).toStrictEqual({
      bid: { sent: bid.accepted, accepted: bid.accepted, failed: 0 },
      impression: { sent: impression.accepted, accepted: impression.accepted, failed: 0 },
      click: { sent: click.accepted, accepted: click.accepted, failed: 0 },
    });
    expect({
      bid: (after.bid ?? 0) - (before.bid ?? 0),
      imp: (after.imp ?? 0) - (before.imp ?? 0),
      click: (after.click ?? 0) - (before.click ?? 0),
    }).toStrictEqual({ bid: bid.accepted, imp: impression.accepted, click: click.accepted });
  });

  it('runs from the command line and prints its summary as JSON', async () => {
    // Act
    const run = await runCli(['generate', '--rate', '50', '--duration', '1', '--url', platform.url, '--json']);

    // Assess
    expect({ code: run.code, stderr: run.stderr }).toStrictEqual({ code: 0, stderr: '' });
    const summary = JSON.parse(run.stdout) as {
      failedRequests: number;
      events: { bid: { sent: number; accepted: number } };
    };
    expect(summary.failedRequests).toBe(0);
    expect(summary.events.bid.sent).toBeGreaterThan(0);
    expect(summary.events.bid.accepted).toBe(summary.events.bid.sent);
  });
});
