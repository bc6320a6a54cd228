import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { migrations } from '@maillage/migrations';
import { createTestDatabase, engineKind, type TestDatabase } from '@maillage/testing';
import { requireBuild, startChild, type RunningChild } from './support/child-process.js';

const READY = /Maillage est prêt : (http:\/\/\S+)/;
const EMAIL = 'premiere.admin@maillage.test';
const LOST = 'Mot-de-passe-perdu-depuis-longtemps-2026';

async function login(base: string, password: string): Promise<number> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: EMAIL, password }),
  });
  return response.status;
}

describe(`recovering a lost administrator password (${engineKind()} engine)`, () => {
  let database: TestDatabase;
  let dataDir: string;
  const children: RunningChild[] = [];

  beforeAll(async () => {
    requireBuild();
    database = await createTestDatabase(process.env.DATABASE_URL, migrations);
    dataDir = await mkdtemp(join(tmpdir(), 'maillage-admin-'));
  });

  afterAll(async () => {
    for (const running of children)
      if (running.child.exitCode === null && running.child.signalCode === null) {
        running.child.kill('SIGKILL');
        await running.exited;
      }
    await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    await database?.drop();
  });

  function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      PORT: '0',
      MAILLAGE_DATA_DIR: dataDir,
      MAILLAGE_QUEUE_NAMESPACE: `t${randomBytes(5).toString('hex')}`,
      ...(database.url ? { DATABASE_URL: database.url, MAILLAGE_MIGRATE_ON_START: 'true' } : {}),
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
      ...extra,
    };
  }

  async function start(extra: NodeJS.ProcessEnv = {}): Promise<{ base: string; stop: () => Promise<void> }> {
    const api = startChild('dist/apps/api/src/main.js', env(extra));
    children.push(api);
    await api.waitFor(READY, 120_000);
    const base = READY.exec(api.output())?.[1] as string;
    return {
      base,
      stop: async () => {
        api.child.kill('SIGINT');
        expect(await api.exited).toBe(0);
      },
    };
  }

  it('gives the administrator a new password with one command, printed once, and ends their sessions', async () => {
    // The first administrator, whose password is then lost.
    const first = await start({ MAILLAGE_ADMIN_EMAIL: EMAIL, MAILLAGE_ADMIN_PASSWORD: LOST });
    expect(await login(first.base, LOST)).toBe(200);
    await first.stop();

    // Maillage stopped (the embedded engine takes one process at a time): the command.
    const command = startChild('dist/apps/api/src/admin-password.js', env());
    children.push(command);
    expect(await command.exited).toBe(0);
    const printed = /Nouveau mot de passe de premiere\.admin@maillage\.test \(affiché une seule fois\) : (\S+)/.exec(
      command.output(),
    );
    expect(printed).not.toBeNull();
    const password = printed?.[1] as string;

    const again = await start();
    expect(await login(again.base, password)).toBe(200);
    expect(await login(again.base, LOST)).toBe(401);
    await again.stop();
  });
});
