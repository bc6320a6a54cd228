#!/usr/bin/env node
// The directory's and the kanban's plans on a seeded territory: a fresh database, migrated and
// seeded (`--size=5k|50k`, default 50k), then each page's SQL as the app builds it
// (ActorsRepository.list, AlliancesRepository.list), run with EXPLAIN (ANALYZE) as the runtime
// role in the territory, on a generic plan (as the app's named prepared statements end up).
//
//   npm run build && node bench/explain-directory.mjs --size=50k
import pg from 'pg';
import { runMigrations } from '../dist/libs/platform/src/database/migrator.js';
import { migrations } from '../dist/migrations/index.js';
import { ActorsRepository } from '../dist/libs/ecosystem/src/directory/actors.repository.js';
import { AlliancesRepository } from '../dist/libs/ecosystem/src/activity/alliances.repository.js';
import { freshDatabase, requireBuild } from './lib/harness.mjs';
import { seed } from './lib/seed.mjs';

requireBuild();
const size = { '5k': 'quick', '50k': '50k' }[
  process.argv.find((arg) => arg.startsWith('--size='))?.slice('--size='.length) ?? '50k'
];
if (!size) throw new Error('--size: 5k or 50k');
const server =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = await freshDatabase(server, 'maillage_explain');
try {
  await runMigrations(database.url, migrations);
  const seeded = await seed(database.url, size);
  const territoryId = seeded.territories[0].id;
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query('analyze');
    let statement = 0;
    const explain = async (label, build) => {
      await client.query('begin');
      await client.query(`select set_config('role', 'maillage_app', true), set_config('app.territory_id', $1, true)`, [
        territoryId,
      ]);
      await client.query('set local plan_cache_mode = force_generic_plan');
      let plan = [];
      const db = {
        query: async (text, values) => {
          statement += 1;
          const result = await client.query({
            name: `x${statement}`,
            text: `explain (analyze, costs off) ${text}`,
            values,
          });
          plan = result.rows.map((row) => row['QUERY PLAN']);
          return [];
        },
      };
      await build(db);
      await client.query('rollback');
      // The page's own scan, without the per-row subplans' lines.
      console.log(
        `\n## ${label}\n${plan
          .filter((line) => !/^\s+(->\s+)?(Sort|Result|One-Time|SubPlan)/.test(line))
          .slice(0, 6)
          .join('\n')}`,
      );
      console.log(plan.find((line) => line.startsWith('Execution Time')));
    };
    const [middle] = (
      await client.query(
        `select name_key as k, id, name, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as c
           from actors where territory_id = $1 and archived_at is null order by name_key, id offset $2 limit 1`,
        [territoryId, seeded.counts.actors >> 1],
      )
    ).rows;
    const actors = new ActorsRepository();
    const alliances = new AlliancesRepository();
    await explain('directory, first page by name', (db) => actors.list(db, {}, undefined, 50));
    await explain('directory, keyset page by name (halfway)', (db) =>
      actors.list(db, {}, { k: middle.k, id: middle.id }, 50),
    );
    await explain('directory, category, first page', (db) =>
      actors.list(db, { category: 'association' }, undefined, 50),
    );
    await explain('directory, −createdAt, first page', (db) => actors.list(db, { sort: '-createdAt' }, undefined, 50));
    await explain('directory, createdAt, keyset page', (db) =>
      actors.list(db, { sort: 'createdAt' }, { k: middle.c, id: middle.id }, 50),
    );
    await explain('directory, −createdAt, keyset page', (db) =>
      actors.list(db, { sort: '-createdAt' }, { k: middle.c, id: middle.id }, 50),
    );
    // Filters: a word one actor in eight has, then a rare one (one actor's name), a tag nobody has.
    await explain('directory, search « jeunesse »', (db) => actors.list(db, { q: 'jeunesse' }, undefined, 50));
    await explain(`directory, search « ${middle.name} » (one actor)`, (db) =>
      actors.list(db, { q: middle.name }, undefined, 50),
    );
    await explain('directory, tag « emploi »', (db) => actors.list(db, { tag: 'emploi' }, undefined, 50));
    await explain('directory, tag nobody has', (db) => actors.list(db, { tag: 'inexistant' }, undefined, 50));
    await explain('directory, fragility « social »', (db) => actors.list(db, { fragility: 'social' }, undefined, 50));
    await explain('directory, without alliance', (db) => actors.list(db, { hasAlliance: false }, undefined, 50));
    await explain('kanban column (active, 20)', (db) =>
      alliances.list(db, { status: 'active' }, undefined, undefined, 20),
    );
  } finally {
    await client.end();
  }
} finally {
  await database.drop();
}
