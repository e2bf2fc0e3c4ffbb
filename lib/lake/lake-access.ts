import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** Key patterns within the lake bucket, e.g. `manifests/*`, per kind of access. */
export interface LakeAccess {
  readonly read?: readonly string[];
  readonly write?: readonly string[];
  readonly delete?: readonly string[];
}

/**
 * What every run holding the lake's lease needs: compaction's swap, an erasure sweep's rewrites of
 * raw, error and Parquet objects, and the lifecycle state (erasures, their audit log, the salt).
 * The compaction function also deletes what retention and its vacuum remove.
 */
export const LAKE_MAINTENANCE = {
  read: ['raw/*', 'parquet/*', 'manifests/*', 'errors/*', 'compaction/*', 'lifecycle/*'],
  write: ['raw/*', 'parquet/*', 'manifests/*', 'errors/*', 'compaction/*', 'lifecycle/*'],
  delete: ['compaction/*', 'lifecycle/erasures/*'],
} as const;

/**
 * Grants a lake function exactly the object actions it needs on the key patterns given, plus
 * s3:ListBucket on the bucket. ListBucket carries no prefix condition on purpose: without an
 * unconditioned grant S3 answers a GET of a missing key (a partition's first manifest, a free
 * lock) with 403 AccessDenied instead of 404 NoSuchKey, and the handlers rely on the 404.
 */
export function grantLakeAccess(fn: iam.IGrantable & IConstruct, bucket: s3.IBucket, access: LakeAccess): void {
  const grant = (actions: string[], patterns: readonly string[] = []) => {
    if (patterns.length === 0) return;
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions,
      resourceArns: patterns.map((pattern) => bucket.arnForObjects(pattern)),
    });
  };
  grant(['s3:GetObject'], access.read);
  grant(['s3:PutObject'], access.write);
  grant(['s3:DeleteObject'], access.delete);
  iam.Grant.addToPrincipal({ grantee: fn, actions: ['s3:ListBucket'], resourceArns: [bucket.bucketArn] });

  const prefixes = [...new Set([access.read, access.write, access.delete].flat())]
    .filter((pattern) => pattern !== undefined)
    .map((pattern) => pattern.replace(/\/\*$/, ''));
  NagSuppressions.addResourceSuppressions(
    fn,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason: `Object wildcards are confined to the lake prefixes this function owns: ${prefixes.join(', ')}.`,
        appliesTo: [{ regex: `/^Resource::.*\\/(${prefixes.join('|')})\\/\\*$/g` }],
      },
    ],
    true,
  );
}
