import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SDP_BIN = fileURLToPath(new URL('../../local/bin/sdp.mjs', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 60_000;

export interface PlatformProcess {
  readonly url: string;
  readonly kinesisEndpoint: string;
  readonly pid: number;
  /** The platform's SDP_DATA_DIR, deleted once it stops (the lake lives under it). */
  readonly dataDir: string;
  /** SIGINT, as Ctrl-C would, then waits for a clean exit; resolves to the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Runs `sdp start [startArgs]` as a child process, so the load generator does not share the platform's event
 * loop, on free ports and a fresh data folder that is deleted when it stops.
 */
export async function startPlatformProcess(startArgs: readonly string[] = []): Promise<PlatformProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sdp-bench-'));
  const child = spawn(process.execPath, [SDP_BIN, 'start', ...startArgs], {
    // No freshness canary: its bids would be counted by the read-back loss checks.
    env: {
      ...process.env,
      PORT: '0',
      SDP_KINESIS_PORT: '0',
      SDP_DYNAMODB_PORT: '0',
      SDP_CANARY_SECONDS: '0',
      SDP_DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const cleanUp = () => rmSync(dataDir, { recursive: true, force: true });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => process.stderr.write(prefixLines('[platform] ', text)));
  try {
    const { url, kinesisEndpoint } = await readAddresses(child, exited);
    return {
      url,
      kinesisEndpoint,
      pid: child.pid as number,
      dataDir,
      stop: async () => {
        child.kill('SIGINT');
        try {
          return await withTimeout(exited, STOP_TIMEOUT_MS, 'the platform to stop after SIGINT');
        } catch (error) {
          child.kill('SIGKILL');
          throw error;
        } finally {
          cleanUp();
        }
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    cleanUp();
    throw error;
  }
}

function readAddresses(
  child: ChildProcess,
  exited: Promise<number | null>,
): Promise<{ url: string; kinesisEndpoint: string }> {
  let output = '';
  const found = new Promise<{ url: string; kinesisEndpoint: string }>((resolve) => {
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (text: string) => {
      output += text;
      const url = /Ingestion API\s+(http:\/\/\S+?)\/bid\b/.exec(output)?.[1];
      const kinesisEndpoint = /Kinesis\s+(http:\/\/\S+)/.exec(output)?.[1];
      if (url && kinesisEndpoint) resolve({ url, kinesisEndpoint });
    });
  });
  const failed = exited.then((code) => {
    throw new Error(`The platform exited with code ${code} before it was ready. Its output:\n${output}`);
  });
  return withTimeout(Promise.race([found, failed]), START_TIMEOUT_MS, 'the platform to start');
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function prefixLines(prefix: string, text: string): string {
  return text.replace(/^(?=.)/gm, prefix);
}
