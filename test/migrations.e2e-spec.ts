import pg from 'pg';
import {
  MIGRATIONS_TABLE,
  pendingMigrations,
  revertLastMigration,
  runMigrations,
  RUNTIME_ROLE,
  startEmbeddedEngine,
  type EmbeddedEngine,
} from '@maillage/platform';
import { migrations } from '@maillage/migrations';
import { createTestDatabase, engineKind, type TestDatabase } from '@maillage/testing';

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function publicTables(url: string): Promise<string[]> {
  const rows = await query<{ table_name: string }>(
    url,
    `select table_name from information_schema.tables where table_schema = 'public' order by 1`,
  );
  return rows.map((row) => row.table_name);
}

describe(`migrations (${engineKind()} engine)`, () => {
  let url: string;
  let engine: EmbeddedEngine | undefined;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    if (engineKind() === 'external') {
      // An empty database, not the migrated template: this suite migrates it itself.
      database = await createTestDatabase(process.env.DATABASE_URL, migrations, { fromTemplate: false });
      url = database.url as string;
    } else {
      engine = await startEmbeddedEngine({ dataDir: 'memory://', queueSchema: 'unused_queue' });
      url = engine.databaseUrl;
    }
  });
  afterAll(async () => {
    await engine?.stop();
    await database?.drop();
  });

  it('applies every migration on an empty database, then has nothing pending', async () => {
    expect(await pendingMigrations(url, migrations)).toEqual(migrations.map((migration) => migration.name));
    const applied = await runMigrations(url, migrations);
    expect(applied).toEqual(migrations.map((migration) => migration.name));
    expect(await pendingMigrations(url, migrations)).toEqual([]);
    expect(await runMigrations(url, migrations)).toEqual([]);
  });

  it('creates a runtime role that cannot log in, bypass row security or own anything', async () => {
    const [role] = await query<{
      rolcanlogin: boolean;
      rolbypassrls: boolean;
      rolsuper: boolean;
      rolcreaterole: boolean;
      rolcreatedb: boolean;
    }>(url, `select rolcanlogin, rolbypassrls, rolsuper, rolcreaterole, rolcreatedb from pg_roles where rolname = $1`, [
      RUNTIME_ROLE,
    ]);
    expect(role).toEqual({
      rolcanlogin: false,
      rolbypassrls: false,
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
    });
    const owned = await query<{ count: string }>(
      url,
      `select count(*)::text as count from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = $1`,
      [RUNTIME_ROLE],
    );
    expect(owned[0]?.count).toBe('0');
  });

  it('lets the runtime role use only what it was granted', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('begin');
      await client.query(`select set_config('role', $1, true)`, [RUNTIME_ROLE]);
      await expect(client.query('select count(*) from worker_heartbeats')).resolves.toBeDefined();
      await expect(client.query(`select * from ${MIGRATIONS_TABLE}`)).rejects.toThrow(/permission denied/);
      await client.query('rollback');
      await client.query('begin');
      await client.query(`select set_config('role', $1, true)`, [RUNTIME_ROLE]);
      await expect(client.query('create table intruder (id int)')).rejects.toThrow(/permission denied/);
      await client.query('rollback');
    } finally {
      await client.end();
    }
  });

  it('reverts every migration down to an empty schema, and migrates up again', async () => {
    const before = await publicTables(url);
    expect(before).toEqual(expect.arrayContaining(['worker_heartbeats', MIGRATIONS_TABLE]));
    let reverted = 0;
    while (await revertLastMigration(url, migrations)) reverted += 1;
    expect(reverted).toBe(migrations.length);
    expect(await publicTables(url)).toEqual([MIGRATIONS_TABLE]);
    expect(await pendingMigrations(url, migrations)).toHaveLength(migrations.length);

    await runMigrations(url, migrations);
    expect(await publicTables(url)).toEqual(before);
  });
});
