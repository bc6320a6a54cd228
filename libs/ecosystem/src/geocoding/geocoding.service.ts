import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  AuditLog,
  DomainError,
  JobQueue,
  notFound,
  TenantContext,
  Transactions,
  type AppConfig,
  type Db,
} from '@maillage/platform';
import { GeocodingRepository, type GeocodingRunRow } from './geocoding.repository.js';
import type { GeocodingRowResult, GeocodingRunView, GeocodingSummary } from './geocoding.types.js';

export function geocodingSummary(actors: number, rows: GeocodingRowResult[]): GeocodingSummary {
  const count = (outcome: GeocodingRowResult['outcome']) => rows.filter((row) => row.outcome === outcome).length;
  return {
    actors,
    address: count('address'),
    street: count('street'),
    commune: count('commune'),
    notFound: count('not_found'),
    failed: count('failed'),
    skipped: count('skipped'),
  };
}

function runView(row: GeocodingRunRow): GeocodingRunView {
  return {
    id: row.id,
    importId: row.import_id,
    status: row.status,
    progress: row.progress,
    summary: geocodingSummary(row.actor_ids.length, row.rows),
    rows: row.rows,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}

/**
 * Places actors on the map through the national address service (Base
 * Adresse Nationale), in the worker: on demand for the actors without a
 * precise position, and after an import for the actors it created.
 */
@Injectable()
export class GeocodingService {
  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly repository: GeocodingRepository,
    private readonly jobs: JobQueue,
    private readonly audit: AuditLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.config.geocoder !== undefined;
  }

  /** A run for every actor without a precise position (or the run already going). */
  async start(): Promise<GeocodingRunView> {
    if (!this.enabled) {
      throw new DomainError('conflict', {
        code: 'geocoder_not_configured',
        detail:
          'Le géocodage des adresses n’est pas activé sur cette installation : demandez à son administrateur de l’activer, ou placez les acteurs sur la carte.',
      });
    }
    const { run, created } = await this.transactions.tenant(async (db) => {
      // One run at a time: asking again while one goes shows that one.
      await db.query(`select pg_advisory_xact_lock(hashtext('geocoding:' || $1))`, [this.context.territoryId]);
      const going = await this.repository.running(db);
      if (going) return { run: going, created: false };
      const ids = await this.repository.candidates(db);
      return { run: await this.createIn(db, ids, null), created: true };
    });
    if (created) await this.enqueue(run);
    return runView(run);
  }

  /** After an import's run: its new actors with an address or a commune and no position; nothing when off. */
  async afterImport(importId: string): Promise<string | null> {
    if (!this.enabled) return null;
    const run = await this.transactions.tenant(async (db) => {
      // An import job retried after it finished asks again: its run exists already.
      if ((await this.repository.latest(db, importId)).length > 0) return null;
      const ids = await this.repository.candidates(db, importId);
      return ids.length ? this.createIn(db, ids, importId) : null;
    });
    if (!run) return null;
    await this.enqueue(run);
    return run.id;
  }

  /**
   * After a person gave an actor a new address or commune and no position: geocode it in the background.
   * Nothing when off; the edit is saved already, so a queue that is down only leaves the run failed.
   */
  async afterEdit(actorId: string): Promise<void> {
    if (!this.enabled) return;
    const run = await this.transactions.tenant(async (db) => {
      const ids = await this.repository.unplaced(db, [actorId]);
      return ids.length ? this.createIn(db, ids, null) : null;
    });
    if (run) await this.enqueue(run).catch(() => undefined);
  }

  async get(id: string): Promise<GeocodingRunView> {
    const row = await this.transactions.tenant((db) => this.repository.find(db, id));
    if (!row) throw notFound();
    return runView(row);
  }

  /** The latest runs (twenty), newest first; those of one import only. */
  async list(importId?: string): Promise<GeocodingRunView[]> {
    const rows = await this.transactions.tenant((db) => this.repository.latest(db, importId));
    return rows.map(runView);
  }

  private async createIn(db: Db, ids: string[], importId: string | null): Promise<GeocodingRunRow> {
    const run = await this.repository.create(db, ids, {
      importId,
      requestedBy: this.context.caller?.userId ?? null,
    });
    await this.audit.record(db, {
      entity: 'geocoding',
      entityId: run.id,
      action: 'create',
      after: { actors: ids.length, importId },
    });
    return run;
  }

  private async enqueue(run: GeocodingRunRow): Promise<void> {
    if (run.status !== 'running') return;
    try {
      await this.jobs.enqueue(
        'ecosystem.geocode',
        { territoryId: this.context.territoryId, runId: run.id, requestedBy: this.context.caller?.userId ?? null },
        { jobId: `geocode-${run.id}` },
      );
    } catch (error) {
      const message = 'La file de tâches est indisponible : relancez le géocodage.';
      await this.transactions.tenant((db) => this.repository.finish(db, run.id, 'failed', [], message));
      throw new DomainError('unavailable', {
        code: 'queue_unavailable',
        detail: 'Le géocodage ne peut pas être lancé pour l’instant : réessayez dans un moment.',
        extensions: { cause: (error as Error).name },
      });
    }
  }
}
