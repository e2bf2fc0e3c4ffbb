import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FREE_PORTS,
  killPlatform,
  makeDataDir,
  removeDataDir,
  runCli,
  spawnPlatform,
} from '../helpers/local-platform.ts';

/*
 * `sdp start` where it cannot start (issue 12): it used to print an EADDRINUSE stack and then hang, the
 * emulator thread that did start keeping the process alive. Now it stops what it started and exits 1 with
 * one line naming the port and the variable that moves it.
 */

let busy: Server;
let busyPort: number;
let dataDir: string;

beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
  dataDir = await makeDataDir();
});

afterAll(async () => {
  await new Promise((resolve) => busy?.close(resolve));
  if (dataDir) await removeDataDir(dataDir);
});

describe('sdp start on a busy port', () => {
  it.each(['PORT', 'SDP_KINESIS_PORT', 'SDP_DYNAMODB_PORT'])(
    'stops what it started and exits 1 with one line naming the port and %s',
    async (variable) => {
      // Act
      const run = await runCli(['start'], 30_000, {
        ...FREE_PORTS,
        SDP_DATA_DIR: dataDir,
        [variable]: String(busyPort),
      });

      // Assess: it exited by itself (no SIGKILL from the timeout), and said only this.
      expect(run).toStrictEqual({
        code: 1,
        signal: null,
        stdout: '',
        stderr: `sdp start: port ${busyPort} is already in use (another sdp start?): set ${variable} to a free port, or 0 for any free one\n`,
      });
    },
  );

  it('leaves the data directory free: the next start on it works', async () => {
    // Act
    const platform = await spawnPlatform(dataDir);
    platform.child.kill('SIGINT');
    const exit = await platform.exited;

    // Assess
    expect(exit).toStrictEqual({ code: 0, signal: null });
    expect(platform.stdout()).toContain('Stopped cleanly.');
  });
});

describe('sdp start on a data directory another start holds', () => {
  it('exits 1 with one line naming the directory and SDP_DATA_DIR', async () => {
    // Prepare
    const first = await spawnPlatform(dataDir);

    // Act
    const second = await runCli(['start'], 30_000, { ...FREE_PORTS, SDP_DATA_DIR: dataDir });
    await killPlatform(first);

    // Assess
    expect(second).toStrictEqual({
      code: 1,
      signal: null,
      stdout: '',
      stderr: `sdp start: the data directory ${dataDir} is in use by another sdp start: stop that one, or set SDP_DATA_DIR to another directory\n`,
    });
  });
});
