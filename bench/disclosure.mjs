#!/usr/bin/env node
// The observatory's disclosure control on the full bench's 200 territories
// (one of 50,000 actors, 1,000,000 alliances), all sharing, 24 months: the
// figures are read once in one pass (the rollup's own SQL), then rollUp()
// publishes them with its LP audit, timed alone.
//
//   npm run bench:disclosure                      seeds a database, keeps it for the next run
//   npm run bench:disclosure -- --drop            drops it at the end
//   npm run bench:disclosure -- --size=quick      one territory of 5,000 actors
//   npm run bench:disclosure -- --figures=FILE    keeps the figures read in FILE, reads them from there next time
//   npm run bench:disclosure -- --warm            then publishes again after five territories changed, from the
//                                                 first publication's withheld cells (as the rollup job does)
//
// The kept database is `maillage_bench_disclosure_<size>` on BENCH_DATABASE_URL / DATABASE_URL,
// else the local server.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { runMigrations } from '../dist/libs/platform/src/database/migrator.js';
import { migrations } from '../dist/migrations/index.js';
import { GeographyService } from '../dist/libs/territories/src/geography.service.js';
import {
  currentMonth,
  figuresByTerritory,
  monthRange,
  peerGroup,
  rollUp,
  shiftMonth,
  territoryChain,
} from '../dist/libs/observatory/src/index.js';
import { asOwner, machine, requireBuild, ROOT, withDatabase } from './lib/harness.mjs';
import { seed } from './lib/seed.mjs';

const args = process.argv.slice(2);
const size = args.find((arg) => arg.startsWith('--size='))?.slice('--size='.length) ?? 'full';
const server =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `maillage_bench_disclosure_${size}`;
const url = withDatabase(server, name);

requireBuild();
const exists = await asOwner(
  server,
  async (client) => (await client.query('select 1 from pg_database where datname = $1', [name])).rowCount > 0,
);
if (!exists) {
  await asOwner(server, (client) => client.query(`create database ${name}`));
  await runMigrations(url, migrations);
  console.log(`seeding (${size})…`);
  const seeded = await seed(url, size);
  console.log(`seeded ${seeded.territories.length} territories in ${seeded.seconds.toFixed(0)} s`);
}

const periodTo = currentMonth();
const periodFrom = shiftMonth(periodTo, 23);
const geography = new GeographyService();
// --figures=FILE keeps the figures read (JSON) and reads them from there next time: the audit alone.
const figuresFile = args.find((arg) => arg.startsWith('--figures='))?.slice('--figures='.length);
const read = async () => {
  if (figuresFile && existsSync(figuresFile)) {
    const saved = JSON.parse(readFileSync(figuresFile, 'utf8'));
    const figures = new Map(
      saved.figures.map(([id, months]) => [id, new Map(months.map(([period, month]) => [period, new Map(month)]))]),
    );
    return { territories: saved.territories, figures, readSeconds: 0 };
  }
  const fresh = await readFigures();
  if (figuresFile)
    writeFileSync(
      figuresFile,
      JSON.stringify({
        territories: fresh.territories,
        figures: [...fresh.figures].map(([id, months]) => [
          id,
          [...months].map(([period, month]) => [period, [...month]]),
        ]),
      }),
    );
  return fresh;
};
const readFigures = () =>
  asOwner(url, async (client) => {
    const started = process.hrtime.bigint();
    const territories = (
      await client.query(
        `select id, kind, code, name, population, to_char(created_at at time zone 'Europe/Paris', 'YYYY-MM') as created
       from territories order by id`,
      )
    ).rows;
    const figures = await figuresByTerritory(
      { query: async (text, values) => (await client.query(text, values)).rows },
      periodFrom,
      periodTo,
      territories.map((territory) => territory.id),
      new Map(territories.map((territory) => [territory.id, territory.created])),
    );
    return { territories, figures, readSeconds: Number(process.hrtime.bigint() - started) / 1e9 };
  });
const { territories, figures, readSeconds } = await read();
const contributions = territories.map((territory) => ({
  chain: territoryChain({ ...territory, communeCodes: [] }, geography),
  peerGroup: peerGroup(territory.kind, territory.population),
  figures: figures.get(territory.id),
}));

const started = process.hrtime.bigint();
console.log(`figures read in ${readSeconds.toFixed(1)} s; disclosure control…`);
const result = await rollUp(contributions, monthRange(periodFrom, periodTo), 5, (round) =>
  console.log(
    `  round ${round.round}: ${round.audited} figures audited, ${round.exposed} exposed, ` +
      `${round.linearPrograms} linear programs, ${round.seconds.toFixed(1)} s`,
  ),
);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const rss = process.memoryUsage().rss / 2 ** 20;
const { audit, suppressed, cells } = { ...result, cells: result.cells.length };
const line =
  `${territories.length} territories × 24 months: ${cells.toLocaleString('en')} cells, ` +
  `${suppressed.primary.toLocaleString('en')} primary + ${suppressed.complementary.toLocaleString('en')} complementary; ` +
  `disclosure control ${seconds.toFixed(1)} s (figures read in ${readSeconds.toFixed(1)} s), ` +
  `${audit.rounds} rounds, ${audit.targets.toLocaleString('en')} sensitive figures audited, ` +
  `${audit.linearPrograms.toLocaleString('en')} linear programs, ${audit.unprotected} unprotected, ` +
  `${audit.droppedConstraints} identities dropped; RSS ${rss.toFixed(0)} MiB`;
console.log(line);

// --warm: then one new association in each of five small territories (this month), published again
// from the first publication's withheld cells, as the rollup job does after a few changes.
let warmLine = '';
if (args.includes('--warm')) {
  const withheld = new Set(
    result.cells.filter((cell) => cell.value === null).map((cell) => `${cell.area}|${cell.period}|${cell.key}`),
  );
  const changed = contributions.slice(1, 6).map((contribution) => {
    const months = new Map(contribution.figures);
    const month = new Map(months.get(periodTo) ?? []);
    for (const key of ['actors|total', 'actors|category:association', 'actors|association_employer:unknown'])
      month.set(key, (month.get(key) ?? 0) + 1);
    months.set(periodTo, month);
    return { ...contribution, figures: months };
  });
  const again = [contributions[0], ...changed, ...contributions.slice(6)];
  const warmStarted = process.hrtime.bigint();
  const warm = await rollUp(again, monthRange(periodFrom, periodTo), 5, undefined, withheld);
  const warmSeconds = Number(process.hrtime.bigint() - warmStarted) / 1e9;
  const kept = warm.cells.filter(
    (cell) => cell.value === null && withheld.has(`${cell.area}|${cell.period}|${cell.key}`),
  );
  warmLine =
    `after 5 territories changed, from the first publication's ${withheld.size.toLocaleString('en')} withheld cells: ` +
    `disclosure control ${warmSeconds.toFixed(1)} s, ${warm.audit.rounds} rounds, ` +
    `${warm.audit.linearPrograms.toLocaleString('en')} linear programs, ` +
    `${(warm.suppressed.primary + warm.suppressed.complementary).toLocaleString('en')} withheld ` +
    `(${kept.length.toLocaleString('en')} as before), ${warm.audit.unprotected} unprotected`;
  console.log(warmLine);
}

const env = await machine(url);
const where = `${env.nproc} CPU (${env.cpu}), ${env.memoryGiB} GiB, Node ${env.node}, PostgreSQL ${env.postgres}`;
await appendFile(
  resolve(ROOT, 'docs/benchmarks.md'),
  `\n### Disclosure audit, ${new Date().toISOString().slice(0, 10)}\n\n` +
    `\`npm run bench:disclosure${size === 'full' ? '' : ` -- --size=${size}`}\` — ${where}\n\n- ${line}\n` +
    (warmLine ? `- ${warmLine}\n` : ''),
);
if (args.includes('--drop')) {
  await asOwner(server, (client) => client.query(`drop database ${name} with (force)`));
}
