import { readFileSync } from 'node:fs';

/** The project's version from package.json: `sdp --version` and the OpenAPI documents state it. */
export const PROJECT_VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
