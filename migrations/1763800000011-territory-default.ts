import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CURRENT_TERRITORY } from './helpers.js';

/** Every tenant table: the tables `makeTenantTable()` made so far. */
const TENANT_TABLES = [
  'territory_communes',
  'memberships',
  'invitations',
  'audit_log',
  'actors',
  'actor_contacts',
  'priorities',
  'actor_priorities',
  'actions',
  'action_participants',
  'action_priorities',
  'action_phase_history',
  'alliances',
  'alliance_parties',
  'alliance_priorities',
  'alliance_transitions',
  'alliance_evaluations',
  'imports',
  'reports',
  'report_schedules',
  'report_chunks',
  'observatory_sharing',
  'observatory_facts',
];

/**
 * Tenant rows default to the transaction's territory, so inserts leave
 * `territory_id` out instead of repeating the setting's expression. Outside a
 * territory the default is null, which the row policy refuses as before.
 */
export class TerritoryDefault1763800000011 implements MigrationInterface {
  name = 'TerritoryDefault1763800000011';

  async up(db: QueryRunner): Promise<void> {
    for (const table of TENANT_TABLES) {
      await db.query(`alter table ${table} alter column territory_id set default ${CURRENT_TERRITORY}`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of TENANT_TABLES) {
      await db.query(`alter table ${table} alter column territory_id drop default`);
    }
  }
}
