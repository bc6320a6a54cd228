#!/usr/bin/env node
// Maillage's benchmark suite: each hot path as a ratio against the fastest
// thing that could do the same work, measured in the same run on the same
// machine (absolute times drift on a shared 2-core machine; ratios much less).
//
//   npm run bench:quick          1 territory × 5,000 actors (a few minutes)
//   npm run bench                200 territories, one of 50,000 actors, 1,000,000 alliances
//   npm run bench -- --only=api-read,jobs
//   npm run bench:quick -- --no-embedded   without the embedded-engine comparison (API read on PGlite ÷ PostgreSQL)
//   npm run bench:quick -- --size=50k --only=directory,views
//                                one territory of 50,000 actors and 100,000 alliances (`--size=5k`: the quick seed)
//
// Real PostgreSQL and Redis by default (BENCH_DATABASE_URL or DATABASE_URL, else
// postgres://postgres@127.0.0.1:5432/postgres; BENCH_REDIS_URL or REDIS_URL, else
// redis://127.0.0.1:6379). A fresh database is created, migrated, seeded and dropped.
// Results: bench/results/<date>-<size>.json, and a table appended to docs/benchmarks.md.
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { format as prettier, resolveConfig } from 'prettier';
import { runMigrations } from '../dist/libs/platform/src/database/migrator.js';
import { migrations } from '../dist/migrations/index.js';
import { freshDatabase, machine, requireBuild, ROOT } from './lib/harness.mjs';
import { newContextSecrets } from './lib/app.mjs';
import { seed } from './lib/seed.mjs';
import { apiRead, apiWrite } from './scenarios/api.mjs';
import { directory, views } from './scenarios/views.mjs';
import { exportScenario, reportScenario, rollupScenario } from './scenarios/worker.mjs';
import { jobs } from './scenarios/jobs.mjs';
import { embedded as embeddedEngine } from './scenarios/embedded.mjs';

const SCENARIOS = {
  'api-read': apiRead,
  'api-write': apiWrite,
  directory,
  views,
  rollup: rollupScenario,
  report: reportScenario,
  export: exportScenario,
  jobs,
  embedded: embeddedEngine,
};

const args = process.argv.slice(2);
const SIZE_OPTIONS = { '5k': 'quick', '50k': '50k' };
const sizeOption = args.find((arg) => arg.startsWith('--size='))?.slice('--size='.length);
if (sizeOption !== undefined && !SIZE_OPTIONS[sizeOption]) {
  console.error(`--size: ${Object.keys(SIZE_OPTIONS).join(' or ')}`);
  process.exit(2);
}
// `--size` wins over `--full` (npm run bench -- --size=50k).
const size = sizeOption ? SIZE_OPTIONS[sizeOption] : args.includes('--full') ? 'full' : 'quick';
const only = args
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const selected = Object.keys(SCENARIOS).filter((name) =>
  only ? only.includes(name) : name !== 'embedded' || !args.includes('--no-embedded'),
);
const server =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const format = (value) =>
  value === null || value === undefined
    ? '—'
    : typeof value === 'number'
      ? value >= 100
        ? Math.round(value).toLocaleString('en')
        : value.toFixed(2)
      : String(value);

async function main() {
  requireBuild();
  const startedAt = new Date();
  const database = await freshDatabase(server);
  const namespace = database.name.replace('maillage_', '');
  const context = {
    size,
    databaseUrl: database.url,
    redisUrl,
    namespace,
    ...newContextSecrets(),
  };
  const rows = [];
  try {
    await runMigrations(database.url, migrations);
    console.log(`seeding (${size})…`);
    const seeded = await seed(database.url, size);
    context.territories = seeded.territories;
    console.log(
      `seeded ${seeded.territories.length} territories, ${seeded.counts.actors.toLocaleString('en')} actors, ` +
        `${seeded.counts.actions.toLocaleString('en')} actions, ${seeded.counts.alliances.toLocaleString('en')} alliances ` +
        `in ${seeded.seconds.toFixed(0)} s`,
    );
    for (const name of selected) {
      console.log(`\n== ${name}`);
      const results = await SCENARIOS[name](context);
      for (const result of results) {
        rows.push({ key: name, ...result });
        console.log(
          `${result.scenario}: app ${format(result.app)} ${result.measure}, baseline ${format(result.baseline)}, ` +
            `ratio ${format(result.ratio)} (target ${result.target})${result.met === false ? '  ✗ NOT MET' : ''}` +
            (result.detail ? `\n  ${result.detail}` : ''),
        );
      }
    }
  } finally {
    await database.drop();
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
    try {
      await redis.connect();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } catch {
      // Redis absent: nothing of ours there.
    } finally {
      redis.disconnect();
    }
  }

  const host = await machine(server);
  const command = `npm run ${args.includes('--full') ? 'bench' : 'bench:quick'}${args.filter((arg) => arg !== '--full').length ? ` -- ${args.filter((arg) => arg !== '--full').join(' ')}` : ''}`;
  const report = { date: startedAt.toISOString(), size, command, machine: host, results: rows };
  await mkdir(resolve(ROOT, 'bench/results'), { recursive: true });
  await mkdir(resolve(ROOT, 'docs'), { recursive: true });
  const file = resolve(ROOT, `bench/results/${startedAt.toISOString().replace(/[:.]/g, '-')}-${size}.json`);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);

  const table = [
    `\n## ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC — ${size}`,
    '',
    `\`${command}\` — ${host.nproc} CPU (${host.cpu}), ${host.memoryGiB} GiB, Node ${host.node}, PostgreSQL ${host.postgres}, ` +
      `Redis queue, NestJS ${host.nest}, Fastify ${host.fastify}, TypeORM ${host.typeorm}, BullMQ ${host.bullmq}, PGlite ${host.pglite}`,
    '',
    '| scenario | measure | Maillage | baseline | ratio | target | met |',
    '| --- | --- | ---: | ---: | ---: | --- | :-: |',
    ...rows.map(
      (row) =>
        `| ${row.scenario} | ${row.measure} | ${format(row.app)} | ${format(row.baseline)} | ${format(row.ratio)} | ${row.target} | ${
          row.met === null ? '—' : row.met ? 'yes' : '**no**'
        } |`,
    ),
    ...rows.filter((row) => row.detail).map((row) => `\n- ${row.scenario}: ${row.detail}`),
    '',
  ].join('\n');
  const docs = resolve(ROOT, 'docs/benchmarks.md');
  const existing = await readFile(docs, 'utf8').catch(() => '');
  if (!existing)
    await writeFile(docs, '# Benchmarks\n\nRuns of `bench/`, newest last (see the README, "Benchmarks").\n');
  await appendFile(docs, table);
  // Kept in the repository's style (lint checks it).
  const style = { ...(await resolveConfig(docs)), filepath: docs };
  await writeFile(docs, await prettier(await readFile(docs, 'utf8'), style));
  console.log(table);
  console.log(`\nresults: ${file}`);
}

await main();
