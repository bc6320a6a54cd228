import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  defineJob,
  DomainError,
  HandlesJob,
  HealthService,
  JobQueue,
  PlatformModule,
  QueueModule,
  systemScope,
  TenantContext,
  territoryScope,
  WorkerHostModule,
  type JobContext,
  type JobHandler,
  type JobPayload,
  type Runtime,
  type SystemScoped,
  type TerritoryScoped,
} from '@maillage/platform';
import { createTestRuntime, engineKind, SETUP_TIMEOUT_MS, type TestRuntime } from '@maillage/testing';

declare module '@maillage/platform' {
  interface JobCatalogue {
    'test.flaky': SystemScoped & { key: string; failures: number; permanent?: boolean; unavailable?: boolean };
    'test.scoped': TerritoryScoped & { key: string };
  }
  interface DomainErrorCodes {
    queueTest: 'test.bad_key' | 'test.down';
  }
}

const flakyJob = defineJob({
  name: 'test.flaky',
  queue: 'system',
  payload: z.object({
    ...systemScope,
    key: z.string(),
    failures: z.number().int(),
    permanent: z.boolean().optional(),
    unavailable: z.boolean().optional(),
  }),
  attempts: 3,
  backoffMs: 20,
});
const scopedJob = defineJob({
  name: 'test.scoped',
  queue: 'system',
  payload: z.object({ ...territoryScope, key: z.string() }),
  attempts: 1,
});

/**
 * Fails its first `failures` attempts (with a transient domain error if
 * `unavailable`), or at once with an invalid-kind domain error if
 * `permanent`; then reports how often it ran.
 */
@Injectable()
@HandlesJob('test.flaky')
class FlakyHandler implements JobHandler<'test.flaky'> {
  readonly runs = new Map<string, number>();

  async handle(payload: JobPayload<'test.flaky'>, context: JobContext): Promise<{ runs: number }> {
    const runs = (this.runs.get(payload.key) ?? 0) + 1;
    this.runs.set(payload.key, runs);
    await context.progress(50);
    if (payload.permanent)
      throw new DomainError('invalid', { code: 'test.bad_key', detail: 'paramètre invalide : « key »' });
    if (runs <= payload.failures && payload.unavailable) {
      throw new DomainError('unavailable', { code: 'test.down', detail: `service indisponible ${runs}` });
    }
    if (runs <= payload.failures) throw new Error(`transient failure ${runs}`);
    await context.progress(100);
    return { runs };
  }
}

/** Answers the scope the worker host ran it in. */
@Injectable()
@HandlesJob('test.scoped')
class ScopedHandler implements JobHandler<'test.scoped'> {
  constructor(private readonly context: TenantContext) {}

  async handle(): Promise<{ territoryId: string; role: string | undefined; callerId: string | null }> {
    return {
      territoryId: this.context.territoryId,
      role: this.context.territory?.role,
      callerId: this.context.caller?.userId ?? null,
    };
  }
}

function testWorkerModule(runtime: Runtime) {
  @Module({
    imports: [
      PlatformModule.forRoot(runtime, 'worker'),
      WorkerHostModule,
      QueueModule.forFeature([flakyJob, scopedJob]),
    ],
    providers: [FlakyHandler, ScopedHandler],
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

  it('retries a transient domain error (unavailable) like any other failure', async () => {
    const job = await jobs.enqueue('test.flaky', {
      system: { reason: 'test' },
      key: 'unavailable',
      failures: 1,
      unavailable: true,
    });
    const finished = await jobs.waitUntilFinished('system', String(job.id), 60_000);
    expect(finished).toEqual({ state: 'completed', result: { runs: 2 } });
    expect(app.get(FlakyHandler).runs.get('unavailable')).toBe(2);
  });

  it('fails a job whose payload does not match its schema at once, without running its handler', async () => {
    const job = await jobs.enqueue('test.flaky', {
      system: { reason: 'test' },
      key: 'malformed',
      failures: 'none',
    } as unknown as JobPayload<'test.flaky'>);
    const finished = await jobs.waitUntilFinished('system', String(job.id), 60_000);
    expect(finished.state).toBe('failed');
    expect(finished.state === 'failed' && finished.reason).toMatch(
      /^Données de la tâche « test\.flaky » invalides : failures \(/,
    );
    expect((await jobs.getJob('system', String(job.id)))?.attemptsMade).toBe(1);
    expect(app.get(FlakyHandler).runs.has('malformed')).toBe(false);
  });

  it('runs a territory job in its territory, as the user who asked for it', async () => {
    const territoryId = randomUUID();
    const requestedBy = randomUUID();
    const asked = await jobs.enqueue('test.scoped', { territoryId, requestedBy, key: 'as-user' });
    expect(await jobs.waitUntilFinished('system', String(asked.id), 60_000)).toEqual({
      state: 'completed',
      result: { territoryId, role: 'system', callerId: requestedBy },
    });
    const unattended = await jobs.enqueue('test.scoped', { territoryId, key: 'unattended' });
    expect(await jobs.waitUntilFinished('system', String(unattended.id), 60_000)).toEqual({
      state: 'completed',
      result: { territoryId, role: 'system', callerId: null },
    });
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
