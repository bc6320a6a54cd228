#!/usr/bin/env node
// The directory's two pages (first, keyset) at 32 connections, app against its bare baseline in
// alternating rounds (as `npm run bench:quick -- --only=directory`), once per configuration:
// V8 flags and environment variables given to both servers, to try what moves the p99.
//
//   node bench/directory-tail.mjs --configs="|DATABASE_POOL_SIZE=20|--max-semi-space-size=32"
//   node bench/directory-tail.mjs --size=5k --repeat=2 --socket   (PostgreSQL through its Unix socket)
//
// One seed (50,000 actors by default) for every configuration; a fresh database, dropped at the end.
import { compareLoads, freshDatabase, start } from './lib/harness.mjs';
import { appEnv, coordinatorOf, seededContext, startApi } from './lib/app.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const size = option('size', '50k');
const configs = option('configs', '').split('|');
const warmup = Number(option('warmup', '5'));
const repeat = Number(option('repeat', '1'));
const server =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = await freshDatabase(server);
try {
  const context = await seededContext(database, size);
  if (args.includes('--socket'))
    context.databaseUrl = database.url.replace('127.0.0.1:5432', 'localhost') + '?host=/var/run/postgresql';
  console.log(context.databaseUrl);
  console.log('seeded');
  for (let r = 0; r < repeat; r++)
    for (const config of configs) {
      const parts = config.split(' ').filter(Boolean);
      const nodeArgs = parts.filter((x) => x.startsWith('--'));
      const env = Object.fromEntries(parts.filter((x) => !x.startsWith('--')).map((x) => x.split('=')));
      const api = await startApi(context, env, nodeArgs);
      const big = context.territories[0];
      const coordinator = await coordinatorOf(api, context, big.id);
      const baseline = start(
        'bench/baseline-server.mjs',
        appEnv(context, { ...env, TERRITORY_ID: big.id, USER_ID: coordinator.userId }),
        [],
        nodeArgs,
      );
      const [, baseUrl] = await baseline.until(/baseline ready: (http:\/\/\S+)/);
      const headers = { authorization: `Bearer ${coordinator.token}` };
      const path = `${api.base}/api/v1/territories/${big.id}/actors?limit=50`;
      const first = await (await fetch(path, { headers })).json();
      const bareFirst = await (await fetch(`${baseUrl}/read?category=`)).json();
      for (const [label, appUrl, bareUrl] of [
        ['first', path, `${baseUrl}/read?category=`],
        [
          'keyset',
          `${path}&cursor=${encodeURIComponent(first.nextCursor)}`,
          `${baseUrl}/read?category=&after=${encodeURIComponent(bareFirst.nextAfter)}`,
        ],
      ]) {
        const res = await compareLoads({
          app: { url: appUrl, headers, cpu: { pid: api.process.child.pid, databaseUrl: context.databaseUrl } },
          baseline: { url: bareUrl, cpu: { pid: baseline.child.pid, databaseUrl: context.databaseUrl } },
          seconds: 10,
          warmup,
        });
        console.log(
          `[${config || 'default'}] ${label}: app p50 ${res.app.p50} p99 ${res.app.p99} (${res.app.p99s.join('/')}) rps ${Math.round(res.app.requestsPerSecond)} cpu ${res.app.serverCpuMs?.toFixed(2)}+${res.app.databaseCpuMs?.toFixed(2)} | base p50 ${res.baseline.p50} p99 ${res.baseline.p99} (${res.baseline.p99s.join('/')}) rps ${Math.round(res.baseline.requestsPerSecond)} cpu ${res.baseline.serverCpuMs?.toFixed(2)}+${res.baseline.databaseCpuMs?.toFixed(2)} | ratio ${res.ratio.toFixed(2)} [${res.ratios.map((x) => x.toFixed(2)).join(',')}]`,
        );
      }
      await baseline.stop();
      await api.stop();
    }
} finally {
  await database.drop();
}
