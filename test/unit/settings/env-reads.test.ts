import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_SETTINGS } from '../../../lambda/domain/settings/environment.ts';
import { PROJECT_DIR } from '../../helpers/local-platform.ts';

/*
 * Every environment variable the code reads is declared in the settings spec, and so documented in the
 * README: the source is searched for `process.env.X`, `env.X` and `env['X']`. A read through a computed
 * name (`env[NAME]`) is allowed only in a module that takes its names from the spec.
 */

const SOURCE_DIRS = [
  'bin',
  'lib',
  'lambda',
  'local',
  'cost',
  'bench',
  'gatling',
  'scripts',
  'client',
  'test/helpers',
  'test/contract',
];
const SKIP = new Set(['node_modules', 'target', 'generated', 'results']);

interface EnvReads {
  readonly names: string[];
  /** Reads by a computed name, e.g. `env[key]`. */
  readonly computed: number;
}

const NAMED = [
  /\bprocess\.env\.([A-Za-z_][A-Za-z0-9_]*)/g,
  /\bprocess\.env\[\s*['"`]([^'"`]+)['"`]\s*\]/g,
  /(?<![.\w])env\.([A-Z][A-Z0-9_]*)\b/g,
  /(?<![.\w])env\[\s*['"`]([^'"`]+)['"`]\s*\]/g,
];
const COMPUTED = /(?<![.\w])(?:process\.)?env\[(?!\s*['"`])/g;

/** The environment variables a source text reads. */
function envReads(source: string): EnvReads {
  const names = NAMED.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1] as string));
  return { names: [...new Set(names)], computed: [...source.matchAll(COMPUTED)].length };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs|js)$/.test(name) ? [path] : [];
  });
}

const DECLARED = new Set(ENV_SETTINGS.map((setting) => setting.name));
const FILES = SOURCE_DIRS.flatMap((dir) => sourceFiles(join(PROJECT_DIR, dir))).map((path) => ({
  path: relative(PROJECT_DIR, path),
  text: readFileSync(path, 'utf8'),
}));

describe('environment reads', () => {
  it('finds named and computed reads, and no assignment into a child environment', () => {
    // Act
    const reads = envReads(
      "const a = process.env.PORT; const b = env.SDP_X; const c = process.env['Y_Z']; const d = env[key];\n" +
        "spawn(cmd, { env: { ...process.env, SDP_DATA_DIR: dir } }); config.env.NOT_ME; const e = env['W'];",
    );

    // Assess
    expect(reads).toStrictEqual({ names: ['PORT', 'Y_Z', 'SDP_X', 'W'], computed: 1 });
  });

  it('are all declared in the settings spec (and so in the README)', () => {
    // Act
    const undeclared = FILES.flatMap(({ path, text }) =>
      envReads(text)
        .names.filter((name) => !DECLARED.has(name))
        .map((name) => `${path}: ${name}`),
    );

    // Assess
    expect(undeclared).toStrictEqual([]);
  });

  it('by a computed name happen only in modules that take their names from the spec', () => {
    // Act
    const unchecked = FILES.filter(
      ({ text }) =>
        envReads(text).computed > 0 && !/from '[./]*(lambda\/)?domain\/settings\/|from '\.\/setting\.ts'/.test(text),
    ).map(({ path }) => path);

    // Assess
    expect(unchecked).toStrictEqual([]);
  });

  it('searches the code that reads the most variables', () => {
    const paths = FILES.map(({ path }) => path);
    expect(paths).toEqual(
      expect.arrayContaining(['local/config.ts', 'lib/platform-app.ts', 'bench/ml.ts', 'cost/cli.ts']),
    );
  });
});
