import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../../scripts/generated-files.ts';
import { PROJECT_DIR } from '../helpers/local-platform.ts';

/*
 * Files derived from the schema sources and the settings spec are committed as `npm run generate`
 * writes them: change a source (an event field, a setting) without regenerating, and this fails.
 */

const FILES = await generatedFiles();

describe('the generated files', () => {
  it.each([...FILES])('%s is up to date (run npm run generate)', async (path, content) => {
    expect(await readFile(join(PROJECT_DIR, path), 'utf8')).toBe(content);
  });

  it('cover the OpenAPI documents, the client types, the Flink constants and the configuration tables', () => {
    expect([...FILES.keys()]).toStrictEqual([
      'docs/openapi/local.json',
      'client/generated/local.ts',
      'docs/openapi/ingestion.json',
      'client/generated/ingestion.ts',
      'docs/openapi/reports.json',
      'client/generated/reports.ts',
      'docs/openapi/predictions.json',
      'client/generated/predictions.ts',
      'flink-job/src/main/java/com/sdp/aggregation/RuntimeProperties.java',
      'README.md',
      'flink-job/README.md',
    ]);
  });
});
