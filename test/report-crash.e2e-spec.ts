import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { JobQueue } from '@maillage/platform';
import {
  createTenancyFixture,
  engineKind,
  ownerQuery,
  waitForReport,
  type ApiClient,
  type TenancyFixture,
  type TestApp,
} from '@maillage/testing';
import { startApi } from './support/app.js';
import { requireBuild, startChild, type RunningChild } from './support/child-process.js';

/**
 * Reports made by the real worker (dist/apps/worker) in child processes, the
 * API in this one: a worker killed with SIGKILL in the middle of a report,
 * and a report whose parameters went bad behind the API's back.
 */

/** Enough actors for the XLSX export to take seconds in the worker, so it can be killed in the middle. */
const SEEDED_ACTORS = 60_000;

interface Report {
  id: string;
  status: string;
  progress: number;
  attempts: number;
  error: string | null;
  sizeBytes: number | null;
}

describe(`report jobs in a worker process of their own (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;
  let coordinator: ApiClient;
  let base: string;
  const workers: RunningChild[] = [];

  beforeAll(async () => {
    requireBuild();
    // No worker in this process: reports wait for the worker processes the tests start.
    t = await startApi({ MAILLAGE_WORKER_IN_PROCESS: 'false' });
    f = await createTenancyFixture(t);
    coordinator = f.a.coordinator.api;
    base = `/territories/${f.a.id}`;
  });
  // Each test has its own workers: one left running would take the next test's jobs.
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => stop(worker)));
  });
  afterAll(() => t?.close());

  /**
   * A worker process on this test's database and queue. On the embedded
   * engine both PGlite instances of this process are reached over loopback:
   * the application's, and the queue's own (MAILLAGE_QUEUE_DATABASE_URL). A
   * short job lock lets stalled-job recovery take a dead worker's job within
   * seconds, yet outlasts any pause of the engine while the worker exports.
   */
  function startWorker(): RunningChild {
    const queue = t.runtime.queue;
    const worker = startChild('dist/apps/worker/src/main.js', {
      ...t.env,
      DATABASE_URL: t.runtime.databaseUrl,
      MAILLAGE_MIGRATE_ON_START: 'false',
      ...(queue.kind === 'postgres' ? { MAILLAGE_QUEUE_DATABASE_URL: queue.url } : {}),
      MAILLAGE_JOB_LOCK_MS: '5000',
      MAILLAGE_JOB_STALLED_CHECK_MS: '1000',
      LOG_LEVEL: 'info',
    });
    workers.push(worker);
    return worker;
  }

  async function stop(worker: RunningChild): Promise<void> {
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
    await worker.exited;
  }

  const jobs = () => t.app.get(JobQueue);

  it('fails a report whose parameters went bad at once in the worker, without retrying, saying why in French', async () => {
    const ordered = await coordinator.post<Report>(`${base}/reports`, { type: 'alliances_export', format: 'csv' });
    expect(ordered.status).toBe(202);
    // The API checked the order; the row is changed behind its back (a hand edit, an older release)
    // before any worker takes the job.
    await ownerQuery(t.runtime, `update reports set params = params || '{"delimiter": "|"}' where id = $1`, [
      ordered.body.id,
    ]);
    const worker = startWorker();
    const failed = await waitForReport(coordinator, f.a.id, ordered.body.id, 40_000);
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: 'Paramètres invalides — Séparateur : Le séparateur doit être « , » ou « ; ».',
    });
    // The job failed for good after its one attempt: a retry would have left it delayed, then run again.
    const jobId = `report-${ordered.body.id}`;
    expect(await jobs().waitUntilFinished('reports', jobId, 60_000)).toMatchObject({ state: 'failed' });
    expect((await jobs().getJob('reports', jobId))?.attemptsMade).toBe(1);
    await stop(worker);
    expect(worker.output()).toContain('report failed');
  }, 60_000);

  it('takes a report again after its worker is killed with SIGKILL in the middle, and keeps exactly one file', async () => {
    await ownerQuery(
      t.runtime,
      `insert into actors (territory_id, category, name, commune_code, search_text, tags)
       select $1, 'association', 'Association ' || to_char(n, 'FM000000'), '69123', 'association', '{seed}'
       from generate_series(1, $2::int) n`,
      [f.a.id, SEEDED_ACTORS],
    );
    const first = startWorker();
    await first.waitFor('Maillage worker started');
    const ordered = await coordinator.post<Report>(`${base}/reports`, { type: 'actors_export', format: 'xlsx' });
    expect(ordered.status).toBe(202);
    const id = ordered.body.id;

    // Watched through the job's live progress, as GET /reports/{id} reports it: on the embedded engine
    // the export's transaction holds the engine, so the report row itself is out of reach meanwhile.
    let progress = 0;
    const deadline = Date.now() + 40_000;
    while (progress === 0) {
      if (Date.now() > deadline) throw new Error(`the export never started:\n${first.output()}`);
      await new Promise((done) => setTimeout(done, 25));
      const job = await jobs().getJob('reports', `report-${id}`);
      progress = typeof job?.progress === 'number' ? job.progress : 0;
    }
    first.child.kill('SIGKILL');
    await first.exited;
    expect(first.child.signalCode).toBe('SIGKILL');
    // Killed in the middle of the rows (the last 10 % are the storing of the file).
    expect(progress).toBeLessThan(90);

    // The dead worker's transaction is gone (on the embedded engine, the session it held is free
    // again); its report is still running, as far as anyone can tell, and has no file.
    const orphan = await coordinator.get<Report>(`${base}/reports/${id}`);
    expect(orphan.body).toMatchObject({ status: 'running', attempts: 1 });
    expect(await ownerQuery(t.runtime, `select 1 from report_chunks where report_id = $1`, [id])).toEqual([]);

    // A worker started after the kill finds the job stalled once its lock expires, and makes the report.
    const second = startWorker();
    const done = await waitForReport(coordinator, f.a.id, id, 60_000);
    expect(done).toMatchObject({ status: 'completed', progress: 100 });
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    // Taken again because it stalled, not retried after a failure.
    expect((await jobs().getJob('reports', `report-${id}`))?.stalledCounter).toBe(1);

    const [stored] = await ownerQuery<{ chunk_count: number; size_bytes: string; seqs: number[]; bytes: string }>(
      t.runtime,
      `select r.chunk_count, r.size_bytes, array_agg(c.seq order by c.seq) as seqs, sum(length(c.data))::text as bytes
       from reports r join report_chunks c on c.territory_id = r.territory_id and c.report_id = r.id
       where r.id = $1 group by r.territory_id, r.id`,
      [id],
    );
    expect(stored?.seqs).toEqual([...Array(stored?.chunk_count ?? -1).keys()]);
    expect(stored?.bytes).toBe(stored?.size_bytes);

    const file = await t.app.inject({
      method: 'GET',
      url: `/api/v1${base}/reports/${id}/file`,
      headers: { authorization: `Bearer ${f.a.coordinator.token}` },
    });
    expect(file.statusCode).toBe(200);
    expect(String(file.rawPayload.length)).toBe(stored?.size_bytes);
    let rows = 0;
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(file.rawPayload), {});
    for await (const sheet of reader) for await (const row of sheet) if (row.number > 0) rows += 1;
    expect(rows).toBe(SEEDED_ACTORS + 1); // the header, then one row per actor

    // The killed attempt's temporary file was cleared by the next one: no other copy is left behind.
    expect((await readdir(tmpdir())).filter((name) => name.startsWith(`maillage-report-${id}-`))).toEqual([]);
    await stop(second);
    expect(second.output()).not.toMatch(/"level":(50|60)/);
  }, 150_000);
});
