#!/usr/bin/env node
// Which statements a request makes PostgreSQL run, and how long each takes there: the built API on a
// fresh quick seed, the database set to log every statement's duration, `--count` requests one at a
// time, then the server log's entries for that database grouped by statement (parameters left out).
//
//   node bench/statement-log.mjs --route=write --count=200
//   node bench/statement-log.mjs --route=directory
//
// Needs to read PostgreSQL's log (PG_LOG, /var/log/postgresql/postgresql-15-main.log by default).
import { readFile, stat } from 'node:fs/promises';
import pg from 'pg';
import { freshDatabase, requireBuild } from './lib/harness.mjs';
import { coordinatorOf, seededContext, startApi } from './lib/app.mjs';
import { writeBody } from './scenarios/api.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const ROUTE = option('route', 'directory');
const COUNT = Number(option('count', '200'));
const LOG = process.env.PG_LOG ?? '/var/log/postgresql/postgresql-15-main.log';

requireBuild();
const server =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = await freshDatabase(server);
try {
  const context = await seededContext(database, 'quick');
  const big = context.territories[0];
  const owner = new pg.Client(database.url);
  await owner.connect();
  await owner.query(`alter database ${database.name} set log_min_duration_statement = 0`);
  await owner.end();
  const api = await startApi(context);
  try {
    const coordinator = await coordinatorOf(api, context, big.id);
    const headers = { authorization: `Bearer ${coordinator.token}` };
    const body = ROUTE === 'write' ? await writeBody(context, big.id) : undefined;
    const request = async () => {
      const response =
        ROUTE === 'write'
          ? await fetch(`${api.base}/api/v1/territories/${big.id}/actions`, {
              method: 'POST',
              headers: { ...headers, 'content-type': 'application/json' },
              body,
            })
          : await fetch(`${api.base}/api/v1/territories/${big.id}/actors?limit=50`, { headers });
      if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    };
    for (let i = 0; i < 20; i++) await request();
    const from = (await stat(LOG)).size;
    for (let i = 0; i < COUNT; i++) await request();
    const log = (await readFile(LOG)).subarray(from).toString('utf8');
    const byStatement = new Map();
    let logged = 0;
    for (const entry of log.split(/\n(?=\d{4}-\d\d-\d\d )/)) {
      if (!entry.includes(`@${database.name} `)) continue;
      const match = /duration: ([\d.]+) ms\s+(?:statement|execute [^:]*|parse [^:]*|bind [^:]*):\s*([\s\S]*)/.exec(
        entry,
      );
      if (!match) continue;
      logged++;
      const key = match[2]
        .replace(/\s+/g, ' ')
        .replace(/'[^']*'/g, "'…'")
        .slice(0, 160);
      const kept = byStatement.get(key) ?? { count: 0, ms: 0 };
      kept.count++;
      kept.ms += Number(match[1]);
      byStatement.set(key, kept);
    }
    const rows = [...byStatement.entries()].sort((a, b) => b[1].ms - a[1].ms);
    const total = rows.reduce((sum, [, { ms }]) => sum + ms, 0);
    console.log(
      `${ROUTE}: ${COUNT} requests, ${logged} logged statements, ${(total / COUNT).toFixed(3)} ms of statement time a request`,
    );
    for (const [statement, { count, ms }] of rows.slice(0, 30))
      console.log(
        `${(ms / COUNT).toFixed(3).padStart(7)} ms  ${(count / COUNT).toFixed(2).padStart(5)}×  ${statement}`,
      );
  } finally {
    await api.stop();
  }
} finally {
  await database.drop();
}
