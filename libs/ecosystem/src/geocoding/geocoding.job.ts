import { Inject, Injectable, Logger } from '@nestjs/common';
import { z } from 'zod';
import {
  APP_CONFIG,
  defineJob,
  DomainEvents,
  HandlesJob,
  territoryScope,
  Transactions,
  type AppConfig,
  type JobContext,
  type JobHandler,
  type JobPayload,
  type TerritoryScoped,
} from '@maillage/platform';
import { GeographyService } from '@maillage/territories';
import {
  BanGeocoder,
  GeocoderRefused,
  GeocoderUnavailable,
  type GeocodeMatch,
  type GeocodeQuery,
} from './ban-geocoder.js';
import { GeocodingRepository, type ActorToPlace } from './geocoding.repository.js';
import type { GeocodingRowResult, GeocodingSummary } from './geocoding.types.js';
import { geocodingSummary } from './geocoding.service.js';

declare module '@maillage/platform' {
  interface JobCatalogue {
    'ecosystem.geocode': TerritoryScoped & { runId: string };
  }
}

const ATTEMPTS = 3;

export const geocodingJob = defineJob({
  name: 'ecosystem.geocode',
  queue: 'imports',
  payload: z.object({ ...territoryScope, runId: z.guid() }),
  attempts: ATTEMPTS,
  backoffMs: 1_000,
});

/** Actors per request to the service (`/search/csv/`) and per transaction. */
const BATCH = 100;

const quote = (text: string) => `« ${text.replace(/\s+/g, ' ').trim()} »`;

/**
 * Geocodes a run's actors through the national address service, a batch at a
 * time. Idempotent: actors with a result recorded are not asked again, and an
 * actor is placed only while it has no precise position (never over a
 * person's placement). A service unreachable is retried with backoff; once the
 * attempts are spent, the actors left are reported one by one as failed, their
 * positions untouched, and the run can be started again.
 */
@Injectable()
@HandlesJob('ecosystem.geocode')
export class GeocodingJobHandler implements JobHandler<'ecosystem.geocode'> {
  private readonly logger = new Logger('GeocodingJob');

  constructor(
    private readonly transactions: Transactions,
    private readonly repository: GeocodingRepository,
    private readonly events: DomainEvents,
    private readonly geography: GeographyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  readonly handle = async (
    payload: JobPayload<'ecosystem.geocode'>,
    job: JobContext,
  ): Promise<GeocodingSummary | { skipped: string }> => {
    const run = await this.transactions.tenant((db) => this.repository.find(db, payload.runId));
    if (!run || run.status !== 'running') return { skipped: 'finished' };
    const settings = this.config.geocoder;
    const rows = [...run.rows];
    const done = new Set(rows.map((row) => row.actorId));
    const left = run.actor_ids.filter((id) => !done.has(id));
    const lines = run.import_id ? await this.importLines(run.import_id) : new Map<string, number>();
    const communes = new Map<string, GeocodeMatch | null>();
    let failure: string | null = settings ? null : 'Le géocodage n’est plus configuré (MAILLAGE_GEOCODER_URL).';
    const geocoder = settings ? new BanGeocoder(settings) : null;
    for (let start = 0; start < left.length && geocoder && !failure; start += BATCH) {
      const batch = await this.transactions.tenant((db) =>
        this.repository.actors(db, left.slice(start, start + BATCH)),
      );
      let results: GeocodingRowResult[];
      try {
        results = await this.resolve(geocoder, batch, communes, job.signal);
      } catch (error) {
        const permanent = error instanceof GeocoderRefused;
        if (!permanent && job.attempt < ATTEMPTS && !job.signal.aborted) throw error;
        failure =
          error instanceof GeocoderUnavailable || error instanceof GeocoderRefused
            ? error.message
            : 'Erreur inattendue pendant le géocodage.';
        break;
      }
      await this.transactions.tenant(async (db) => {
        for (const result of results) {
          if (result.outcome === 'address' || result.outcome === 'street' || result.outcome === 'commune') {
            const found = (result as GeocodingRowResult & { found?: GeocodeMatch }).found;
            if (found && !(await this.repository.place(db, result.actorId, found))) {
              Object.assign(result, { outcome: 'skipped', message: 'Déjà placé : position conservée.' });
            }
          }
          delete (result as { found?: unknown }).found;
          const line = lines.get(result.actorId);
          rows.push(line === undefined ? result : { ...result, line });
        }
        await this.repository.progress(
          db,
          run.id,
          rows,
          Math.min(99, Math.round((rows.length / run.actor_ids.length) * 100)),
        );
      });
      await job.progress((rows.length / run.actor_ids.length) * 100);
    }
    if (failure) {
      const reported = new Set(rows.map((row) => row.actorId));
      const names = await this.transactions.tenant((db) =>
        this.repository.actors(
          db,
          run.actor_ids.filter((id) => !reported.has(id)),
        ),
      );
      for (const actor of names) {
        const line = lines.get(actor.id);
        rows.push({
          actorId: actor.id,
          name: actor.name,
          ...(line === undefined ? {} : { line }),
          outcome: 'failed',
          message: `${failure.replace(/\.$/, '')} : position inchangée, relancez le géocodage plus tard.`,
        });
      }
    }
    const summary = geocodingSummary(run.actor_ids.length, rows);
    const status = failure ? 'failed' : 'completed';
    await this.transactions.tenant(async (db) => {
      await this.repository.finish(db, run.id, status, rows, failure);
      await this.events.emit(db, {
        kind: 'geocoding.finished',
        subject: { type: 'geocoding', id: run.id },
        data: { ...summary, status, importId: run.import_id, requestedBy: run.requested_by },
      });
    });
    this.logger.log({ runId: run.id, status, ...summary }, 'geocoding finished');
    return summary;
  };

  private async importLines(importId: string): Promise<Map<string, number>> {
    const rows: { actor_id: string; line: number }[] = await this.transactions.tenant((db) =>
      db.query(
        `select r.value->>'actorId' as actor_id, (r.value->>'line')::int as line
         from imports i, jsonb_array_elements(i.rows) r where i.id = $1 and r.value ? 'actorId'`,
        [importId],
      ),
    );
    return new Map(rows.map((row) => [row.actor_id, row.line]));
  }

  /** Each actor's result: its address, else its commune's position (approximate), else why not. */
  private async resolve(
    geocoder: BanGeocoder,
    actors: ActorToPlace[],
    communes: Map<string, GeocodeMatch | null>,
    signal: AbortSignal,
  ): Promise<(GeocodingRowResult & { found?: GeocodeMatch })[]> {
    const open = actors.filter(
      (actor) => !actor.archived && (actor.location_precision === null || actor.location_precision === 'commune'),
    );
    const queries: GeocodeQuery[] = open
      .filter((actor) => actor.address && actor.address.trim().length >= 3)
      .map((actor) => ({ id: actor.id, address: actor.address!, communeCode: actor.commune_code }));
    const matches =
      queries.length > 1
        ? await geocoder.geocodeBatch(queries, signal)
        : new Map(
            await Promise.all(queries.map(async (query) => [query.id, await geocoder.geocode(query, signal)] as const)),
          );
    const results: (GeocodingRowResult & { found?: GeocodeMatch })[] = [];
    for (const actor of actors) {
      const base = { actorId: actor.id, name: actor.name };
      if (!open.includes(actor)) {
        results.push({
          ...base,
          outcome: 'skipped',
          message: actor.archived ? 'Acteur archivé : non géocodé.' : 'Déjà placé : position conservée.',
        });
        continue;
      }
      const found = matches.get(actor.id);
      // A commune's position is not better than the commune's position an actor already has.
      if (found && !(found.precision === 'commune' && actor.location_precision === 'commune')) {
        results.push({ ...base, outcome: found.precision, label: found.label, score: found.score, found });
        continue;
      }
      const address = actor.address?.trim() ? actor.address : null;
      if (actor.commune_code) {
        if (!communes.has(actor.commune_code)) {
          const name = this.geography.commune(actor.commune_code)?.name ?? actor.commune_code;
          communes.set(actor.commune_code, await geocoder.commune(actor.commune_code, name, signal));
        }
        const commune = communes.get(actor.commune_code);
        if (commune) {
          results.push({
            ...base,
            outcome: 'commune',
            label: commune.label,
            found: { ...commune, precision: 'commune' },
            message: address
              ? `Adresse introuvable dans la Base Adresse Nationale (${quote(address)}) : placé à la position de sa commune, approximative.`
              : 'Sans adresse : placé à la position de sa commune, approximative.',
          });
          continue;
        }
      }
      results.push({
        ...base,
        outcome: 'not_found',
        message: address
          ? `Adresse introuvable dans la Base Adresse Nationale (${quote(address)})${actor.commune_code ? ', commune comprise' : ''} : corrigez-la ou placez l’acteur sur la carte.`
          : 'Commune introuvable dans la Base Adresse Nationale : placez l’acteur sur la carte.',
      });
    }
    return results;
  }
}
