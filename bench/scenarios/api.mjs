// API read and write through the real app, against a bare Fastify + pg server
// running the same SQL in the same isolation transaction.
import { asOwner, compareLoads, load, roundsText, start } from '../lib/harness.mjs';
import { appEnv, coordinatorOf, startApi } from '../lib/app.mjs';

/** CPU a request took in the server and in PostgreSQL. */
const cpuText = (result) =>
  `server ${result.serverCpuMs.toFixed(2)} ms, PostgreSQL ${result.databaseCpuMs.toFixed(2)} ms`;

/** A row of the CPU a request takes, app against baseline (server + PostgreSQL), informational. */
export const cpuRow = (scenario, app, baseline) =>
  app.serverCpuMs === undefined
    ? []
    : [
        {
          scenario: `${scenario}: CPU a request (server + PostgreSQL)`,
          measure: 'ms',
          app: app.serverCpuMs + app.databaseCpuMs,
          baseline: baseline.serverCpuMs + baseline.databaseCpuMs,
          ratio: (app.serverCpuMs + app.databaseCpuMs) / (baseline.serverCpuMs + baseline.databaseCpuMs),
          target: 'informational',
          met: null,
          detail: `app: ${cpuText(app)}; baseline: ${cpuText(baseline)}`,
        },
      ];

/** The app and the bare baseline server for the big territory, as its coordinator. */
export async function withServers(context, work) {
  const api = await startApi(context);
  try {
    const big = context.territories[0];
    const coordinator = await coordinatorOf(api, context, big.id);
    const baseline = start(
      'bench/baseline-server.mjs',
      appEnv(context, { TERRITORY_ID: big.id, USER_ID: coordinator.userId }),
    );
    try {
      const [, baseUrl] = await baseline.until(/baseline ready: (http:\/\/\S+)/);
      return await work({ api, big, coordinator, baseUrl, baselinePid: baseline.child.pid });
    } finally {
      await baseline.stop();
    }
  } finally {
    await api.stop();
  }
}

export async function apiRead(context) {
  const seconds = context.size === 'full' ? 30 : 10;
  return withServers(context, async ({ api, big, coordinator, baseUrl, baselinePid }) => {
    const { databaseUrl } = context;
    const { app, baseline, ratio, ratios } = await compareLoads({
      app: {
        url: `${api.base}/api/v1/territories/${big.id}/actors?category=association&limit=50`,
        headers: { authorization: `Bearer ${coordinator.token}` },
        cpu: { pid: api.process.child.pid, databaseUrl },
      },
      baseline: { url: `${baseUrl}/read?category=association`, cpu: { pid: baselinePid, databaseUrl } },
      seconds,
    });
    const bare = await load({ url: `${baseUrl}/read-bare?category=association`, seconds });
    context.apiReadRequestsPerSecond = app.requestsPerSecond;
    return [
      {
        scenario: 'API read (actors, 1 filter, 50 a page, 32 connections)',
        measure: 'requests/s',
        app: app.requestsPerSecond,
        baseline: baseline.requestsPerSecond,
        ratio,
        target: '≥ 0.70',
        met: ratio >= 0.7,
        detail: `${roundsText(ratios)}; app p50 ${app.p50} ms, p99 ${app.p99} ms; baseline p50 ${baseline.p50} ms, p99 ${baseline.p99} ms`,
      },
      ...cpuRow('API read', app, baseline),
      {
        scenario: 'API read latency',
        measure: 'p99 (ms)',
        app: app.p99,
        baseline: baseline.p99,
        ratio: app.p99 / Math.max(1, baseline.p99),
        target: 'app p99 ≤ 50 ms',
        met: app.p99 <= 50,
      },
      {
        scenario: 'Isolation transaction (baseline with it ÷ without)',
        measure: 'requests/s',
        app: baseline.requestsPerSecond,
        baseline: bare.requestsPerSecond,
        ratio: baseline.requestsPerSecond / bare.requestsPerSecond,
        target: 'informational',
        met: null,
      },
    ];
  });
}

/** The write scenario's body: an animation with three of the territory's actors taking part. */
export async function writeBody(context, territoryId) {
  const participants = await asOwner(context.databaseUrl, async (owner) =>
    (await owner.query(`select id from actors where territory_id = $1 order by id limit 3`, [territoryId])).rows.map(
      (row, index) => ({ actorId: row.id, role: index === 0 ? 'organiser' : 'participant' }),
    ),
  );
  return JSON.stringify({
    type: 'animation',
    title: 'Petit-déjeuner des acteurs de l’emploi',
    startDate: new Date().toISOString().slice(0, 10),
    animation: { format: 'petit-déjeuner', place: 'Maison des associations', headcount: 24, topics: ['emploi'] },
    participants,
  });
}

export async function apiWrite(context) {
  const seconds = context.size === 'full' ? 30 : 10;
  return withServers(context, async ({ api, big, coordinator, baseUrl, baselinePid }) => {
    const { databaseUrl } = context;
    const body = await writeBody(context, big.id);
    const headers = { 'content-type': 'application/json' };
    const { app, baseline, ratio, ratios } = await compareLoads({
      app: {
        url: `${api.base}/api/v1/territories/${big.id}/actions`,
        method: 'POST',
        headers: { ...headers, authorization: `Bearer ${coordinator.token}` },
        body,
        cpu: { pid: api.process.child.pid, databaseUrl },
      },
      baseline: { url: `${baseUrl}/write`, method: 'POST', headers, body, cpu: { pid: baselinePid, databaseUrl } },
      seconds,
    });
    return [
      {
        scenario: 'API write (an action with 3 participants, 32 connections)',
        measure: 'requests/s',
        app: app.requestsPerSecond,
        baseline: baseline.requestsPerSecond,
        ratio,
        target: '≥ 0.60',
        met: ratio >= 0.6,
        detail: `${roundsText(ratios)}; app p50 ${app.p50} ms, p99 ${app.p99} ms; baseline p50 ${baseline.p50} ms, p99 ${baseline.p99} ms`,
      },
      ...cpuRow('API write', app, baseline),
    ];
  });
}
