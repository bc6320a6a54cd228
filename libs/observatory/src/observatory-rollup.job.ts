import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { z } from 'zod';
import {
  APP_CONFIG,
  defineJob,
  HandlesJob,
  JobQueue,
  systemScope,
  Transactions,
  type AppConfig,
  type JobContext,
  type JobHandler,
  type JobPayload,
  type SystemScoped,
} from '@maillage/platform';
import type { AuditStats } from './disclosure.js';
import { GeographyService } from '@maillage/territories';
import { peerGroup, territoryChain } from './observatory-areas.js';
import { rollUp, type Contribution } from './observatory-rollup.js';
import { ObservatorySharingRepository } from './observatory-sharing.repository.js';
import { ObservatoryRepository } from './observatory.repository.js';
import { FIGURE_KEYS } from './observatory-catalogue.js';
import { STUDY_FIGURE_KEYS, territoryStudyFigures } from './study-indicators.js';
import { monthRange, shiftMonth, territoryFigures } from './territory-indicators.js';

export interface RollupPayload extends SystemScoped {
  /** The platform administrator who asked for it (none for the nightly run). */
  requestedBy?: string;
  /** Recompute every territory's figures, reusing no kept facts. */
  full?: boolean;
}

declare module '@maillage/platform' {
  interface JobCatalogue {
    'observatory.rollup': RollupPayload;
  }
}

export const rollupJob = defineJob({
  name: 'observatory.rollup',
  queue: 'observatory',
  payload: z.object({ ...systemScope, requestedBy: z.guid().optional(), full: z.boolean().optional() }),
  scope: 'observatory.rollup',
  attempts: 3,
  backoffMs: 10_000,
});

export interface RollupSummary {
  publicationId: string;
  territories: number;
  /** Sharing territories whose figures were recomputed from their data (changed since the last rollup). */
  territoriesRead: number;
  /** Sharing territories whose kept facts were reused (nothing of theirs changed). */
  territoriesReused: number;
  /** Cells published (every area, figure and month)… */
  cells: number;
  /** …of which stored: the zeros are not (an absent cell reads as zero). */
  cellsStored: number;
  suppressed: { primary: number; complementary: number; kept: number };
  /** The disclosure audit: rounds of complementary suppression, linear programs solved, figures left unprotected. */
  audit: AuditStats;
  periodFrom: string;
  periodTo: string;
  /** Where the time went: reading the territories, disclosure control, writing the publication. */
  seconds: { territories: number; disclosure: number; publication: number };
}

const INSERT_BATCH = 5_000;

/**
 * Bumped when an indicator's SQL changes meaning without its keys changing (a fix in how a
 * figure is counted): kept facts computed by another version are recomputed.
 */
const FACTS_VERSION = 1;

/** The fingerprint of the figures' definitions a territory's kept facts were computed with. */
const FACTS_CATALOGUE = createHash('sha256')
  .update(JSON.stringify({ version: FACTS_VERSION, figures: FIGURE_KEYS, studies: STUDY_FIGURE_KEYS }))
  .digest('hex')
  .slice(0, 32);

/** The current month in French time, `YYYY-MM`. */
export function currentMonth(now = new Date()): string {
  return now.toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 7);
}

/**
 * The national rollup: in an explicit system scope, visits each territory in
 * its own transaction (row security on), keeps the figures of those that
 * share them as counts per month, rolls them up the official hierarchy,
 * suppresses what could single out an organisation, and publishes the result
 * in the observatory's own tables in one transaction.
 */
@Injectable()
@HandlesJob('observatory.rollup')
export class ObservatoryRollupJob implements JobHandler<'observatory.rollup'>, OnApplicationBootstrap {
  private readonly logger = new Logger('ObservatoryRollup');

  constructor(
    private readonly transactions: Transactions,
    private readonly geography: GeographyService,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly publications: ObservatoryRepository,
    private readonly sharing: ObservatorySharingRepository,
  ) {}

  /** Nightly publication; every process may upsert the same scheduler. */
  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.scheduleSystem(
      'observatory.rollup',
      'observatory-nightly',
      '0 15 2 * * *',
      'nightly observatory rollup',
    );
  }

  handle(payload: JobPayload<'observatory.rollup'>, job: JobContext): Promise<RollupSummary> {
    return this.run(payload, job);
  }

  async run(payload: RollupPayload, job?: JobContext): Promise<RollupSummary> {
    const periodTo = currentMonth();
    const periodFrom = shiftMonth(periodTo, this.config.observatory.months - 1);
    const periods = monthRange(periodFrom, periodTo);
    const threshold = this.config.observatory.threshold;
    const { everyTerritory, previouslyWithheld } = await this.transactions.withoutTerritory(
      'observatory.rollup',
      async (db) => {
        // The last publication's withheld cells start the disclosure control (at the same threshold): a few
        // changes then cost a round of the audit, and readers keep seeing the same cells withheld.
        const latest = await this.publications.latest(db);
        return {
          everyTerritory: await this.publications.territories(db, true),
          previouslyWithheld:
            latest && Number(latest.threshold) === threshold
              ? await this.publications.withheldCells(db, latest.id)
              : undefined,
        };
      },
    );
    const included = (territory: (typeof everyTerritory)[number]) =>
      this.config.observatory.includeDemo || !territory.demo;
    const territories = everyTerritory.filter(included);
    // Territories left out of the observatory (demo ones): their change log is consumed and their kept
    // facts forgotten, so that the log stays bounded and they are read afresh if they come in.
    for (const territory of everyTerritory.filter((territory) => !included(territory)))
      await this.transactions.withTerritory(territory.id, 'observatory.rollup', async (db) => {
        await this.sharing.lockFacts(db, territory.id);
        await this.sharing.consumeChanges(db);
        await this.sharing.forgetFactState(db);
      });

    const clock = process.hrtime.bigint();
    const elapsed = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
    // A few territories at a time on PostgreSQL (each in its own transaction and connection);
    // one at a time on the embedded engine, which runs one statement at a time anyway.
    const concurrency =
      this.config.database.mode === 'external' ? Math.max(1, Math.min(3, this.config.database.poolSize - 1)) : 1;
    const visited: (Contribution | null)[] = new Array(territories.length).fill(null);
    let next = 0;
    let done = 0;
    let read = 0;
    let reused = 0;
    const visit = async (): Promise<void> => {
      for (let index = next++; index < territories.length; index = next++) {
        const territory = territories[index] as (typeof territories)[number];
        const shared = await this.transactions.withTerritory(territory.id, 'observatory.rollup', async (db) => {
          // Two rollups at once (a retry of a stalled one, a request during the nightly run) take turns
          // per territory instead of colliding on its facts.
          await this.sharing.lockFacts(db, territory.id);
          const consent = await this.sharing.consent(db);
          // Its change log, consumed first: whatever this transaction sees of the territory's data is
          // at least what the consumed rows noted; a later write leaves its row for the next run.
          const changed = await this.sharing.consumeChanges(db);
          if (!consent[0]?.sharing) {
            // Not sharing (or no longer): nothing of this territory stays in the observatory's tables.
            await this.sharing.deleteFacts(db);
            return null;
          }
          const communes = territory.kind === 'custom' ? await this.sharing.communes(db) : [];
          const communeCodes = communes.map((row) => row.commune_code);
          const state = changed || payload.full ? undefined : await this.sharing.factState(db);
          if (
            state &&
            state.period_from === periodFrom &&
            state.period_to === periodTo &&
            state.created_month === territory.created &&
            state.catalogue === FACTS_CATALOGUE
          ) {
            await this.sharing.factsTaken(db);
            return {
              figures: await this.sharing.facts(db, periods),
              studies: new Map(Object.entries(state.studies)),
              communeCodes,
              reused: true,
            };
          }
          await this.sharing.deleteFacts(db);
          const figures = await territoryFigures(db, territory.id, periodFrom, periodTo, territory.created);
          await this.sharing.storeFacts(db, figures);
          // Its studies' answers over the whole window: counts only.
          const studies = await territoryStudyFigures(db, periodFrom, periodTo);
          await this.sharing.saveFactState(db, {
            period_from: periodFrom,
            period_to: periodTo,
            created_month: territory.created,
            catalogue: FACTS_CATALOGUE,
            studies: Object.fromEntries(studies),
          });
          return { figures, studies, communeCodes, reused: false };
        });
        if (shared) {
          if (shared.reused) reused += 1;
          else read += 1;
          visited[index] = {
            chain: territoryChain({ ...territory, communeCodes: shared.communeCodes }, this.geography),
            peerGroup: peerGroup(territory.kind, territory.population),
            figures: shared.figures,
            studies: shared.studies,
          };
        }
        done += 1;
        await job?.progress((done / Math.max(1, territories.length)) * 80);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, () => visit()));
    const contributions = visited.filter((contribution): contribution is Contribution => contribution !== null);

    const territoriesSeconds = elapsed(clock);
    const disclosureClock = process.hrtime.bigint();
    const result = await rollUp(contributions, periods, threshold, undefined, previouslyWithheld);
    const disclosureSeconds = elapsed(disclosureClock);
    const publicationClock = process.hrtime.bigint();
    const published = await this.transactions.withoutTerritory('observatory.rollup', async (db) => {
      const publication = await this.publications.insertPublication(
        db,
        threshold,
        periodFrom,
        periodTo,
        payload.system.reason,
        payload.requestedBy ?? null,
      );
      await this.publications.insertAreas(db, publication.id, result.areas);
      // Zeros are not stored: the readers fill every area's grid, an absent cell reading as a published zero.
      const stored = result.cells.filter((cell) => cell.value !== 0);
      if (this.config.database.mode === 'external') {
        // The cells through COPY FROM STDIN: hundreds of thousands of rows, streamed.
        await this.publications.copyCells(db, publication.id, stored);
      } else {
        // The embedded engine's protocol handler takes no COPY FROM STDIN: rows by batches.
        for (let start = 0; start < stored.length; start += INSERT_BATCH) {
          const batch = stored.slice(start, start + INSERT_BATCH).map((cell) => {
            const [level, code] = cell.area.split(/:(.*)/s) as [string, string];
            const [indicator, dimension] = cell.key.split('|') as [string, string];
            return { level, code, indicator, dimension, period: cell.period, value: cell.value };
          });
          await this.publications.insertCells(db, publication.id, batch);
        }
      }
      await this.publications.prune(db, this.config.observatory.keepPublications);
      return { id: publication.id, stored: stored.length };
    });
    await job?.progress(100);
    const summary: RollupSummary = {
      publicationId: String(published.id),
      territories: contributions.length,
      territoriesRead: read,
      territoriesReused: reused,
      cells: result.cells.length,
      cellsStored: published.stored,
      suppressed: result.suppressed,
      audit: result.audit,
      periodFrom,
      periodTo,
      seconds: {
        territories: territoriesSeconds,
        disclosure: disclosureSeconds,
        publication: elapsed(publicationClock),
      },
    };
    this.logger.log({ ...summary, reason: payload.system.reason }, 'observatory published');
    if (result.audit.unprotected > 0)
      this.logger.warn(
        { unprotected: result.audit.unprotected, publicationId: summary.publicationId },
        'observatory published with figures that no suppression can protect (every cell around them is withheld)',
      );
    return summary;
  }
}
