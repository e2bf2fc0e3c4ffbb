import { cpSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

const packageDir = (name: string, fromFile: string) => dirname(createRequire(fromFile).resolve(`${name}/package.json`));
const readManifest = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
/** The version `manifestFile` asks for of `name`, as npm would read it. */
const wantedVersion = (manifestFile: string, name: string): string => {
  const { dependencies, optionalDependencies } = readManifest(manifestFile);
  return dependencies?.[name] ?? optionalDependencies?.[name];
};

/**
 * Copies the DuckDB packages of `projectDir` into `<outputDir>/nodejs/node_modules`, where Lambda's
 * Node.js runtimes resolve layer packages (`/opt/nodejs/node_modules`). Each package is resolved
 * from the one that depends on it, as Node would load it.
 */
export function bundleDuckDbLayer(outputDir: string, projectDir = process.cwd()): void {
  let from = join(projectDir, 'package.json');
  for (const name of DUCKDB_PACKAGES) {
    let dir: string;
    try {
      dir = packageDir(name, from);
    } catch {
      throw new Error(
        `${name} is not installed, so the DuckDB layer cannot be built. npm installs only the DuckDB binary ` +
          `of the machine it runs on (${process.platform}-${process.arch}) and Lambda needs linux-x64: ` +
          'synthesize on Linux x64 (as CI does), or add the binary with ' +
          `\`npm install --no-save --force ${name}@${wantedVersion(from, name)}\`.`,
      );
    }
    cpSync(dir, join(outputDir, 'nodejs', 'node_modules', name), { recursive: true });
    from = join(dir, 'package.json');
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
