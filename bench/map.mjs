#!/usr/bin/env node
// How fast is the map's first view, and the full GeoJSON, at 5,000 and 50,000 located actors? (issue 18)
//
//   node scripts/build.mjs --if-needed && node bench/map.mjs
//   BENCH_SIZES=5000,50000,200000 node bench/map.mjs
//
// A fresh database on the server of BENCH_DATABASE_URL (or DATABASE_URL, or the local postgres) is
// migrated; one territory per size is filled with that many located actors spread over a metropolitan
// area (generate_series, as the owner). The built API runs as in production. Measured, as the console
// asks: GET …/map/clusters for the territory's extent at zoom 10 — cold (the process builds the
// cluster index) and warm (median of 10, index cached) — a pan at zoom 14 (warm, median of 10), the
// deepest zoom over a district (every actor a point), and the full GeoJSON of GET …/map (streamed:
// time to the first byte and to the last, size). For comparison, an SQL grid of the same extent
// (one `group by` of the cells, as the owner, without the API around it). Everything is dropped at the end.
import { loadavg } from 'node:os';
import { runMigrations } from '../dist/libs/platform/src/database/migrator.js';
import { migrations } from '../dist/migrations/index.js';
import { newContextSecrets, startApi } from './lib/app.mjs';
import { asOwner, freshDatabase, machine, medianMs, requireBuild } from './lib/harness.mjs';

const SIZES = (process.env.BENCH_SIZES ?? '5000,50000').split(',').map(Number);
const SERVER =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const COMMUNES = ['69123', '38185', '13055', '31555'];

/** Located actors over ~30 × 30 km around Lyon, every category, a tenth placed at their commune only. */
const SEED_ACTORS = `
  insert into actors (territory_id, category, name, commune_code, latitude, longitude, location_precision,
                      search_text, tags)
  select $1,
         (array['association', 'company', 'public_body', 'foundation', 'academic', 'support_structure',
                'citizen_group'])[1 + n % 7],
         'Structure ' || to_char(n, 'FM0000000'), '69123',
         45.60 + ((n::bigint * 7919) % 10007) / 10007.0 * 0.3, 4.70 + ((n::bigint * 104729) % 10009) / 10009.0 * 0.4,
         case when n % 10 = 0 then 'commune' else 'address' end, 'structure ' || n, array['insertion']
  from generate_series(1, $2::int) n`;

const EXTENT = '4.7,45.6,5.1,45.9';
const PAN = '4.82,45.72,4.88,45.76';
const DISTRICT = '4.83,45.74,4.84,45.75';

async function timed(work) {
  const started = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

async function main() {
  requireBuild();
  const loadAtStart = loadavg()[0];
  const database = await freshDatabase(SERVER);
  const context = {
    databaseUrl: database.url,
    namespace: database.name.replace('maillage_', ''),
    ...newContextSecrets(),
  };
  const results = [];
  let api;
  try {
    await runMigrations(database.url, migrations);
    api = await startApi(context);
    const { accessToken: token } = await (
      await api.call('POST', '/auth/login', { email: context.admin.email, password: context.admin.password })
    ).json();
    for (const [index, rows] of SIZES.entries()) {
      const code = COMMUNES[index % COMMUNES.length];
      const territory = await (await api.call('POST', '/territories', { kind: 'commune', code }, token)).json();
      await asOwner(database.url, async (owner) => {
        await owner.query(SEED_ACTORS, [territory.id, rows]);
        await owner.query('analyze actors');
      });
      const base = `/territories/${territory.id}`;
      const clusters = async (bbox, zoom) => {
        const body = await (
          await api.call('GET', `${base}/map/clusters?bbox=${bbox}&zoom=${zoom}`, undefined, token)
        ).json();
        if (zoom === 10 && body.inView !== rows) throw new Error(`${rows} actors, ${body.inView} in view`);
        return body;
      };
      const cold = await timed(() => clusters(EXTENT, 10));
      const warm = await medianMs(10, () => clusters(EXTENT, 10));
      const pan = await medianMs(10, () => clusters(PAN, 14));
      const deepest = await timed(() => clusters(DISTRICT, 20));
      const full = await timed(async () => {
        const started = process.hrtime.bigint();
        const response = await api.call('GET', `${base}/map`, undefined, token);
        let firstByte = null;
        let bytes = 0;
        for await (const chunk of response.body) {
          firstByte ??= Number(process.hrtime.bigint() - started) / 1e6;
          bytes += chunk.length;
        }
        return { firstByte, bytes };
      });
      const grid = await asOwner(database.url, (owner) =>
        medianMs(5, () =>
          owner.query(
            `select count(*), avg(longitude), avg(latitude) from actors
             where territory_id = $1 and archived_at is null and latitude is not null
               and longitude between 4.7 and 5.1 and latitude between 45.6 and 45.9
             group by floor(longitude / 0.0137), floor(latitude / 0.0137)`,
            [territory.id],
          ),
        ),
      );
      results.push({
        rows,
        clusters: cold.result.clusters.length,
        coldMs: Math.round(cold.ms),
        warmMs: Math.round(warm),
        panMs: Math.round(pan),
        deepestMs: Math.round(deepest.ms),
        deepestPoints: deepest.result.features.length,
        geojsonFirstByteMs: Math.round(full.result.firstByte),
        geojsonMs: Math.round(full.ms),
        geojsonMiB: +(full.result.bytes / 1024 / 1024).toFixed(1),
        sqlGridMs: Math.round(grid),
      });
      console.log(JSON.stringify(results.at(-1)));
    }
  } finally {
    await api?.stop();
    await database.drop();
  }
  const host = await machine(SERVER);
  console.log(
    `\n${new Date().toISOString().slice(0, 10)}: ${host.nproc} CPU (${host.cpu}), Node ${host.node}, ` +
      `PostgreSQL ${host.postgres}, load average ${loadAtStart.toFixed(1)} at the start and ${loadavg()[0].toFixed(1)} at the end\n`,
  );
  console.log(
    '| actors | clusters at z10 | first view, cold (ms) | first view, cached (ms) | pan z14 (ms) | deepest zoom (ms, points) | /map first byte (ms) | /map whole (ms, MiB) | SQL grid alone (ms) |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    console.log(
      `| ${r.rows.toLocaleString('en')} | ${r.clusters} | ${r.coldMs} | ${r.warmMs} | ${r.panMs} | ${r.deepestMs} (${r.deepestPoints}) | ${r.geojsonFirstByteMs} | ${r.geojsonMs} (${r.geojsonMiB}) | ${r.sqlGridMs} |`,
    );
  }
}

await main();
