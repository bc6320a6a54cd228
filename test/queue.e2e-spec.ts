import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  defineJob,
  HandlesJob,
  HealthService,
  JobQueue,
  PermanentJobError,
  PlatformModule,
  QueueModule,
  WorkerHostModule,
  type JobContext,
  type JobHandler,
  type JobPayload,
  type Runtime,
  type SystemScoped,
} from '@maillage/platform';
import { createTestRuntime, engineKind, SETUP_TIMEOUT_MS, type TestRuntime } from '@maillage/testing';

declare module '@maillage/platform' {
  interface JobCatalogue {
    'test.flaky': SystemScoped & { key: string; failures: number; permanent?: boolean };
  }
}

const flakyJob = defineJob({ name: 'test.flaky', queue: 'system', attempts: 3, backoffMs: 20 });

/** Fails its first `failures` attempts (permanently if asked), then reports how often it ran. */
@Injectable()
@HandlesJob('test.flaky')
class FlakyHandler implements JobHandler<'test.flaky'> {
  readonly runs = new Map<string, number>();

  async handle(payload: JobPayload<'test.flaky'>, context: JobContext): Promise<{ runs: number }> {
    const runs = (this.runs.get(payload.key) ?? 0) + 1;
    this.runs.set(payload.key, runs);
    await context.progress(50);
    if (payload.permanent) throw new PermanentJobError('paramètre invalide : « key »');
    if (runs <= payload.failures) throw new Error(`transient failure ${runs}`);
    await context.progress(100);
    return { runs };
  }
}

function testWorkerModule(runtime: Runtime) {
  @Module({
    imports: [PlatformModule.forRoot(runtime, 'worker'), WorkerHostModule, QueueModule.forFeature([flakyJob])],
    providers: [FlakyHandler],
  })
  class TestWorkerModule {}
  return TestWorkerModule;
}

const backends: ('redis' | 'postgres')[] = engineKind() === 'external' ? ['redis', 'postgres'] : ['postgres'];

describe.each(backends)(`job round trip on the %s queue backend (${engineKind()} engine)`, (backend) => {
  let t: TestRuntime;
  let app: INestApplicationContext;
  let jobs: JobQueue;

  beforeAll(async () => {
    t = await createTestRuntime(backend === 'postgres' ? { REDIS_URL: '' } : {});
    expect(t.runtime.queue.kind).toBe(backend);
    app = await NestFactory.createApplicationContext(testWorkerModule(t.runtime), { logger: false });
    await app.init();
    jobs = app.get(JobQueue);
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await app?.close();
    await t?.close();
  }, SETUP_TIMEOUT_MS);

  it('sends the health probe through the queue and gets its answer back', async () => {
    const result = await app.get(HealthService).probeQueue(60_000);
    expect(result).toBeDefined();
    expect(result?.handledBy).toContain(String(process.pid));
  });

  it('retries transient failures with backoff until the job succeeds', async () => {
    const job = await jobs.enqueue('test.flaky', { system: { reason: 'test' }, key: 'retry', failures: 2 });
    const finished = await jobs.waitUntilFinished('system', String(job.id), 60_000);
    expect(finished).toEqual({ state: 'completed', result: { runs: 3 } });
    expect(app.get(FlakyHandler).runs.get('retry')).toBe(3);
    const stored = await jobs.getJob('system', String(job.id));
    expect(stored?.progress).toBe(100);
  });

  it('fails a permanent error at once, with its reason and without retrying', async () => {
    const job = await jobs.enqueue('test.flaky', {
      system: { reason: 'test' },
      key: 'permanent',
      failures: 0,
      permanent: true,
    });
    const finished = await jobs.waitUntilFinished('system', String(job.id), 60_000);
    expect(finished).toEqual({ state: 'failed', reason: 'paramètre invalide : « key »' });
    expect(app.get(FlakyHandler).runs.get('permanent')).toBe(1);
  });

  it('runs a job with a deterministic id only once, however often it is enqueued', async () => {
    const payload = { system: { reason: 'test' }, key: 'once', failures: 0 };
    const first = await jobs.enqueue('test.flaky', payload, { jobId: 'once-1' });
    await jobs.waitUntilFinished('system', String(first.id), 60_000);
    const second = await jobs.enqueue('test.flaky', payload, { jobId: 'once-1' });
    expect(second.id).toBe(first.id);
    // Nothing was queued again: the finished job is the only one, and nothing waits to run it anew.
    expect(await jobs.getJob('system', 'once-1').then((job) => job?.getState())).toBe('completed');
    expect(
      await jobs.queue('system').getJobCounts('waiting', 'delayed', 'prioritized', 'active', 'waiting-children'),
    ).toEqual({ waiting: 0, delayed: 0, prioritized: 0, active: 0, 'waiting-children': 0 });
    expect(app.get(FlakyHandler).runs.get('once')).toBe(1);
  });
});
