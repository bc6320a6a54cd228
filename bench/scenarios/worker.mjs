// Work done in the worker: the alliances CSV export, the territory activity
// report and the observatory rollup, each against the raw database work it
// needs (COPY, the report's SQL, the rollup's SQL over every territory at once).
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import { exportQuery, gatherTerritoryActivity } from '../../dist/libs/reports/src/index.js';
import { currentMonth, figuresByTerritory, shiftMonth } from '../../dist/libs/observatory/src/index.js';
import { asOwner, inTerritory, MIB, medianMs, memoryOf, resetPeak, sampleRss, sleep, start } from '../lib/harness.mjs';
import { appEnv, coordinatorOf, startApi } from '../lib/app.mjs';

const EXPORT_PARAMS = { delimiter: ';', bom: true };

async function startWorker(context) {
  const worker = start('dist/apps/worker/src/main.js', appEnv(context, { LOG_LEVEL: 'info' }));
  await worker.until(/Maillage worker started/);
  return worker;
}

/** Orders a report through the API and waits for it, sampling the worker's memory. */
async function produce(api, token, territoryId, order, workerPid) {
  const rss = workerPid ? sampleRss(workerPid) : undefined;
  const ordered = await (await api.call('POST', `/territories/${territoryId}/reports`, order, token)).json();
  let report;
  for (;;) {
    await sleep(200);
    report = await (
      await api.call('GET', `/territories/${territoryId}/reports/${ordered.id}`, undefined, token)
    ).json();
    if (['completed', 'failed', 'cancelled'].includes(report.status)) break;
  }
  const peak = rss ? await rss.stop() : 0;
  if (report.status !== 'completed') throw new Error(`${order.type} ended ${report.status}: ${report.error}`);
  return { report, seconds: (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000, peak };
}

/** A territory of its own with `count` alliances between 2 of its 1,000 actors each (SQL, row security on). */
async function exportTerritory(context, code, count) {
  const id = randomUUID();
  await asOwner(context.databaseUrl, (owner) =>
    owner.query(
      `insert into territories (id, kind, code, name, population, region_codes, departement_codes, commune_count)
       values ($1, 'commune', $2, 'Export ' || $2, 1000, '{84}', '{69}', 1)`,
      [id, code],
    ),
  );
  await inTerritory(context.databaseUrl, id, async (client) => {
    const tenant = `nullif(current_setting('app.territory_id', true), '')::uuid`;
    await client.query(
      `insert into actors (territory_id, category, name, search_text)
       select ${tenant}, (array['association', 'company', 'public_body'])[1 + n % 3], 'Acteur ' || n, 'acteur ' || n
       from generate_series(1, 1000) n`,
    );
    await client.query(`create temporary table bench_actors on commit drop as
                        select row_number() over (order by id) as n, id from actors`);
    await client.query(
      `insert into alliances (territory_id, title, status, modes, created_at)
       select ${tenant}, 'Alliance ' || n, (array['active', 'ended', 'proposed'])[1 + n % 3],
              case when n % 2 = 0 then array['patronage'] else array['responsible_practices', 'economic_cooperation'] end,
              now() - make_interval(mins => n)
       from generate_series(1, $1::int) n`,
      [count],
    );
    await client.query(
      `insert into alliance_parties (territory_id, alliance_id, actor_id)
       select ${tenant}, al.id, a.id
       from (select id, row_number() over () as n from alliances) al
       join bench_actors a on a.n in (1 + al.n % 1000, 1 + (al.n + 500) % 1000)`,
    );
  });
  await asOwner(context.databaseUrl, (owner) => owner.query('analyze alliances; analyze alliance_parties'));
  return id;
}

/** The same query through COPY … TO STDOUT in the territory's transaction: the fastest path there is. */
async function copyBaseline(context, territoryId) {
  let lines = 0;
  const started = process.hrtime.bigint();
  await inTerritory(context.databaseUrl, territoryId, async (client) => {
    const copy = client.query(
      copyTo(
        `copy (${exportQuery('alliances_export', EXPORT_PARAMS)}) to stdout with (format csv, header true, delimiter ';')`,
      ),
    );
    await pipeline(
      copy,
      new Writable({
        write(chunk, _encoding, done) {
          for (const byte of chunk) if (byte === 10) lines += 1;
          done();
        },
      }),
    );
  });
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, lines };
}

export async function exportScenario(context) {
  const sizes = context.size === 'full' ? [100_000, 1_000_000] : [20_000, 200_000];
  const api = await startApi(context);
  const results = [];
  try {
    const { admin } = await coordinatorOf(api, context, context.territories[0].id);
    for (const [index, rows] of sizes.entries()) {
      const territoryId = await exportTerritory(context, ['01001', '01002'][index], rows);
      const worker = await startWorker(context);
      try {
        await sleep(1_000);
        const idle = await memoryOf(worker.child.pid);
        await resetPeak(worker.child.pid);
        const made = await produce(
          api,
          admin,
          territoryId,
          { type: 'alliances_export', format: 'csv', params: EXPORT_PARAMS },
          worker.child.pid,
        );
        const copy = await copyBaseline(context, territoryId);
        if (copy.lines !== rows + 1) throw new Error(`COPY gave ${copy.lines} lines for ${rows} rows`);
        results.push({ rows, seconds: made.seconds, idle: idle.rss, peak: made.peak, copySeconds: copy.seconds });
      } finally {
        await worker.stop();
      }
    }
  } finally {
    await api.stop();
  }
  const [small, large] = results;
  const rate = (result) => result.rows / result.seconds;
  const copyRate = (result) => result.rows / result.copySeconds;
  return [
    {
      scenario: `Export: ${large.rows.toLocaleString('en')}-row alliances CSV in the worker`,
      measure: 'rows/s',
      app: rate(large),
      baseline: copyRate(large),
      ratio: rate(large) / copyRate(large),
      target: '≥ 0.60 of COPY',
      met: rate(large) / copyRate(large) >= 0.6,
      detail: `${small.rows.toLocaleString('en')} rows: ${Math.round(rate(small)).toLocaleString('en')} rows/s (COPY ${Math.round(copyRate(small)).toLocaleString('en')})`,
    },
    {
      scenario: `Export: worker peak RSS at ${large.rows.toLocaleString('en')} rows`,
      measure: 'MiB',
      app: large.peak / MIB,
      baseline: large.idle / MIB,
      ratio: large.peak / MIB / 256,
      target: '< 256 MiB (baseline column: idle worker)',
      met: large.peak < 256 * MIB,
    },
    {
      scenario: `Export: peak RSS ${large.rows.toLocaleString('en')} ÷ ${small.rows.toLocaleString('en')} rows`,
      measure: 'MiB',
      app: large.peak / MIB,
      baseline: small.peak / MIB,
      ratio: large.peak / small.peak,
      target: '≤ 1.20',
      met: large.peak / small.peak <= 1.2,
    },
  ];
}

export async function reportScenario(context) {
  const big = context.territories[0];
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  const api = await startApi(context);
  const worker = await startWorker(context);
  const rows = [];
  try {
    const { admin } = await coordinatorOf(api, context, big.id);
    const sqlMs = await medianMs(3, () =>
      inTerritory(context.databaseUrl, big.id, (client) =>
        gatherTerritoryActivity(
          { query: async (text, values) => (await client.query(text, values)).rows },
          big.id,
          from,
          to,
        ),
      ),
    );
    for (const format of ['pdf', 'xlsx']) {
      const order = { type: 'territory_activity', format, params: { from, to } };
      // Warm-up (fonts, plans) over another period: the same order within two minutes would be the same report.
      await produce(api, admin, big.id, { ...order, params: { from: to.slice(0, 4) + '-01-01', to } });
      const made = await produce(api, admin, big.id, order);
      rows.push({
        scenario: `Territory report (${format.toUpperCase()}, ${big.name}, one year)`,
        measure: 'seconds',
        app: made.seconds,
        baseline: sqlMs / 1000,
        ratio: made.seconds / (sqlMs / 1000),
        target: '≤ 1.50 × its SQL',
        met: made.seconds / (sqlMs / 1000) <= 1.5,
        detail: `file ${(made.report.sizeBytes / 1024).toFixed(0)} KiB`,
      });
    }
  } finally {
    await worker.stop();
    await api.stop();
  }
  return rows;
}

export async function rollupScenario(context) {
  const api = await startApi(context);
  const worker = await startWorker(context);
  try {
    const { admin } = await coordinatorOf(api, context, context.territories[0].id);
    const run = async () => {
      const { jobId } = await (await api.call('POST', '/observatory/rollups', undefined, admin)).json();
      for (;;) {
        await sleep(100);
        const state = await (await api.call('GET', `/observatory/rollups/${jobId}`, undefined, admin)).json();
        if (state.state === 'completed')
          return { ...state.result, jobSeconds: (Date.parse(state.finishedAt) - Date.parse(state.startedAt)) / 1000 };
        if (state.state === 'failed') throw new Error(`rollup failed: ${state.failedReason}`);
      }
    };
    await run(); // warm-up (plans, the first publication)
    // Full: every territory's kept facts forgotten, so each is read from its data.
    await asOwner(context.databaseUrl, (owner) => owner.query(`delete from observatory_fact_state`));
    const full = await run();
    // Incremental: a new actor in each of a few territories (5 of the 199 small ones; none on the quick
    // seed, which has only the big one), then the rollup reads those and reuses the others' facts.
    const changed = context.territories.slice(1, 6);
    for (const territory of changed)
      await inTerritory(context.databaseUrl, territory.id, (client) =>
        client.query(
          `insert into actors (territory_id, category, name, search_text)
           values (nullif(current_setting('app.territory_id', true), '')::uuid, 'association', 'Bench change', 'bench change')`,
        ),
      );
    const incremental = await run();
    if (incremental.territoriesRead !== changed.length)
      throw new Error(
        `the incremental rollup read ${incremental.territoriesRead} territories, ${changed.length} changed`,
      );
    const periodTo = currentMonth();
    const periodFrom = shiftMonth(periodTo, 23);
    let figures;
    const sqlMs = await medianMs(1, () =>
      asOwner(context.databaseUrl, async (owner) => {
        figures = await figuresByTerritory(
          { query: async (text, values) => (await owner.query(text, values)).rows },
          periodFrom,
          periodTo,
          context.territories.map((territory) => territory.id),
        );
      }),
    );
    // The same numbers after the incremental run: every territory's kept figures (read or reused) for the
    // current month equal the one-pass SQL's over the data as it is now (the workspaces were created this
    // month: the earlier months' territory counts start at their creation in the rollup only).
    const kept = await asOwner(
      context.databaseUrl,
      async (owner) =>
        (
          await owner.query(
            `select territory_id, period, indicator || '|' || dimension as key, value from observatory_facts
             where period = $1`,
            [periodTo],
          )
        ).rows,
    );
    const differing = kept.filter((row) => figures.get(row.territory_id)?.get(row.period)?.get(row.key) !== row.value);
    const expected = [...figures.values()].reduce(
      (sum, months) => sum + [...(months.get(periodTo)?.values() ?? [])].filter((value) => value > 0).length,
      0,
    );
    if (kept.length === 0 || differing.length > 0 || kept.length !== expected)
      throw new Error(
        `the rollup and the one-pass SQL disagree (${kept.length} kept, ${expected} computed): ${JSON.stringify(differing.slice(0, 5))}`,
      );
    const row = (label, summary, target, limit) => ({
      scenario: `Observatory rollup, ${label} (${summary.territories} territories × 24 months, published)`,
      measure: 'seconds',
      app: summary.jobSeconds,
      baseline: sqlMs / 1000,
      ratio: summary.jobSeconds / (sqlMs / 1000),
      target,
      met: limit === undefined ? null : summary.jobSeconds / (sqlMs / 1000) <= limit,
      detail:
        `${summary.territoriesRead} read, ${summary.territoriesReused} reused; ` +
        `${summary.cells.toLocaleString('en')} cells (${summary.cellsStored.toLocaleString('en')} stored, not zero), ${summary.suppressed.primary.toLocaleString('en')} suppressed + ` +
        `${summary.suppressed.complementary.toLocaleString('en')} complementary; territories ` +
        `${summary.seconds.territories.toFixed(2)} s, disclosure ${summary.seconds.disclosure.toFixed(2)} s, ` +
        `publication ${summary.seconds.publication.toFixed(2)} s`,
    });
    return [
      row('full', full, 'informational'),
      row(`incremental, ${changed.length} changed`, incremental, '≤ 1.50 × one SQL pass', 1.5),
    ];
  } finally {
    await worker.stop();
    await api.stop();
  }
}
