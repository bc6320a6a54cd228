import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTransitionTriggers } from './helpers.js';

/** An alliance that counts in an actor's `alliance_count`. */
const OPEN = `('proposed', 'under_discussion', 'active')`;

/**
 * The actors directory as one index-driven query:
 * - `actors.alliance_count`, the actor's open alliances (proposed, under discussion, active),
 *   kept by triggers instead of counted per page: statement-level on `alliance_parties`
 *   (insert, delete, update of the actor or alliance: a merge moves parties) and on
 *   `alliances` (a status move in or out of the open ones), row-level before an alliance's
 *   delete (its parties still exist then; their cascade finds no alliance and counts
 *   nothing). Each changes the affected actors by a relative `alliance_count ± n` in one
 *   update, so concurrent writers add up instead of overwriting each other. Backfilled.
 * - `actors.name_key`, lower(name) stored (the name sort's key), and indexes for each sort and
 *   keyset of the list, without archived actors alone and with the category or commune filter, and
 *   with them: a page, first or after a cursor, is an index scan stopped by its LIMIT.
 */
export class ActorAllianceCount1763800000058 implements MigrationInterface {
  name = 'ActorAllianceCount1763800000058';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`alter table actors add column alliance_count integer not null default 0`);
    // Room on each page for the count's updates to stay heap-only (no index touched): new pages.
    await db.query(`alter table actors set (fillfactor = 90)`);

    // Each statement's changes, summed per actor, in one relative update, after locking those actors in
    // id order (the lock the update takes): two transactions touching the same actors wait for each other
    // instead of deadlocking.
    const changed = (deltas: string) =>
      `(select territory_id, actor_id, sum(delta) as delta from (${deltas}) x group by 1, 2) d`;
    const addDeltas = (deltas: string) => `
      perform 1 from actors a join ${changed(deltas)} on a.territory_id = d.territory_id and a.id = d.actor_id
       where d.delta <> 0 order by a.territory_id, a.id for no key update of a;
      update actors a set alliance_count = a.alliance_count + d.delta
        from ${changed(deltas)}
       where a.territory_id = d.territory_id and a.id = d.actor_id and d.delta <> 0`;
    // Lateral lookups: one primary-key probe per row whatever the estimates (a transition table is
    // estimated at a few rows, and a territory seeded in one transaction has no statistics yet).
    const openParties = (table: string, delta: number) => `
      select t.territory_id, t.actor_id, ${delta} as delta from ${table} t
       cross join lateral (select 1 from alliances al
                            where al.territory_id = t.territory_id and al.id = t.alliance_id
                              and al.status in ${OPEN} limit 1) open`;
    await db.query(`
      create function alliance_parties_count() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          ${addDeltas(openParties('new_parties', 1))};
        elsif tg_op = 'DELETE' then
          ${addDeltas(openParties('old_parties', -1))};
        else
          ${addDeltas(`${openParties('old_parties', -1)} union all ${openParties('new_parties', 1)}`)};
        end if;
        return null;
      end
      $$`);
    await createTransitionTriggers(db, 'alliance_parties', 'alliance_parties_count', {
      oldName: 'old_parties',
      newName: 'new_parties',
    });

    await db.query(`
      create function alliances_status_count() returns trigger language plpgsql as $$
      begin
        ${addDeltas(`
          select p.territory_id, p.actor_id, m.delta
            from (select territory_id, id, sum(delta) as delta
                    from (select territory_id, id, -1 as delta from old_alliances where status in ${OPEN}
                          union all
                          select territory_id, id, 1 from new_alliances where status in ${OPEN}) x
                   group by 1, 2 having sum(delta) <> 0) m
           cross join lateral (select p.territory_id, p.actor_id from alliance_parties p
                                where p.territory_id = m.territory_id and p.alliance_id = m.id) p`)};
        return null;
      end
      $$`);
    await db.query(`
      create trigger alliances_status_count after update on alliances
      referencing old table as old_alliances new table as new_alliances
      for each statement execute function alliances_status_count()`);

    await db.query(`
      create function alliances_delete_count() returns trigger language plpgsql as $$
      begin
        if old.status in ${OPEN} then
          update actors a set alliance_count = a.alliance_count - 1
            from alliance_parties p
           where p.territory_id = old.territory_id and p.alliance_id = old.id
             and a.territory_id = p.territory_id and a.id = p.actor_id;
        end if;
        return old;
      end
      $$`);
    await db.query(`
      create trigger alliances_delete_count before delete on alliances
      for each row execute function alliances_delete_count()`);

    // Backfill, as the owner (migrations run before any writer of this version).
    await db.query(`alter table actors no force row level security`);
    await db.query(`alter table alliance_parties no force row level security`);
    await db.query(`alter table alliances no force row level security`);
    await db.query(`
      update actors a set alliance_count = c.n
        from (select p.territory_id, p.actor_id, count(*) as n
                from alliance_parties p join alliances al on al.territory_id = p.territory_id and al.id = p.alliance_id
               where al.status in ${OPEN} group by 1, 2) c
       where a.territory_id = c.territory_id and a.id = c.actor_id`);
    await db.query(`alter table actors force row level security`);
    await db.query(`alter table alliance_parties force row level security`);
    await db.query(`alter table alliances force row level security`);

    // The name's sort key as a column: under row security a keyset condition is an index condition only
    // when every function in it is leakproof, and lower() is not (text comparison is).
    await db.query(
      `alter table actors add column name_key text collate "und-x-icu" generated always as (lower(name)) stored`,
    );
    // The list without archived actors (the default), by each sort, alone and with its common filters.
    await db.query(
      `create index actors_live_name_idx on actors (territory_id, name_key, id) where archived_at is null`,
    );
    await db.query(
      `create index actors_live_created_idx on actors (territory_id, created_at, id) where archived_at is null`,
    );
    await db.query(
      `create index actors_live_category_idx on actors (territory_id, category, name_key, id)
       where archived_at is null`,
    );
    await db.query(
      `create index actors_live_commune_idx on actors (territory_id, commune_code, name_key, id)
       where archived_at is null`,
    );
    await db.query(`create index actors_created_idx on actors (territory_id, created_at, id)`);
    await db.query(`create index actors_name_key_idx on actors (territory_id, name_key, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const index of [
      'actors_name_key_idx',
      'actors_created_idx',
      'actors_live_commune_idx',
      'actors_live_category_idx',
      'actors_live_created_idx',
      'actors_live_name_idx',
    ]) {
      await db.query(`drop index ${index}`);
    }
    await db.query(`drop trigger alliances_delete_count on alliances`);
    await db.query(`drop trigger alliances_status_count on alliances`);
    await db.query(`drop trigger alliance_parties_count_update on alliance_parties`);
    await db.query(`drop trigger alliance_parties_count_delete on alliance_parties`);
    await db.query(`drop trigger alliance_parties_count_insert on alliance_parties`);
    await db.query(`drop function alliances_delete_count()`);
    await db.query(`drop function alliances_status_count()`);
    await db.query(`drop function alliance_parties_count()`);
    await db.query(`alter table actors drop column name_key`);
    await db.query(`alter table actors reset (fillfactor)`);
    await db.query(`alter table actors drop column alliance_count`);
  }
}
