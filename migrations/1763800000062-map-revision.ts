import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CURRENT_TERRITORY } from './helpers.js';

/** Writes that change what the map's cluster index holds or filters on. */
const MAP_TRIGGERS: { table: string; when: string }[] = [
  { table: 'actors', when: 'after insert or update or delete on actors for each statement' },
  // The « has an alliance » filter.
  { table: 'alliance_parties', when: 'after insert or update or delete on alliance_parties for each statement' },
];

/**
 * The map's data version, kept beside the graph's revision (`graph_revisions.map_revision`): bumped
 * once per statement that writes the territory's actors or alliance parties. The cluster index a
 * process keeps for `GET /map/clusters` is keyed by it; it replaces an aggregate over every actor,
 * alliance and party of the territory that each viewport request ran (a 50,000-actor territory:
 * some 100 ms of PostgreSQL a request). The row is the one graph-changing writes already update in
 * the same transactions.
 */
export class MapRevision1763800000062 implements MigrationInterface {
  name = 'MapRevision1763800000062';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`alter table graph_revisions add column map_revision bigint not null default 0`);
    await db.query(`
      create function map_revision_bump() returns trigger language plpgsql as $$
      declare
        territory uuid := ${CURRENT_TERRITORY};
      begin
        if territory is not null then
          insert into graph_revisions (territory_id, map_revision, changed_at) values (territory, 1, now())
          on conflict (territory_id) do update set map_revision = graph_revisions.map_revision + 1;
        end if;
        return null;
      end $$`);
    for (const { table, when } of MAP_TRIGGERS)
      await db.query(`create trigger ${table}_map_revision ${when} execute function map_revision_bump()`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const { table } of MAP_TRIGGERS) await db.query(`drop trigger ${table}_map_revision on ${table}`);
    await db.query(`drop function map_revision_bump()`);
    await db.query(`alter table graph_revisions drop column map_revision`);
  }
}
