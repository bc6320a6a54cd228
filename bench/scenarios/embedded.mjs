// Embedded engine: the API read scenario on PGlite (in memory, served by
// bench/embedded-host.mjs in its own process, as other processes reach it),
// as a ratio to the same scenario on real PostgreSQL measured by api-read in
// this run. Informational: PGlite runs one statement at a time, for every
// connection, so it is the development engine, not a production one.
import autocannon from 'autocannon';
import { runMigrations } from '../../dist/libs/platform/src/database/migrator.js';
import { migrations } from '../../dist/migrations/index.js';
import { load, memoryOf, MIB, start } from '../lib/harness.mjs';
import { coordinatorOf, startApi } from '../lib/app.mjs';
import { seed } from '../lib/seed.mjs';

/**
 * The same load as `load()`, but failed requests are counted instead of
 * failing the run: how PGlite copes with 32 connections is part of the answer.
 */
async function tolerantLoad({ url, headers, connections = 32, seconds }) {
  const result = await autocannon({ url, headers, connections, duration: seconds });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    failures: { non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts },
  };
}

export async function embedded(context) {
  const seconds = context.size === 'full' ? 30 : 10;
  const namespace = `${context.namespace}_emb`;
  const host = start('bench/embedded-host.mjs', { PATH: process.env.PATH, MAILLAGE_QUEUE_NAMESPACE: namespace });
  try {
    const [, databaseUrl, queueUrl] = await host.until(/embedded ready (\S+) (\S+)/);
    let started = Date.now();
    await runMigrations(databaseUrl, migrations);
    const migratedSeconds = (Date.now() - started) / 1000;
    started = Date.now();
    const seeded = await seed(databaseUrl, 'quick');
    const seededSeconds = (Date.now() - started) / 1000;
    const embeddedContext = {
      ...context,
      databaseUrl,
      queueDatabaseUrl: queueUrl,
      redisUrl: undefined,
      namespace,
      territories: seeded.territories,
    };
    const api = await startApi(embeddedContext);
    try {
      const big = seeded.territories[0];
      const coordinator = await coordinatorOf(api, embeddedContext, big.id);
      const request = {
        url: `${api.base}/api/v1/territories/${big.id}/actors?category=association&limit=50`,
        headers: { authorization: `Bearer ${coordinator.token}` },
        seconds,
      };
      // The page must be a full one, or the load would measure an empty answer.
      const page = await (
        await api.call('GET', request.url.slice(`${api.base}/api/v1`.length), undefined, coordinator.token)
      ).json();
      if (page.items?.length !== 50) throw new Error(`PGlite: expected a page of 50 actors, got ${page.items?.length}`);
      let result;
      let trouble = '';
      try {
        result = await load(request);
      } catch (error) {
        // Measured again without failing, to report the rate and what went wrong.
        result = await tolerantLoad(request);
        const { non2xx, errors, timeouts } = result.failures;
        trouble =
          `; at 32 connections PGlite did not keep up (${error.message}); measured again counting failures: ` +
          `${non2xx} non-2xx, ${errors} errors, ${timeouts} timeouts of ${result.requests} requests`;
      }
      const engineMemory = await memoryOf(host.child.pid);
      const postgres = context.apiReadRequestsPerSecond;
      const ratio = postgres ? result.requestsPerSecond / postgres : null;
      return [
        {
          scenario: 'Embedded engine: API read on PGlite ÷ PostgreSQL (32 connections)',
          measure: 'requests/s',
          app: result.requestsPerSecond,
          baseline: postgres ?? null,
          ratio,
          target: 'informational',
          met: null,
          detail:
            `PGlite p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.requests.toLocaleString('en')} requests in ${seconds} s` +
            `${trouble}; ` +
            (postgres === undefined
              ? 'no PostgreSQL figure: api-read did not run before it in this run (ratio left empty); '
              : context.size === 'full'
                ? 'PostgreSQL figure from api-read on the 50,000-actor territory, PGlite seeded at the quick size (5,000 actors); '
                : '') +
            `PGlite seeded (quick, ${seeded.counts.actors.toLocaleString('en')} actors) in ${seededSeconds.toFixed(0)} s, ` +
            `migrated in ${migratedSeconds.toFixed(1)} s; engine process peak RSS ${Math.round(engineMemory.peak / MIB)} MiB; ` +
            'the 32 HTTP connections reach the engine through the API’s pool (DATABASE_POOL_SIZE, 10), and every ' +
            'engine connection shares one PGlite session, which runs one statement at a time',
        },
      ];
    } finally {
      await api.stop();
    }
  } finally {
    await host.stop();
  }
}
