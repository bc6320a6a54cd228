import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, JobQueue, notFound, TenantContext, Transactions, type AppConfig } from '@maillage/platform';
import type { ActorFilters } from '../directory/actor.model.js';
import { assertMayFilterByAlliance, seesAllianceCount } from '../activity/alliance-visibility.js';
import { dayInFrance } from '../french-days.js';
import { analyseGraph } from './graph-analysis.js';
import { graphJobId, GraphMetricsScheduler } from './graph-metrics.job.js';
import { GraphSnapshotsRepository, type StoredGraph } from './graph-snapshots.repository.js';
import { graphRows, ViewsRepository } from './views.repository.js';
import { GeographyService } from '@maillage/territories';
import {
  FIRST_STEPS,
  type Dashboard,
  type FirstSteps,
  type GraphComputing,
  type GraphView,
  type MapView,
  type TimelineEntry,
} from './views.types.js';

/** The territory seen whole: map, graph of who works with whom, timeline, dashboard. */
@Injectable()
export class EcosystemViewsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly repository: ViewsRepository,
    private readonly geography: GeographyService,
    private readonly snapshots: GraphSnapshotsRepository,
    private readonly scheduler: GraphMetricsScheduler,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async map(filters: ActorFilters): Promise<MapView> {
    const access = this.context.territory;
    assertMayFilterByAlliance(access, filters.hasAlliance);
    const [rows, communeRows] = await this.transactions.tenant(async (db) => [
      await this.repository.mapRows(db, filters),
      await this.repository.mapCommunes(db),
    ]);
    const communes = communeRows.map((row) => ({
      code: row.commune_code,
      name: this.geography.commune(row.commune_code)?.name ?? row.commune_code,
      latitude: Number(row.latitude),
      longitude: Number(row.longitude),
    }));
    const points = [
      ...communes.map((commune) => [commune.longitude, commune.latitude]),
      ...rows.filter((row) => !row.external).map((row) => [row.longitude, row.latitude]),
    ];
    const bbox: MapView['bbox'] = points.length
      ? [
          Math.min(...points.map((point) => point[0]!)),
          Math.min(...points.map((point) => point[1]!)),
          Math.max(...points.map((point) => point[0]!)),
          Math.max(...points.map((point) => point[1]!)),
        ]
      : null;
    return {
      type: 'FeatureCollection',
      bbox,
      communes,
      features: rows.map((row) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [row.longitude, row.latitude] },
        properties: {
          id: row.id,
          name: row.name,
          category: row.category,
          allianceCount: seesAllianceCount(access, row.id) ? Number(row.alliance_count) : null,
          external: row.external,
          precision: row.location_precision,
          approximate: row.location_precision === 'commune',
        },
      })),
    };
  }

  /**
   * The graph of who works with whom. Now: the stored snapshot (`stale` when the graph changed
   * since; its recomputation is then queued), computed and stored here on a first visit of a small
   * territory (at most `graph.exactUpTo` linked actors), else queued (`GraphComputing`). A past
   * date: computed here on a small territory, else by the worker and kept (by day and revision).
   */
  async graph(asOf?: Date): Promise<GraphView | GraphComputing> {
    if (asOf) return this.pastGraph(asOf);
    const territoryId = this.context.territoryId;
    const found = await this.transactions.tenant(async (db) => {
      const revision = await this.snapshots.revision(db);
      const stored = await this.snapshots.read(db, 'current');
      if (stored || (await this.snapshots.linkedActors(db)) > this.config.graph.exactUpTo) return { revision, stored };
      const now = new Date();
      const { actors, alliances } = await graphRows(db, now);
      const analysis = analyseGraph(actors, alliances, now, {
        exactUpTo: this.config.graph.exactUpTo,
        layoutFrom: new Map(),
      });
      const computedAt = (await this.snapshots.write(db, 'current', revision, analysis)) ?? now.toISOString();
      return { revision, stored: { ...analysis, revision, computedAt } };
    });
    if (!found.stored) {
      await this.scheduler.schedule(territoryId, 0);
      return this.computing(graphJobId(territoryId), null);
    }
    const stale = found.revision > found.stored.revision;
    // Queued again in case the change's own queuing ran before it committed (the job id makes it a no-op otherwise).
    if (stale) await this.scheduler.schedule(territoryId);
    return view(found.stored, 'stored', stale, found.stored.computedAt);
  }

  /** A past state of the graph (see `graph`): the figures as of the date asked. */
  private async pastGraph(asOf: Date): Promise<GraphView | GraphComputing> {
    const territoryId = this.context.territoryId;
    const day = dayInFrance(asOf);
    const found = await this.transactions.tenant(async (db) => {
      const revision = await this.snapshots.revision(db);
      const stored = await this.snapshots.read(db, day);
      if (stored && stored.revision >= revision) return stored;
      if ((await this.snapshots.linkedActors(db)) > this.config.graph.exactUpTo) return null;
      const { actors, alliances } = await graphRows(db, asOf);
      const analysis = analyseGraph(actors, alliances, asOf, {
        exactUpTo: this.config.graph.exactUpTo,
        layoutFrom: await this.snapshots.positions(db),
        keepPositions: true,
      });
      return { ...analysis, revision, computedAt: new Date().toISOString() };
    });
    if (found) return view(found, 'computed', false, asOf.toISOString());
    const jobId = graphJobId(territoryId, day);
    await this.jobs.enqueue('views.graph-metrics', { territoryId, day }, { jobId });
    return this.computing(jobId, asOf.toISOString());
  }

  /** The progress of a graph computation the worker runs (or is about to). */
  private async computing(jobId: string, asOf: string | null): Promise<GraphComputing> {
    const job = await this.jobs.getJob('views', jobId).catch(() => undefined);
    const progress = typeof job?.progress === 'number' ? job.progress / 100 : 0;
    return {
      status: 'computing',
      asOf,
      progress: Math.max(0, Math.min(1, progress)),
      startedAt: job?.processedOn ? new Date(job.processedOn).toISOString() : null,
    };
  }

  /**
   * The graph for an export: the stored snapshot while it is current, else computed now (betweenness
   * sampled above `graph.exactUpTo` linked actors, positions kept from the stored layout).
   */
  async graphAnalysis(asOf?: Date): Promise<GraphView> {
    return this.transactions.tenant(async (db) => {
      const revision = await this.snapshots.revision(db);
      if (!asOf) {
        const stored = await this.snapshots.read(db, 'current');
        if (stored && stored.revision >= revision) return view(stored, 'stored', false, stored.computedAt);
      }
      const date = asOf ?? new Date();
      const { actors, alliances } = await graphRows(db, date);
      const analysis = analyseGraph(actors, alliances, date, {
        exactUpTo: this.config.graph.exactUpTo,
        layoutFrom: await this.snapshots.positions(db),
        keepPositions: true,
      });
      return view({ ...analysis, revision, computedAt: new Date().toISOString() }, 'computed', false, analysis.asOf);
    });
  }

  /** Everything an actor took part in (actions, alliances) and its profile's changes, newest first. */
  async timeline(actorId: string): Promise<TimelineEntry[]> {
    return this.transactions.tenant(async (db) => {
      if (!(await this.repository.actorExists(db, actorId))) throw notFound();
      return this.repository.timeline(db, actorId);
    });
  }

  async dashboard(from?: string, to?: string): Promise<Dashboard> {
    return this.transactions.tenant((db) => this.repository.dashboard(db, from, to));
  }

  /** The « Premiers pas » checklist, ticked from the territory's data. */
  async firstSteps(): Promise<FirstSteps> {
    const counts = await this.transactions.tenant((db) => this.repository.firstSteps(db));
    const steps = FIRST_STEPS.map((key) => ({ key, done: counts[key] > 0, count: counts[key] }));
    return { steps, remaining: steps.filter((step) => !step.done).length };
  }
}

/** A computed graph as the view answers it (without its revision). */
function view(graph: StoredGraph, source: GraphView['source'], stale: boolean, asOf: string): GraphView {
  const { revision: _revision, computedAt, ...analysis } = graph;
  return { ...analysis, asOf, computedAt, source, stale };
}
