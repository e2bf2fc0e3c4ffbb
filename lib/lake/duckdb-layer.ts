import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/**
 * DuckDB's Node API, its loader and its native binary for Lambda's linux-x64. esbuild leaves them
 * out of function bundles (it cannot inline a `.node` addon) and the layer ships them. detect-libc,
 * the loader's optional musl probe, is left out: the loader falls back to glibc, which Lambda has.
 */
export const DUCKDB_PACKAGES = [
  '@duckdb/node-api',
  '@duckdb/node-bindings',
  '@duckdb/node-bindings-linux-x64',
] as const;

/** What a function that runs DuckDB needs: the layer's architecture (its binary is linux-x64), the layer, and the packages left out of its bundle. */
export function duckDbFunction(layer: lambda.ILayerVersion) {
  return { architecture: lambda.Architecture.X86_64, externalModules: DUCKDB_PACKAGES, layers: [layer] };
}

/** DuckDB keeps its extension directory under $HOME, which Lambda leaves unset. */
export const DUCKDB_ENVIRONMENT = { HOME: '/tmp' } as const;

const packageDir = (name: string, fromFile: string) => dirname(createRequire(fromFile).resolve(`${name}/package.json`));
const readManifest = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
/** The version `manifestFile` asks for of `name`, as npm would read it. */
const wantedVersion = (manifestFile: string, name: string): string => {
  const { dependencies, optionalDependencies } = readManifest(manifestFile);
  const version = dependencies?.[name] ?? optionalDependencies?.[name];
  if (!version) throw new Error(`${manifestFile} does not depend on ${name}`);
  return version;
};

/** Unpacks `name@version` from the npm registry into `targetDir` (which must not exist yet). */
export type PackageFetcher = (name: string, version: string, targetDir: string) => void;

/** `npm pack` (the registry's tarball, checked against its integrity) unpacked with `tar`. */
export const npmPack: PackageFetcher = (name, version, targetDir) => {
  const work = mkdtempSync(join(tmpdir(), 'sdp-duckdb-pack-'));
  try {
    const tarball = execFileSync('npm', ['pack', `${name}@${version}`, '--silent', '--pack-destination', work], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim();
    execFileSync('tar', ['-xzf', join(work, tarball), '-C', work]);
    mkdirSync(dirname(targetDir), { recursive: true });
    renameSync(join(work, 'package'), targetDir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
};

/**
 * The linux-x64 binding Lambda loads: the installed one when npm installed it (on Linux x64 hosts),
 * otherwise the same version fetched once into `node_modules/.cache`, so that macOS and ARM hosts
 * build the same layer.
 */
function linuxX64Binding(bindingsManifest: string, projectDir: string, fetch: PackageFetcher): string {
  const name = DUCKDB_PACKAGES[2];
  const version = wantedVersion(bindingsManifest, name);
  try {
    const installed = packageDir(name, bindingsManifest);
    if (readManifest(join(installed, 'package.json')).version === version) return installed;
  } catch {
    // Not installed on this host: npm installs only the binding of the machine it runs on.
  }
  const cached = join(projectDir, 'node_modules', '.cache', 'sdp-duckdb-layer', `${name.replace('/', '+')}@${version}`);
  if (!existsSync(join(cached, 'package.json'))) fetch(name, version, cached);
  return cached;
}

/**
 * Copies DuckDB's Node API, its loader and its linux-x64 binding into `<outputDir>/nodejs/node_modules`,
 * where Lambda's Node.js runtimes resolve layer packages (`/opt/nodejs/node_modules`), whatever the
 * host's platform. The API and loader are resolved as Node would load them from the project.
 */
export function bundleDuckDbLayer(
  outputDir: string,
  projectDir = process.cwd(),
  fetch: PackageFetcher = npmPack,
): void {
  const api = packageDir(DUCKDB_PACKAGES[0], join(projectDir, 'package.json'));
  const bindings = packageDir(DUCKDB_PACKAGES[1], join(api, 'package.json'));
  const binding = linuxX64Binding(join(bindings, 'package.json'), projectDir, fetch);
  for (const [name, dir] of [
    [DUCKDB_PACKAGES[0], api],
    [DUCKDB_PACKAGES[1], bindings],
    [DUCKDB_PACKAGES[2], binding],
  ] as const) {
    cpSync(dir, join(outputDir, 'nodejs', 'node_modules', name), { recursive: true });
  }
}

/**
 * A Lambda layer with DuckDB for Node.js 24 on x86-64, built by copying the installed packages
 * (no Docker, no `npm ci`). The asset hash follows `@duckdb/node-api`, whose manifest pins the
 * exact versions of the other two packages.
 */
export class DuckDbLayer extends Construct {
  readonly layer: lambda.LayerVersion;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const projectDir = process.cwd();
    const apiDir = packageDir(DUCKDB_PACKAGES[0], join(projectDir, 'package.json'));
    this.layer = new lambda.LayerVersion(this, 'Resource', {
      description: `DuckDB Node API ${readManifest(join(apiDir, 'package.json')).version} with its linux-x64 binary`,
      compatibleRuntimes: [lambda.Runtime.NODEJS_24_X],
      compatibleArchitectures: [lambda.Architecture.X86_64],
      license: 'MIT',
      code: lambda.Code.fromAsset(apiDir, {
        assetHashType: AssetHashType.SOURCE,
        bundling: {
          // Never pulled: local bundling either succeeds or throws. CDK requires an image anyway.
          image: DockerImage.fromRegistry('public.ecr.aws/lambda/nodejs:24'),
          local: {
            tryBundle(outputDir: string): boolean {
              bundleDuckDbLayer(outputDir, projectDir);
              return true;
            },
          },
        },
      }),
    });
  }
}
