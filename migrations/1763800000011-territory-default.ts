import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CURRENT_TERRITORY } from './helpers.js';

/** Every tenant table so far: the tables `makeTenantTable()` gave its isolation policy. */
async function tenantTables(db: QueryRunner): Promise<string[]> {
  const rows: { table: string }[] = await db.query(
    `select tablename as table from pg_policies
     where schemaname = current_schema() and policyname = tablename || '_tenant_isolation'
     order by tablename`,
  );
  return rows.map((row) => row.table);
}

/**
 * Tenant rows default to the transaction's territory, so inserts leave
 * `territory_id` out instead of repeating the setting's expression. Outside a
 * territory the default is null, which the row policy refuses as before.
 */
export class TerritoryDefault1763800000011 implements MigrationInterface {
  name = 'TerritoryDefault1763800000011';

  async up(db: QueryRunner): Promise<void> {
    for (const table of await tenantTables(db)) {
      await db.query(`alter table ${table} alter column territory_id set default ${CURRENT_TERRITORY}`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of await tenantTables(db)) {
      await db.query(`alter table ${table} alter column territory_id drop default`);
    }
  }
}
