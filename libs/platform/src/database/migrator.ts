import { DataSource, type MigrationInterface } from 'typeorm';

export type MigrationClass = new () => MigrationInterface;

export const MIGRATIONS_TABLE = 'maillage_migrations';
/** Serialises concurrent migrators (an API and a worker starting together). */
export const MIGRATION_LOCK_KEY = 7_210_431_977;

function migrationDataSource(url: string, migrations: MigrationClass[]): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    migrations,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    // One connection, so the advisory lock and the migrations share a session.
    extra: { max: 1, application_name: 'maillage-migrator' },
  });
}

async function withMigrationLock<T>(
  url: string,
  migrations: MigrationClass[],
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = await migrationDataSource(url, migrations).initialize();
  try {
    await dataSource.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await work(dataSource);
    } finally {
      await dataSource.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await dataSource.destroy();
  }
}

/** Runs every pending migration as the owner; returns the names applied. */
export async function runMigrations(url: string, migrations: MigrationClass[]): Promise<string[]> {
  return withMigrationLock(url, migrations, async (dataSource) => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  });
}

/** Reverts the last applied migration; returns false when none was applied. */
export async function revertLastMigration(url: string, migrations: MigrationClass[]): Promise<boolean> {
  return withMigrationLock(url, migrations, async (dataSource) => {
    const before = await appliedMigrationCount(dataSource);
    if (before === 0) return false;
    await dataSource.undoLastMigration({ transaction: 'each' });
    return true;
  });
}

/** Names of the migrations not yet applied. */
export async function pendingMigrations(url: string, migrations: MigrationClass[]): Promise<string[]> {
  return withMigrationLock(url, migrations, async (dataSource) => {
    const rows: { name: string }[] = await dataSource
      .query(`select name from ${MIGRATIONS_TABLE}`)
      .catch(() => [] as { name: string }[]);
    const applied = new Set(rows.map((row) => row.name));
    return migrations.map((migration) => migration.name).filter((name) => !applied.has(name));
  });
}

async function appliedMigrationCount(dataSource: DataSource): Promise<number> {
  const exists: { present: boolean }[] = await dataSource.query(`select to_regclass($1) is not null as present`, [
    MIGRATIONS_TABLE,
  ]);
  if (!exists[0]?.present) return 0;
  const rows: { count: string }[] = await dataSource.query(`select count(*)::text as count from ${MIGRATIONS_TABLE}`);
  return Number(rows[0]?.count ?? 0);
}

/** A start-up refused because the database lacks migrations this build needs. */
export class SchemaNotMigratedError extends Error {
  override readonly name = 'SchemaNotMigratedError';
  constructor(readonly pending: string[]) {
    super(
      `The database lacks ${pending.length} migration(s) this version needs (first: ${pending[0]}).\n` +
        'Run them as the schema owner (DATABASE_MIGRATION_URL or DATABASE_URL): npm run migration:run,\n' +
        'or node dist/migrations/cli.js run where only the build is installed (the Docker image),\n' +
        'or start with MAILLAGE_MIGRATE_ON_START=true.',
    );
  }
}

/**
 * Refuses to start on a database missing migrations (instead of failing later on a missing
 * relation). Waits for a migration under way (the migrators' lock, taken shared) so as not to
 * see it half done. A role that may not read the migrations table (the runtime role) is not
 * refused: the check then only sees whether the table exists.
 */
export async function assertMigrated(url: string, migrations: MigrationClass[]): Promise<void> {
  const dataSource = await migrationDataSource(url, migrations).initialize();
  try {
    await dataSource.query('select pg_advisory_lock_shared($1)', [MIGRATION_LOCK_KEY]);
    const exists: { present: boolean }[] = await dataSource.query(`select to_regclass($1) is not null as present`, [
      MIGRATIONS_TABLE,
    ]);
    if (!exists[0]?.present) throw new SchemaNotMigratedError(migrations.map((migration) => migration.name));
    const rows = await dataSource
      .query<{ name: string }[]>(`select name from ${MIGRATIONS_TABLE}`)
      .catch(() => undefined);
    if (!rows) return;
    const applied = new Set(rows.map((row) => row.name));
    const pending = migrations.map((migration) => migration.name).filter((name) => !applied.has(name));
    if (pending.length) throw new SchemaNotMigratedError(pending);
  } finally {
    // Closing the session releases the shared lock.
    await dataSource.destroy();
  }
}
