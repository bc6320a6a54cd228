import type { QueryRunner } from 'typeorm';

export const RUNTIME_ROLE = 'maillage_app';

/** The row policy every tenant table carries (ARCHITECTURE.md, "Tenancy"). */
export const TENANT_PREDICATE = `territory_id = nullif(current_setting('app.territory_id', true), '')::uuid`;

/**
 * Makes `table` a tenant table: row security enabled and forced (the owner is
 * bound too), one policy comparing `territory_id` with the transaction's
 * territory in USING and WITH CHECK, and the runtime role's grants.
 */
export async function makeTenantTable(db: QueryRunner, table: string, grants: string): Promise<void> {
  await db.query(`alter table ${table} enable row level security`);
  await db.query(`alter table ${table} force row level security`);
  await db.query(
    `create policy ${table}_tenant_isolation on ${table} using (${TENANT_PREDICATE}) with check (${TENANT_PREDICATE})`,
  );
  await db.query(`grant ${grants} on ${table} to ${RUNTIME_ROLE}`);
}
