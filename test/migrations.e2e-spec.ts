import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  assertMigrated,
  MIGRATION_LOCK_KEY,
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
    // A process started without migrating refuses an empty or a partly migrated database, saying what to run.
    await expect(assertMigrated(url, migrations)).rejects.toThrow(/npm run migration:run/);
    await runMigrations(url, migrations.slice(0, -1));
    await expect(assertMigrated(url, migrations)).rejects.toMatchObject({
      name: 'SchemaNotMigratedError',
      pending: [migrations[migrations.length - 1]?.name],
    });
    const applied = await runMigrations(url, migrations);
    expect(applied).toEqual([migrations[migrations.length - 1]?.name]);
    await expect(assertMigrated(url, migrations)).resolves.toBeUndefined();
    expect(await pendingMigrations(url, migrations)).toEqual([]);
    expect(await runMigrations(url, migrations)).toEqual([]);
  });

  // Advisory locks are a session's: the embedded engine has a single one, so it is skipped there.
  (engineKind() === 'external' ? it : it.skip)(
    'lets a process started without migrating wait for a migration under way rather than see it half done',
    async () => {
      const migrator = new pg.Client({ connectionString: url });
      await migrator.connect();
      try {
        // As a migrator holds it while it migrates.
        await migrator.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        let settled = false;
        const checked = assertMigrated(url, migrations).finally(() => {
          settled = true;
        });
        // The check is queued behind the migrator's lock (seen in pg_locks), not finished.
        for (;;) {
          const [waiting] = await query<{ count: string }>(
            url,
            `select count(*)::text as count from pg_locks
             where locktype = 'advisory' and not granted and mode = 'ShareLock'
               and database = (select oid from pg_database where datname = current_database())`,
          );
          if (waiting?.count !== '0') break;
          await new Promise((resolve) => setImmediate(resolve));
        }
        expect(settled).toBe(false);
        await migrator.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        await expect(checked).resolves.toBeUndefined();
      } finally {
        await migrator.end();
      }
    },
  );

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

  // Roles are the server's: the embedded engine runs everything as its superuser, so it is skipped there.
  (engineKind() === 'external' ? it : it.skip)(
    'adds the directory card, in ASCII, and the kept priorities to a database that already holds actors, run by an owner bound by row security',
    async () => {
      const server = process.env.DATABASE_URL as string;
      const suffix = randomBytes(4).toString('hex');
      const owner = `maillage_owner_${suffix}`;
      const name = `maillage_card_${suffix}`;
      // As docker/postgres-init.sql creates it: a plain login role that may create roles.
      await query(server, `create role ${owner} login createrole`);
      await query(server, `create database ${name} owner ${owner}`);
      const asOwner = Object.assign(new URL(server), {
        username: owner,
        password: '',
        pathname: `/${name}`,
      }).toString();
      const asAdmin = Object.assign(new URL(server), { pathname: `/${name}` }).toString();
      try {
        const card = migrations.findIndex((migration) => migration.name === 'ActorCard1763800000063');
        await runMigrations(asOwner, migrations.slice(0, card));
        // A territory and its actors, written as the app writes them (in the territory, under row security).
        const [{ id }] = await query<{ id: string }>(
          asOwner,
          `insert into territories (kind, name) values ('custom', 'Territoire à migrer') returning id`,
        );
        await query(
          asOwner,
          `begin;
         select set_config('role', 'maillage_app', true), set_config('app.territory_id', '${id}', true);
         insert into actors (category, name, description)
           select 'association', 'Atelier « ' || g || ' »', 'Réparer, réemployer' from generate_series(1, 3) g;
         insert into priorities (title) values ('Réemploi');
         insert into actor_priorities (actor_id, priority_id)
           select a.id, p.id from actors a, priorities p where a.name = 'Atelier « 1 »';
         commit;`,
        );
        expect(await runMigrations(asOwner, migrations)).toEqual(
          migrations.slice(card).map((migration) => migration.name),
        );
        const actors = await query<{ card: string; priorities: number }>(
          asAdmin,
          `select card, cardinality(priority_ids) as priorities from actors order by name`,
        );
        expect(actors.map((actor) => JSON.parse(actor.card) as { name: string }).map((actor) => actor.name)).toEqual([
          'Atelier « 1 »',
          'Atelier « 2 »',
          'Atelier « 3 »',
        ]);
        // The cards written in ASCII (migration 70), the priorities' ids kept on the rows (69), backfilled too.
        for (const actor of actors) expect(actor.card).toMatch(/^[\x20-\x7e]*$/);
        expect(actors.map((actor) => actor.priorities)).toEqual([1, 0, 0]);
      } finally {
        await query(server, `drop database if exists ${name} with (force)`);
        await query(server, `drop role if exists ${owner}`);
      }
    },
  );
});
