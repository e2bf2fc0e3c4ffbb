import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { LocalResponse, Route } from './http-types.ts';

/** Swagger UI's files, served from the installed package: the docs page renders offline, no CDN. */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

// validatorUrl: null keeps Swagger UI from sending the document to its public validator.
const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Streaming Data Platform API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null });
  </script>
</body>
</html>
`;

/**
 * `GET /openapi.json` (the local platform's OpenAPI document) and `GET /docs`, which renders it with
 * the bundled Swagger UI.
 */
export function apiDocsRoutes(document: () => unknown): Route[] {
  const cache = new Map<string, Buffer>();
  return [
    { method: 'GET', path: '/openapi.json', handler: async () => ({ statusCode: 200, body: document() }) },
    {
      method: 'GET',
      path: '/docs',
      handler: async () => ({ statusCode: 200, body: undefined, text: PAGE, headers: html }),
    },
    {
      method: 'GET',
      path: '/docs/{asset}',
      handler: async ({ params }): Promise<LocalResponse> => {
        const name = params.asset ?? '';
        const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
        if (type === undefined) {
          return { statusCode: 404, body: { message: `No such file: /docs/${name}` } };
        }
        let content = cache.get(name);
        if (!content) {
          content = await readFile(join(SWAGGER_UI_DIR, name));
          cache.set(name, content);
        }
        return { statusCode: 200, body: undefined, text: content, headers: { 'content-type': type } };
      },
    },
  ];
}

const html = { 'content-type': 'text/html; charset=utf-8' };
