import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import type { JobName, JobPayload, QueueName, SystemScoped } from './job-catalogue.js';
import { JobRegistry } from './job-registry.js';
import { QueueBackend } from './queue-backend.js';

export interface EnqueueOptions {
  /** A deterministic id makes a repeat enqueue a no-op while the first job exists. */
  jobId?: string;
  delayMs?: number;
  /** First retry delay, instead of the job definition's (configurable per deployment). */
  backoffMs?: number;
}

export type FinishedJob =
  { state: 'completed'; result: unknown } | { state: 'failed'; reason: string } | { state: 'timeout' };

/** How long `enqueue` waits for the queue's backend to take a job. */
export const ENQUEUE_TIMEOUT_MS = 10_000;

/** Producer side of the queue layer: typed enqueue and job look-up. */
@Injectable()
export class JobQueue implements BeforeApplicationShutdown {
  private readonly logger = new Logger('JobQueue');
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly backend: QueueBackend,
    private readonly registry: JobRegistry,
  ) {}

  /**
   * Queues a job. A queue that does not answer within `ENQUEUE_TIMEOUT_MS` (its backend unreachable
   * since start) fails the call like one that refuses: the caller says « try again later » rather
   * than keeping its request waiting. The job is sent only once the queue is connected; one that
   * stalls after taking it may still add it late, which every caller allows for (a job id, a row
   * deleted, a run finished, or an import's revision moved on, and the job is skipped).
   */
  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options: EnqueueOptions = {}): Promise<Job> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(
        () => fail(new Error(`the job queue did not answer within ${ENQUEUE_TIMEOUT_MS / 1000} s`)),
        ENQUEUE_TIMEOUT_MS,
      );
    });
    try {
      // Connected first, within the time: a queue that was not reachable is not sent the job at all
      // (it would keep it, and add it once reachable, after the caller has given up on it).
      const queue = this.queue(this.registry.get(name).queue);
      await Promise.race([queue.waitUntilReady(), timeout]);
      return await Promise.race([this.add(name, payload, options), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private add<N extends JobName>(name: N, payload: JobPayload<N>, options: EnqueueOptions): Promise<Job> {
    const definition = this.registry.get(name);
    return this.queue(definition.queue).add(name, payload, {
      attempts: definition.attempts,
      backoff: { type: 'exponential', delay: options.backoffMs ?? definition.backoffMs },
      // Kept 0 s: removed as soon as it finishes, so the same job id can be queued again at once.
      removeOnComplete: definition.keepCompletedSeconds === 0 ? true : { age: definition.keepCompletedSeconds },
      removeOnFail: definition.keepFailedSeconds === 0 ? true : { age: definition.keepFailedSeconds },
      ...(options.jobId ? { jobId: options.jobId } : {}),
      ...(options.delayMs ? { delay: options.delayMs } : {}),
    });
  }

  /**
   * Runs a job on a cron schedule (BullMQ job scheduler). Upserting the same
   * scheduler id replaces its schedule and payload.
   */
  async schedule<N extends JobName>(
    name: N,
    schedulerId: string,
    repeat: { pattern: string; tz: string } | { every: number },
    payload: JobPayload<N>,
  ): Promise<void> {
    const definition = this.registry.get(name);
    await this.queue(definition.queue).upsertJobScheduler(schedulerId, repeat, {
      name,
      data: payload,
      opts: {
        attempts: definition.attempts,
        backoff: { type: 'exponential', delay: definition.backoffMs },
        removeOnComplete: { age: definition.keepCompletedSeconds },
        removeOnFail: { age: definition.keepFailedSeconds },
      },
    });
  }

  /**
   * A system job on a cron schedule in French time, registered at start by
   * every process (upserting the same scheduler is idempotent). A queue that
   * cannot take it now is logged, not fatal: the next start registers it.
   */
  async scheduleSystem<N extends JobName>(
    name: N & (JobPayload<N> extends SystemScoped ? N : never),
    schedulerId: string,
    /** A cron pattern (with seconds) in French time, or an interval in milliseconds. */
    pattern: string | { every: number },
    reason: string,
    extra: Partial<Omit<JobPayload<N>, 'system'>> = {},
  ): Promise<void> {
    const repeat = typeof pattern === 'string' ? { pattern, tz: 'Europe/Paris' } : pattern;
    await this.schedule(name, schedulerId, repeat, {
      ...extra,
      system: { reason },
    } as JobPayload<N>).catch((error: unknown) =>
      this.logger.warn({ err: error, job: name }, 'system job not scheduled'),
    );
  }

  async unschedule(queue: QueueName, schedulerId: string): Promise<void> {
    await this.queue(queue).removeJobScheduler(schedulerId);
  }

  async getJob(queue: QueueName, jobId: string): Promise<Job | undefined> {
    return (await this.queue(queue).getJob(jobId)) ?? undefined;
  }

  /** Polls until the job finishes; works the same on both backends. */
  async waitUntilFinished(queue: QueueName, jobId: string, timeoutMs: number): Promise<FinishedJob> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.getJob(queue, jobId);
      const state = job ? await job.getState() : undefined;
      if (state === 'completed' || state === 'failed') {
        // Read the job again: the copy fetched before it finished has no result yet.
        const finished = await this.getJob(queue, jobId);
        if (state === 'completed') return { state, result: finished?.returnvalue };
        return { state, reason: finished?.failedReason ?? '' };
      }
      if (Date.now() >= deadline) return { state: 'timeout' };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Answers when the backend does (used by readiness). */
  async ping(): Promise<void> {
    await this.queue('system').getJobCounts('waiting');
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = this.backend.createQueue(name);
      // A broken connection must surface in readiness, not crash the process.
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async beforeApplicationShutdown(): Promise<void> {
    const queues = [...this.queues.values()];
    this.queues.clear();
    await Promise.all(queues.map((queue) => queue.close()));
  }
}
