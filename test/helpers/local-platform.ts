import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { type IncomingHttpHeaders, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localDocument } from '../../lambda/domain/openapi/documents.ts';
import { type CliRun, runSdp } from '../../local/cli-process.ts';
import { loadLocalConfig } from '../../local/config.ts';
import { type Platform, startPlatform } from '../../local/platform.ts';
import { OpenApiContract } from './openapi-contract.ts';

/** The repository root, where `local/bin/sdp.mjs` lives. */
export const PROJECT_DIR = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const SDP_BIN = join(PROJECT_DIR, 'local', 'bin', 'sdp.mjs');

export interface TestPlatform extends Platform {
  readonly dataDir: string;
}

/**
 * Environment that puts every local service on a free port, without the freshness canary (its bids
 * would be in every count a test makes; the canary's own tests turn it on).
 */
export const FREE_PORTS = {
  PORT: '0',
  SDP_KINESIS_PORT: '0',
  SDP_DYNAMODB_PORT: '0',
  SDP_CANARY_SECONDS: '0',
} as const;

/** A fresh temporary data directory for one platform; remove it with {@link removeDataDir}. */
export function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'sdp-e2e-'));
}

export function removeDataDir(dataDir: string): Promise<void> {
  return rm(dataDir, { recursive: true, force: true });
}

/** Starts the platform in this process on free ports, on `dataDir` or a new temporary one. */
export async function startTestPlatform(dataDir?: string, env: NodeJS.ProcessEnv = {}): Promise<TestPlatform> {
  const dir = dataDir ?? (await makeDataDir());
  const platform = await startPlatform(loadLocalConfig({ ...FREE_PORTS, SDP_DATA_DIR: dir, ...env }));
  return Object.assign(platform, { dataDir: dir });
}

export interface SpawnedPlatform {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process printed to stdout so far. */
  readonly stdout: () => string;
  /** Settles once the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const STARTUP_LINE = /Ingestion API\s+(http:\/\/\S+?)\/bid\b/;

/** Runs `sdp start [startArgs]` as a child process on free ports and resolves once it prints the API's URL. */
export function spawnPlatform(
  dataDir: string,
  env: NodeJS.ProcessEnv = {},
  {
    timeoutMs = 30_000,
    startArgs = [],
    wrap = (argv) => argv,
  }: {
    timeoutMs?: number;
    startArgs?: readonly string[];
    /** Runs the command line through another, e.g. `unshare` (the first word is the program). */
    wrap?: (argv: readonly string[]) => readonly string[];
  } = {},
): Promise<SpawnedPlatform> {
  const [program, ...args] = wrap([process.execPath, SDP_BIN, 'start', ...startArgs]) as [string, ...string[]];
  const child = spawn(program, args, {
    cwd: PROJECT_DIR,
    env: { ...process.env, ...FREE_PORTS, SDP_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  return new Promise((resolvePlatform, reject) => {
    const fail = (reason: string) => {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`sdp start ${reason}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`printed no URL within ${timeoutMs} ms`), timeoutMs);
    const onExit = (code: number | null, signal: string | null) => fail(`exited (${code ?? signal}) before listening`);
    const onData = () => {
      const match = STARTUP_LINE.exec(stdout);
      if (!match?.[1]) return;
      cleanup();
      resolvePlatform({ url: match[1], child, stdout: () => stdout, exited });
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout?.off('data', onData);
    };
    child.once('exit', onExit);
    child.stdout?.on('data', onData);
  });
}

/** Stops a spawned platform if it still runs (SIGKILL) and waits for it to be gone. */
export async function killPlatform(spawned: SpawnedPlatform | undefined): Promise<void> {
  if (!spawned) return;
  if (spawned.child.exitCode === null && spawned.child.signalCode === null) spawned.child.kill('SIGKILL');
  await spawned.exited;
}

export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

/** The local platform's OpenAPI document, against which every answer the helpers see is checked. */
const CONTRACT = new OpenApiContract(localDocument('http://localhost', '0'));

/**
 * POSTs `body` (a string or Buffer is sent as is, anything else as JSON) and parses the JSON answer, which
 * must match the platform's OpenAPI document (status and body), or the call rejects.
 * A `contentType` of null sends no Content-Type header at all; `headers` are added. Network errors reject.
 */
export function post(
  url: string,
  path: string,
  body: unknown,
  contentType: string | null = 'application/json',
  extraHeaders: Record<string, string> = {},
): Promise<Reply> {
  const payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const headers: Record<string, string | number> = { 'content-length': Buffer.byteLength(payload), ...extraHeaders };
  if (contentType !== null) headers['content-type'] = contentType;
  return send(new URL(path, url), 'POST', headers, payload);
}

/** GETs a path and parses the JSON answer, which must match the platform's OpenAPI document. */
export function get(url: string, path: string): Promise<Reply> {
  return send(new URL(path, url), 'GET', {}, undefined);
}

function send(
  url: URL,
  method: string,
  headers: Record<string, string | number>,
  body: string | Buffer | undefined,
): Promise<Reply> {
  return new Promise<Reply>((resolveReply, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let reply: Reply;
        try {
          reply = { status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined };
        } catch {
          reject(
            new Error(`${method} ${url.pathname} answered ${res.statusCode} with a body that is not JSON: ${text}`),
          );
          return;
        }
        try {
          const contentType = res.headers['content-type'];
          CONTRACT.assert({ method, path: url.pathname, status: reply.status, contentType, body: reply.body });
          resolveReply(reply);
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `sdp <args>` from the project directory to completion, killing it after `timeoutMs`. */
export function runCli(args: readonly string[], timeoutMs = 30_000, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return runSdp(args, { timeoutMs, cwd: PROJECT_DIR, env });
}
