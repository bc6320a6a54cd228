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
import { GeographyService, type TerritoryKind } from '@maillage/territories';
import { peerGroup, territoryChain } from './observatory-areas.js';
import { type Figures } from './observatory-catalogue.js';
import { rollUp, type Contribution, type PublishedCell } from './observatory-rollup.js';
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
  payload: z.object({ ...systemScope, requestedBy: z.guid().optional() }),
  scope: 'observatory.rollup',
  attempts: 3,
  backoffMs: 10_000,
});

export interface RollupSummary {
  publicationId: string;
  territories: number;
  cells: number;
  suppressed: { primary: number; complementary: number };
  /** The disclosure audit: rounds of complementary suppression, linear programs solved, figures left unprotected. */
  audit: AuditStats;
  periodFrom: string;
  periodTo: string;
  /** Where the time went: reading the territories, disclosure control, writing the publication. */
  seconds: { territories: number; disclosure: number; publication: number };
}

const INSERT_BATCH = 5_000;

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
    const territories: {
      id: string;
      kind: TerritoryKind;
      code: string | null;
      name: string;
      population: number | null;
      created: string;
    }[] = await this.transactions.withoutTerritory('observatory.rollup', (db) =>
      db.query(
        `select id, kind, code, name, population,
                to_char(created_at at time zone 'Europe/Paris', 'YYYY-MM') as created
         from territories order by id`,
      ),
    );

    const clock = process.hrtime.bigint();
    const elapsed = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
    // A few territories at a time on PostgreSQL (each in its own transaction and connection);
    // one at a time on the embedded engine, which runs one statement at a time anyway.
    const concurrency =
      this.config.database.mode === 'external' ? Math.max(1, Math.min(3, this.config.database.poolSize - 1)) : 1;
    const visited: (Contribution | null)[] = new Array(territories.length).fill(null);
    let next = 0;
    let done = 0;
    const visit = async (): Promise<void> => {
      for (let index = next++; index < territories.length; index = next++) {
        const territory = territories[index] as (typeof territories)[number];
        const shared = await this.transactions.withTerritory(territory.id, 'observatory.rollup', async (db) => {
          // Two rollups at once (a retry of a stalled one, a request during the nightly run) take turns
          // per territory instead of colliding on its facts.
          await db.query(`select pg_advisory_xact_lock(hashtext($1))`, [`observatory-facts:${territory.id}`]);
          const consent: { sharing: boolean }[] = await db.query(`select sharing from observatory_sharing`);
          // Not sharing (or no longer): nothing of this territory stays in the observatory's tables.
          await db.query(`delete from observatory_facts`);
          if (!consent[0]?.sharing) return null;
          const figures = await territoryFigures(db, territory.id, periodFrom, periodTo, territory.created);
          await storeFacts(db, figures);
          const communes: { commune_code: string }[] =
            territory.kind === 'custom' ? await db.query(`select commune_code from territory_communes`) : [];
          return { figures, communeCodes: communes.map((row) => row.commune_code) };
        });
        if (shared) {
          visited[index] = {
            chain: territoryChain({ ...territory, communeCodes: shared.communeCodes }, this.geography),
            peerGroup: peerGroup(territory.kind, territory.population),
            figures: shared.figures,
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
    const result = await rollUp(contributions, periods, this.config.observatory.threshold);
    const disclosureSeconds = elapsed(disclosureClock);
    const publicationClock = process.hrtime.bigint();
    const publicationId = await this.transactions.withoutTerritory('observatory.rollup', async (db) => {
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
      if (this.config.database.mode === 'external') {
        // The cells through COPY FROM STDIN: hundreds of thousands of rows, streamed.
        await db.copyFrom(
          `copy observatory_cells (publication_id, level, code, indicator, dimension, period, value, suppressed)
           from stdin`,
          cellLines(publication.id, result.cells),
        );
      } else {
        // The embedded engine's protocol handler takes no COPY FROM STDIN: rows by batches.
        for (let start = 0; start < result.cells.length; start += INSERT_BATCH) {
          const batch = result.cells.slice(start, start + INSERT_BATCH).map((cell) => {
            const [level, code] = cell.area.split(/:(.*)/s) as [string, string];
            const [indicator, dimension] = cell.key.split('|') as [string, string];
            return { level, code, indicator, dimension, period: cell.period, value: cell.value };
          });
          await db.query(
            `insert into observatory_cells (publication_id, level, code, indicator, dimension, period, value, suppressed)
             select $1, l, c, i, d, p, v, v is null
             from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[]) as u(l, c, i, d, p, v)`,
            [
              publication.id,
              ...(['level', 'code', 'indicator', 'dimension', 'period', 'value'] as const).map((column) =>
                batch.map((cell) => cell[column]),
              ),
            ],
          );
        }
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
    `insert into observatory_facts (period, indicator, dimension, value)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::int[])`,
    [
      rows.map((row) => row.period),
      rows.map((row) => row.indicator),
      rows.map((row) => row.dimension),
      rows.map((row) => row.value),
    ],
  );
}

/** COPY's text format: tab-separated, `\N` for null, backslash, tab and newline escaped. */
const copyText = (value: string): string =>
  value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] as string);

/** The cells as COPY lines, a thousand to a chunk. */
function* cellLines(publicationId: string, cells: readonly PublishedCell[]): Generator<string> {
  let chunk = '';
  for (const [index, cell] of cells.entries()) {
    const [level, code] = cell.area.split(/:(.*)/s) as [string, string];
    const [indicator, dimension] = cell.key.split('|') as [string, string];
    chunk += `${publicationId}\t${copyText(level)}\t${copyText(code)}\t${copyText(indicator)}\t${copyText(dimension)}\t${
      cell.period
    }\t${cell.value === null ? '\\N' : cell.value}\t${cell.value === null ? 't' : 'f'}\n`;
    if (index % 1000 === 999) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
