#!/usr/bin/env node
// Does the worker's memory stay flat as a CSV export grows? (issue 5)
//
//   REDIS_URL=redis://127.0.0.1:6379 npm run bench:export          # 100,000 then 1,000,000 actors
//   BENCH_SIZES=100000,1000000,3000000 npm run bench:export
//
// A fresh database on the server of BENCH_DATABASE_URL (or DATABASE_URL, or the
// local postgres) is migrated, and one territory per size is filled with that
// many actors (generate_series, as the owner). The API and the worker run as in
// production, two processes of the built app (dist/): the API takes the order
// (`POST /reports`, actors_export as CSV), a worker started for that export
// alone makes it, and the file is downloaded through the API and its lines
// counted. The worker's resident memory comes from /proc: idle before the
// order, then its peak (VmHWM reset at the order, so start-up does not count,
// and sampled meanwhile). With REDIS_URL the queue is Redis, as in production;
// without, BullMQ's PostgreSQL backend. Everything created is dropped at the end.
//
// `npm run bench -- --only=export` (bench/run.mjs) measures the alliances export
// against a bare COPY in the same run; this one follows the memory over sizes.
import { loadavg } from 'node:os';
import { Redis } from 'ioredis';
import { runMigrations } from '../dist/libs/platform/src/database/migrator.js';
import { migrations } from '../dist/migrations/index.js';
import { appEnv, newContextSecrets, startApi } from './lib/app.mjs';
import {
  asOwner,
  freshDatabase,
  machine,
  MIB,
  memoryOf,
  requireBuild,
  resetPeak,
  sampleRss,
  sleep,
  start,
} from './lib/harness.mjs';

const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const SERVER =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const COMMUNES = ['69123', '38185', '13055', '31555', '33063', '44109', '59350', '67482'];

/** Actors of every category, with each column of the export filled (about 250 bytes of CSV each). */
const SEED_ACTORS = `
  insert into actors (territory_id, category, name, employer, size_class, siren, siret, naf_code, commune_code,
                      address, latitude, longitude, website, fragilities, tags, description, search_text)
  select $1,
         (array['association', 'company', 'public_body', 'foundation', 'academic', 'support_structure',
                'citizen_group'])[1 + n % 7],
         'Structure ' || to_char(n, 'FM0000000'),
         case when n % 7 = 0 then n % 2 = 0 end,
         case when n % 7 = 1 then (array['micro', 'sme', 'mid_cap', 'large'])[1 + n % 4] end,
         lpad(n::text, 9, '0'), lpad(n::text, 9, '0') || '00017', '88.99B', '69123',
         n || ' rue de la République, 69002 Lyon', 45.75 + (n % 1000) / 100000.0, 4.83 + (n % 1000) / 100000.0,
         'https://structure-' || n || '.example.org', array['social', 'economic'], array['insertion', 'jeunesse'],
         'Accompagne les habitants du quartier vers l’emploi et anime des ateliers collectifs.',
         'structure ' || n
  from generate_series(1, $2::int) n`;

/** Orders the export of `territoryId` from a worker of its own; the worker's memory and the report. */
async function exportWith(context, api, token, territoryId) {
  const worker = start('dist/apps/worker/src/main.js', appEnv(context, { LOG_LEVEL: 'info' }));
  try {
    await worker.until(/Maillage worker started/);
    await sleep(2_000);
    const idle = await memoryOf(worker.child.pid);
    await resetPeak(worker.child.pid);
    const rss = sampleRss(worker.child.pid);
    const path = `/territories/${territoryId}/reports`;
    const ordered = await (await api.call('POST', path, { type: 'actors_export', format: 'csv' }, token)).json();
    let report;
    do {
      await sleep(500);
      report = await (await api.call('GET', `${path}/${ordered.id}`, undefined, token)).json();
    } while (!['completed', 'failed', 'cancelled'].includes(report.status));
    return { report, idle: idle.rss, peak: await rss.stop() };
  } finally {
    await worker.stop();
  }
}

async function main() {
  requireBuild();
  // Other work on the machine slows the export down (not its memory): say how busy it was.
  const loadAtStart = loadavg()[0];
  const database = await freshDatabase(SERVER);
  const context = {
    databaseUrl: database.url,
    redisUrl: process.env.REDIS_URL,
    namespace: database.name.replace('maillage_', ''),
    ...newContextSecrets(),
  };
  const results = [];
  let api;
  try {
    await runMigrations(database.url, migrations);
    api = await startApi(context);
    const { accessToken } = await (
      await api.call('POST', '/auth/login', { email: context.admin.email, password: context.admin.password })
    ).json();
    for (const [index, rows] of SIZES.entries()) {
      const code = COMMUNES[index % COMMUNES.length];
      const territory = await (await api.call('POST', '/territories', { kind: 'commune', code }, accessToken)).json();
      const seededAt = Date.now();
      await asOwner(database.url, async (owner) => {
        await owner.query(SEED_ACTORS, [territory.id, rows]);
        await owner.query('analyze actors');
      });
      const seedSeconds = (Date.now() - seededAt) / 1000;

      const { report, idle, peak } = await exportWith(context, api, accessToken, territory.id);
      if (report.status !== 'completed')
        throw new Error(`the ${rows}-row export ended ${report.status}: ${report.error}`);
      // The file, streamed back through the API: the header and one line per actor.
      const file = await api.call(
        'GET',
        `/territories/${territory.id}/reports/${report.id}/file`,
        undefined,
        accessToken,
      );
      let lines = 0;
      for await (const chunk of file.body) for (const byte of chunk) if (byte === 10) lines += 1;
      if (lines !== rows + 1) throw new Error(`the ${rows}-row export has ${lines} lines`);

      const seconds = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000;
      results.push({
        rows,
        fileMiB: +(report.sizeBytes / MIB).toFixed(1),
        seedSeconds: +seedSeconds.toFixed(1),
        exportSeconds: +seconds.toFixed(1),
        rowsPerSecond: Math.round(rows / seconds),
        idleRssMiB: Math.round(idle / MIB),
        peakRssMiB: Math.round(peak / MIB),
      });
      console.log(JSON.stringify(results.at(-1)));
    }
  } finally {
    await api?.stop();
    await database.drop();
    if (context.redisUrl) {
      const redis = new Redis(context.redisUrl, { maxRetriesPerRequest: 1 });
      for await (const keys of redis.scanStream({ match: `${context.namespace}:*`, count: 1000 }))
        if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
  }

  const host = await machine(SERVER);
  console.log(
    `\n${new Date().toISOString().slice(0, 10)}: ${host.nproc} CPU (${host.cpu}), ${host.memoryGiB} GiB, Node ${host.node}, ` +
      `PostgreSQL ${host.postgres}, queue on ${context.redisUrl ? 'Redis' : 'PostgreSQL'}, ` +
      `load average ${loadAtStart.toFixed(1)} at the start and ${loadavg()[0].toFixed(1)} at the end\n`,
  );
  console.log('| rows | CSV (MiB) | export (s) | rows/s | worker RSS idle (MiB) | worker RSS peak (MiB) |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    const n = (value) => value.toLocaleString('en');
    console.log(
      `| ${n(r.rows)} | ${r.fileMiB} | ${r.exportSeconds} | ${n(r.rowsPerSecond)} | ${r.idleRssMiB} | ${r.peakRssMiB} |`,
    );
  }
}

await main();
