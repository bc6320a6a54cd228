import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The current graph snapshot's answer kept whole, gzip-compressed (`graph_snapshots.body_gzip`),
 * written by whoever stores the snapshot, in the same transaction. A 50,000-actor territory's
 * answer is some 22 MB of JSON: built from the node rows on every visit it took PostgreSQL and the
 * API over a second, and sent as it was it took a browser on a 20 Mbit/s line nine seconds more.
 * Kept compressed (4.8 MB: a fifth of that), it is read as it is and sent with
 * `Content-Encoding: gzip`. Only while the snapshot is current: a stale one's answer says so, and
 * is built as before. `external` storage: PostgreSQL does not try to compress it again.
 */
export class GraphSnapshotBody1763800000071 implements MigrationInterface {
  name = 'GraphSnapshotBody1763800000071';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`alter table graph_snapshots add column body_gzip bytea`);
    await db.query(`alter table graph_snapshots alter column body_gzip set storage external`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`alter table graph_snapshots drop column body_gzip`);
  }
}
