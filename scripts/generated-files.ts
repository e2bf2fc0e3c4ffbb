import { readFile } from 'node:fs/promises';
import openapiTS, { astToString } from 'openapi-typescript';
import { API_NAMES, AWS_AUTH_CHOICES, awsDocument, localDocument } from '../lambda/domain/openapi/documents.ts';
import { PROJECT_VERSION as VERSION } from '../local/project-version.ts';
import { RUNTIME_PROPERTIES_JAVA, runtimePropertiesJava } from './flink-constants.ts';
import { flinkTables, readmeTables, withTables } from './settings-docs.ts';

/** The local platform's URL in the committed documents (`npm start` with the default PORT). */
export const LOCAL_URL = 'http://localhost:3000';

const ROOT = new URL('..', import.meta.url);
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Every file derived from the schema sources and the settings spec, by path from the project root:
 * the OpenAPI documents, the typed client's types, the Flink job's property constants and the
 * READMEs' configuration tables. `npm run generate` writes them; a test fails while any is stale.
 */
export async function generatedFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const local = localDocument(LOCAL_URL, VERSION);
  files.set('docs/openapi/local.json', json(local));
  files.set('client/generated/local.ts', await clientTypes(local, 'docs/openapi/local.json'));
  for (const api of API_NAMES) {
    const document = awsDocument(api, AWS_AUTH_CHOICES[api], VERSION);
    files.set(`docs/openapi/${api}.json`, json(document));
    files.set(`client/generated/${api}.ts`, await clientTypes(document, `docs/openapi/${api}.json`));
  }
  files.set(RUNTIME_PROPERTIES_JAVA, runtimePropertiesJava());
  files.set('README.md', withTables(await readText('README.md'), readmeTables(), 'README.md'));
  files.set(
    'flink-job/README.md',
    withTables(await readText('flink-job/README.md'), flinkTables(), 'flink-job/README.md'),
  );
  return files;
}

async function clientTypes(document: object, source: string): Promise<string> {
  const ast = await openapiTS(structuredClone(document) as Parameters<typeof openapiTS>[0]);
  return `// Generated from ${source} by \`npm run generate\`: do not edit.\n\n${astToString(ast)}`;
}

const readText = (path: string) => readFile(new URL(path, ROOT), 'utf8');
