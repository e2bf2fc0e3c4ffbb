import { createHash, randomUUID } from 'node:crypto';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import {
  type LocalCopy,
  type ObjectInfo,
  type ObjectStore,
  PreconditionFailedError,
  type TextObject,
  type WriteCondition,
} from '../../lambda/lake/object-store.ts';

const TEMP_PREFIX = '.tmp-';
const LOCK_SUFFIX = '.lock';
/** A key lock held longer than this was left by a crashed process. */
const STALE_LOCK_MS = 10_000;

/**
 * The lake's object store on the local disk, standing in for S3. Whole-object writes are atomic
 * (write a temporary file, then rename), and conditional writes take a per-key lock file so that
 * the lake writer thread, the compactor and other processes (`sdp compact`) can race safely.
 */
export class FileObjectStore implements ObjectStore {
  constructor(readonly root: string) {}

  uri(key: string): string {
    return join(this.root, key);
  }

  keyOf(uri: string): string | undefined {
    const key = relative(this.root, uri);
    return key.startsWith('..') ? undefined : key.split(sep).join('/');
  }

  async getText(key: string): Promise<TextObject | undefined> {
    try {
      const body = await readFile(this.uri(key), 'utf8');
      return { body, etag: etagOf(body) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async putText(key: string, body: string, condition?: WriteCondition): Promise<void> {
    if (!condition) return this.#write(key, body);
    const release = await this.#lock(key);
    try {
      const current = await this.getText(key);
      const holds = 'ifMatch' in condition ? current?.etag === condition.ifMatch : current === undefined;
      if (!holds) throw new PreconditionFailedError(key);
      await this.#write(key, body);
    } finally {
      await release();
    }
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    const slash = prefix.lastIndexOf('/');
    const base = prefix.slice(0, slash + 1);
    const found: ObjectInfo[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries: import('node:fs').Dirent[];
      try {
        entries = await readdir(this.uri(dir), { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      for (const entry of entries) {
        const key = `${dir}${entry.name}`;
        if (entry.isDirectory()) await walk(`${key}/`);
        else if (!entry.name.startsWith(TEMP_PREFIX) && !entry.name.endsWith(LOCK_SUFFIX) && key.startsWith(prefix)) {
          // A file deleted since the folder was read is simply not listed.
          const info = await stat(this.uri(key)).catch((error: NodeJS.ErrnoException) => {
            if (error.code === 'ENOENT') return undefined;
            throw error;
          });
          if (info) found.push({ key, size: info.size, lastModified: info.mtimeMs });
        }
      }
    };
    await walk(base);
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    await rm(this.uri(key), { force: true });
  }

  async download(key: string): Promise<LocalCopy> {
    return { path: this.uri(key), release: async () => {} };
  }

  async upload(path: string, key: string): Promise<void> {
    const target = this.uri(key);
    const temp = join(dirname(target), `${TEMP_PREFIX}${randomUUID()}`);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(path, temp);
    await rename(temp, target);
  }

  async #write(key: string, body: string): Promise<void> {
    const target = this.uri(key);
    const temp = join(dirname(target), `${TEMP_PREFIX}${randomUUID()}`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(temp, body);
    await rename(temp, target);
  }

  async #lock(key: string): Promise<() => Promise<void>> {
    const path = `${this.uri(key)}${LOCK_SUFFIX}`;
    await mkdir(dirname(path), { recursive: true });
    for (let attempt = 0; ; attempt++) {
      try {
        await (await open(path, 'wx')).close();
        return () => unlink(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const held = await stat(path).catch(() => undefined);
        if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) await rm(path, { force: true });
        await new Promise((resolve) => setTimeout(resolve, Math.min(50, 1 + attempt)));
      }
    }
  }
}

function etagOf(body: string): string {
  return createHash('sha1').update(body).digest('hex');
}
