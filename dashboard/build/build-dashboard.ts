import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, type BuildResult, build, buildSync } from 'esbuild';

const DASHBOARD_DIR = fileURLToPath(new URL('..', import.meta.url));

/** One file of the built page, at its path under the site's root. */
export interface DashboardFile {
  /** `index.html`, or `dashboard/<name>-<hash>.<ext>` for the bundles. */
  readonly path: string;
  readonly contentType: string;
  readonly body: string;
  /** Named by their content's hash: a browser or CDN may keep them forever. */
  readonly immutable: boolean;
}

/** The page's own settings file, beside the bundles: written per target, never cached. */
export const CONFIG_PATH = 'dashboard/config.json';

const OPTIONS: BuildOptions = {
  entryPoints: [join(DASHBOARD_DIR, 'src', 'main.tsx')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  entryNames: 'app-[hash]',
  outdir: join(DASHBOARD_DIR, 'out'),
  write: false,
  logLevel: 'silent',
  legalComments: 'linked',
};

/**
 * Bundles the dashboard (Preact, uPlot and the page's code and styles) with esbuild, in memory: the
 * local platform builds it on the first request for the page, so `npm install && npm start` from a
 * fresh clone serves it with nothing built or committed beforehand.
 */
export async function buildDashboard(): Promise<DashboardFile[]> {
  return files(await build(OPTIONS));
}

/** The same build, synchronously: CDK constructs stage the site's files at synth time. */
export function buildDashboardSync(): DashboardFile[] {
  return files(buildSync(OPTIONS));
}

/** Writes built files under `directory`, at their paths under the site's root (for a CDK asset). */
export function writeDashboardSync(directory: string, built: readonly DashboardFile[]): void {
  for (const file of built) {
    mkdirSync(dirname(join(directory, file.path)), { recursive: true });
    writeFileSync(join(directory, file.path), file.body);
  }
}

function files(result: BuildResult<typeof OPTIONS>): DashboardFile[] {
  const outputs = (result.outputFiles ?? []).map((output) => ({
    path: `dashboard/${basename(output.path)}`,
    contentType: contentType(output.path),
    body: output.text,
    immutable: true,
  }));
  const named = (extension: string) => {
    const found = outputs.find((file) => file.path.endsWith(extension));
    if (!found) throw new Error(`The dashboard build produced no ${extension} file`);
    return basename(found.path);
  };
  const html = readFileSync(join(DASHBOARD_DIR, 'index.html'), 'utf8')
    .replace('%JS%', named('.js'))
    .replace('%CSS%', named('.css'));
  return [{ path: 'index.html', contentType: 'text/html; charset=utf-8', body: html, immutable: false }, ...outputs];
}

function contentType(path: string): string {
  if (path.endsWith('.js')) return 'text/javascript; charset=utf-8';
  if (path.endsWith('.css')) return 'text/css; charset=utf-8';
  return 'text/plain; charset=utf-8';
}
