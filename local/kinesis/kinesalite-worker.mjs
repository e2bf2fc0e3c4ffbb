// Runs kinesalite (the Kinesis API on LevelDB) on its own thread so the HTTP server keeps a core.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const kinesalite = require('kinesalite');

const server = kinesalite({
  path: workerData.path,
  createStreamMs: 0,
  deleteStreamMs: 0,
  updateStreamMs: 0,
  shardLimit: 1000,
});

server.listen(workerData.port, workerData.host, () => {
  parentPort.postMessage({ type: 'listening', port: server.address().port });
});

parentPort.on('message', (message) => {
  if (message?.type !== 'stop') return;
  // kinesalite's close() closes LevelDB first, which releases the lock for the next start.
  server.close((error) => parentPort.postMessage({ type: 'stopped', error: error?.message }));
  server.closeAllConnections();
});
