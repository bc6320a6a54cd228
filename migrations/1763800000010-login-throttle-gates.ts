import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Login throttling with progressive delays: a counter may close its gate
 * until a given time (the attempt that crossed a threshold sets it), instead
 * of refusing everything until its window ends.
 */
export class LoginThrottleGates1763800000010 implements MigrationInterface {
  name = 'LoginThrottleGates1763800000010';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`alter table rate_limits add column blocked_until timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`alter table rate_limits drop column blocked_until`);
  }
}
