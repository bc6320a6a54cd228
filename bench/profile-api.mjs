#!/usr/bin/env node
// Where the API's own process spends its CPU on a hot request: the built API under load (the
// same closed loop as `npm run bench`), with V8's sampling profiler on during the measured load
// only (after start-up and a warm-up: bench/lib/profile-on-signal.mjs), then its self time
// grouped by package (our code, Nest, Fastify, pg, passport, class-validator…, GC) and by function.
//
//   npm run bench:profile                      the directory's first page (quick seed, 5,000 actors)
//   npm run bench:profile -- --route=write     creating an action with three participants
//   npm run bench:profile -- --route=keyset    the directory's second page (its cursor)
//   npm run bench:profile -- --seconds=20 --top=40 --keep=write.cpuprofile   (kept for Chrome DevTools)
//   npm run bench:profile -- --heap            what the API allocates a request, by package and function
//   PROFILE_NODE_ARGS=--max-semi-space-size=64 npm run bench:profile          the API with V8 flags to try
//   npm run bench:profile -- --baseline        the bare baseline (bench/baseline-server.mjs) on the same page, to compare
//
// Real PostgreSQL and Redis (as bench/run.mjs); a fresh database, dropped at the end.
import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, load, requireBuild, sleep, start } from './lib/harness.mjs';
import { appEnv, coordinatorOf, seededContext, startApi } from './lib/app.mjs';
import { writeBody } from './scenarios/api.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const ROUTE = option('route', 'directory');
const SECONDS = Number(option('seconds', '15'));
const TOP = Number(option('top', '30'));
/** Where to keep the profile (Chrome DevTools opens it). */
const KEEP = option('keep', null);
/** Allocations (V8's sampling heap profiler) rather than CPU time. */
const HEAP = args.includes('--heap');
/** The bare baseline server instead of the API (the directory's pages only). */
const BASELINE = args.includes('--baseline');

/** The package a frame belongs to (node_modules/<name>, our dist, Node's internals, V8's own entries). */
function packageOf(url, name) {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) return inModules[1];
  if (url.includes('/dist/')) return 'maillage';
  if (url.startsWith('node:')) return 'node';
  return url.replace(/^.*\//, '');
}

/** Amounts (milliseconds or bytes) added up by package and by function, then as shares of their total. */
function tally() {
  const byPackage = new Map();
  const byFunction = new Map();
  let total = 0;
  return {
    add(callFrame, amount) {
      total += amount;
      const pkg = packageOf(callFrame.url, callFrame.functionName);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + amount);
      const key = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '')}:${callFrame.lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + amount);
    },
    /** Each row's share, and its amount a request (µs of CPU, or bytes) when `requests` is given. */
    summary(requests) {
      const perRequest = (amount) => (requests ? `${((amount * 1000) / requests).toFixed(0).padStart(6)} ` : '');
      const rows = (map) =>
        [...map.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, TOP)
          .map(
            ([name, amount]) => `${((100 * amount) / total).toFixed(1).padStart(5)} % ${perRequest(amount)} ${name}`,
          );
      return { total, packages: rows(byPackage), functions: rows(byFunction) };
    },
  };
}

/** A sampled heap profile's bytes by package and by function (self), every sample counted. */
function summariseHeap(profile) {
  const counted = tally();
  const visit = (node) => {
    if (node.selfSize > 0) counted.add(node.callFrame, node.selfSize);
    for (const child of node.children) visit(child);
  };
  visit(profile.head);
  return counted.summary();
}

/** A CPU profile's self time by package and by function, idle left out. */
function summarise(profile, requests) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const counted = tally();
  profile.samples.forEach((id, i) => {
    const { callFrame } = byId.get(id);
    if (callFrame.functionName !== '(idle)') counted.add(callFrame, (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return counted.summary(requests);
}

async function main() {
  requireBuild();
  const server =
    process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = await freshDatabase(server);
  const directory = await mkdtemp(join(tmpdir(), 'maillage-profile-'));
  try {
    const context = await seededContext(database, 'quick');
    const big = context.territories[0];
    const profileFile = join(directory, 'steady.cpuprofile');
    const profiling = { PROFILE_ON_SIGNAL_FILE: profileFile, ...(HEAP ? { PROFILE_ON_SIGNAL_KIND: 'heap' } : {}) };
    const nodeArgs = [
      ...(process.env.PROFILE_NODE_ARGS ?? '').split(' ').filter(Boolean),
      '--import',
      join(import.meta.dirname, 'lib', 'profile-on-signal.mjs'),
    ];
    const api = await startApi(context, BASELINE ? {} : profiling, BASELINE ? [] : nodeArgs);
    let result;
    let baseline;
    try {
      const coordinator = await coordinatorOf(api, context, big.id);
      const headers = { authorization: `Bearer ${coordinator.token}` };
      let request =
        ROUTE === 'write'
          ? {
              url: `${api.base}/api/v1/territories/${big.id}/actions`,
              method: 'POST',
              headers: { ...headers, 'content-type': 'application/json' },
              body: await writeBody(context, big.id),
            }
          : ROUTE === 'keyset'
            ? {
                url: `${api.base}/api/v1/territories/${big.id}/actors?limit=50&cursor=${encodeURIComponent(
                  (await (await fetch(`${api.base}/api/v1/territories/${big.id}/actors?limit=50`, { headers })).json())
                    .nextCursor,
                )}`,
                headers,
              }
            : { url: `${api.base}/api/v1/territories/${big.id}/actors?limit=50`, headers };
      let measured = api.process.child;
      if (BASELINE) {
        if (ROUTE === 'write') throw new Error('--baseline profiles the directory pages only');
        baseline = start(
          'bench/baseline-server.mjs',
          appEnv(context, { ...profiling, TERRITORY_ID: big.id, USER_ID: coordinator.userId }),
          [],
          nodeArgs,
        );
        const [, baseUrl] = await baseline.until(/baseline ready: (http:\/\/\S+)/);
        const after =
          ROUTE === 'keyset'
            ? `&after=${encodeURIComponent((await (await fetch(`${baseUrl}/read?category=`)).json()).nextAfter)}`
            : '';
        request = { url: `${baseUrl}/read?category=${after}` };
        measured = baseline.child;
      }
      // Warm-up outside the profile (the load's own warm-up, then this one): start-up and compilation left out.
      await load({ ...request, seconds: 5 });
      measured.kill('SIGUSR2');
      result = await load({
        ...request,
        seconds: SECONDS,
        cpu: { pid: measured.pid, databaseUrl: database.url },
      });
      measured.kill('SIGUSR2');
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(100)) {
        if ((await readdir(directory)).includes('steady.cpuprofile')) break;
      }
    } finally {
      await baseline?.stop();
      await api.stop();
    }
    const file = (await readdir(directory)).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error('the API wrote no profile');
    if (KEEP) await copyFile(join(directory, file), KEEP);
    const profile = JSON.parse(await readFile(join(directory, file), 'utf8'));
    if (HEAP) {
      const summary = summariseHeap(profile);
      console.log(
        `${ROUTE}${BASELINE ? ' (baseline)' : ''}: ${Math.round(result.requestsPerSecond)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms; ` +
          `allocated (sampled) ${(summary.total / result.requests / 1024).toFixed(0)} KiB a request over ${result.requests} requests`,
      );
      console.log('\nallocated by package\n' + summary.packages.join('\n'));
      console.log('\nallocated by function (self)\n' + summary.functions.join('\n'));
      return;
    }
    const summary = summarise(profile, result.requests);
    console.log(
      `${ROUTE}${BASELINE ? ' (baseline)' : ''}: ${Math.round(result.requestsPerSecond)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms; ` +
        `CPU a request: server ${result.serverCpuMs?.toFixed(2)} ms, PostgreSQL ${result.databaseCpuMs?.toFixed(2)} ms ` +
        `(${result.requests} requests; the profile holds the measured load only: ${(summary.total / 1000).toFixed(1)} s of CPU)`,
    );
    console.log('\nself time by package (share, µs a request)\n' + summary.packages.join('\n'));
    console.log('\nself time by function (share, µs a request)\n' + summary.functions.join('\n'));
  } finally {
    await rm(directory, { recursive: true, force: true });
    await database.drop();
  }
}

await main();
