import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CURRENT_TERRITORY, makeTenantTable } from './helpers.js';

/**
 * Writes that alter the graph of who works with whom: a trigger per table and kind of write
 * (statement-level, or row-level when only some columns' changes matter).
 */
const GRAPH_TRIGGERS: { table: string; name: string; when: string }[] = [
  { table: 'actors', name: 'rows', when: 'after insert or delete on actors for each statement' },
  {
    table: 'actors',
    name: 'changes',
    when: `after update on actors for each row when (old.name is distinct from new.name
      or old.category is distinct from new.category or old.archived_at is distinct from new.archived_at)`,
  },
  { table: 'alliances', name: 'rows', when: 'after insert or delete on alliances for each statement' },
  {
    table: 'alliances',
    name: 'changes',
    when: `after update on alliances for each row when (old.modes is distinct from new.modes
      or old.status is distinct from new.status or old.created_at is distinct from new.created_at)`,
  },
  {
    table: 'alliance_parties',
    name: 'rows',
    when: 'after insert or delete or update on alliance_parties for each statement',
  },
  {
    table: 'alliance_transitions',
    name: 'rows',
    when: 'after insert or delete or update on alliance_transitions for each statement',
  },
];

/**
 * The graph's metrics, computed by the worker and stored per territory (`views.graph-metrics`):
 * - `graph_revisions` (tenant): a counter per territory bumped by triggers on every write that
 *   alters the graph (actors created, deleted, archived, renamed or recategorised; alliances,
 *   their parties and transitions), in the writer's territory (`app.territory_id`);
 * - `graph_snapshots` (tenant): one computed graph — `view` is `current` (the background
 *   snapshot) or a past day (`YYYY-MM-DD`, a past date asked) — with the revision it reflects,
 *   when it was computed, how betweenness was computed, the counts and the edges;
 * - `graph_snapshot_nodes` (tenant): its nodes, with their metrics and layout position.
 */
export class GraphSnapshots1763800000050 implements MigrationInterface {
  name = 'GraphSnapshots1763800000050';

  async up(db: QueryRunner): Promise<void> {
    // No foreign key to territories: a territory's deletion cascades to its actors, whose trigger
    // then runs in that territory.
    await db.query(`
      create table graph_revisions (
        territory_id uuid not null primary key,
        revision bigint not null default 0,
        changed_at timestamptz not null default now()
      )`);
    await makeTenantTable(db, 'graph_revisions', 'select, insert, update');
    await db.query(`
      create function graph_revision_bump() returns trigger language plpgsql as $$
      declare
        territory uuid := ${CURRENT_TERRITORY};
      begin
        if territory is not null then
          insert into graph_revisions (territory_id, revision, changed_at) values (territory, 1, now())
          on conflict (territory_id) do update set revision = graph_revisions.revision + 1, changed_at = now();
        end if;
        return null;
      end $$`);
    for (const { table, name, when } of GRAPH_TRIGGERS) {
      await db.query(`create trigger ${table}_graph_${name} ${when} execute function graph_revision_bump()`);
    }

    await db.query(`
      create table graph_snapshots (
        territory_id uuid not null references territories (id) on delete cascade,
        view text not null check (view = 'current' or view ~ '^\\d{4}-\\d{2}-\\d{2}$'),
        revision bigint not null,
        as_of timestamptz not null,
        computed_at timestamptz not null default now(),
        betweenness jsonb not null,
        components integer not null,
        communities integer not null,
        edges jsonb not null,
        primary key (territory_id, view)
      )`);
    await makeTenantTable(db, 'graph_snapshots', 'select, insert, update, delete');
    await db.query(`
      create table graph_snapshot_nodes (
        territory_id uuid not null,
        view text not null,
        position integer not null,
        actor_id uuid not null,
        name text not null,
        category text not null,
        degree integer not null,
        betweenness double precision not null,
        component integer not null,
        community integer not null,
        x double precision not null,
        y double precision not null,
        primary key (territory_id, view, position),
        foreign key (territory_id, view) references graph_snapshots (territory_id, view) on delete cascade
      )`);
    await makeTenantTable(db, 'graph_snapshot_nodes', 'select, insert, delete');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`drop table graph_snapshot_nodes`);
    await db.query(`drop table graph_snapshots`);
    for (const { table, name } of GRAPH_TRIGGERS) await db.query(`drop trigger ${table}_graph_${name} on ${table}`);
    await db.query(`drop function graph_revision_bump()`);
    await db.query(`drop table graph_revisions`);
  }
}
