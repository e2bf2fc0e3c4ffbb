import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AssetHashType, BundlingOutput, DockerImage } from 'aws-cdk-lib';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import type { Construct } from 'constructs';

/** The Maven project of the aggregation job, relative to the project root. */
export const FLINK_JOB_DIR = 'flink-job';

/**
 * The job's shaded jar as an S3 asset. `cdk synth`/`deploy` build it with the local Maven (no
 * Docker), so a fresh clone needs only Java 17 and Maven; the asset hash follows the sources.
 */
export function flinkJobJar(scope: Construct, id: string, projectDir = FLINK_JOB_DIR): s3assets.Asset {
  const dir = resolve(projectDir);
  return new s3assets.Asset(scope, id, {
    path: dir,
    exclude: ['target', '.idea', '*.iml'],
    assetHashType: AssetHashType.SOURCE,
    bundling: {
      // Only used if local bundling is impossible; CDK requires an image either way.
      image: DockerImage.fromRegistry('maven:3-eclipse-temurin-17'),
      outputType: BundlingOutput.SINGLE_FILE,
      local: {
        tryBundle(outputDir: string): boolean {
          execFileSync('mvn', ['-B', '-q', '-DskipTests', 'package'], { cwd: dir, stdio: 'inherit' });
          const jar = readdirSync(join(dir, 'target')).find(
            (file) => /^sdp-aggregation-job-.*\.jar$/.test(file) && !file.startsWith('original-'),
          );
          if (!jar) throw new Error(`mvn package produced no sdp-aggregation-job jar in ${join(dir, 'target')}`);
          copyFileSync(join(dir, 'target', jar), join(outputDir, jar));
          return true;
        },
      },
    },
  });
}
