// Runs an AWS API emulator (kinesalite or dynalite, both on LevelDB) on its own thread, so the
// HTTP server keeps a core to itself.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { useBigIntSequences } from './kinesalite-bigint.mjs';

const require = createRequire(import.meta.url);
const emulator = require(workerData.module);
if (workerData.module === 'kinesalite') {
  useBigIntSequences(require('kinesalite/db'));
  useCheapCompactions(require('leveldown'));
}
const server = emulator(workerData.options);

server.listen(workerData.port, workerData.host, () => {
  parentPort.postMessage({ type: 'listening', port: server.address().port });
});

/**
 * kinesalite opens LevelDB with its defaults: Snappy blocks and a 4 MiB memtable. Under load, LevelDB's
 * background compactions then uncompress and recompress every record several times, about an eighth
 * of the platform's CPU for batched ingestion. Here disk is cheaper than CPU: blocks are stored
 * uncompressed, and a larger memtable makes fewer, larger level-0 files to compact.
 */
function useCheapCompactions(LevelDOWN) {
  const open = LevelDOWN.prototype._open;
  LevelDOWN.prototype._open = function (options, callback) {
    return open.call(this, { ...options, compression: false, writeBufferSize: 32 * 1024 * 1024 }, callback);
  };
}

parentPort.on('message', (message) => {
  if (message?.type !== 'stop') return;
  // Both emulators' close() closes LevelDB first, which releases its lock for the next start.
  server.close((error) => parentPort.postMessage({ type: 'stopped', error: error?.message }));
  server.closeAllConnections();
});
