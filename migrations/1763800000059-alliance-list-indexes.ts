import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The alliances' list (the kanban: one status a column, newest first, by keyset) as an index
 * scan under its LIMIT: the order and the keyset `(created_at, id)`, alone and after the status.
 * An alliance's transitions by alliance: its history in every alliance view, and its status on a
 * date (the graph, as of a day) were read by scanning the whole territory's transitions per
 * alliance (530 ms for a kanban column of 20 at 100,000 alliances; 0.5 ms with the index).
 */
export class AllianceListIndexes1763800000059 implements MigrationInterface {
  name = 'AllianceListIndexes1763800000059';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`create index alliances_status_recent_idx on alliances (territory_id, status, created_at, id)`);
    await db.query(`create index alliances_recent_idx on alliances (territory_id, created_at, id)`);
    await db.query(
      `create index alliance_transitions_alliance_idx on alliance_transitions (territory_id, alliance_id, occurred_on, id)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`drop index alliance_transitions_alliance_idx`);
    await db.query(`drop index alliances_recent_idx`);
    await db.query(`drop index alliances_status_recent_idx`);
  }
}
