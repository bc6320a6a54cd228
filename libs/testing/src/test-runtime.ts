import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { prepareRuntime, type Runtime } from '@maillage/platform';
import { migrations } from '@maillage/migrations';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { embeddedTemplateStore } from './embedded-template.js';

export interface TestRuntime {
  runtime: Runtime;
  /** The environment the runtime was built from (to start child processes on the same data). */
  env: NodeJS.ProcessEnv;
  /** Stops the runtime, drops the database and the queue namespace. */
  close(): Promise<void>;
}

export type EngineKind = 'embedded' | 'external';

/**
 * Timeout for a beforeAll or afterAll that starts or stops an engine: generous, since on a
 * loaded 2-core machine a fresh embedded engine takes minutes to migrate (a hook cut short
 * also leaves its app running past Jest's teardown, which then crashes the file).
 */
export const SETUP_TIMEOUT_MS = 240_000;

/** Which engine this test run targets: real services when DATABASE_URL is set. */
export function engineKind(): EngineKind {
  return process.env.DATABASE_URL ? 'external' : 'embedded';
}

/**
 * A runtime of its own for one test file: a fresh database (fresh in-memory
 * PGlite, or a database cloned from the migrated template on PostgreSQL) and
 * its own queue namespace, so files run in parallel without colliding.
 */
export async function createTestRuntime(overrides: NodeJS.ProcessEnv = {}): Promise<TestRuntime> {
  const database: TestDatabase = await createTestDatabase(process.env.DATABASE_URL, migrations);
  const namespace = `t${randomBytes(5).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    LOG_FORMAT: 'json',
    MAILLAGE_DATA_DIR: 'memory://',
    MAILLAGE_QUEUE_NAMESPACE: namespace,
    MAILLAGE_SHUTDOWN_GRACE_MS: '5000',
    // The graph's background recomputation soon after a change (tests poll for it).
    MAILLAGE_GRAPH_DEBOUNCE_MS: '200',
    ...(database.url ? { DATABASE_URL: database.url, MAILLAGE_MIGRATE_ON_START: 'true' } : {}),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...overrides,
  };
  let runtime: Runtime;
  try {
    runtime = await prepareRuntime({
      env,
      migrations,
      role: 'test',
      // A fresh in-memory engine per file, started from the migrated template (see embedded-template.ts).
      embeddedTemplate: embeddedTemplateStore(migrations),
    });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return {
    runtime,
    env,
    close: async () => {
      await runtime.close();
      await database.drop();
      if (runtime.queue.kind === 'redis') await dropRedisNamespace(runtime.queue.url, runtime.queue.namespace);
    },
  };
}

async function dropRedisNamespace(url: string, namespace: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
