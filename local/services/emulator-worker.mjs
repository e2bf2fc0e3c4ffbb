// Runs an AWS API emulator (kinesalite or dynalite, both on LevelDB) on its own thread, so the
// HTTP server keeps a core to itself.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { useBigIntSequences } from './kinesalite-bigint.mjs';

const require = createRequire(import.meta.url);
const emulator = require(workerData.module);
if (workerData.module === 'kinesalite') useBigIntSequences(require('kinesalite/db'));
const server = emulator(workerData.options);

server.listen(workerData.port, workerData.host, () => {
  parentPort.postMessage({ type: 'listening', port: server.address().port });
});

parentPort.on('message', (message) => {
  if (message?.type !== 'stop') return;
  // Both emulators' close() closes LevelDB first, which releases its lock for the next start.
  server.close((error) => parentPort.postMessage({ type: 'stopped', error: error?.message }));
  server.closeAllConnections();
});
