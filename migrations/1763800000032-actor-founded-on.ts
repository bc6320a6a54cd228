import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The day an organisation was created (« Date de création » of SIRENE and RNA extracts), when known. */
export class ActorFoundedOn1763800000032 implements MigrationInterface {
  name = 'ActorFoundedOn1763800000032';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`alter table actors add column founded_on date`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`alter table actors drop column founded_on`);
  }
}
