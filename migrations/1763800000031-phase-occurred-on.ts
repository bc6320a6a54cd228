import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Today in France: the day a move or a phase change happened when nobody says otherwise. */
const TODAY_IN_FRANCE = `((now() at time zone 'Europe/Paris')::date)`;

/**
 * When a collective experiment entered a phase, as the person says (the pilot began in March), apart
 * from when it was typed (`changed_at`). Earlier phases happened on the day they were typed, in France.
 * The table stays a tenant table with forced row security: only a column is added. The alliances'
 * moves get the same default (today in France rather than the server's day).
 */
export class PhaseOccurredOn1763800000031 implements MigrationInterface {
  name = 'PhaseOccurredOn1763800000031';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`alter table action_phase_history add column occurred_on date`);
    await db.query(`update action_phase_history set occurred_on = (changed_at at time zone 'Europe/Paris')::date`);
    await db.query(
      `alter table action_phase_history alter column occurred_on set not null,
                                        alter column occurred_on set default ${TODAY_IN_FRANCE}`,
    );
    await db.query(`alter table alliance_transitions alter column occurred_on set default ${TODAY_IN_FRANCE}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`alter table alliance_transitions alter column occurred_on set default current_date`);
    await db.query(`alter table action_phase_history drop column occurred_on`);
  }
}
