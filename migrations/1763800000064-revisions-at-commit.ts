import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CURRENT_TERRITORY, makeTenantTable } from './helpers.js';

/** What each bump increments in `graph_revisions` (migrations 1763800000050 and 1763800000062). */
const BUMPS = {
  graph: `revision = graph_revisions.revision + 1, changed_at = now()`,
  map: `map_revision = graph_revisions.map_revision + 1`,
} as const;
const KINDS = Object.keys(BUMPS) as (keyof typeof BUMPS)[];

/** The trigger function `<kind>_revision_bump()` the writes' triggers call: `body` runs when a territory is set. */
const bumpFunction = (kind: keyof typeof BUMPS, body: string) => `
  create or replace function ${kind}_revision_bump() returns trigger language plpgsql as $$
  declare
    territory uuid := ${CURRENT_TERRITORY};
  begin
    if territory is not null then
      ${body}
    end if;
    return null;
  end $$`;

/**
 * The territory's graph and map revisions bumped at COMMIT, once per transaction, instead of by the
 * statement that writes: the revision row is then the last lock a transaction takes.
 *
 * Before, the bump locked `graph_revisions`' row in the middle of the work, and writers took it and
 * the actors' rows in opposite orders: an actor's update locks the actor (`for update`, then the
 * update) and then the revision row (its triggers), an alliance's creation locks the revision row
 * (the alliances' statement trigger) and then its parties' actor rows (their `alliance_count`). Run
 * side by side on the same actor, PostgreSQL aborted one of them as a deadlock after a second (the
 * user was told to try again). Now a transaction holding the revision row is committing and waits
 * for nothing.
 *
 * How: the writes' triggers (the same ones, same functions' names) note the territory and kind in
 * `revision_pending`, the first time in the transaction only (a transaction-local setting
 * remembers it, and is undone with the insert by a rolled-back savepoint); a constraint trigger on
 * that table, deferred to the COMMIT, bumps the revision and removes the note. Commit atomicity is
 * unchanged: the bump and the data become visible together, so a snapshot that read revision r read
 * every write counted in r.
 */
export class RevisionsAtCommit1763800000064 implements MigrationInterface {
  name = 'RevisionsAtCommit1763800000064';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create table revision_pending (
        territory_id uuid not null,
        kind text not null check (kind in ('graph', 'map'))
      )`);
    await makeTenantTable(db, 'revision_pending', 'select, insert, delete');

    for (const kind of KINDS) {
      await db.query(
        bumpFunction(
          kind,
          `if current_setting('maillage.${kind}_revision_noted', true) is distinct from territory::text then
             perform set_config('maillage.${kind}_revision_noted', territory::text, true);
             insert into revision_pending (territory_id, kind) values (territory, '${kind}');
           end if;`,
        ),
      );
    }
    await db.query(`
      create function revision_pending_apply() returns trigger language plpgsql as $$
      begin
        -- The note's territory, whatever the transaction set last (a script that wrote in one territory and
        -- then moved to another, or to none, still commits): row security checked it when it was noted.
        perform set_config('app.territory_id', new.territory_id::text, true);
        if new.kind = 'graph' then
          insert into graph_revisions (territory_id, revision, changed_at) values (new.territory_id, 1, now())
          on conflict (territory_id) do update set ${BUMPS.graph};
        else
          insert into graph_revisions (territory_id, map_revision, changed_at) values (new.territory_id, 1, now())
          on conflict (territory_id) do update set ${BUMPS.map};
        end if;
        delete from revision_pending where territory_id = new.territory_id and kind = new.kind;
        return null;
      end $$`);
    await db.query(`
      create constraint trigger revision_pending_apply after insert on revision_pending
      deferrable initially deferred for each row execute function revision_pending_apply()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`drop trigger revision_pending_apply on revision_pending`);
    await db.query(`drop function revision_pending_apply()`);
    for (const kind of KINDS) {
      await db.query(
        bumpFunction(
          kind,
          `insert into graph_revisions (territory_id, ${kind === 'graph' ? 'revision' : 'map_revision'}, changed_at)
           values (territory, 1, now())
           on conflict (territory_id) do update set ${BUMPS[kind]};`,
        ),
      );
    }
    await db.query(`drop table revision_pending`);
  }
}
