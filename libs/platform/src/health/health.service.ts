import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions.js';
import { JobQueue } from '../queue/job-queue.js';
import type { HealthProbeResult } from './health-probe.job.js';
import { ScheduledRuns, type LateSchedule } from './scheduled-runs.js';

export type CheckStatus = 'up' | 'down';

export interface CheckResult {
  status: CheckStatus;
  latencyMs: number;
  error?: string;
}

export interface Readiness {
  status: 'ok' | 'error';
  checks: {
    database: CheckResult;
    queue: CheckResult;
    /** Informational: readiness of the API does not depend on workers. */
    workers: { status: CheckStatus; alive: number; lastSeenAt: string | null };
    /** Informational: scheduled jobs (mail digests…) that have not run when due. */
    schedules: { status: 'up' | 'late'; late: LateSchedule[] };
  };
}

const CHECK_TIMEOUT_MS = 3_000;
/** A worker whose heartbeat is older than this is counted as gone. */
const HEARTBEAT_STALE_SECONDS = 30;

async function timed(check: () => Promise<unknown>): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    // Only a short, generic reason: readiness is public.
    const reason = error instanceof Error && error.message === 'timeout' ? 'timeout' : 'unreachable';
    return { status: 'down', latencyMs: Math.round(performance.now() - started), error: reason };
  } finally {
    clearTimeout(timer);
  }
}

@Injectable()
export class HealthService {
  constructor(
    private readonly transactions: Transactions,
    private readonly jobs: JobQueue,
    private readonly schedules: ScheduledRuns,
  ) {}

  async readiness(): Promise<Readiness> {
    const [database, queue] = await Promise.all([
      timed(() => this.transactions.withoutTerritory('health.check', (db) => db.query('select 1'))),
      timed(() => this.jobs.ping()),
    ]);
    const workers = await this.workers().catch(() => ({ status: 'down' as const, alive: 0, lastSeenAt: null }));
    const late = await this.schedules.late().catch(() => []);
    return {
      status: database.status === 'up' && queue.status === 'up' ? 'ok' : 'error',
      checks: { database, queue, workers, schedules: { status: late.length > 0 ? 'late' : 'up', late } },
    };
  }

  private async workers(): Promise<Readiness['checks']['workers']> {
    const rows: { alive: string; last_seen_at: Date | null }[] = await this.transactions.withoutTerritory(
      'health.check',
      (db) =>
        db.query(
          `select count(*) filter (where last_seen_at > now() - make_interval(secs => $1))::text as alive,
                max(last_seen_at) as last_seen_at
         from worker_heartbeats`,
          [HEARTBEAT_STALE_SECONDS],
        ),
    );
    const alive = Number(rows[0]?.alive ?? 0);
    const last = rows[0]?.last_seen_at;
    return { status: alive > 0 ? 'up' : 'down', alive, lastSeenAt: last ? new Date(last).toISOString() : null };
  }

  /** Sends a probe job through the queue and waits for a worker to answer it. */
  async probeQueue(timeoutMs = 10_000): Promise<HealthProbeResult | undefined> {
    const nonce = randomUUID();
    const job = await this.jobs.enqueue('system.health-probe', {
      system: { reason: 'health probe' },
      nonce,
      requestedAt: new Date().toISOString(),
    });
    const finished = await this.jobs.waitUntilFinished('system', String(job.id), timeoutMs);
    if (finished.state !== 'completed') return undefined;
    const result = finished.result as HealthProbeResult;
    return result?.nonce === nonce ? result : undefined;
  }
}
