import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SDP_BIN = fileURLToPath(new URL('bin/sdp.mjs', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  /** The signal that ended the process, e.g. `SIGKILL` after the timeout. */
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunOptions {
  /** @default 30_000 */
  readonly timeoutMs?: number;
  /** @default this process's working directory, against which a relative SDP_DATA_DIR resolves */
  readonly cwd?: string;
  /** Added to this process's environment. */
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs `sdp <args>` in a child process to completion, killing it (SIGKILL) after `timeoutMs`. */
export function runSdp(args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  const { timeoutMs = 30_000, cwd, env = {} } = options;
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [SDP_BIN, ...args], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, stdout, stderr });
    });
  });
}
