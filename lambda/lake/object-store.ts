/**
 * The few object-store operations the lake needs, so that the same compaction and manifest code
 * runs on S3 and on the local disk. Keys are relative to the lake root.
 */
export interface ObjectStore {
  /** How a manifest refers to a data object: `s3://bucket/key` on AWS, an absolute path locally. */
  uri(key: string): string;
  /** The key a manifest line refers to, or undefined if it is not in this store. */
  keyOf(uri: string): string | undefined;
  getText(key: string): Promise<TextObject | undefined>;
  /** Writes `body`; with a condition, throws {@link PreconditionFailedError} if the object changed. */
  putText(key: string, body: string, condition?: WriteCondition): Promise<void>;
  /** Every object under `prefix` (recursively), in key order. */
  list(prefix: string): Promise<ObjectInfo[]>;
  delete(key: string): Promise<void>;
  /** A local file with the object's bytes, valid until `release()`. */
  download(key: string): Promise<LocalCopy>;
  /** Stores a local file as `key`; readers see the whole object or nothing. */
  upload(path: string, key: string): Promise<void>;
}

export interface TextObject {
  readonly body: string;
  readonly etag: string;
}

/** `ifMatch`: only replace this version; `ifNoneMatch: '*'`: only create. */
export type WriteCondition = { readonly ifMatch: string } | { readonly ifNoneMatch: '*' };

export interface ObjectInfo {
  readonly key: string;
  readonly size: number;
  readonly lastModified: number;
}

export interface LocalCopy {
  readonly path: string;
  release(): Promise<void>;
}

/** A conditional write lost a race: someone else changed the object first. */
export class PreconditionFailedError extends Error {
  constructor(key: string) {
    super(`${key} changed while it was being updated`);
    this.name = 'PreconditionFailedError';
  }
}
