import openapiTS, { astToString } from 'openapi-typescript';
import { API_NAMES, AWS_AUTH_CHOICES, awsDocument, localDocument } from '../lambda/domain/openapi/documents.ts';
import { PROJECT_VERSION as VERSION } from '../local/project-version.ts';

/** The local platform's URL in the committed documents (`npm start` with the default PORT). */
export const LOCAL_URL = 'http://localhost:3000';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Every file derived from the schema sources, by path from the project root: the OpenAPI documents
 * and the typed client's types. `npm run generate` writes them; a test fails while any is stale.
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
  return files;
}

async function clientTypes(document: object, source: string): Promise<string> {
  const ast = await openapiTS(structuredClone(document) as Parameters<typeof openapiTS>[0]);
  return `// Generated from ${source} by \`npm run generate\`: do not edit.\n\n${astToString(ast)}`;
}
