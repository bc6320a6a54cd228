import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'pino';
import { MultiplexedServer } from './session-multiplexer.js';

export const MEMORY_DATA_DIR = 'memory://';

export interface EmbeddedEngineOptions {
  /** Directory holding the data, or `memory://` for a throw-away engine. */
  dataDir: string;
  /** Schema BullMQ's PostgreSQL backend keeps its tables in. */
  queueSchema: string;
  logger?: Pick<Logger, 'info' | 'warn'>;
  /**
   * Data directories (PGlite dumps) an in-memory engine starts from instead of
   * creating empty clusters, when there are some: the tests' migrated template.
   */
  template?: EmbeddedDumps;
}

/** The two instances' data directories, as PGlite dumps them (tar). */
export interface EmbeddedDumps {
  app: Blob;
  queue: Blob;
}

export interface EmbeddedEngine {
  /** Connection string of the application database (as `postgres`, the owner). */
  readonly databaseUrl: string;
  /** Connection string of the queue's own instance. */
  readonly queueUrl: string;
  /** Whether it started from `template`. */
  readonly fromTemplate: boolean;
  /** Both instances' data directories (for an in-memory engine to be kept as a template). */
  dump(): Promise<EmbeddedDumps>;
  stop(): Promise<void>;
}

/** Concurrent sockets each instance accepts; PGlite still runs one statement at a time. */
const MAX_SOCKETS = 100;

interface ServedInstance {
  db: PGlite;
  server: MultiplexedServer;
  url: string;
  port: number;
}

async function serve(dataDir: string | undefined, loadDataDir?: Blob): Promise<ServedInstance> {
  const db = await PGlite.create(dataDir ?? MEMORY_DATA_DIR, loadDataDir ? { loadDataDir } : {});
  const server = new MultiplexedServer(db, MAX_SOCKETS);
  const port = await server.start();
  return { db, server, port, url: `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable` };
}

async function closeInstance(instance: ServedInstance | undefined): Promise<void> {
  if (!instance) return;
  await instance.server.stop();
  if (!instance.db.closed) await instance.db.close();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Two processes opening one PGlite directory would corrupt it: a lock file
 * names the owner, and a lock left by a dead process is taken over.
 */
async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const lockFile = join(dir, 'maillage.lock');
  try {
    const owner = Number.parseInt(await readFile(lockFile, 'utf8'), 10);
    if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
      throw new Error(
        `The data directory ${dir} is used by another Maillage process (pid ${owner}). ` +
          'Stop it, or set MAILLAGE_DATA_DIR to another directory.',
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await writeFile(lockFile, String(process.pid), { mode: 0o600 });
  return () => rm(lockFile, { force: true });
}

/**
 * Starts PostgreSQL compiled to WebAssembly (PGlite) and serves it on loopback
 * ports (pglite-socket's protocol handler, with our SessionMultiplexer), so
 * TypeORM, `pg` and BullMQ talk to it as to any server.
 *
 * Two instances: the socket server multiplexes all connections onto one
 * PGlite session, so session settings are shared by every connection. BullMQ
 * pins its schema with a startup `search_path` the multiplexer ignores; the
 * queue's own instance gets that `search_path` set once on the engine itself,
 * and the application's instance keeps the default one.
 */
export async function startEmbeddedEngine(options: EmbeddedEngineOptions): Promise<EmbeddedEngine> {
  const inMemory = options.dataDir === MEMORY_DATA_DIR;
  let unlock: (() => Promise<void>) | undefined;
  let app: ServedInstance | undefined;
  let queue: ServedInstance | undefined;
  try {
    if (!inMemory) {
      await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
      unlock = await lockDataDir(options.dataDir);
    }
    const template = inMemory ? options.template : undefined;
    app = await serve(inMemory ? undefined : join(options.dataDir, 'postgres'), template?.app);
    queue = await serve(inMemory ? undefined : join(options.dataDir, 'queue'), template?.queue);
    await queue.db.exec(`SET search_path TO "${options.queueSchema}", public`);
  } catch (error) {
    await closeInstance(queue);
    await closeInstance(app);
    await unlock?.();
    throw error;
  }
  options.logger?.info(
    { dataDir: options.dataDir, databasePort: app.port, queuePort: queue.port },
    'embedded PostgreSQL (PGlite) started',
  );
  const servedApp = app;
  const servedQueue = queue;
  let stopping: Promise<void> | undefined;
  return {
    databaseUrl: servedApp.url,
    queueUrl: servedQueue.url,
    fromTemplate: inMemory && options.template !== undefined,
    async dump() {
      return { app: await servedApp.db.dumpDataDir('none'), queue: await servedQueue.db.dumpDataDir('none') };
    },
    stop() {
      stopping ??= (async () => {
        await closeInstance(servedQueue);
        await closeInstance(servedApp);
        await unlock?.();
      })();
      return stopping;
    },
  };
}
