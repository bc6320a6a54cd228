import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ACTOR_NOTING_TRIGGERS, backfillAsOwner, createTransitionTriggers } from './helpers.js';

/** The links a statement changed, as `(territory_id, actor_id, priority_id, delta)` rows. */
const DELTAS: Record<'INSERT' | 'DELETE' | 'UPDATE', string> = {
  INSERT: `select territory_id, actor_id, priority_id, 1 as delta from new_links`,
  DELETE: `select territory_id, actor_id, priority_id, -1 as delta from old_links`,
  UPDATE: `select territory_id, actor_id, priority_id, -1 as delta from old_links
           union all select territory_id, actor_id, priority_id, 1 from new_links`,
};

/** Per actor, the priorities the statement added and removed (a link removed and added again is neither). */
const changed = (deltas: string) => `
  (select territory_id, actor_id,
          coalesce(array_agg(priority_id) filter (where delta > 0), '{}') as added,
          coalesce(array_agg(priority_id) filter (where delta < 0), '{}') as removed
     from (select territory_id, actor_id, priority_id, sum(delta) as delta from (${deltas}) x
            group by 1, 2, 3 having sum(delta) <> 0) d
    group by 1, 2) c`;

/** Locks the changed actors in id order (two statements on the same actors wait instead of deadlocking), then
 * applies the change to each one's ids: relative to the row's current ids, so concurrent writers add up. */
const keep = (deltas: string) => `
  perform 1 from actors a join ${changed(deltas)} on a.territory_id = c.territory_id and a.id = c.actor_id
   order by a.territory_id, a.id for no key update of a;
  update actors a
     set priority_ids = array(select distinct p from unnest(a.priority_ids || c.added) p
                               where p <> all (c.removed) order by p)
    from ${changed(deltas)}
   where a.territory_id = c.territory_id and a.id = c.actor_id`;

/**
 * `actors.priority_ids`: the ids of the actor's priorities (enjeux), in order, kept by statement
 * triggers on `actor_priorities` instead of looked up for each actor a page shows. The lookup (an
 * index probe under row security, per actor) was 85 % of PostgreSQL's time on a directory page of
 * the 50,000-actor territory (0.21 ms of 0.25; 0.035 ms with the column), however few links exist.
 *
 * - Insert, delete and update of links (a merge adds the duplicate's to the kept actor; deleting a
 *   priority cascades to its links: the triggers run for the cascade too) change the affected actors'
 *   ids in one update per statement, relative to the ids the row holds when it is updated.
 * - Updating only `priority_ids` rewrites no card, no search term and no graph row (their triggers name
 *   their columns); the statement triggers that note a territory's changes (observatory, map) run, as
 *   for `alliance_count`.
 * - Backfilled as the owner, with those noting triggers off (nothing they follow changes).
 */
export class ActorPriorityIds1763800000069 implements MigrationInterface {
  name = 'ActorPriorityIds1763800000069';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`alter table actors add column priority_ids uuid[] not null default '{}'`);
    await db.query(`
      create function actor_priorities_keep() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          ${keep(DELTAS.INSERT)};
        elsif tg_op = 'DELETE' then
          ${keep(DELTAS.DELETE)};
        else
          ${keep(DELTAS.UPDATE)};
        end if;
        return null;
      end
      $$`);
    await createTransitionTriggers(db, 'actor_priorities', 'actor_priorities_keep', {
      oldName: 'old_links',
      newName: 'new_links',
    });

    await backfillAsOwner(
      db,
      ['actors', 'actor_priorities'],
      () =>
        db.query(`
          update actors a set priority_ids = p.ids
            from (select territory_id, actor_id, array_agg(priority_id order by priority_id) as ids
                    from actor_priorities group by 1, 2) p
           where a.territory_id = p.territory_id and a.id = p.actor_id`),
      ACTOR_NOTING_TRIGGERS,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    for (const event of ['insert', 'delete', 'update'])
      await db.query(`drop trigger actor_priorities_keep_${event} on actor_priorities`);
    await db.query(`drop function actor_priorities_keep()`);
    await db.query(`alter table actors drop column priority_ids`);
  }
}
