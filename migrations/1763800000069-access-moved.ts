import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RUNTIME_ROLE } from './helpers.js';

/**
 * `maillage_access_moved()`: raises SQLSTATE `MAEPO` ("the access epoch moved"). A request that the API
 * let in from an answer it kept (`AccessDecisions`) sends, in the round trip of its first statement,
 * the transaction's settings with `case when access_epoch.value = <the kept answer's epoch> then 0 else
 * maillage_access_moved() end`: if anything the access check reads changed since, the statement fails
 * before the page's statement runs (PostgreSQL skips the rest of the pipeline), and the API runs the
 * check again (`Transactions.deferred`). Volatile, so that it is only ever called when the epoch moved.
 */
export class AccessMoved1763800000069 implements MigrationInterface {
  name = 'AccessMoved1763800000069';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create function maillage_access_moved() returns integer
        language plpgsql volatile set search_path = pg_catalog as $$
      begin
        raise exception 'the access epoch moved since the kept answer' using errcode = 'MAEPO';
      end $$`);
    await db.query(`revoke all on function maillage_access_moved() from public`);
    await db.query(`grant execute on function maillage_access_moved() to ${RUNTIME_ROLE}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`drop function maillage_access_moved()`);
  }
}
