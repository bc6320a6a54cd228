import { ApiClient, engineKind, ownerQuery, pollUntil, type TestApp } from '@maillage/testing';
import { startApi } from './support/app.js';

/** The API's connections to its database, as PostgreSQL lists them. */
async function apiConnections(t: TestApp): Promise<number> {
  const [row] = await ownerQuery<{ n: string }>(
    t.runtime,
    `select count(*) as n from pg_stat_activity
      where datname = current_database() and application_name = 'maillage-api' and pid <> pg_backend_pid()`,
  );
  return Number(row?.n ?? 0);
}

/**
 * The pool keeps its connections through a pause (DATABASE_POOL_IDLE_TIMEOUT_MS, five minutes by
 * default; pg's own was 10 s): a request after a pause finds a connection with its statements
 * prepared, instead of waiting for a new server process. With a short setting, they are closed.
 */
describe(`the database pool across a pause (${engineKind()} engine)`, () => {
  const onPostgres = engineKind() === 'external' ? it : it.skip;

  onPostgres(
    'keeps its connections through a pause by default, and closes them after the idle time it is given',
    async () => {
      const kept = await startApi();
      const closing = await startApi({ DATABASE_POOL_IDLE_TIMEOUT_MS: '1000' });
      try {
        for (const t of [kept, closing]) {
          // A request that reads the database (an unknown account's sign-in).
          const refused = await new ApiClient(t.app).post('/auth/login', {
            email: 'personne@maillage.test',
            password: 'x'.repeat(12),
          });
          expect(refused.status).toBe(401);
          expect(await apiConnections(t)).toBeGreaterThan(0);
        }
        // The short setting's connections close once unused for a second: well before pg's own 10 s.
        await pollUntil(
          'the connections of a pool closing them after 1 s unused',
          () => apiConnections(closing),
          (open) => open === 0,
          { timeoutMs: 8_000 },
        );
        // Meanwhile (well past that second) the default's are still open.
        expect(await apiConnections(kept)).toBeGreaterThan(0);
      } finally {
        await closing.close();
        await kept.close();
      }
    },
    60_000,
  );
});
