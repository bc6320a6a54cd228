import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { runMigrations, type MigrationClass } from '@maillage/platform';
import { migrationsDigest } from './migrations-digest.js';

/**
 * A database of its own for one test file. On real PostgreSQL (DATABASE_URL
 * set) it is cloned from a migrated template, which is built once per set of
 * migrations; on the embedded engine each test file has a fresh in-memory
 * PGlite anyway, so there is nothing to create.
 */
export interface TestDatabase {
  /** Connection string of the fresh database, or undefined on the embedded engine. */
  readonly url: string | undefined;
  drop(): Promise<void>;
}

const TEMPLATE_LOCK_KEY = 7_210_431_978;

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdminClient<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function templateName(migrations: MigrationClass[]): string {
  // The migrations' source and their folder's files, not just their names: an edited migration, or a
  // constant or helper it builds its SQL from, gets a new template.
  return `maillage_tpl_${migrationsDigest(migrations).slice(0, 12)}`;
}

async function ensureTemplate(serverUrl: string, migrations: MigrationClass[]): Promise<string> {
  const template = templateName(migrations);
  await withAdminClient(serverUrl, async (admin) => {
    await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    try {
      const found = await admin.query('select 1 from pg_database where datname = $1', [template]);
      if (found.rowCount) return;
      const building = `${template}_building`;
      await admin.query(`drop database if exists ${building}`);
      await admin.query(`create database ${building}`);
      await runMigrations(withDatabase(serverUrl, building), migrations);
      await admin.query(`alter database ${building} rename to ${template}`);
      await admin.query(`alter database ${template} with is_template true`);
      // Templates of older migrations are of no use any more.
      const stale = await admin.query<{ datname: string }>(
        `select datname from pg_database where datname like 'maillage\\_tpl\\_%' and datname <> $1`,
        [template],
      );
      for (const { datname } of stale.rows) {
        await admin.query(`alter database ${datname} with is_template false`).catch(() => undefined);
        await admin.query(`drop database if exists ${datname}`).catch(() => undefined);
      }
    } finally {
      await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
    }
  });
  return template;
}

export async function createTestDatabase(
  serverUrl: string | undefined,
  migrations: MigrationClass[],
  options: { fromTemplate?: boolean } = {},
): Promise<TestDatabase> {
  if (!serverUrl) return { url: undefined, drop: async () => undefined };
  const name = `maillage_test_${randomBytes(6).toString('hex')}`;
  const fromTemplate = options.fromTemplate ?? true;
  const template = fromTemplate ? await ensureTemplate(serverUrl, migrations) : undefined;
  await withAdminClient(serverUrl, (admin) =>
    admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`),
  );
  let dropped = false;
  return {
    url: withDatabase(serverUrl, name),
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await withAdminClient(serverUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}
