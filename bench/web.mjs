#!/usr/bin/env node
// The web console with realistic data: the quick seed (one territory, 5,000
// actors, 10,000 alliances, 500 actions; `--size=50k`: 50,000, 100,000, 5,000), the built app (API + dist/web) as a
// child process, and Debian's Chromium driven headless by playwright-core, as a
// coordinator. Each page is loaded N times in a fresh browser context (no HTTP
// cache, no React Query cache), timed from navigation start to its content
// drawn, as measured inside the page (performance.now() when the condition first
// holds, polled every animation frame).
//
//   npm run bench:web                         local PostgreSQL + Redis (as bench/run.mjs)
//   npm run bench:web -- --embedded           PGlite (bench/embedded-host.mjs) instead
//   npm run bench:web -- --runs=3 --only=graph,map --graph-timeout=300
//   npm run bench:web -- --size=50k           one territory of 50,000 actors, 100,000 alliances (default 5k)
//   npm run bench:web -- --only=map --waterfall   also prints each run's requests (start → end, ms after navigation)
//   npm run bench:web -- --only=graph --profile   also prints where the page's JavaScript spent its time (self time)
//
// Results: bench/results/web-<date>.json (every run, every API request's timing
// and size, heap readings, bundle sizes). docs/benchmarks.md is written by hand
// from them (the reading needs the code, not only the figures).
/* global document, requestAnimationFrame -- the conditions run in the page */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { Redis } from 'ioredis';
import { format as prettier, resolveConfig } from 'prettier';
import { runMigrations } from '../dist/libs/platform/src/database/migrator.js';
import { migrations } from '../dist/migrations/index.js';
import { freshDatabase, machine, MIB, requireBuild, ROOT, sleep, start } from './lib/harness.mjs';
import { coordinatorOf, newContextSecrets, startApi } from './lib/app.mjs';
import { seed } from './lib/seed.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const embedded = args.includes('--embedded');
const RUNS = Number(option('runs', '5'));
const GRAPH_TIMEOUT_MS = Number(option('graph-timeout', '240')) * 1000;
const PAGE_TIMEOUT_MS = 120_000;
const only = option('only', null)?.split(',');
const WATERFALL = args.includes('--waterfall');
const PROFILE = args.includes('--profile');
/** Functions listed from a profile, by self time. */
const PROFILE_TOP = 25;

/** A CPU profile's self time per function (ms), largest first: where the page's main thread went. */
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id).callFrame;
    const file = frame.url.replace(/^.*\//, '');
    const key = `${frame.functionName || '(anonymous)'} ${file}${file ? `:${frame.lineNumber + 1}:${frame.columnNumber + 1}` : ''}`;
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, PROFILE_TOP);
}
const SIZES = { '5k': 'quick', '50k': '50k' };
const size = SIZES[option('size', '5k')];
if (!size) {
  console.error(`--size: ${Object.keys(SIZES).join(' or ')}`);
  process.exit(2);
}
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const server =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The pages: where to go, when the content counts as drawn (a function run in
 * the page every frame, truthy once drawn), which API request carries its data.
 */
const PAGES = [
  {
    key: 'directory',
    label: 'Directory (`/annuaire`), cold load',
    path: (t) => `/t/${t}/annuaire`,
    data: /\/actors\?/,
    drawn: () => {
      const row = document.querySelector('.directory-table tbody tr');
      return row && row.getBoundingClientRect().height > 0 && { at: performance.now(), value: true };
    },
  },
  {
    key: 'search',
    label: 'Directory search (type « Jeunesse »)',
    path: (t) => `/t/${t}/annuaire`,
    data: /\/actors\?.*q=/,
    // After the unfiltered list is drawn: the query is filled in, timed until every row shown matches.
    interact: async (page) => {
      await waitDrawn(page, PAGES[0].drawn, PAGE_TIMEOUT_MS);
      const started = await page.evaluate(() => performance.now());
      await page.getByRole('searchbox').first().fill('Jeunesse');
      return started;
    },
    drawn: () => {
      const rows = [...document.querySelectorAll('.directory-table tbody tr')];
      return (
        rows.length > 0 &&
        rows.every((row) => row.textContent.includes('Jeunesse')) && { at: performance.now(), value: rows.length }
      );
    },
  },
  {
    key: 'dashboard',
    label: 'Dashboard (`/tableau-de-bord`)',
    path: (t) => `/t/${t}/tableau-de-bord`,
    data: /\/dashboard/,
    drawn: () => {
      const charts = [...document.querySelectorAll('.views-chart')];
      return (
        charts.length > 0 &&
        charts.every((chart) => chart.querySelector('.recharts-bar-rectangle path, .state-empty')) && {
          at: performance.now(),
          value: charts.length,
        }
      );
    },
  },
  {
    key: 'map',
    label: 'Map (`/carte`)',
    path: (t) => `/t/${t}/carte`,
    data: /\/map/,
    heap: true,
    drawn: () => {
      const map = document.querySelector('.views-map');
      if (!map || Number(map.dataset.points) === 0) return false;
      const icons = map.querySelectorAll('.leaflet-marker-icon').length;
      return icons > 0 && { at: performance.now(), value: { points: Number(map.dataset.points), icons } };
    },
  },
  {
    key: 'graph',
    label: 'Graph (`/graphe`)',
    path: (t) => `/t/${t}/graphe`,
    data: /\/graph/,
    heap: true,
    timeout: GRAPH_TIMEOUT_MS,
    // sigma marks its container with what it drew once the first WebGL frame is out.
    drawn: () => {
      const container = document.querySelector('.views-graph[data-nodes]');
      if (!container || Number(container.dataset.nodes) === 0 || !container.querySelector('canvas')) return false;
      return {
        at: performance.now(),
        value: { nodes: Number(container.dataset.nodes), edges: Number(container.dataset.edges) },
      };
    },
  },
  {
    key: 'alliances',
    label: 'Alliances kanban (`/alliances`)',
    path: (t) => `/t/${t}/alliances`,
    data: /\/alliances\?/,
    drawn: () => {
      const columns = [...document.querySelectorAll('.kanban-column')];
      return (
        columns.length === 6 &&
        columns.every((column) => column.querySelector('.kanban-cards li, .kanban-empty')) && {
          at: performance.now(),
          value: true,
        }
      );
    },
  },
].filter((page) => !only || only.includes(page.key));

/**
 * Waits until `drawn` holds in the page (polled every frame). Each condition
 * returns `{ at: performance.now(), value }` itself: it travels to the page as
 * a function (the console's CSP forbids evaluating strings).
 */
async function waitDrawn(page, drawn, timeout) {
  // Timed here too: Playwright's own timeout runs in the page, and a page busy in one long task never sees it.
  let timer;
  const late = new Promise((_, fail) => {
    timer = setTimeout(() => fail(new Error(`Timeout: not drawn after ${timeout / 1000} s`)), timeout);
  });
  try {
    const handle = await Promise.race([page.waitForFunction(drawn, undefined, { polling: 'raf', timeout }), late]);
    return await handle.jsonValue();
  } finally {
    clearTimeout(timer);
  }
}

const percentile = (values, p) => {
  const sorted = values.filter((value) => value !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  // Nearest rank: with 5 runs, the median is the 3rd and p95 the 5th (the worst).
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

async function bundleSizes() {
  const dir = resolve(ROOT, 'dist/web/assets');
  const files = (await readdir(dir)).filter((name) => /\.(js|css)$/.test(name));
  const sizes = {};
  for (const name of files) {
    const content = await readFile(resolve(dir, name));
    sizes[name] = { raw: content.length, gzip: gzipSync(content).length };
  }
  return sizes;
}

async function measurePage(browser, base, session, territoryId, spec) {
  const context = await browser.newContext({
    baseURL: base,
    viewport: { width: 1280, height: 900 },
    locale: 'fr-FR',
  });
  await context.addInitScript((value) => {
    if (!localStorage.getItem('maillage.session')) localStorage.setItem('maillage.session', value);
  }, JSON.stringify(session()));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Performance.enable');
  const responses = new Map();
  // When each request was sent (CDP's monotonic seconds): the page's waterfall.
  const sent = new Map();
  cdp.on('Network.requestWillBeSent', ({ requestId, timestamp }) => sent.set(requestId, timestamp));
  cdp.on('Network.responseReceived', ({ requestId, response, type }) =>
    responses.set(requestId, { url: response.url, type, status: response.status, timing: response.timing }),
  );
  const transferred = [];
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength, timestamp }) => {
    const response = responses.get(requestId);
    if (response)
      transferred.push({ ...response, bytes: encodedDataLength, finished: timestamp, sent: sent.get(requestId) });
  });
  const result = { ok: false };
  if (PROFILE) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  try {
    await page.goto(spec.path(territoryId), { waitUntil: 'commit' });
    const started = spec.interact ? await spec.interact(page) : 0;
    const drawn = await waitDrawn(page, spec.drawn, spec.timeout ?? PAGE_TIMEOUT_MS);
    // One more frame: what the condition saw is on screen.
    const painted = await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => done(performance.now()))),
    );
    result.ms = painted - started;
    result.detected = drawn.at - started;
    result.value = drawn.value;
    result.ok = true;
    if (PROFILE) result.profile = selfTimes((await cdp.send('Profiler.stop')).profile);
  } catch (error) {
    result.error = error.message.split('\n')[0];
    result.ms = null;
  }
  // A page still busy (a timed-out layout) answers no CDP call: no heap reading then, and the context is closed.
  if (spec.heap && result.ok) {
    const metrics = async () =>
      Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map(({ name, value }) => [name, value]));
    const before = await metrics();
    await cdp.send('HeapProfiler.collectGarbage');
    const after = await metrics();
    result.heap = {
      usedMiB: before.JSHeapUsedSize / MIB,
      totalMiB: before.JSHeapTotalSize / MIB,
      usedAfterGcMiB: after.JSHeapUsedSize / MIB,
      nodes: after.Nodes,
    };
  }
  const api = transferred.filter((entry) => entry.url.includes('/api/v1/'));
  const dataRequests = api.filter((entry) => spec.data.test(entry.url));
  result.requests = {
    api: api.length,
    assets: transferred
      .filter((entry) => /\/assets\/.*\.(js|css)$/.test(entry.url))
      .map((entry) => ({ file: entry.url.replace(/^.*\/assets\//, ''), bytes: entry.bytes })),
    scriptBytes: transferred.filter((entry) => entry.type === 'Script').reduce((sum, entry) => sum + entry.bytes, 0),
    styleBytes: transferred.filter((entry) => entry.type === 'Stylesheet').reduce((sum, entry) => sum + entry.bytes, 0),
    // The page's data: each request's time to its last byte (ms) and size on the wire.
    data: dataRequests.map((entry) => ({
      url: entry.url.replace(/^.*\/api\/v1/, ''),
      status: entry.status,
      bytes: entry.bytes,
      ms: entry.timing ? (entry.finished - entry.timing.requestTime) * 1000 : null,
      waitingMs: entry.timing ? entry.timing.receiveHeadersStart - entry.timing.sendEnd : null,
    })),
  };
  // Every request, ms after the navigation's own request was sent: what waits for what.
  const origin = Math.min(...transferred.map((entry) => entry.sent ?? Infinity));
  result.waterfall = transferred
    .filter((entry) => entry.sent !== undefined)
    .sort((a, b) => a.sent - b.sent)
    .map((entry) => ({
      url: entry.url.replace(/^https?:\/\/[^/]+/, ''),
      start: Math.round((entry.sent - origin) * 1000),
      end: Math.round((entry.finished - origin) * 1000),
      bytes: entry.bytes,
    }));
  result.errors = errors.filter((text) => !/status of 4\d\d/.test(text));
  await Promise.race([context.close().catch(() => undefined), sleep(10_000)]);
  return result;
}

async function main() {
  requireBuild();
  if (!existsSync(resolve(ROOT, 'dist/web/index.html'))) {
    console.error('dist/web is missing: run `npm run build` first.');
    process.exit(1);
  }
  const startedAt = new Date();
  const load = { start: loadavg() };
  const context = { size, ...newContextSecrets() };
  let cleanup;
  if (embedded) {
    context.namespace = `web_${startedAt.getTime().toString(36)}`;
    const host = start('bench/embedded-host.mjs', {
      PATH: process.env.PATH,
      MAILLAGE_QUEUE_NAMESPACE: context.namespace,
    });
    const [, databaseUrl, queueUrl] = await host.until(/embedded ready (\S+) (\S+)/);
    Object.assign(context, { databaseUrl, queueDatabaseUrl: queueUrl });
    cleanup = () => host.stop();
  } else {
    const database = await freshDatabase(server);
    Object.assign(context, {
      databaseUrl: database.url,
      redisUrl,
      namespace: database.name.replace('maillage_', ''),
    });
    cleanup = async () => {
      await database.drop();
      const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
      try {
        await redis.connect();
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${context.namespace}:*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length) await redis.del(...keys);
        } while (cursor !== '0');
      } catch {
        // Redis absent: nothing of ours there.
      } finally {
        redis.disconnect();
      }
    };
  }

  const results = {};
  let seeded;
  let host;
  try {
    await runMigrations(context.databaseUrl, migrations);
    console.log(`seeding (${size}${embedded ? ', PGlite' : ''})…`);
    seeded = await seed(context.databaseUrl, size);
    console.log(
      `seeded ${seeded.counts.actors.toLocaleString('en')} actors, ${seeded.counts.alliances.toLocaleString('en')} alliances, ` +
        `${seeded.counts.actions.toLocaleString('en')} actions in ${seeded.seconds.toFixed(0)} s`,
    );
    host = await machine(context.databaseUrl).catch(() => null);
    // With the worker in process: the graph is computed by a job (the API answers 202 meanwhile).
    const api = await startApi(context, { MAILLAGE_WORKER_IN_PROCESS: 'true' });
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        '--no-sandbox',
        // WebGL (the graph, sigma) drawn by SwiftShader, as in test/support/browser.ts.
        '--use-gl=angle',
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
        '--disable-dev-shm-usage',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const territoryId = seeded.territories[0].id;
      const coordinator = await coordinatorOf(api, context, territoryId);
      // The coordinator signs in through the API, as the login form would (coordinatorOf set its password).
      const pair = await (
        await api.call('POST', '/auth/login', { email: coordinator.email, password: coordinator.password })
      ).json();
      const session = () => ({
        accessToken: pair.accessToken,
        refreshToken: pair.refreshToken,
        expiresAt: Date.now() + pair.expiresIn * 1000,
      });
      for (const spec of PAGES) {
        results[spec.key] = { label: spec.label, runs: [] };
        for (let run = 0; run < RUNS; run += 1) {
          const result = await measurePage(browser, api.base, session, territoryId, spec);
          results[spec.key].runs.push(result);
          const data = result.requests.data.map((entry) => `${Math.round(entry.ms)} ms/${entry.bytes} B`).join(', ');
          console.log(
            `${spec.key} #${run + 1}: ${result.ok ? `${Math.round(result.ms)} ms` : `FAILED (${result.error})`}` +
              `${data ? ` — data ${data}` : ''}` +
              `${result.heap ? ` — heap ${result.heap.usedMiB.toFixed(0)} MiB (${result.heap.usedAfterGcMiB.toFixed(0)} after GC)` : ''}` +
              `${result.errors.length ? ` — errors: ${result.errors.join(' | ')}` : ''}`,
          );
          if (WATERFALL) {
            for (const entry of result.waterfall)
              console.log(
                `    ${String(entry.start).padStart(6)} → ${String(entry.end).padStart(6)} ms  ${entry.bytes} B  ${entry.url}`,
              );
          }
          if (result.profile) {
            for (const [name, ms] of result.profile) console.log(`    ${ms.toFixed(0).padStart(6)} ms  ${name}`);
          }
          // A page that timed out would only time out again: its other runs are not worth the minutes.
          if (!result.ok && /Timeout/i.test(result.error)) break;
        }
        const times = results[spec.key].runs.map((run) => run.ms);
        results[spec.key].median = percentile(times, 50);
        results[spec.key].p95 = percentile(times, 95);
      }
    } finally {
      await browser.close().catch(() => undefined);
      await api.stop();
    }
  } finally {
    await cleanup();
  }
  load.end = loadavg();

  const bundles = await bundleSizes();
  const command = `npm run bench:web${args.length ? ` -- ${args.join(' ')}` : ''}`;
  const report = {
    date: startedAt.toISOString(),
    command,
    engine: embedded ? 'PGlite (embedded)' : 'PostgreSQL',
    machine: host,
    loadAverage: load,
    seed: seeded?.counts,
    runs: RUNS,
    pages: results,
    bundles,
  };
  await mkdir(resolve(ROOT, 'bench/results'), { recursive: true });
  const file = resolve(ROOT, `bench/results/web-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  // Kept in the repository's style (lint checks it).
  await writeFile(file, await prettier(JSON.stringify(report), { ...(await resolveConfig(file)), filepath: file }));
  console.log('\n| page | median (ms) | p95 (ms) |\n| --- | ---: | ---: |');
  for (const [key, page] of Object.entries(results))
    console.log(
      `| ${page.label ?? key} | ${page.median === null ? '—' : Math.round(page.median)} | ${page.p95 === null ? '—' : Math.round(page.p95)} |`,
    );
  console.log(
    `\nload average ${load.start.map((v) => v.toFixed(1)).join(' ')} → ${load.end.map((v) => v.toFixed(1)).join(' ')}`,
  );
  console.log(`results: ${file}`);
}

await main();
