// The embedded engine (PGlite, in memory) served on loopback ports, in a process
// of its own, for the embedded-engine benchmark: the app and the bench connect
// to it through its two URLs as other processes do (README, "Embedded engine").
// Prints `embedded ready <databaseUrl> <queueUrl>`, then serves until SIGTERM.
//
//   MAILLAGE_QUEUE_NAMESPACE=… node bench/embedded-host.mjs
import { startEmbeddedEngine } from '../dist/libs/platform/src/database/embedded-engine.js';
import { postgresQueueSchema } from '../dist/libs/platform/src/queue/queue-backend.js';

const engine = await startEmbeddedEngine({
  dataDir: 'memory://',
  // The queue instance's search_path: it must be the schema of the app's namespace.
  queueSchema: postgresQueueSchema(process.env.MAILLAGE_QUEUE_NAMESPACE ?? 'maillage'),
});
process.stdout.write(`embedded ready ${engine.databaseUrl} ${engine.queueUrl}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await engine.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
