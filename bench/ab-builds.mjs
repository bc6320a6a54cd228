#!/usr/bin/env node
// Two builds of the API side by side on one seed: this checkout's `dist` against another checkout's (a
// worktree of an earlier commit, built), the directory's first page at 32 connections in alternating
// rounds, as `bench/directory-tail.mjs` sets the app against its baseline. For changes whose effect is
// smaller than the machine's drift between two runs: both builds share every round's conditions.
//
//   git worktree add /tmp/before <commit> && (cd /tmp/before && ln -s "$PWD/node_modules" . && npm run build)
//   node bench/ab-builds.mjs /tmp/before --repeat=3 --size=50k
//
// Compare builds that both keep their pool's connections through the rounds they sit out (from 6a1ca0e on:
// DATABASE_POOL_IDLE_TIMEOUT_MS): an older one closes them after 10 s unused and pays their reopening in the
// next round, which made whichever build sat in the first slot (unused twice for 10 s) look slower.
//
// The other build migrates the database on start if it needs to (MAILLAGE_MIGRATE_ON_START): run it from the
// newer checkout, whose migrations include the older's. A fresh database, dropped at the end.
import { resolve } from 'node:path';
import { compareLoads, freshDatabase, start } from './lib/harness.mjs';
import { appEnv, coordinatorOf, seededContext, startApi } from './lib/app.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const other = args.find((arg) => !arg.startsWith('--'));
if (!other) throw new Error('usage: node bench/ab-builds.mjs <other checkout, built> [--repeat=3] [--size=50k]');
const repeat = Number(option('repeat', '3'));
const server =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = await freshDatabase(server);
try {
  const context = await seededContext(database, { '5k': 'quick', '50k': '50k' }[option('size', '50k')] ?? 'quick');
  const api = await startApi(context);
  const big = context.territories[0];
  const coordinator = await coordinatorOf(api, context, big.id);
  const otherApi = start(
    resolve(other, 'dist/apps/api/src/main.js'),
    appEnv(context, { PORT: '0', MAILLAGE_WORKER_IN_PROCESS: 'false', MAILLAGE_MIGRATE_ON_START: 'true' }),
  );
  const [, otherBase] = await otherApi.until(/Maillage est prêt : (http:\/\/\S+)/);
  // Both builds sign with the same key: the coordinator's token serves both.
  const headers = { authorization: `Bearer ${coordinator.token}` };
  const page = (base) => `${base}/api/v1/territories/${big.id}/actors?limit=50`;
  const cpu = (pid) => ({ pid, databaseUrl: context.databaseUrl });
  const text = (result) =>
    `p50 ${result.p50} p99 ${result.p99} (${result.p99s.join('/')}) rps ${Math.round(result.requestsPerSecond)} cpu ${result.serverCpuMs?.toFixed(2)}+${result.databaseCpuMs?.toFixed(2)}`;
  for (let round = 0; round < repeat; round++) {
    const result = await compareLoads({
      app: { url: page(api.base), headers, cpu: cpu(api.process.child.pid) },
      baseline: { url: page(otherBase), headers, cpu: cpu(otherApi.child.pid) },
      seconds: 20,
      warmup: 5,
    });
    console.log(
      `this build: ${text(result.app)} | ${other}: ${text(result.baseline)} | ratio ${result.ratio.toFixed(2)} [${result.ratios.map((x) => x.toFixed(2)).join(',')}]`,
    );
  }
  await otherApi.stop();
  await api.stop();
} finally {
  await database.drop();
}
