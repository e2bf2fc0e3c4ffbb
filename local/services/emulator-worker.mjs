// Runs an AWS API emulator (kinesalite or dynalite, both on LevelDB) on its own thread, so the
// HTTP server keeps a core to itself.
import { closeSync, fsyncSync, openSync, readdirSync, unlinkSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { useBigIntSequences } from './kinesalite-bigint.mjs';

/** How long to wait between checks that the disk takes writes again. */
const PROBE_INTERVAL_MS = 1_000;
/** Room for LevelDB to replay its log into a table when it reopens. */
const PROBE_BYTES = 4 * 1024 * 1024;
/** How long requests in progress get to be answered before a failed emulator drops their connections. */
const CLOSE_GRACE_MS = 5_000;

const require = createRequire(import.meta.url);
const { module: name, options, host } = workerData;
/** The storage error the emulator is recovering from, or undefined while it serves. */
let failure;
/** Settles once the server (and its database) closed after a failure. */
let closed = Promise.resolve();
let stopping = false;
let port = workerData.port;
/** The tail of the queue of LevelDB writes: one at a time, none after a failed one. */
let writes = Promise.resolve();

/*
 * Storage errors (the disk full, most often). Both emulators answer a request whose storage failed by
 * throwing from a callback, which ended this thread and left the platform answering 503 until restarted.
 * Worse, LevelDB is not safe to write to after a failed log write: the log writer counts the record it
 * could not write (leveldb-1.20/db/log_writer.cc advances block_offset_ whatever the write returned), so
 * records acknowledged afterwards sit misaligned in the log and are dropped as corrupt when the database
 * is next opened. So here:
 * - every LevelDB write goes through one queue, and once one fails no other starts: nothing is written,
 *   let alone acknowledged, after a failure;
 * - each action answers such an error with a 500 (the API then answers 503 and stores nothing);
 * - the emulator stops serving, waits until a probe write succeeds, then reopens the database (LevelDB
 *   replays what it acknowledged and starts a fresh log) and listens on the same port again.
 */
answerFailuresWith500(name);
const emulator = require(name);
let openOnce;
if (name === 'kinesalite') {
  useBigIntSequences(require('kinesalite/db'));
  const LevelDOWN = require('leveldown');
  useCheapCompactions(LevelDOWN);
  queueCallbackWrites(LevelDOWN.prototype);
  openOnce = (path) =>
    new Promise((resolve, reject) => {
      const db = LevelDOWN(path);
      db.open((error) => (error ? reject(error) : db.close(() => resolve())));
    });
} else {
  const { Level } = require('level');
  queuePromiseWrites(Level.prototype);
  openOnce = async (path) => {
    const db = new Level(path);
    await db.open();
    await db.close();
  };
}
let server;

// Both emulators open LevelDB without waiting and would fail their first request if another `sdp start`
// holds the folder; find out first, and leave a port in use to the caller to report (it knows the variable).
try {
  await openOnce(options.path);
  server = emulator(options);
  server.once('error', (error) => {
    server.close(() => parentPort.postMessage({ type: 'listen-failed', code: error.code, message: error.message }));
  });
  server.listen(port, host, () => {
    server.removeAllListeners('error');
    port = server.address().port;
    parentPort.postMessage({ type: 'listening', port });
  });
} catch (error) {
  // leveldown names the LOCK file in its message; level (dynalite's) says so in the cause's code.
  const locked = /\bLOCK\b/.test(describe(error)) || error?.cause?.code === 'LEVEL_LOCKED';
  parentPort.postMessage({ type: 'listen-failed', code: locked ? 'ELOCKED' : 'EOPEN', message: describe(error) });
}

function answerFailuresWith500(emulatorName) {
  const actionsDir = join(dirname(require.resolve(emulatorName)), 'actions');
  const type =
    emulatorName === 'kinesalite' ? 'InternalFailure' : 'com.amazonaws.dynamodb.v20120810#InternalServerError';
  for (const file of readdirSync(actionsDir).filter((entry) => entry.endsWith('.js'))) {
    const path = join(actionsDir, file);
    const action = require(path);
    require.cache[path].exports = (store, data, cb) =>
      action(store, data, (error, result) => {
        if (!error || error.statusCode) return cb(error, result);
        fail(error);
        cb({ statusCode: 500, body: { __type: type, message: describe(error) } });
      });
  }
}

function queueWrite(write) {
  const result = writes.then(() => {
    if (failure !== undefined)
      throw new Error(`Write refused: the storage failed (${failure}) and reopens once it works`);
    return write();
  });
  writes = result.catch(fail);
  return result;
}

/** leveldown (kinesalite's LevelDB) takes callbacks. */
function queueCallbackWrites(prototype) {
  for (const method of ['_put', '_del', '_batch']) {
    const write = prototype[method];
    prototype[method] = function (...args) {
      const callback = args.pop();
      queueWrite(
        () =>
          new Promise((resolve, reject) => write.call(this, ...args, (error) => (error ? reject(error) : resolve()))),
      ).then(() => callback(), callback);
    };
  }
}

/** classic-level (dynalite's, through level) returns promises. */
function queuePromiseWrites(prototype) {
  for (const method of ['_put', '_del', '_batch']) {
    const write = prototype[method];
    prototype[method] = function (...args) {
      return queueWrite(() => write.apply(this, args));
    };
  }
}

function describe(error) {
  return error instanceof Error ? error.message : String(error);
}

function fail(error) {
  if (failure !== undefined || stopping) return;
  failure = describe(error);
  console.error(`The ${name} emulator failed (${failure}); it stops serving until the disk takes writes again.`);
  parentPort.postMessage({ type: 'health', error: failure });
  // Requests in progress are answered first, so no stored record is reported lost.
  setImmediate(() => {
    const cutOff = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    closed = new Promise((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    closed.then(() => {
      clearTimeout(cutOff);
      setTimeout(recover, PROBE_INTERVAL_MS);
    });
  });
}

function recover() {
  if (stopping) return;
  if (!canWrite()) {
    setTimeout(recover, PROBE_INTERVAL_MS);
    return;
  }
  // The port may have been taken meanwhile: keep trying, the clients know no other.
  const retry = () => server.close(() => setTimeout(recover, PROBE_INTERVAL_MS));
  server.once('error', retry);
  server.listen(port, host, () => {
    server.off('error', retry);
    console.error(`The ${name} emulator recovered: serving again on port ${port}.`);
    failure = undefined;
    parentPort.postMessage({ type: 'health', error: null });
  });
}

/** Whether the emulator's folder takes a write of PROBE_BYTES, flushed to disk. */
function canWrite() {
  const probe = join(options.path, '.write-probe');
  try {
    const fd = openSync(probe, 'w');
    try {
      writeSync(fd, Buffer.alloc(PROBE_BYTES));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch {
    return false;
  } finally {
    try {
      unlinkSync(probe);
    } catch {
      // Never created: the disk refused even that.
    }
  }
}

// Whatever else throws on this thread (kinesalite rethrows request stream errors) goes the same way.
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

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

parentPort.on('message', async (message) => {
  if (message?.type !== 'stop') return;
  stopping = true;
  // Both emulators' close() closes LevelDB first, which releases its lock for the next start. An emulator
  // down after a failure has closed it already.
  await closed;
  if (!server.listening) {
    parentPort.postMessage({ type: 'stopped' });
    return;
  }
  server.close((error) => parentPort.postMessage({ type: 'stopped', error: error?.message }));
  server.closeAllConnections();
});
