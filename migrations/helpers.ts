import type { QueryRunner } from 'typeorm';

export const RUNTIME_ROLE = 'maillage_app';

/** The transaction's territory: what tenant rows are compared with and, by default, inserted with. */
export const CURRENT_TERRITORY = `nullif(current_setting('app.territory_id', true), '')::uuid`;

/** The row policy every tenant table carries (ARCHITECTURE.md, "Tenancy"). */
export const TENANT_PREDICATE = `territory_id = ${CURRENT_TERRITORY}`;

/**
 * Makes `table` a tenant table: row security enabled and forced (the owner is
 * bound too), one policy comparing `territory_id` with the transaction's
 * territory in USING and WITH CHECK, the runtime role's grants, and
 * `territory_id` defaulting to the transaction's territory (inserts leave it
 * out; migration 1763800000011 gave the earlier tables the same default).
 */
export async function makeTenantTable(db: QueryRunner, table: string, grants: string): Promise<void> {
  await db.query(`alter table ${table} enable row level security`);
  await db.query(`alter table ${table} force row level security`);
  await db.query(
    `create policy ${table}_tenant_isolation on ${table} using (${TENANT_PREDICATE}) with check (${TENANT_PREDICATE})`,
  );
  await db.query(`grant ${grants} on ${table} to ${RUNTIME_ROLE}`);
  await db.query(`alter table ${table} alter column territory_id set default ${CURRENT_TERRITORY}`);
}

/**
 * Three statement-level triggers on `table` (after insert, delete and update), each running `fn` with its
 * transition tables: `oldName` for the deleted or former rows, `newName` for the inserted or new ones (a
 * trigger with transition tables has one event). `fn` tells the events apart by `tg_op`.
 */
export async function createTransitionTriggers(
  db: QueryRunner,
  table: string,
  fn: string,
  names: { oldName: string; newName: string },
): Promise<void> {
  const transitions = {
    insert: `new table as ${names.newName}`,
    delete: `old table as ${names.oldName}`,
    update: `old table as ${names.oldName} new table as ${names.newName}`,
  };
  for (const [event, referencing] of Object.entries(transitions)) {
    await db.query(`
      create trigger ${fn}_${event} after ${event} on ${table}
      referencing ${referencing} for each statement execute function ${fn}()`);
  }
}

/** Statement triggers on updates of actors that note a territory's changes (migrations 060 and 062): they need one. */
export const ACTOR_NOTING_TRIGGERS = ['actors_observatory_update', 'actors_map_revision'] as const;

/**
 * A backfill run as the owner, whom forced row security binds too: lifted on `tables` while `work` runs (a
 * migration runs before any writer of its version), then forced again. `actorTriggersOff` names triggers of
 * `actors` off meanwhile: the noting ones (`ACTOR_NOTING_TRIGGERS`) when nothing they follow changes.
 */
export async function backfillAsOwner(
  db: QueryRunner,
  tables: readonly string[],
  work: () => Promise<unknown>,
  actorTriggersOff: readonly string[] = [],
): Promise<void> {
  for (const trigger of actorTriggersOff) await db.query(`alter table actors disable trigger ${trigger}`);
  for (const table of tables) await db.query(`alter table ${table} no force row level security`);
  await work();
  for (const table of [...tables].reverse()) await db.query(`alter table ${table} force row level security`);
  for (const trigger of actorTriggersOff) await db.query(`alter table actors enable trigger ${trigger}`);
}
