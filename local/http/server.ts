import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalResponse, Route } from './http-types.ts';
import { readJsonBody } from './request-body.ts';

interface CompiledRoute extends Route {
  readonly pattern: RegExp;
  readonly names: string[];
}

export interface HttpServer {
  readonly url: string;
  /** Stops accepting connections and waits for requests in progress to be answered. */
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json';

/** Serves the routes the way API Gateway fronts them: JSON in, JSON out, a clear 4xx for misuse. */
export async function startHttpServer(routes: readonly Route[], port: number, host: string): Promise<HttpServer> {
  const compiled = routes.map(compile);
  const answering = new Set<ServerResponse>();
  let closing = false;
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    answering.add(res);
    res.once('close', () => answering.delete(res));
    if (closing) res.setHeader('connection', 'close');
    handle(compiled, req, res).catch((error) => {
      console.error('Unhandled error in request handler:', error);
      if (!res.headersSent) send(res, { statusCode: 500, body: { message: 'Internal server error' } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const close = () => {
    // Answer each request in progress with `Connection: close`, so keep-alive clients reconnect (and are
    // refused) instead of sending more requests until the grace period cuts them off unanswered.
    closing = true;
    for (const res of answering) if (!res.headersSent) res.setHeader('connection', 'close');
    return closeServer(server);
  };
  return { url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`, close };
}

async function handle(routes: readonly CompiledRoute[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const onPath = routes.filter((route) => route.pattern.test(url.pathname));
  const route = onPath.find((candidate) => candidate.method === req.method);
  if (!route) {
    req.resume();
    if (onPath.length > 0) {
      const allowed = onPath.map((candidate) => candidate.method).join(', ');
      return send(res, {
        statusCode: 405,
        headers: { allow: allowed },
        body: { message: `${req.method} is not allowed on ${url.pathname}; use ${allowed}` },
      });
    }
    const known = routes.map((candidate) => `${candidate.method} ${candidate.path}`).join(', ');
    return send(res, {
      statusCode: 404,
      body: { message: `No route for ${req.method} ${url.pathname}. Routes: ${known}` },
    });
  }
  let body = '';
  if (route.method === 'POST') {
    const read = await readJsonBody(req, route.maxBodyBytes ?? Number.POSITIVE_INFINITY);
    if ('refusal' in read) return send(res, read.refusal);
    body = read.text;
  }
  const match = route.pattern.exec(url.pathname) as RegExpExecArray;
  let params: Record<string, string>;
  try {
    params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]));
  } catch {
    const message = `The path ${url.pathname} is not valid percent-encoding`;
    return send(res, { statusCode: 400, body: { message, errors: [{ index: null, path: '', message }] } });
  }
  send(res, await route.handler({ method: route.method, path: url.pathname, params, query: url.searchParams, body }));
}

function send(
  res: ServerResponse,
  { statusCode, body, text = JSON.stringify(body), headers = {} }: LocalResponse,
): void {
  res.writeHead(statusCode, { 'content-type': JSON_TYPE, ...headers, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { ...route, pattern: new RegExp(`^${source}$`), names };
}

/** Lets requests in progress finish (bounded), then drops idle keep-alive connections. */
function closeServer(server: Server, graceMs = 5_000): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
