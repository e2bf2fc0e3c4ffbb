import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDataDir, startTestPlatform, type TestPlatform } from '../helpers/local-platform.ts';
import { until } from '../helpers/until.ts';

const run = promisify(execFile);
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

interface Example {
  readonly command: string;
  /** The `# …` line after the command; `…` stands for any text. */
  readonly expected?: string;
}

/** The commands of a README section that start with one of `prefixes`, each with the output shown for it. */
function examplesOf(section: string, prefixes: readonly string[]): Example[] {
  const start = README.indexOf(`## ${section}`);
  const text = README.slice(start, README.indexOf('\n## ', start + 1));
  const examples: Example[] = [];
  for (const [, block = ''] of text.matchAll(/```bash\n([\s\S]*?)```/g)) {
    const lines = block.replace(/\\\n\s*/g, ' ').split('\n');
    lines.forEach((line, i) => {
      if (!prefixes.some((prefix) => line.startsWith(prefix))) return;
      const next = lines[i + 1] ?? '';
      examples.push({ command: line, expected: next.startsWith('# ') ? next.slice(2) : undefined });
    });
  }
  return examples;
}

function matcher(expected: string): RegExp {
  const escaped = expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll('…', '.*');
  return new RegExp(`^${escaped}$`);
}

describe('the README quick start', () => {
  let platform: TestPlatform;
  const examples = examplesOf('Quick start', ['curl ', 'npx sdp sql ']);

  beforeAll(async () => {
    // The README's window timing: the report example runs after the window has closed.
    platform = await startTestPlatform(undefined, {
      SDP_PERIOD_SECONDS: '2',
      SDP_ALLOWED_LATENESS_SECONDS: '1',
      SDP_LAKE_FLUSH_SECONDS: '1',
    });
  });

  afterAll(async () => {
    await platform.stop();
    await removeDataDir(platform.dataDir);
  });

  it('has the examples it promises, each with its output', () => {
    expect(examples.filter((example) => example.expected !== undefined).length).toBeGreaterThanOrEqual(7);
    expect(examples.some((example) => example.command.startsWith('npx sdp sql '))).toBe(true);
  });

  it('answers every example as the README shows', async () => {
    const outputs: { command: string; output: string }[] = [];
    // The README shows the default local ports; the test platform runs on free ones.
    const asShown = (stdout: string) =>
      stdout
        .trim()
        .replace(/"kinesis_endpoint":"http:\/\/127\.0\.0\.1:\d+"/, '"kinesis_endpoint":"http://127.0.0.1:4567"')
        .replace(/"dynamodb_endpoint":"http:\/\/127\.0\.0\.1:\d+"/, '"dynamodb_endpoint":"http://127.0.0.1:4568"');
    for (const example of examples) {
      const command = example.command.replaceAll('localhost:3000', platform.url.replace('http://', ''));
      const once = async () =>
        asShown(
          (await run('bash', ['-c', command], { env: { ...process.env, SDP_DATA_DIR: platform.dataDir } })).stdout,
        );
      // A report or a lake query shows the events once their window closed and the lake writer
      // flushed (seconds, longer on a loaded machine): a reader runs the read again until then.
      const read = !/ -X (POST|PUT|DELETE) /.test(command);
      const { expected } = example;
      const shown = (output: string) => !read || expected === undefined || matcher(expected).test(output);
      outputs.push({ command: example.command, output: await until(once, shown, 30_000) });
    }
    for (const [i, example] of examples.entries()) {
      if (example.expected === undefined) continue;
      const output = outputs[i]?.output ?? '';
      expect({ command: example.command, output }).toStrictEqual({
        command: example.command,
        output: expect.stringMatching(matcher(example.expected)),
      });
    }
  });
});

describe('the README predictions example', () => {
  let platform: TestPlatform;
  const examples = examplesOf('Predictions', ['npx sdp ', 'curl ']);
  const windowSeconds = 2;

  beforeAll(async () => {
    platform = await startTestPlatform(undefined, {
      SDP_ATTRIBUTION_WINDOW_SECONDS: String(windowSeconds),
      SDP_LAKE_FLUSH_SECONDS: '1',
      SDP_RETRAIN_BIDS: '0',
    });
  });

  afterAll(async () => {
    await platform.stop();
    await removeDataDir(platform.dataDir);
  });

  it('generates, trains and predicts as the README shows', async () => {
    // Prepare
    const env = {
      ...process.env,
      SDP_DATA_DIR: platform.dataDir,
      SDP_ATTRIBUTION_WINDOW_SECONDS: String(windowSeconds),
      PORT: new URL(platform.url).port,
    };

    // Act
    const outputs: string[] = [];
    for (const example of examples) {
      const train = example.command.startsWith('npx sdp train');
      // The README's "wait for the attribution window", at this platform's window.
      if (train) await new Promise((r) => setTimeout(r, windowSeconds * 1000 + 3000));
      const command = example.command.replaceAll('localhost:3000', platform.url.replace('http://', ''));
      const deadline = Date.now() + 60_000;
      for (;;) {
        try {
          outputs.push((await run('bash', ['-c', command], { env, timeout: 120_000 })).stdout.trim());
          break;
        } catch (error) {
          // On a loaded machine the lake may hold too few labelled bids yet; the command says so, saves
          // nothing, and a reader runs it again a little later.
          const nothingYet = train && /Nothing to learn from yet/.test((error as { stderr?: string }).stderr ?? '');
          if (!nothingYet || Date.now() > deadline) throw error;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    }

    // Assess
    expect(examples.map((e) => e.command.split(' ').slice(0, 3).join(' '))).toStrictEqual([
      'npx sdp generate',
      'npx sdp train',
      'curl -s -X',
      'curl -s -X',
    ]);
    for (const [i, example] of examples.entries()) {
      if (example.expected === undefined) continue;
      expect({ command: example.command, output: outputs[i] }).toStrictEqual({
        command: example.command,
        output: expect.stringMatching(matcher(example.expected)),
      });
    }
  }, 180_000);
});

describe('the README API contract and typed client examples', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform();
  });

  afterAll(async () => {
    await platform.stop();
    await removeDataDir(platform.dataDir);
  });

  it('serves the OpenAPI document as the README shows', async () => {
    // Prepare
    const [example] = examplesOf('API contract', ['curl ']);

    // Act
    const command = (example?.command ?? '').replaceAll('localhost:3000', platform.url.replace('http://', ''));
    const { stdout } = await run('bash', ['-c', command]);

    // Assess
    expect(stdout).toMatch(matcher(example?.expected ?? 'no example'));
  });

  it('runs the typed client example as the README shows it', async () => {
    // Prepare
    const [example] = examplesOf('Sending events', ['npx tsx client/examples/']);
    const section = README.slice(README.indexOf('### From Node'));
    const output = /```bash\n(?:.*\n)# (.*)\n# (.*)\n```/.exec(section);

    // Act
    const command = (example?.command ?? '').replace('http://localhost:3000', platform.url);
    const { stdout } = await run('bash', ['-c', command]);

    // Assess
    expect(stdout.trim().split('\n')).toStrictEqual([output?.[1], output?.[2]]);
  });

  it('shows client/examples/send-events.ts as it is', () => {
    // Prepare
    const file = readFileSync(new URL('../../client/examples/send-events.ts', import.meta.url), 'utf8');

    // Assess: the README imports from the project root, the file from its folder.
    expect(README).toContain(file.replace("from '../sdp-client.ts'", "from './client/sdp-client.ts'"));
  });
});
