import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type LoadPhaseResult, runLoadPhase } from './load-phase.ts';

const SERVER = fileURLToPath(new URL('./noop-http-server.ts', import.meta.url));
const PROJECT = fileURLToPath(new URL('../..', import.meta.url));
const START_TIMEOUT_MS = 30_000;

export interface HttpCeilingOptions {
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
}

/**
 * The request rate of a no-op node:http server answering single bids, under the same load as the
 * single-event phase: the most any Node HTTP API can reach with this load generator on this machine.
 * The server runs as its own process, as the platform does, so it does not share the load generator's thread.
 */
export async function measureHttpCeiling(options: HttpCeilingOptions): Promise<LoadPhaseResult> {
  const server = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    cwd: PROJECT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
  try {
    const url = await serverUrl(server.stdout, exited);
    const phase = { url, platformPid: server.pid as number, eventsPerRequest: 1, connections: options.connections };
    await runLoadPhase({ ...phase, name: 'no-op warm-up', prefix: 'noopwarm', durationSeconds: options.warmupSeconds });
    const { result } = await runLoadPhase({
      ...phase,
      name: 'no-op HTTP ceiling',
      prefix: 'noop',
      durationSeconds: options.durationSeconds,
    });
    return result;
  } finally {
    server.kill('SIGTERM');
    await exited;
  }
}

function serverUrl(stdout: NodeJS.ReadableStream, exited: Promise<number | null>): Promise<string> {
  let output = '';
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    new Promise<string>((resolve) => {
      stdout.setEncoding('utf8');
      stdout.on('data', (text: string) => {
        output += text;
        const url = /No-op HTTP server (http:\/\/\S+)/.exec(output)?.[1];
        if (url) resolve(url);
      });
    }),
    exited.then((code) => {
      throw new Error(`The no-op HTTP server exited with code ${code} before it was ready: ${output}`);
    }),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Timed out waiting for the no-op HTTP server')), START_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}
