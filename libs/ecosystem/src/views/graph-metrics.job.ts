import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import {
  APP_CONFIG,
  defineJob,
  DomainEvents,
  HandlesJob,
  JobQueue,
  territoryScope,
  Transactions,
  type AppConfig,
  type Db,
  type JobContext,
  type JobHandler,
  type JobPayload,
  type TerritoryScoped,
} from '@maillage/platform';
import { endOfFrenchDay } from '../french-days.js';
import { analyseGraphWithProgress } from './graph-analysis.js';
import { GraphSnapshotsRepository } from './graph-snapshots.repository.js';
import { graphRows } from './views.repository.js';

declare module '@maillage/platform' {
  interface JobCatalogue {
    /** Without `day`: the territory's current graph snapshot; with it, the graph at the end of that day. */
    'views.graph-metrics': TerritoryScoped & { day?: string | null };
  }
}

export const graphMetricsJob = defineJob({
  name: 'views.graph-metrics',
  queue: 'views',
  payload: z.object({
    ...territoryScope,
    day: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .nullable()
      .optional(),
  }),
  attempts: 3,
  backoffMs: 2_000,
  // Removed once finished: the territory's stable job id can be queued again at once.
  keepCompletedSeconds: 0,
  keepFailedSeconds: 0,
});

/** The job id of a territory's graph computation: one at a time per territory and view (debounce). */
export function graphJobId(territoryId: string, day?: string | null): string {
  return day ? `graph-${territoryId}-${day}` : `graph-${territoryId}`;
}

/** Domain events whose changes alter the graph: each queues the territory's recomputation. */
const GRAPH_EVENTS = new Set([
  'actor.created',
  'actor.updated',
  'actor.archived',
  'actor.merged',
  'alliance.proposed',
  'alliance.updated',
  'alliance.agreed',
  'alliance.transitioned',
  'import.finished',
]);

/** Queues the graph's background recomputations. */
@Injectable()
export class GraphMetricsScheduler implements OnModuleInit {
  private readonly logger = new Logger('GraphMetrics');
  /** When each territory's recomputation was last queued by this process. */
  private readonly queued = new Map<string, number>();
  /** The territories a still-open transaction has already asked to recompute. */
  private readonly pending = new WeakMap<Db, Set<string>>();

  constructor(
    private readonly jobs: JobQueue,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // Queued once the change has committed, so the job always finds it (a long import's
    // transaction would otherwise outlast the debounce and the job find nothing new).
    this.events.subscribe(async (db, event) => {
      if (!GRAPH_EVENTS.has(event.kind)) return;
      // One callback per transaction and territory, however many changes it holds.
      let seen = this.pending.get(db);
      if (!seen) this.pending.set(db, (seen = new Set()));
      if (seen.has(event.territoryId)) return;
      seen.add(event.territoryId);
      db.afterCommit(() => this.changed(event.territoryId));
    });
  }

  /** A committed change: a burst of them (a merge, a busy minute) queues once, the job picks them all up. */
  private changed(territoryId: string): Promise<void> | undefined {
    const now = Date.now();
    if ((this.queued.get(territoryId) ?? 0) > now - this.config.graph.debounceMs / 2) return undefined;
    this.queued.set(territoryId, now);
    if (this.queued.size > 10_000) this.queued.clear();
    return this.schedule(territoryId);
  }

  /**
   * Queues the recomputation of a territory's current snapshot after the debounce delay; the
   * changes made meanwhile join it (one job id per territory: queuing it again is a no-op).
   */
  async schedule(territoryId: string, delayMs = this.config.graph.debounceMs): Promise<void> {
    await this.jobs
      .enqueue('views.graph-metrics', { territoryId }, { jobId: graphJobId(territoryId), delayMs })
      .catch((error: unknown) => this.logger.warn({ err: error, territoryId }, 'graph recomputation not queued'));
  }
}

/**
 * Computes a territory's graph (metrics, communities, layout) and stores it in one transaction
 * (`GraphSnapshotsRepository.write`). Idempotent: a view already stored at the territory's
 * revision is not computed again, and a newer stored revision wins. The current snapshot's layout
 * starts from the stored positions; a past day's keeps them. When the graph changed during the
 * computation, the job goes back to the queue for the debounce delay and runs again.
 */
@Injectable()
@HandlesJob('views.graph-metrics')
export class GraphMetricsJobHandler implements JobHandler<'views.graph-metrics'> {
  private readonly logger = new Logger('GraphMetrics');

  constructor(
    private readonly transactions: Transactions,
    private readonly snapshots: GraphSnapshotsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  readonly handle = async (
    payload: JobPayload<'views.graph-metrics'>,
    job: JobContext,
  ): Promise<{ revision: number; written: boolean } | { skipped: string }> => {
    const day = payload.day ?? null;
    const view = day ?? 'current';
    const started = Date.now();
    const work = await this.transactions.tenant(async (db) => {
      // The revision first: a change committed after it makes the snapshot stale, never wrongly current.
      const revision = await this.snapshots.revision(db);
      const stored = await this.snapshots.storedRevision(db, view);
      if (stored !== null && stored >= revision) return null;
      const asOf = day ? new Date(Math.min(endOfFrenchDay(day), Date.now())) : new Date();
      const rows = await graphRows(db, asOf);
      return { revision, asOf, rows, previous: await this.snapshots.positions(db) };
    });
    if (!work) return { skipped: 'up to date' };
    await job.progress(5);
    const analysis = await analyseGraphWithProgress(
      work.rows.actors,
      work.rows.alliances,
      work.asOf,
      { exactUpTo: this.config.graph.exactUpTo, layoutFrom: work.previous, keepPositions: day !== null },
      (fraction) => job.progress(5 + fraction * 85),
    );
    const written =
      (await this.transactions.tenant((db) => this.snapshots.write(db, view, work.revision, analysis))) !== null;
    await job.progress(100);
    this.logger.log(
      { view, revision: work.revision, nodes: analysis.nodes.length, ms: Date.now() - started, written },
      'graph metrics computed',
    );
    if (!day) {
      const now = await this.transactions.tenant((db) => this.snapshots.revision(db));
      if (now > work.revision) await job.postpone(this.config.graph.debounceMs);
    }
    return { revision: work.revision, written };
  };
}
