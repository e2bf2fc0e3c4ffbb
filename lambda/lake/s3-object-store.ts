import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import {
  type LocalCopy,
  type ObjectInfo,
  type ObjectStore,
  PreconditionFailedError,
  type TextObject,
  type WriteCondition,
} from './object-store.ts';

/** The lake on S3. Conditional writes use S3's If-Match / If-None-Match on PutObject. */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
  ) {}

  uri(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }

  keyOf(uri: string): string | undefined {
    const prefix = `s3://${this.bucket}/`;
    return uri.startsWith(prefix) ? uri.slice(prefix.length) : undefined;
  }

  async getText(key: string): Promise<TextObject | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return { body: (await object.Body?.transformToString('utf8')) ?? '', etag: object.ETag ?? '' };
    } catch (error) {
      if (error instanceof S3ServiceException && error.name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async putText(key: string, body: string, condition?: WriteCondition): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: 'text/plain; charset=utf-8',
          ...(condition && 'ifMatch' in condition ? { IfMatch: condition.ifMatch } : {}),
          ...(condition && 'ifNoneMatch' in condition ? { IfNoneMatch: condition.ifNoneMatch } : {}),
        }),
      );
    } catch (error) {
      // 412: the condition failed; 409: a concurrent conditional write to the same key won.
      const status = (error as S3ServiceException).$metadata?.httpStatusCode;
      if (condition && (status === 412 || status === 409)) throw new PreconditionFailedError(key);
      throw error;
    }
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    const found: ObjectInfo[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        found.push({
          key: object.Key ?? '',
          size: object.Size ?? 0,
          lastModified: object.LastModified?.getTime() ?? 0,
        });
      }
      token = page.NextContinuationToken;
    } while (token);
    return found;
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async download(key: string): Promise<LocalCopy> {
    const dir = await mkdtemp(join(tmpdir(), 'sdp-object-'));
    const path = join(dir, 'object');
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    await pipeline(object.Body as Readable, createWriteStream(path));
    return { path, release: () => rm(dir, { recursive: true, force: true }) };
  }

  async upload(path: string, key: string): Promise<void> {
    const { size } = await stat(path);
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: createReadStream(path), ContentLength: size }),
    );
  }
}
