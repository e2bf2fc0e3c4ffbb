import { describe, expect, it } from 'vitest';
import { dataPrefix, manifestKey } from '../../../lambda/domain/lake/lake-layout.ts';
import { readManifest, updateManifest } from '../../../lambda/lake/manifest.ts';
import { PreconditionFailedError } from '../../../lambda/lake/object-store.ts';
import { registerDataFiles } from '../../../lambda/lake/register-data-files.ts';
import { makeLake, PARTITION } from '../../helpers/lake-fixtures.ts';

const MANIFEST = manifestKey('bcns', PARTITION);
const fileKey = (i: number) => `${dataPrefix('parquet', 'bcns', PARTITION)}part-${i}.parquet`;

describe('partition manifests', () => {
  it('keep every file when many writers register at once', async () => {
    // Prepare
    const store = await makeLake();
    const keys = Array.from({ length: 40 }, (_, i) => fileKey(i));

    // Act
    const added = await Promise.all(keys.map((key) => registerDataFiles(store, [key])));

    // Assess
    expect(added.reduce((a, b) => a + b, 0)).toBe(40);
    expect([...(await readManifest(store, MANIFEST)).keys].sort()).toStrictEqual([...keys].sort());
  });

  it('register a file once however often it is delivered', async () => {
    // Prepare
    const store = await makeLake();
    await registerDataFiles(store, [fileKey(1), fileKey(2)]);

    // Act
    const added = await registerDataFiles(store, [fileKey(2), fileKey(1), fileKey(3), fileKey(3)]);

    // Assess
    expect(added).toBe(1);
    expect((await readManifest(store, MANIFEST)).keys).toStrictEqual([fileKey(1), fileKey(2), fileKey(3)]);
  });

  it('ignore keys that are not Parquet data files', async () => {
    // Prepare
    const store = await makeLake();

    // Act
    const added = await registerDataFiles(store, [
      'raw/bcns/dt=2026-11-20/hr=07/a.json.gz',
      'parquet/bcns/dt=2026-11-20/hr=07/a.json',
      'parquet/unknown/dt=2026-11-20/hr=07/a.parquet',
      'errors/parquet/bcns/x.parquet',
      'parquet/bcns/dt=2026-11-20/hr=07/compacted-1-0.parquet',
    ]);

    // Assess
    expect(added).toBe(0);
    expect(await store.list('manifests/')).toStrictEqual([]);
  });

  it('list files by URI, one a line, as Athena’s SymlinkTextInputFormat reads them', async () => {
    // Prepare
    const store = await makeLake();

    // Act
    await registerDataFiles(store, [fileKey(1), fileKey(2)]);

    // Assess
    expect((await store.getText(MANIFEST))?.body).toBe(`${store.uri(fileKey(1))}\n${store.uri(fileKey(2))}\n`);
  });

  it('refuse a write conditioned on a version that is no longer current', async () => {
    // Prepare
    const store = await makeLake();
    await updateManifest(store, MANIFEST, () => [fileKey(1)]);
    const stale = (await readManifest(store, MANIFEST)).etag as string;
    await updateManifest(store, MANIFEST, (keys) => [...keys, fileKey(2)]);

    // Act
    const write = store.putText(MANIFEST, 'lost update\n', { ifMatch: stale });

    // Assess
    await expect(write).rejects.toThrow(PreconditionFailedError);
    expect((await readManifest(store, MANIFEST)).keys).toStrictEqual([fileKey(1), fileKey(2)]);
  });
});
