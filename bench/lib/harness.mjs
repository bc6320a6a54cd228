// Shared pieces of the benchmarks: databases, child processes of the built
// app, memory readings, HTTP load, the machine's description.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const MIB = 1024 * 1024;
export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

export function requireBuild() {
  if (!existsSync(resolve(ROOT, 'dist/apps/api/src/main.js'))) {
    console.error('dist/ is missing: run `npm run build` first.');
    process.exit(1);
  }
}

export const withDatabase = (url, name) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();

/** Runs `work` with one client of `url` (as whoever the URL names: the owner, here). */
export async function asOwner(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Runs `work` in one transaction as the runtime role in `territoryId`, on a
 * client of `source` (a pg.Pool, or a URL for a client of its own): row
 * security applies, as in the app.
 */
export async function inTerritory(source, territoryId, work) {
  const pooled = typeof source !== 'string';
  const client = pooled ? await source.connect() : new pg.Client({ connectionString: source });
  if (!pooled) await client.connect();
  try {
    await client.query('begin');
    await client.query(`select set_config('role', 'maillage_app', true), set_config('app.territory_id', $1, true)`, [
      territoryId,
    ]);
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    if (pooled) client.release();
    else await client.end();
  }
}

/** A fresh database on the server of `serverUrl`; `drop()` removes it. */
export async function freshDatabase(serverUrl, prefix = 'maillage_bench') {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await asOwner(withDatabase(serverUrl, 'postgres'), (admin) => admin.query(`create database ${name}`));
  return {
    name,
    url: withDatabase(serverUrl, name),
    drop: () =>
      asOwner(withDatabase(serverUrl, 'postgres'), (admin) =>
        admin.query(`drop database if exists ${name} with (force)`),
      ),
  };
}

/** Children still running: killed if the bench itself stops early, so none is left polling the queue. */
const children = new Set();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    for (const child of children) child.kill('SIGKILL');
    process.exit(130);
  });

/** A process of the built app (or any script); `until` waits for a pattern in its output. */
export function start(script, env, args = [], nodeArgs = []) {
  const child = spawn(process.execPath, [...nodeArgs, resolve(ROOT, script), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (data) => (output += data));
  child.stderr.on('data', (data) => (output += data));
  children.add(child);
  const exited = new Promise((done) =>
    child.on('exit', (code) => {
      children.delete(child);
      done(code);
    }),
  );
  return {
    child,
    exited,
    output: () => output,
    async until(pattern, timeoutMs = 120_000) {
      for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(50)) {
        const match = output.match(pattern);
        if (match) return match;
        if (child.exitCode !== null) break;
      }
      throw new Error(`${script}: no ${pattern} in its output:\n${output.slice(-3000)}`);
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resident memory of a process, now and at its peak, in bytes (Linux /proc). */
export async function memoryOf(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

/** Starts the peak (VmHWM) again from the current level (Linux 4.0+; 5 = reset the peak RSS). */
export const resetPeak = (pid) => writeFile(`/proc/${pid}/clear_refs`, '5');

/** Samples a process's RSS every `everyMs` until `stop()`; returns the highest reading. */
export function sampleRss(pid, everyMs = 50) {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, (await memoryOf(pid).catch(() => ({ rss: 0 }))).rss);
      await sleep(everyMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const { peak: kernelPeak } = await memoryOf(pid).catch(() => ({ peak: 0 }));
      return Math.max(peak, kernelPeak);
    },
  };
}

/**
 * The load generator: `wrk` (C, one thread: a fraction of a core, where autocannon in this
 * process took a core's share from the server and PostgreSQL under test) when it is installed,
 * else autocannon; `BENCH_LOAD=autocannon` or `BENCH_LOAD=wrk` chooses. The app and its baseline
 * are always measured with the same one, the same requests, connections and duration.
 */
export const WRK = process.env.BENCH_WRK ?? '/usr/bin/wrk';
export const loadGenerator =
  process.env.BENCH_LOAD === 'autocannon' || (process.env.BENCH_LOAD !== 'wrk' && !existsSync(WRK))
    ? 'autocannon'
    : 'wrk';

/**
 * HTTP load: `connections` clients for `seconds`, after a warm-up, each sending its next request
 * when the last one has answered (closed loop). Any non-2xx answer fails the run: a fast error is
 * no result.
 */
export async function load({
  url,
  method = 'GET',
  headers = {},
  body,
  connections = 32,
  seconds = 10,
  warmup = 5,
  cpu,
}) {
  const options = { url, method, headers, connections, ...(body ? { body } : {}) };
  const run = loadGenerator === 'wrk' ? wrk : autocannonLoad;
  if (warmup > 0) await run({ ...options, seconds: warmup });
  const before = cpu ? await cpuReading(cpu) : undefined;
  const result = await run({ ...options, seconds });
  const after = before ? await cpuReading(cpu) : undefined;
  if (result.failures > 0)
    throw new Error(`${method} ${url}: ${result.failures} failed requests of ${result.requests}`);
  return {
    requestsPerSecond: result.requestsPerSecond,
    p50: result.p50,
    p99: result.p99,
    requests: result.requests,
    generator: loadGenerator,
    ...(before && after ? cpuPerRequest(before, after, result.requests) : {}),
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** One side's rounds as one result: mean throughput, median latencies, CPU weighted by requests. */
function combineRounds(results) {
  const requests = results.reduce((sum, result) => sum + result.requests, 0);
  const cpu = results.every((result) => result.serverCpuMs !== undefined)
    ? {
        serverCpuMs: results.reduce((sum, result) => sum + result.serverCpuMs * result.requests, 0) / requests,
        databaseCpuMs: results.reduce((sum, result) => sum + result.databaseCpuMs * result.requests, 0) / requests,
      }
    : {};
  return {
    requestsPerSecond: results.reduce((sum, result) => sum + result.requestsPerSecond, 0) / results.length,
    // To the tenth of a millisecond, as wrk's own figures (a mean of two would print 97.80000000000001).
    p50: Math.round(median(results.map((result) => result.p50)) * 10) / 10,
    p99: Math.round(median(results.map((result) => result.p99)) * 10) / 10,
    // Each round's, in order: a round far above the others says something happened to that round (a cold pool).
    p99s: results.map((result) => result.p99),
    requests,
    generator: results[0].generator,
    ...cpu,
  };
}

/**
 * The app and its baseline loaded in alternating rounds (app then baseline, baseline then app, …)
 * after one warm-up each: a machine whose load drifts during the run (this one's baseline moved
 * between 1,025 and 1,525 requests a second from one run to the next) weighs on both sides alike,
 * and neither is always measured on a process just started. `ratio` is the median of the rounds'
 * app ÷ baseline throughputs, `ratios` each round's; `app` and `baseline` combine their rounds.
 * The order (A B, B A, A B, B A) leaves the app unused for two rounds (10 s and more) twice and the
 * baseline once: a server whose pool closes connections unused that long (pg's default, 10 s) pays
 * their reopening in those rounds, so both sides must run with the same pool settings
 * (DATABASE_POOL_IDLE_TIMEOUT_MS, which bench/baseline-server.mjs reads too).
 */
export async function compareLoads({ app, baseline, seconds = 10, rounds = 4, warmup = 5 }) {
  const perRound = Math.max(3, seconds / rounds);
  if (warmup > 0) {
    await load({ ...app, seconds: warmup, warmup: 0 });
    await load({ ...baseline, seconds: warmup, warmup: 0 });
  }
  const appRounds = [];
  const baselineRounds = [];
  for (let round = 0; round < rounds; round += 1) {
    const measure = async (options, into) => into.push(await load({ ...options, seconds: perRound, warmup: 0 }));
    if (round % 2 === 0) {
      await measure(app, appRounds);
      await measure(baseline, baselineRounds);
    } else {
      await measure(baseline, baselineRounds);
      await measure(app, appRounds);
    }
  }
  const ratios = appRounds.map((result, round) => result.requestsPerSecond / baselineRounds[round].requestsPerSecond);
  return { app: combineRounds(appRounds), baseline: combineRounds(baselineRounds), ratio: median(ratios), ratios };
}

/** The rounds' ratios, for a row's detail. */
export const roundsText = (ratios) => `rounds ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')}`;

/** Clock ticks a second in /proc/<pid>/stat (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) of a process, in ms; 0 once it is gone. */
async function cpuMsOf(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 1000) / TICKS_PER_SECOND;
}

/**
 * The CPU used so far by the server's process (`pid`) and by the PostgreSQL backends connected
 * to the bench's database (`databaseUrl`): what a request costs, whatever else the machine runs
 * (the load average moves the latencies, much less the CPU a request takes).
 */
async function cpuReading({ pid, databaseUrl }) {
  const backends = databaseUrl
    ? await asOwner(databaseUrl, async (client) =>
        (
          await client.query(
            `select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
          )
        ).rows.map((row) => row.pid),
      )
    : [];
  const database = new Map(await Promise.all(backends.map(async (backend) => [backend, await cpuMsOf(backend)])));
  return { server: pid ? await cpuMsOf(pid) : 0, database };
}

/** Milliseconds of CPU a request took, in the server and in PostgreSQL, between two readings. */
function cpuPerRequest(before, after, requests) {
  let database = 0;
  for (const [backend, ms] of after.database) database += ms - (before.database.get(backend) ?? 0);
  return {
    serverCpuMs: (after.server - before.server) / requests,
    databaseCpuMs: database / requests,
  };
}

async function autocannonLoad({ seconds, ...options }) {
  const result = await autocannon({ ...options, duration: seconds });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/** A Lua long string holding `text` as it is (no escapes to get wrong). */
function luaString(text) {
  let level = '';
  while (text.includes(`]${level}]`)) level += '=';
  return `[${level}[\n${text}]${level}]`;
}

/**
 * One run of wrk: one thread, the connections, the method, headers and body set by a Lua script
 * (the request is formatted once), a 10 s timeout as autocannon's; its `done` hook prints the
 * figures (latency in microseconds) and every kind of failure (non-2xx/3xx, socket errors).
 */
async function wrk({ url, method, headers, body, connections, seconds }) {
  const script = [
    `wrk.method = ${luaString(method)}`,
    ...Object.entries(headers).map(
      ([name, value]) => `wrk.headers[ ${luaString(name)} ] = ${luaString(String(value))}`,
    ),
    ...(body ? [`wrk.body = ${luaString(body)}`] : []),
    'done = function(summary, latency, requests)',
    '  local e = summary.errors',
    '  io.write(string.format("WRK_RESULT %d %d %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,',
    '    math.floor(latency:percentile(50)), math.floor(latency:percentile(99)), e.status, e.connect, e.read, e.write, e.timeout))',
    'end',
  ].join('\n');
  const file = resolve(tmpdir(), `maillage-wrk-${process.pid}-${randomBytes(4).toString('hex')}.lua`);
  await writeFile(file, script);
  try {
    const output = await new Promise((done, fail) => {
      const child = spawn(WRK, ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', file, url], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout.on('data', (data) => (text += data));
      child.stderr.on('data', (data) => (text += data));
      child.on('error', fail);
      child.on('exit', (code) => (code === 0 ? done(text) : fail(new Error(`wrk exited with ${code}:\n${text}`))));
    });
    const match = /WRK_RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(output);
    if (!match) throw new Error(`wrk printed no result:\n${output}`);
    const [requests, durationUs, p50Us, p99Us, status, connect, read, write, timeout] = match.slice(1).map(Number);
    return {
      requestsPerSecond: requests / (durationUs / 1e6),
      p50: Math.round(p50Us / 100) / 10,
      p99: Math.round(p99Us / 100) / 10,
      requests,
      failures: status + connect + read + write + timeout,
    };
  } finally {
    await rm(file, { force: true });
  }
}

/** Times `work`, in milliseconds, as the median of `runs` runs (after one warm-up run). */
export async function medianMs(runs, work) {
  await work();
  const times = [];
  for (let run = 0; run < runs; run += 1) {
    const started = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export async function machine(databaseUrl) {
  const server = await asOwner(databaseUrl, async (client) => (await client.query('show server_version')).rows[0]);
  const pkg = JSON.parse(await readFile(resolve(ROOT, 'package.json'), 'utf8'));
  const version = (name) => JSON.parse(readFileSafe(resolve(ROOT, 'node_modules', name, 'package.json'))).version;
  return {
    nproc: cpus().length,
    cpu: cpus()[0]?.model.trim(),
    memoryGiB: +(totalmem() / 1024 ** 3).toFixed(1),
    node: process.version,
    postgres: server.server_version,
    maillage: pkg.version,
    nest: version('@nestjs/core'),
    fastify: version('fastify'),
    typeorm: version('typeorm'),
    bullmq: version('bullmq'),
    pglite: version('@electric-sql/pglite'),
  };
}

function readFileSafe(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '{"version":"?"}';
  }
}
