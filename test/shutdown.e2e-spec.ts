import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { migrations } from '@maillage/migrations';
import { createTestDatabase, engineKind, type TestDatabase } from '@maillage/testing';
import { requireBuild, startChild } from './support/child-process.js';

/** Environment for a child process: its own database (or embedded engine) and queue namespace. */
function childEnv(database: TestDatabase, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    MAILLAGE_DATA_DIR: 'memory://',
    MAILLAGE_QUEUE_NAMESPACE: `t${randomBytes(5).toString('hex')}`,
    ...(database.url ? { DATABASE_URL: database.url, MAILLAGE_MIGRATE_ON_START: 'true' } : {}),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...extra,
  };
}

describe(`graceful shutdown (${engineKind()} engine)`, () => {
  const databases: TestDatabase[] = [];
  async function freshDatabase(): Promise<TestDatabase> {
    const database = await createTestDatabase(process.env.DATABASE_URL, migrations);
    databases.push(database);
    return database;
  }

  beforeAll(() => requireBuild());
  afterAll(async () => {
    await Promise.all(databases.map((database) => database.drop()));
  });

  it('on SIGTERM, lets the running job finish within the grace period, then exits 0', async () => {
    const worker = startChild(
      'test/fixtures/slow-job-worker.mjs',
      childEnv(await freshDatabase(), { SLOW_JOB_MS: '1500', MAILLAGE_SHUTDOWN_GRACE_MS: '10000' }),
    );
    await worker.waitFor('job-started one');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    const output = worker.output();
    expect(output).toContain('job-finished one');
    expect(output.indexOf('job-finished one')).toBeLessThan(output.indexOf('stopped'));
  });

  it('on SIGTERM, releases a job that outlives the grace period and still exits 0 in time', async () => {
    const worker = startChild(
      'test/fixtures/slow-job-worker.mjs',
      childEnv(await freshDatabase(), { SLOW_JOB_MS: '60000', MAILLAGE_SHUTDOWN_GRACE_MS: '1000' }),
    );
    await worker.waitFor('job-started one');
    worker.child.kill('SIGTERM');
    // In time, without a stopwatch: exit code 0 means the shutdown finished before the process's
    // hard limit (which exits 1), and the 60-second job had not finished when it did.
    expect(await worker.exited).toBe(0);
    expect(worker.output()).not.toContain('job-finished one');
    expect(worker.output()).toContain('stopped');
  });

  it('starts the API with `npm start`’s entry point, answers, stops on SIGINT and keeps its data', async () => {
    const database = await freshDatabase();
    const dataDir = await mkdtemp(join(tmpdir(), 'maillage-e2e-'));
    const children: ReturnType<typeof startChild>[] = [];
    try {
      const env = childEnv(database, { MAILLAGE_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' });
      const first = startChild('dist/apps/api/src/main.js', env);
      children.push(first);
      await first.waitFor(/Maillage est prêt : (http:\/\/\S+)/);
      const base = /Maillage est prêt : (http:\/\/\S+)/.exec(first.output())?.[1] as string;
      const ready = await fetch(`${base}/health/ready`);
      expect(ready.status).toBe(200);
      expect((await fetch(`${base}/docs-json`)).status).toBe(200);
      first.child.kill('SIGINT');
      expect(await first.exited).toBe(0);
      if (engineKind() === 'embedded') {
        expect(await readdir(dataDir)).toEqual(expect.arrayContaining(['postgres', 'queue', 'secret.key']));
        expect(await readdir(dataDir)).not.toContain('maillage.lock');
      }

      // Started again on the same data: the schema is there already.
      const second = startChild('dist/apps/api/src/main.js', env);
      children.push(second);
      await second.waitFor('Maillage est prêt');
      expect(second.output()).toContain('database schema up to date');
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      // A child left running by a failed step must not write into the folder while it is removed.
      for (const running of children)
        if (running.child.exitCode === null && running.child.signalCode === null) {
          running.child.kill('SIGKILL');
          await running.exited;
        }
      await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    }
  });
});
