import { Injectable } from '@nestjs/common';
import { notFound, TenantContext, Transactions } from '@maillage/platform';
import type { ActorFilters } from '../directory/actor.model.js';
import { assertMayFilterByAlliance, seesAllianceCount } from '../activity/alliance-visibility.js';
import { analyseGraph } from './graph-analysis.js';
import { ViewsRepository } from './views.repository.js';
import { GeographyService } from '@maillage/territories';
import {
  FIRST_STEPS,
  type Dashboard,
  type FirstSteps,
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

  /** The graph of who works with whom as it stood on `asOf` (see `analyseGraph`). */
  async graph(asOf?: Date): Promise<GraphView> {
    const date = asOf ?? new Date();
    const { actors, alliances } = await this.transactions.tenant((db) => this.repository.graph(db, date));
    return analyseGraph(actors, alliances, date);
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
