// One side of the jobs benchmark, in a process of its own: N trivial jobs
// enqueued and processed by this one process, timed from the first enqueue to
// the last completion. The two sides do exactly the same thing in the same
// order; only the layer differs.
//
//   node bench/jobs-worker.mjs maillage   JobQueue.enqueue + WorkerHost (the built platform, dist/)
//   node bench/jobs-worker.mjs bare       bullmq's Queue.add + Worker, nothing else
//
// Environment (as the app's): REDIS_URL, else BullMQ's PostgreSQL backend on
// MAILLAGE_QUEUE_DATABASE_URL or DATABASE_URL; MAILLAGE_QUEUE_NAMESPACE (the
// Redis prefix, or `<namespace>_queue` as the PostgreSQL schema);
// MAILLAGE_WORKER_CONCURRENCY (4); BENCH_JOBS (10,000); BENCH_WARMUP_JOBS (500,
// not timed); BENCH_ENQUEUE_WINDOW (adds in flight at once, 50).
// Prints `jobs-result {json}` on stdout, then exits.
import 'reflect-metadata';

const side = process.argv[2];
const JOBS = Number(process.env.BENCH_JOBS ?? 10_000);
const WARMUP = Number(process.env.BENCH_WARMUP_JOBS ?? 500);
const WINDOW = Number(process.env.BENCH_ENQUEUE_WINDOW ?? 50);
const CONCURRENCY = Number(process.env.MAILLAGE_WORKER_CONCURRENCY ?? 4);
const NAMESPACE = process.env.MAILLAGE_QUEUE_NAMESPACE ?? 'maillage';
const JOB_NAME = 'bench.noop';
const QUEUE = 'system';
const say = (line) => process.stdout.write(`${line}\n`);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// Jobs handled so far; `reached(n)` resolves once n handler calls have returned.
let handled = 0;
let waiter;
const onHandled = () => {
  handled += 1;
  if (waiter && handled >= waiter.target) waiter.resolve();
};
const reached = (target) =>
  handled >= target ? Promise.resolve() : new Promise((resolve) => (waiter = { target, resolve }));

/** The Maillage side: the platform's queue layer, composed as apps/worker composes it. */
async function maillage() {
  const { Injectable, Module } = await import('@nestjs/common');
  const { NestFactory } = await import('@nestjs/core');
  const { defineJob, HandlesJob, JobQueue, PlatformModule, prepareRuntime, QueueModule, WorkerHostModule } =
    await import('../dist/libs/platform/src/index.js');
  const { migrations } = await import('../dist/migrations/index.js');

  class NoopHandler {
    async handle() {
      onHandled();
      return null;
    }
  }
  Injectable()(NoopHandler);
  HandlesJob(JOB_NAME)(NoopHandler);

  const runtime = await prepareRuntime({ migrations, role: 'bench-jobs' });
  class BenchJobsModule {}
  Module({
    imports: [
      PlatformModule.forRoot(runtime, 'worker'),
      WorkerHostModule,
      QueueModule.forFeature([defineJob({ name: JOB_NAME, queue: QUEUE })]),
    ],
    providers: [NoopHandler],
  })(BenchJobsModule);
  const app = await NestFactory.createApplicationContext(BenchJobsModule, { logger: false });
  const jobs = app.get(JobQueue);
  return {
    backend: runtime.queue.kind,
    enqueue: (index) => jobs.enqueue(JOB_NAME, { system: { reason: 'benchmark' }, index }),
    completed: async () => (await jobs.queue(QUEUE).getJobCounts('completed')).completed,
    close: async () => {
      await app.close();
      await runtime.close();
    },
  };
}

/** The baseline: bare BullMQ with the options the queue layer gives this job. */
async function bare() {
  const { createPostgresBackend, Queue, withBackend, Worker } = await import('bullmq');
  // Only the job catalogue (no Nest): the default options of a defined job.
  const { defineJob } = await import('../dist/libs/platform/src/queue/job-catalogue.js');
  const definition = defineJob({ name: JOB_NAME, queue: QUEUE });
  const jobOptions = {
    attempts: definition.attempts,
    backoff: { type: 'exponential', delay: definition.backoffMs },
    removeOnComplete: { age: definition.keepCompletedSeconds },
    removeOnFail: { age: definition.keepFailedSeconds },
  };
  const workerOptions = {
    concurrency: CONCURRENCY,
    lockDuration: Number(process.env.MAILLAGE_JOB_LOCK_MS ?? 30_000),
    stalledInterval: Number(process.env.MAILLAGE_JOB_STALLED_CHECK_MS ?? process.env.MAILLAGE_JOB_LOCK_MS ?? 30_000),
  };
  const processor = async () => {
    onHandled();
    return null;
  };
  let queue;
  let worker;
  const clients = [];
  if (process.env.REDIS_URL) {
    const { Redis } = await import('ioredis');
    const client = () => {
      const redis = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: null });
      clients.push(redis);
      return redis;
    };
    queue = new Queue(QUEUE, { connection: client(), prefix: NAMESPACE });
    worker = new Worker(QUEUE, processor, { ...workerOptions, connection: client(), prefix: NAMESPACE });
  } else {
    const pg = withBackend(createPostgresBackend);
    const connection = () => ({
      connectionString: process.env.MAILLAGE_QUEUE_DATABASE_URL ?? process.env.DATABASE_URL,
      schema: `${NAMESPACE}_queue`,
      migrate: true,
      max: 3,
      application_name: 'bench-bare-queue',
    });
    queue = new pg.Queue(QUEUE, { connection: connection() });
    worker = new pg.Worker(QUEUE, processor, { ...workerOptions, connection: connection() });
  }
  await worker.waitUntilReady();
  return {
    backend: process.env.REDIS_URL ? 'redis' : 'postgres',
    enqueue: (index) => queue.add(JOB_NAME, { system: { reason: 'benchmark' }, index }, jobOptions),
    completed: async () => (await queue.getJobCounts('completed')).completed,
    close: async () => {
      await worker.close();
      await queue.close();
      await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
    },
  };
}

/** Enqueues jobs `from`…`to - 1`, WINDOW adds in flight at once. */
async function enqueueRange(layer, from, to) {
  let next = from;
  const lane = async () => {
    while (next < to) await layer.enqueue(next++);
  };
  await Promise.all(Array.from({ length: Math.min(WINDOW, to - from) }, lane));
}

/** Waits until `total` handlers returned and BullMQ counts `total` completed jobs. */
async function drained(layer, total) {
  await reached(total);
  while ((await layer.completed()) < total) await sleep(2);
}

if (side !== 'maillage' && side !== 'bare') {
  console.error('usage: node bench/jobs-worker.mjs maillage|bare');
  process.exit(2);
}
const layer = side === 'maillage' ? await maillage() : await bare();
say(`jobs-ready ${side} ${layer.backend}`);

await enqueueRange(layer, 0, WARMUP);
await drained(layer, WARMUP);

const started = process.hrtime.bigint();
await enqueueRange(layer, WARMUP, WARMUP + JOBS);
const enqueuedMs = Number(process.hrtime.bigint() - started) / 1e6;
await drained(layer, WARMUP + JOBS);
const ms = Number(process.hrtime.bigint() - started) / 1e6;

say(
  `jobs-result ${JSON.stringify({ side, backend: layer.backend, jobs: JOBS, concurrency: CONCURRENCY, ms, enqueuedMs })}`,
);
await layer.close();
process.exit(0);
