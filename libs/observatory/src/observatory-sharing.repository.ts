import { Injectable } from '@nestjs/common';
import type { Db } from '@maillage/platform';
import type { TerritoryKind } from '@maillage/territories';
import { figureKey, type Figures } from './observatory-catalogue.js';

/** What a territory's kept facts were computed for (`observatory_fact_state`). */
export interface FactState {
  period_from: string;
  period_to: string;
  created_month: string;
  /** The fingerprint of the indicators' definitions the facts were computed with. */
  catalogue: string;
  /** Its study figures over the window, by figure key. */
  studies: Record<string, number>;
}

/** SQL of the territory's consent to the observatory and of the figures kept while it shares. */
@Injectable()
export class ObservatorySharingRepository {
  /** The territory's decision, with when the rollup last took its figures. */
  async find(
    db: Db,
  ): Promise<{ sharing: boolean; changed_at: Date; changed_by: string | null; computed_at: Date | null } | undefined> {
    const rows: { sharing: boolean; changed_at: Date; changed_by: string | null; computed_at: Date | null }[] =
      await db.query(
        `select s.sharing, s.changed_at, s.changed_by, (select taken_at from observatory_fact_state) as computed_at
           from observatory_sharing s`,
      );
    return rows[0];
  }

  /** The current decision, its row locked until the transaction ends. */
  async lock(db: Db): Promise<{ sharing: boolean } | undefined> {
    const before: { sharing: boolean }[] = await db.query(`select sharing from observatory_sharing for update`);
    return before[0];
  }

  async save(db: Db, sharing: boolean, changedBy: string | null): Promise<void> {
    await db.query(
      `insert into observatory_sharing (sharing, changed_by, changed_at)
         values ($1, $2, now())
         on conflict (territory_id) do update set sharing = excluded.sharing, changed_by = excluded.changed_by,
           changed_at = excluded.changed_at`,
      [sharing, changedBy],
    );
  }

  /** Removes the territory's kept figures (and what they were computed for). */
  async deleteFacts(db: Db): Promise<void> {
    await db.query(`delete from observatory_facts`);
    await this.forgetFactState(db);
  }

  /**
   * Consumes the territory's change log: deletes the rows this statement sees and says whether
   * there were any. A change committed after this statement's snapshot stays for the next run.
   */
  async consumeChanges(db: Db): Promise<boolean> {
    const rows: { n: number }[] = await db.query(
      `with consumed as (delete from observatory_changes returning 1) select count(*)::int as n from consumed`,
    );
    return (rows[0]?.n ?? 0) > 0;
  }

  /** What the kept facts were computed for, and the study figures of that window. */
  async factState(db: Db): Promise<FactState | undefined> {
    const rows: FactState[] = await db.query(
      `select period_from, period_to, created_month, catalogue, studies from observatory_fact_state`,
    );
    return rows[0];
  }

  /** Forgets what the kept facts were computed for: the next rollup recomputes them. */
  async forgetFactState(db: Db): Promise<void> {
    await db.query(`delete from observatory_fact_state`);
  }

  async saveFactState(db: Db, state: FactState): Promise<void> {
    await db.query(
      `insert into observatory_fact_state (period_from, period_to, created_month, catalogue, studies)
       values ($1, $2, $3, $4, $5)`,
      [state.period_from, state.period_to, state.created_month, state.catalogue, JSON.stringify(state.studies)],
    );
  }

  /** The kept facts were taken again, unchanged, by a rollup. */
  async factsTaken(db: Db): Promise<void> {
    await db.query(`update observatory_fact_state set taken_at = now()`);
  }

  /** The kept figures, as `territoryFigures` computed them: every month of `periods`, non-zero counts only. */
  async facts(db: Db, periods: readonly string[]): Promise<Figures> {
    const rows: { period: string; indicator: string; dimension: string; value: number }[] = await db.query(
      `select period, indicator, dimension, value from observatory_facts`,
    );
    const figures: Figures = new Map(periods.map((period) => [period, new Map<string, number>()]));
    for (const row of rows) figures.get(row.period)?.set(figureKey(row.indicator, row.dimension), row.value);
    return figures;
  }

  async changedAndComputed(db: Db): Promise<{ changed_at: Date; computed_at: Date | null }[]> {
    return db.query(
      `select changed_at, (select taken_at from observatory_fact_state) as computed_at from observatory_sharing`,
    );
  }

  /** The territory's kind and population (its peer group). */
  async territory(db: Db, territoryId: string): Promise<{ kind: TerritoryKind; population: number | null }> {
    const rows: { kind: TerritoryKind; population: number | null }[] = await db.query(
      `select kind, population from territories where id = $1`,
      [territoryId],
    );
    return rows[0] as { kind: TerritoryKind; population: number | null };
  }

  /** Serialises two rollups on this territory's facts until the transaction ends. */
  async lockFacts(db: Db, territoryId: string): Promise<void> {
    await db.query(`select pg_advisory_xact_lock(hashtext($1))`, [`observatory-facts:${territoryId}`]);
  }

  /** The territory's decision, held until the transaction ends (a withdrawal waits for the territory's visit). */
  consent(db: Db): Promise<{ sharing: boolean }[]> {
    return db.query(`select sharing from observatory_sharing for share`);
  }

  /** A custom territory's communes. */
  communes(db: Db): Promise<{ commune_code: string }[]> {
    return db.query(`select commune_code from territory_communes`);
  }

  /** Keeps the territory's figures, a row per month, indicator and dimension. */
  async storeFacts(db: Db, figures: Figures): Promise<void> {
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
}
