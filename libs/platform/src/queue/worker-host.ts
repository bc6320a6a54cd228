import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { DelayedError, UnrecoverableError, type Job, type Worker } from 'bullmq';
import { Transactions } from '../database/transactions.js';
import { DomainError } from '../errors/domain-error.js';
import { TenantContext } from '../tenancy/tenant-context.js';
import { APP_CONFIG } from '../config/config.tokens.js';
import type { AppConfig } from '../config/app-config.js';
import type { JobName, JobPayload, QueueName, SystemScoped, TerritoryScoped } from './job-catalogue.js';
import { JOB_HANDLER_METADATA, type JobContext, type JobHandler } from './job-handler.js';
import { checkJobPayload } from './job-payload.js';
import { checkHandlers, JobRegistry } from './job-registry.js';
import { QueueBackend } from './queue-backend.js';

const HEARTBEAT_INTERVAL_MS = 5_000;

/**
 * Consumer side of the queue layer: one BullMQ worker per queue, each job
 * dispatched to the provider marked `@HandlesJob(name)`. Refuses to start
 * unless every registered job has exactly one handler.
 *
 * For each job it checks the payload against the job's schema, rebuilds the
 * job's scope from it (territory and caller, or system scope), runs the
 * handler there, and turns a permanent domain error into a failure without
 * retry.
 */
@Injectable()
export class WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('WorkerHost');
  private readonly workers = new Map<QueueName, Worker>();
  private readonly handlers = new Map<string, JobHandler<JobName>>();
  private heartbeat: NodeJS.Timeout | undefined;
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly registry: JobRegistry,
    private readonly backend: QueueBackend,
    private readonly transactions: Transactions,
    private readonly tenantContext: TenantContext,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const found = this.discovery
      .getProviders()
      .filter((wrapper) => wrapper.metatype && wrapper.instance)
      .map((wrapper) => ({
        name: Reflect.getMetadata(JOB_HANDLER_METADATA, wrapper.metatype as object) as string | undefined,
        instance: wrapper.instance as JobHandler<JobName>,
      }))
      .filter((entry): entry is { name: string; instance: JobHandler<JobName> } => entry.name !== undefined);
    const problems = checkHandlers(
      this.registry.all(),
      found.map((entry) => entry.name),
    );
    if (problems.length > 0) {
      throw new Error(`The worker cannot start:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    }
    for (const entry of found) this.handlers.set(entry.name, entry.instance);

    for (const queue of this.registry.queues()) {
      const worker = this.backend.createWorker(queue, (job, token, signal) => this.dispatch(job, token, signal), {
        concurrency: this.config.queue.concurrency,
        lockDurationMs: this.config.queue.lockMs,
        stalledIntervalMs: this.config.queue.stalledIntervalMs,
      });
      worker.on('error', (error) => this.logger.error({ err: error, queue }, 'worker error'));
      worker.on('failed', (job, error) =>
        this.logger.warn(
          { queue, jobId: job?.id, name: job?.name, attempt: job?.attemptsMade, err: error },
          'job failed',
        ),
      );
      this.workers.set(queue, worker);
      void worker.run().catch((error: unknown) => this.logger.error({ err: error, queue }, 'worker stopped'));
    }
    await Promise.all([...this.workers.values()].map((worker) => worker.waitUntilReady()));
    await this.beat();
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_INTERVAL_MS);
    this.heartbeat.unref();
    this.logger.log({ queues: [...this.workers.keys()], workerId: this.workerId }, 'worker started');
  }

  private async dispatch(job: Job, token: string | undefined, signal: AbortSignal | undefined): Promise<unknown> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new UnrecoverableError(`Aucun traitement pour la tâche « ${job.name} »`);
    const context: JobContext = {
      job,
      signal: signal ?? new AbortController().signal,
      attempt: job.attemptsMade + 1,
      progress: (percent) => job.updateProgress(Math.max(0, Math.min(100, Math.round(percent)))),
      postpone: async (delayMs) => {
        await job.moveToDelayed(Date.now() + delayMs, token);
        throw new DelayedError();
      },
    };
    try {
      const checked = checkJobPayload(this.registry.get(job.name as JobName), job.data);
      if (!checked.ok) {
        throw new DomainError('invalid', {
          code: 'invalid_job_payload',
          detail: checked.reason,
          errors: checked.problems,
        });
      }
      const payload = checked.payload;
      return await this.inScope(job.name as JobName, payload, () => handler.handle(payload, context));
    } catch (error) {
      // Retrying cannot fix it: fail the job now, the French detail as its reason.
      if (error instanceof DomainError && error.permanent) throw new UnrecoverableError(error.message);
      throw error;
    }
  }

  /** Runs `work` in the scope the payload names (see `JobCatalogue`). */
  private inScope<T>(name: JobName, payload: JobPayload<JobName>, work: () => Promise<T>): Promise<T> {
    const scope = payload as TerritoryScoped | SystemScoped;
    if ('territoryId' in scope) {
      const caller = scope.requestedBy ? { userId: scope.requestedBy, email: '', globalRole: null } : undefined;
      return this.tenantContext.runInTerritory(scope.territoryId, 'job.payload', work, caller);
    }
    const system = this.registry.get(name).scope;
    if (!system) return this.tenantContext.runDetached(work);
    return this.tenantContext.runAsSystem(system, work, scope.system.reason);
  }

  private async beat(): Promise<void> {
    try {
      await this.transactions.withoutTerritory('worker.heartbeat', (db) =>
        db.query(
          `insert into worker_heartbeats (worker_id, hostname, pid, queues)
           values ($1, $2, $3, $4)
           on conflict (worker_id) do update set last_seen_at = now(), queues = excluded.queues`,
          [this.workerId, hostname(), process.pid, [...this.workers.keys()]],
        ),
      );
      if (this.config.queue.heartbeatFile) await writeFile(this.config.queue.heartbeatFile, new Date().toISOString());
    } catch (error) {
      this.logger.warn({ err: error }, 'heartbeat not recorded');
    }
  }

  /**
   * Stops taking jobs and gives running ones the grace period to finish. A job
   * still running then is left to stalled-job recovery: its lock expires and
   * another worker (or this one, restarted) takes it again.
   */
  async onModuleDestroy(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    const workers = [...this.workers.values()];
    this.workers.clear();
    await Promise.all(
      workers.map(async (worker) => {
        const graceful = worker.close().then(() => true);
        let timer: NodeJS.Timeout | undefined;
        const expired = new Promise<false>((resolve) => {
          timer = setTimeout(() => resolve(false), this.config.shutdownGraceMs);
        });
        const closedInTime = await Promise.race([graceful, expired]);
        clearTimeout(timer);
        if (!closedInTime) {
          // Handlers see their signal aborted; a job that still runs keeps no lock
          // renewal once the process exits, so stalled-job recovery hands it to
          // the next worker. Waiting longer would only delay the shutdown.
          this.logger.warn({ queue: worker.name }, 'grace period over: releasing running jobs');
          worker.cancelAllJobs('shutdown');
          graceful.catch(() => undefined);
        }
      }),
    );
    await this.transactions
      .withoutTerritory('worker.heartbeat', (db) =>
        db.query('delete from worker_heartbeats where worker_id = $1', [this.workerId]),
      )
      .catch(() => undefined);
  }
}
