import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `SDP_BENCH_QUICK=1` cuts the durations of the benchmarks that honour it to a few seconds, to check that
 * the scripts work. Such figures mean nothing, so they go to a scratch folder, not to the repository.
 */
export const QUICK = process.env.SDP_BENCH_QUICK === '1';
const OUTPUT_ROOT = QUICK ? join(tmpdir(), 'sdp-bench-quick') : fileURLToPath(new URL('..', import.meta.url));
export const RESULTS_DIR = join(OUTPUT_ROOT, 'bench', 'results');
export const DOCS_FILE = join(OUTPUT_ROOT, 'docs', 'benchmarks.md');

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cpuCount: number;
  readonly totalMemoryGiB: number;
  readonly os: string;
  readonly node: string;
  /** ISO 8601. */
  readonly date: string;
  readonly commit: string;
  /** Uncommitted changes were present, so the commit alone does not reproduce the run. */
  readonly dirty: boolean;
  /** 1-minute load average when the run started: anything else busy on the machine skews the figures. */
  readonly loadAverage: number;
}

export function machineInfo(): MachineInfo {
  const cores = cpus();
  return {
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    cpuCount: cores.length,
    totalMemoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${type()} ${release()} ${process.arch}`,
    node: process.version,
    date: new Date().toISOString(),
    commit: git('rev-parse', '--short', 'HEAD') ?? 'unknown',
    dirty: (git('status', '--porcelain') ?? '') !== '',
    loadAverage: Math.round(loadavg()[0] * 100) / 100,
  };
}

export function machineMarkdown(machine: MachineInfo): string {
  const commit = `\`${machine.commit}\`${machine.dirty ? ' (with uncommitted changes)' : ''}`;
  return [
    `- Machine: ${machine.cpuCount} × ${machine.cpuModel}, ${machine.totalMemoryGiB} GiB RAM, ${machine.os}`,
    `- Node.js ${machine.node}; run ${machine.date.slice(0, 16).replace('T', ' ')} UTC at commit ${commit}, load average ${machine.loadAverage} at the start`,
  ].join('\n');
}

const TITLE = `# Benchmarks

Generated, not written by hand: \`npm run bench\` (bench/run-all.ts) runs every benchmark script, each of which
rewrites its own section, then writes the summary and rebuilds this file from its sections; \`npm run bench:<name>\`
reruns one. Text outside a section's markers is dropped when the file is rebuilt: change the scripts instead.
`;

/**
 * Replaces the `name` section of a markdown file, between `<!-- bench:name:start -->` and
 * `<!-- bench:name:end -->`, so each benchmark rewrites only its own results. Creates the file or
 * appends the section when missing.
 */
export function replaceSection(file: string, name: string, markdown: string): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const section = `${start}\n${markdown.trim()}\n${end}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : TITLE;
  const from = current.indexOf(start);
  const to = current.indexOf(end, from);
  let next: string;
  if (from !== -1 && to !== -1) {
    next = current.slice(0, from) + section + current.slice(to + end.length);
  } else if (from === -1 && to === -1) {
    next = `${current.trimEnd()}\n\n${section}\n`;
  } else {
    throw new Error(`${file}: the markers of section "${name}" are incomplete; fix them by hand`);
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, next);
}

/**
 * Rewrites a markdown file as the title followed by its sections, those named in `order` first and in that
 * order, so the whole file comes from the scripts. Returns the text found outside the markers, which is dropped.
 */
export function rebuildDocument(file: string, order: readonly string[]): string[] {
  const current = readFileSync(file, 'utf8');
  const sections = new Map<string, string>();
  const outside: string[] = [];
  let from = 0;
  for (const match of current.matchAll(SECTION)) {
    outside.push(current.slice(from, match.index));
    sections.set(match[1] as string, match[0]);
    from = match.index + match[0].length;
  }
  outside.push(current.slice(from));
  const names = [
    ...order.filter((name) => sections.has(name)),
    ...[...sections.keys()].filter((name) => !order.includes(name)),
  ];
  writeFileSync(file, `${TITLE}\n${names.map((name) => sections.get(name)).join('\n\n')}\n`);
  const title = TITLE.trim();
  return outside.map((text) => text.replace(title, '').trim()).filter((text) => text !== '');
}

const SECTION = /<!-- bench:([\w-]+):start -->[\s\S]*?<!-- bench:\1:end -->/g;

export function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function git(...args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}
