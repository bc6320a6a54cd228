import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, JobQueue, notFound, TenantContext, Transactions, type AppConfig } from '@maillage/platform';
import type { ActorFilters } from '../directory/actor.model.js';
import { assertMayFilterByAlliance, seesAllianceCount } from '../activity/alliance-visibility.js';
import { dayInFrance } from '../french-days.js';
import { analyseGraph } from './graph-analysis.js';
import { extentOf, LruCache, MAP_MAX_ZOOM, MapClusterIndex } from './map-clusters.js';
import { graphJobId, GraphMetricsScheduler } from './graph-metrics.job.js';
import { GraphSnapshotsRepository, type StoredGraph } from './graph-snapshots.repository.js';
import { graphRows, ViewsRepository, type MapRow } from './views.repository.js';
import { GeographyService } from '@maillage/territories';
import {
  FIRST_STEPS,
  type Dashboard,
  type FirstSteps,
  type GraphComputing,
  type GraphGzip,
  type GraphJson,
  type GraphView,
  type MapClusters,
  type MapCommune,
  type MapFeature,
  type MapView,
  type TimelineEntry,
} from './views.types.js';

/** Features of the GeoJSON read per page (and per short transaction). */
const MAP_PAGE = 2000;
/** Cluster indexes a process keeps: one per territory and filters in use, 32 at most... */
const CLUSTER_CACHE_ENTRIES = 32;
/** ...holding 200,000 actors in all (about 0.75 KB each: ~150 MB; a larger territory alone is still kept). */
const CLUSTER_CACHE_POINTS = 200_000;

/** The filters as a cache key: the same filters, in any order or with absent ones, give the same key. */
function clusterFilterKey(filters: ActorFilters): string {
  const { sort: _sort, ...kept } = filters;
  return JSON.stringify(
    Object.entries(kept)
      .filter(([, value]) => value !== undefined && value !== false)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/** An actor as a GeoJSON point feature of the map. */
function mapFeature(row: Omit<MapRow, 'alliance_count'>, allianceCount: number | null): MapFeature {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [Number(row.longitude), Number(row.latitude)] },
    properties: {
      id: row.id,
      name: row.name,
      category: row.category,
      allianceCount,
      external: row.external,
      precision: row.location_precision,
      approximate: row.location_precision === 'commune',
    },
  };
}

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

  /** Cluster indexes of this process (see mapClusters). */
  private readonly clusterIndexes = new LruCache<MapClusterIndex>(
    CLUSTER_CACHE_ENTRIES,
    CLUSTER_CACHE_POINTS,
    (index) => index.points.length,
  );

  /**
   * The GeoJSON of the filtered located actors, every one of them, as JSON text in pieces: the extent and
   * communes first (in the request's transaction: a refused filter or a failure answers before anything is
   * written), then the features read page by page, each page in its own short transaction, as the reader
   * takes them (memory stays flat, no connection is held while a slow client reads).
   */
  async mapGeoJson(filters: ActorFilters): Promise<AsyncIterable<string>> {
    const access = this.context.territory;
    assertMayFilterByAlliance(access, filters.hasAlliance);
    const [extent, communeRows] = await this.transactions.tenant(async (db) => [
      await this.repository.mapExtent(db, filters),
      await this.repository.mapCommunes(db),
    ]);
    const communes = this.communes(communeRows);
    const [west, south, east, north] = extent;
    const bbox: MapView['bbox'] = extentOf([
      ...communes.map((commune): [number, number] => [commune.longitude, commune.latitude]),
      ...(west !== null && south !== null && east !== null && north !== null
        ? [[Number(west), Number(south)] as [number, number], [Number(east), Number(north)] as [number, number]]
        : []),
    ]);
    const unit = this.transactions.bound();
    const repository = this.repository;
    async function* pieces(): AsyncGenerator<string> {
      yield `{"type":"FeatureCollection","bbox":${JSON.stringify(bbox)},"communes":${JSON.stringify(communes)},"features":[`;
      let after: { sortKey: string; id: string } | null = null;
      let first = true;
      for (;;) {
        const page = after;
        const rows: (MapRow & { sort_key: string })[] = await unit.run((db) =>
          repository.mapRows(db, filters, page, MAP_PAGE),
        );
        if (rows.length > 0) {
          const features = rows.map((row) =>
            JSON.stringify(mapFeature(row, seesAllianceCount(access, row.id) ? Number(row.alliance_count) : null)),
          );
          yield `${first ? '' : ','}${features.join(',')}`;
          first = false;
          const last: MapRow & { sort_key: string } = rows[rows.length - 1]!;
          after = { sortKey: last.sort_key, id: last.id };
        }
        if (rows.length < MAP_PAGE) break;
      }
      yield ']}';
    }
    return pieces();
  }

  /**
   * The filtered located actors grouped for a viewport: clusters (count, position, the zoom that splits them,
   * actors per category) and single actors as GeoJSON features. The cluster index is kept per process, per
   * territory, filters and data version (read in one cheap query each time), in a small LRU: a stale index is
   * never used, and another instance simply builds its own.
   */
  async mapClusters(filters: ActorFilters, bbox: [number, number, number, number], zoom: number): Promise<MapClusters> {
    const access = this.context.territory;
    assertMayFilterByAlliance(access, filters.hasAlliance);
    const territoryId = this.context.territoryId;
    return this.transactions.tenant(async (db) => {
      const version = await this.repository.mapVersion(db);
      const key = JSON.stringify([territoryId, clusterFilterKey(filters), version]);
      let index = this.clusterIndexes.get(key);
      if (!index) {
        const rows = await this.repository.mapPoints(db, filters);
        const communes = this.communes(await this.repository.mapCommunes(db));
        index = new MapClusterIndex(
          rows.map((row) => ({
            id: row.id,
            name: row.name,
            category: row.category,
            latitude: Number(row.latitude),
            longitude: Number(row.longitude),
            external: row.external,
            precision: row.location_precision,
          })),
          communes,
          await this.repository.mapUnlocated(db, filters),
        );
        this.clusterIndexes.set(key, index);
      }
      const { clusters, points } = index.query(bbox, Math.min(zoom, MAP_MAX_ZOOM));
      const counts = await this.repository.allianceCounts(
        db,
        points.filter((point) => seesAllianceCount(access, point.id)).map((point) => point.id),
      );
      const features = points.map((point) =>
        mapFeature(
          {
            id: point.id,
            name: point.name,
            category: point.category,
            latitude: point.latitude,
            longitude: point.longitude,
            external: point.external,
            location_precision: point.precision,
          },
          seesAllianceCount(access, point.id) ? (counts.get(point.id) ?? 0) : null,
        ),
      );
      return {
        total: index.points.length,
        unlocated: index.unlocated,
        inView: clusters.reduce((sum, cluster) => sum + cluster.count, 0) + features.length,
        zoom: Math.min(zoom, MAP_MAX_ZOOM),
        bbox,
        extent: index.extent,
        communes: index.communes.filter(
          (commune) =>
            commune.longitude >= bbox[0] &&
            commune.latitude >= bbox[1] &&
            commune.longitude <= bbox[2] &&
            commune.latitude <= bbox[3],
        ),
        clusters: clusters.map(({ clusterId, ...cluster }) => ({ id: clusterId, ...cluster })),
        features,
      };
    });
  }

  /** The communes where actors are placed, named. */
  private communes(rows: { commune_code: string; latitude: number; longitude: number }[]): MapCommune[] {
    return rows.map((row) => ({
      code: row.commune_code,
      name: this.geography.commune(row.commune_code)?.name ?? row.commune_code,
      latitude: Number(row.latitude),
      longitude: Number(row.longitude),
    }));
  }

  /**
   * The graph of who works with whom. Now: the stored snapshot (`stale` when the graph changed
   * since; its recomputation is then queued), computed and stored here on a first visit of a small
   * territory (at most `graph.exactUpTo` linked actors), else queued (`GraphComputing`). A past
   * date: computed here on a small territory, else by the worker and kept (by day and revision).
   */
  async graph(asOf?: Date): Promise<GraphView | GraphComputing | GraphJson | GraphGzip> {
    if (asOf) return this.pastGraph(asOf);
    const territoryId = this.context.territoryId;
    const found = await this.transactions.tenant(async (db) => {
      const revision = await this.snapshots.revision(db);
      // Current: its answer as kept when it was stored, compressed.
      const gzip = await this.snapshots.readBody(db, revision);
      if (gzip) return { revision, gzip, text: null, stored: null };
      // Served as PostgreSQL writes it (a 50,000-actor graph is some 20 MB of JSON); an older snapshot's links are converted.
      const text = await this.snapshots.readJson(db, 'current');
      if (text && text !== 'legacy') return { revision, text, stored: null };
      const stored = text ? await this.snapshots.read(db, 'current') : null;
      if (stored || (await this.snapshots.linkedActors(db)) > this.config.graph.exactUpTo)
        return { revision, text: null, stored };
      const now = new Date();
      const { actors, alliances } = await graphRows(db, now);
      const analysis = analyseGraph(actors, alliances, now, {
        exactUpTo: this.config.graph.exactUpTo,
        layoutFrom: new Map(),
      });
      const computedAt = (await this.snapshots.write(db, 'current', revision, analysis)) ?? now.toISOString();
      return { revision, text: null, stored: { ...analysis, revision, computedAt } };
    });
    if (found.gzip) return { gzip: found.gzip };
    const kept = found.text ?? found.stored;
    if (!kept) {
      await this.scheduler.schedule(territoryId, 0);
      return this.computing(graphJobId(territoryId), null);
    }
    const stale = found.revision > kept.revision;
    // Queued again in case the change's own queuing ran before it committed (the job id makes it a no-op otherwise).
    if (stale) await this.scheduler.schedule(territoryId);
    return found.text
      ? { json: found.text.json('stored', stale, kept.computedAt) }
      : view(found.stored as StoredGraph, 'stored', stale, kept.computedAt);
  }

  /** A past state of the graph (see `graph`): the figures as of the date asked. */
  private async pastGraph(asOf: Date): Promise<GraphView | GraphComputing | GraphJson> {
    const territoryId = this.context.territoryId;
    const day = dayInFrance(asOf);
    const found = await this.transactions.tenant(async (db): Promise<StoredGraph | GraphJson | null> => {
      const revision = await this.snapshots.revision(db);
      // Only a day's snapshot still current is read (an older one is computed again).
      const text = await this.snapshots.readJson(db, day, revision);
      if (text && text !== 'legacy') return { json: text.json('computed', false, asOf.toISOString()) };
      const stored = text === 'legacy' ? await this.snapshots.read(db, day) : null;
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
    if (found) return 'json' in found ? found : view(found, 'computed', false, asOf.toISOString());
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
