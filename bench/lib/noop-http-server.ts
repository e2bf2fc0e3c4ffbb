// The no-op server of the HTTP ceiling, run as its own process by http-ceiling.ts: it reads each body
// and answers as the ingestion API does, and does nothing else.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const ANSWER = JSON.stringify({ accepted: 1, failed: 0, failures: [] });
const HEADERS = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(ANSWER) };

// The platform's keep-alive timeout, so idle connections are kept as long as there.
const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.method === 'POST' && req.url === '/bid') res.writeHead(200, HEADERS).end(ANSWER);
    else res.writeHead(404).end();
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(`No-op HTTP server http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
