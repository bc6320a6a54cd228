// The built app as a child process, on the bench's database, with a signed-in coordinator.
import { randomBytes } from 'node:crypto';
import { start } from './harness.mjs';

/** Environment of the app's processes on the bench database (and queue). */
export function appEnv(context, extra = {}) {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    DATABASE_URL: context.databaseUrl,
    ...(context.queueDatabaseUrl ? { MAILLAGE_QUEUE_DATABASE_URL: context.queueDatabaseUrl } : {}),
    ...(context.redisUrl ? { REDIS_URL: context.redisUrl } : {}),
    MAILLAGE_QUEUE_NAMESPACE: context.namespace,
    MAILLAGE_SECRET_KEY: context.secretKey,
    MAILLAGE_ADMIN_EMAIL: context.admin.email,
    MAILLAGE_ADMIN_PASSWORD: context.admin.password,
    AUTH_ACCESS_TOKEN_TTL_SECONDS: '86400',
    AUTH_LOGIN_MAX_FAILURES_PER_IP: '100000',
    ...extra,
  };
}

export function newContextSecrets() {
  return {
    secretKey: randomBytes(36).toString('base64'),
    admin: { email: 'mesures.performance@maillage.test', password: `Banc-de-mesure-${randomBytes(6).toString('hex')}` },
  };
}

/**
 * A bench script's context on a fresh database (`freshDatabase`): migrated and seeded at `size`,
 * with the queue's namespace, the secrets and the seed's territories.
 */
export async function seededContext(database, size) {
  const context = {
    size,
    databaseUrl: database.url,
    redisUrl: process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    namespace: database.name.replace('maillage_', ''),
    ...newContextSecrets(),
  };
  const { runMigrations } = await import('../../dist/libs/platform/src/database/migrator.js');
  const { migrations } = await import('../../dist/migrations/index.js');
  const { seed } = await import('./seed.mjs');
  await runMigrations(database.url, migrations);
  const seeded = await seed(database.url, size);
  return { ...context, territories: seeded.territories, seeded };
}

/** Starts the API (no worker unless asked); resolves with its base URL and a `call` helper. */
export async function startApi(context, extra = {}, nodeArgs = []) {
  const api = start(
    'dist/apps/api/src/main.js',
    appEnv(context, { PORT: '0', MAILLAGE_WORKER_IN_PROCESS: 'false', ...extra }),
    [],
    nodeArgs,
  );
  const [, base] = await api.until(/Maillage est prêt : (http:\/\/\S+)/);
  const call = async (method, path, body, token, expect = [200, 201, 202, 204]) => {
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!expect.includes(response.status))
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response;
  };
  return { process: api, base, call, stop: () => api.stop() };
}

/** Signs the administrator in, and makes a coordinator of `territoryId` through an invitation. */
export async function coordinatorOf(api, context, territoryId) {
  const { accessToken: admin } = await (
    await api.call('POST', '/auth/login', { email: context.admin.email, password: context.admin.password })
  ).json();
  const email = `coordination.${randomBytes(3).toString('hex')}@maillage.test`;
  const invitation = await (
    await api.call('POST', `/territories/${territoryId}/invitations`, { email, role: 'coordinator' }, admin)
  ).json();
  const password = `Coordination-${randomBytes(6).toString('hex')}`;
  const accepted = await (
    await api.call('POST', `/invitations/${invitation.token}/accept`, { name: 'Coordination du banc', password })
  ).json();
  return { admin, token: accepted.accessToken, userId: accepted.user.id, email, password };
}
