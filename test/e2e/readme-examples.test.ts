import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDataDir, startTestPlatform, type TestPlatform } from '../helpers/local-platform.ts';

const run = promisify(execFile);
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

interface Example {
  readonly command: string;
  /** The `# …` line after the command; `…` stands for any text. */
  readonly expected?: string;
}

/** The curl and `npx sdp sql` commands of the Quick start, each with the output the README shows for it. */
function quickStartExamples(): Example[] {
  const quickStart = README.slice(README.indexOf('## Quick start'), README.indexOf('## Architecture'));
  const examples: Example[] = [];
  for (const [, block = ''] of quickStart.matchAll(/```bash\n([\s\S]*?)```/g)) {
    const lines = block.replace(/\\\n\s*/g, ' ').split('\n');
    lines.forEach((line, i) => {
      if (!line.startsWith('curl ') && !line.startsWith('npx sdp sql ')) return;
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
  const examples = quickStartExamples();

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
    for (const example of examples) {
      // The report is only complete once the window closed: wait for it as a reader of the README would.
      if (example.command.includes('/reports/')) await new Promise((resolve) => setTimeout(resolve, 4000));
      const command = example.command.replaceAll('localhost:3000', platform.url.replace('http://', ''));
      const { stdout } = await run('bash', ['-c', command], {
        env: { ...process.env, SDP_DATA_DIR: platform.dataDir },
      });
      outputs.push({ command: example.command, output: stdout.trim() });
    }
    for (const [i, example] of examples.entries()) {
      if (example.expected === undefined) continue;
      // The README shows the default local ports; the test platform runs on free ones.
      const output = (outputs[i]?.output ?? '')
        .replace(/"kinesis_endpoint":"http:\/\/127\.0\.0\.1:\d+"/, '"kinesis_endpoint":"http://127.0.0.1:4567"')
        .replace(/"dynamodb_endpoint":"http:\/\/127\.0\.0\.1:\d+"/, '"dynamodb_endpoint":"http://127.0.0.1:4568"');
      expect({ command: example.command, output }).toStrictEqual({
        command: example.command,
        output: expect.stringMatching(matcher(example.expected)),
      });
    }
  });
});
