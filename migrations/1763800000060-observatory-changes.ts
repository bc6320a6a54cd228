import type { MigrationInterface, QueryRunner } from 'typeorm';
import { makeTenantTable } from './helpers.js';

/** The tables the observatory's figures are read from (`territory-indicators.ts`, `study-indicators.ts`). */
export const OBSERVATORY_SOURCES = [
  'actors',
  'alliances',
  'alliance_parties',
  'alliance_transitions',
  'alliance_priorities',
  'priorities',
  'actions',
  'action_participants',
  'action_priorities',
  'study_responses',
  'study_answers',
  'observatory_sharing',
  'territory_communes',
] as const;

/**
 * The incremental observatory rollup.
 *
 * `observatory_changes` is an insert-only change log: a statement-level trigger on every table
 * the figures come from adds one row per statement and territory written (from the statement's
 * transition table, so owner writes without a territory set are noted too). Writers only insert
 * rows of their own, so they never queue on a shared row. The rollup, in each territory's own
 * transaction, deletes the territory's rows it can see: if there were any, it recomputes the
 * territory's figures; a row committed after that delete's snapshot is left for the next run.
 * The log therefore holds only what no rollup has consumed yet. A tenant table (row security
 * forced): its rows name a territory and when it wrote.
 *
 * `observatory_fact_state` records, per territory, what its kept facts were computed for (the
 * window of months and the month the workspace was created) and its study figures over that
 * window (counts per figure key): the rollup reuses the facts only when they match.
 */
export class ObservatoryChanges1763800000060 implements MigrationInterface {
  name = 'ObservatoryChanges1763800000060';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create table observatory_changes (
        territory_id uuid not null references territories (id) on delete cascade,
        changed_at timestamptz not null default now()
      )`);
    await db.query(`create index observatory_changes_territory_idx on observatory_changes (territory_id)`);
    await makeTenantTable(db, 'observatory_changes', 'select, insert, delete');

    await db.query(`
      create table observatory_fact_state (
        territory_id uuid primary key references territories (id) on delete cascade,
        period_from text not null check (period_from ~ '^[0-9]{4}-[0-9]{2}$'),
        period_to text not null check (period_to ~ '^[0-9]{4}-[0-9]{2}$'),
        created_month text not null check (created_month ~ '^[0-9]{4}-[0-9]{2}$'),
        studies jsonb not null,
        -- The indicators' definitions the facts were computed with (a fingerprint): a deploy that changes them
        -- recomputes every territory.
        catalogue text not null,
        -- When a rollup last took the facts (computed or reused): what the sharing page shows.
        taken_at timestamptz not null default now()
      )`);
    await makeTenantTable(db, 'observatory_fact_state', 'select, insert, update, delete');

    // A territory being deleted (its rows cascading) is not noted: its facts go with it. The distinct
    // territories first, then their look-up: a bulk insert probes `territories` once, not once a row.
    await db.query(`
      create function observatory_note_change() returns trigger language plpgsql as $$
      begin
        insert into observatory_changes (territory_id)
          select d.territory_id from (select distinct territory_id from changed) d
          where exists (select 1 from territories t where t.id = d.territory_id);
        return null;
      end $$`);
    for (const table of OBSERVATORY_SOURCES)
      for (const [event, rows] of [
        ['insert', 'new'],
        ['update', 'new'],
        ['delete', 'old'],
      ] as const)
        await db.query(
          `create trigger ${table}_observatory_${event} after ${event} on ${table}
             referencing ${rows} table as changed for each statement execute function observatory_note_change()`,
        );
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of OBSERVATORY_SOURCES)
      for (const event of ['insert', 'update', 'delete'])
        await db.query(`drop trigger ${table}_observatory_${event} on ${table}`);
    await db.query(`drop function observatory_note_change()`);
    await db.query(`drop table observatory_fact_state`);
    await db.query(`drop table observatory_changes`);
  }
}
