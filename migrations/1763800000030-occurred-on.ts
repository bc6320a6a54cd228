import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When an alliance's move happened, as the person says (a meeting last week), apart from when it
 * was typed (`changed_at`). Earlier moves happened when they were typed.
 */
export class OccurredOn1763800000030 implements MigrationInterface {
  name = 'OccurredOn1763800000030';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`alter table alliance_transitions add column occurred_on date`);
    await db.query(`update alliance_transitions set occurred_on = changed_at::date`);
    await db.query(
      `alter table alliance_transitions alter column occurred_on set not null,
                                        alter column occurred_on set default current_date`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`alter table alliance_transitions drop column occurred_on`);
  }
}
