import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  APP_CONFIG,
  defineJob,
  HandlesJob,
  JobQueue,
  TenantContext,
  Transactions,
  type AppConfig,
  type JobContext,
  type JobHandler,
  type JobPayload,
  type SystemScoped,
} from '@maillage/platform';
import { GeographyService, type TerritoryKind } from '@maillage/territories';
import { peerGroup, territoryChain } from './observatory-areas.js';
import { type Figures } from './observatory-catalogue.js';
import { rollUp, type Contribution } from './observatory-rollup.js';
import { monthRange, shiftMonth, territoryFigures } from './territory-indicators.js';

export interface RollupPayload extends SystemScoped {
  /** The platform administrator who asked for it (none for the nightly run). */
  requestedBy?: string;
}

declare module '@maillage/platform' {
  interface JobCatalogue {
    'observatory.rollup': RollupPayload;
  }
}

export const rollupJob = defineJob({
  name: 'observatory.rollup',
  queue: 'observatory',
  attempts: 3,
  backoffMs: 10_000,
});

export interface RollupSummary {
  publicationId: string;
  territories: number;
  cells: number;
  suppressed: { primary: number; complementary: number };
  periodFrom: string;
  periodTo: string;
  /** Where the time went: reading the territories, disclosure control, writing the publication. */
  seconds: { territories: number; disclosure: number; publication: number };
}

/** The current month in French time, `YYYY-MM`. */
export function currentMonth(now = new Date()): string {
  return now.toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 7);
}

const INSERT_BATCH = 5_000;

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
    private readonly context: TenantContext,
    private readonly geography: GeographyService,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Nightly publication; every process may upsert the same scheduler. */
  async onApplicationBootstrap(): Promise<void> {
    await this.jobs
      .schedule(
        'observatory.rollup',
        'observatory-nightly',
        { pattern: '0 15 2 * * *', tz: 'Europe/Paris' },
        { system: { reason: 'nightly observatory rollup' } },
      )
      .catch((error: unknown) => this.logger.warn({ err: error }, 'observatory rollup not scheduled'));
  }

  handle(payload: JobPayload<'observatory.rollup'>, job: JobContext): Promise<RollupSummary> {
    return this.context.runAsSystem(payload.system.reason, () => this.run(payload, job));
  }

  async run(payload: RollupPayload, job?: JobContext): Promise<RollupSummary> {
    const periodTo = currentMonth();
    const periodFrom = shiftMonth(periodTo, this.config.observatory.months - 1);
    const periods = monthRange(periodFrom, periodTo);
    const territories: {
      id: string;
      kind: TerritoryKind;
      code: string | null;
      name: string;
      population: number | null;
    }[] = await this.transactions.withoutTerritory((db) =>
      db.query(`select id, kind, code, name, population from territories order by id`),
    );

    const clock = process.hrtime.bigint();
    const elapsed = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
    const contributions: Contribution[] = [];
    for (const [index, territory] of territories.entries()) {
      const shared = await this.transactions.withTerritory(territory.id, async (db) => {
        const consent: { sharing: boolean }[] = await db.query(`select sharing from observatory_sharing`);
        // Not sharing (or no longer): nothing of this territory stays in the observatory's tables.
        await db.query(`delete from observatory_facts`);
        if (!consent[0]?.sharing) return null;
        const figures = await territoryFigures(db, territory.id, periodFrom, periodTo);
        await storeFacts(db, figures);
        const communes: { commune_code: string }[] =
          territory.kind === 'custom' ? await db.query(`select commune_code from territory_communes`) : [];
        return { figures, communeCodes: communes.map((row) => row.commune_code) };
      });
      if (shared) {
        contributions.push({
          chain: territoryChain({ ...territory, communeCodes: shared.communeCodes }, this.geography),
          peerGroup: peerGroup(territory.kind, territory.population),
          figures: shared.figures,
        });
      }
      await job?.progress(((index + 1) / Math.max(1, territories.length)) * 80);
    }

    const territoriesSeconds = elapsed(clock);
    const disclosureClock = process.hrtime.bigint();
    const result = rollUp(contributions, periods, this.config.observatory.threshold);
    const disclosureSeconds = elapsed(disclosureClock);
    const publicationClock = process.hrtime.bigint();
    const publicationId = await this.transactions.withoutTerritory(async (db) => {
      const [publication] = (await db.query(
        `insert into observatory_publications (threshold, period_from, period_to, reason, requested_by)
         values ($1, $2, $3, $4, $5) returning id`,
        [this.config.observatory.threshold, periodFrom, periodTo, payload.system.reason, payload.requestedBy ?? null],
      )) as [{ id: string }];
      await db.query(
        `insert into observatory_areas (publication_id, level, code, name, parent_level, parent_code)
         select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
        [
          publication.id,
          result.areas.map((area) => area.level),
          result.areas.map((area) => area.code),
          result.areas.map((area) => area.name),
          result.areas.map((area) => area.parent?.level ?? null),
          result.areas.map((area) => area.parent?.code ?? null),
        ],
      );
      for (let start = 0; start < result.cells.length; start += INSERT_BATCH) {
        const batch = result.cells.slice(start, start + INSERT_BATCH);
        const split = batch.map((cell) => {
          const [level, code] = cell.area.split(/:(.*)/s) as [string, string];
          const [indicator, dimension] = cell.key.split('|') as [string, string];
          return { level, code, indicator, dimension };
        });
        await db.query(
          `insert into observatory_cells (publication_id, level, code, indicator, dimension, period, value, suppressed)
           select $1, l, c, i, d, p, v, v is null
           from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[]) as u(l, c, i, d, p, v)`,
          [
            publication.id,
            split.map((cell) => cell.level),
            split.map((cell) => cell.code),
            split.map((cell) => cell.indicator),
            split.map((cell) => cell.dimension),
            batch.map((cell) => cell.period),
            batch.map((cell) => cell.value),
          ],
        );
      }
      await db.query(
        `delete from observatory_publications where id not in
           (select id from observatory_publications order by id desc limit $1)`,
        [this.config.observatory.keepPublications],
      );
      return publication.id;
    });
    await job?.progress(100);
    const summary: RollupSummary = {
      publicationId: String(publicationId),
      territories: contributions.length,
      cells: result.cells.length,
      suppressed: result.suppressed,
      periodFrom,
      periodTo,
      seconds: {
        territories: territoriesSeconds,
        disclosure: disclosureSeconds,
        publication: elapsed(publicationClock),
      },
    };
    this.logger.log({ ...summary, reason: payload.system.reason }, 'observatory published');
    return summary;
  }
}

async function storeFacts(
  db: { query(sql: string, params?: unknown[]): Promise<unknown> },
  figures: Figures,
): Promise<void> {
  const rows = [...figures].flatMap(([period, month]) =>
    [...month].map(([key, value]) => {
      const [indicator, dimension] = key.split('|') as [string, string];
      return { period, indicator, dimension, value };
    }),
  );
  if (rows.length === 0) return;
  await db.query(
    `insert into observatory_facts (territory_id, period, indicator, dimension, value)
     select nullif(current_setting('app.territory_id', true), '')::uuid, * from unnest($1::text[], $2::text[], $3::text[], $4::int[])`,
    [
      rows.map((row) => row.period),
      rows.map((row) => row.indicator),
      rows.map((row) => row.dimension),
      rows.map((row) => row.value),
    ],
  );
}
