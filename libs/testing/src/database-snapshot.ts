import pg from 'pg';
import type { Runtime } from '@maillage/platform';

/** Tables whose content moves by itself (heartbeats, throttling counters, the scheduler's last runs). */
const VOLATILE = new Set(['worker_heartbeats', 'rate_limits', 'maillage_migrations', 'scheduled_runs']);

/**
 * A fingerprint of every application table, read as the owner (row security
 * does not hide anything from it): row count and a hash of the rows. Equal
 * snapshots before and after a request mean it changed nothing.
 */
export async function databaseSnapshot(runtime: Runtime): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: runtime.migrationUrl });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'
       order by 1`,
    );
    // One statement for every table: a sweep takes hundreds of snapshots, each table a round trip was most of its time.
    const names = tables.rows.map((row) => row.table_name).filter((table) => !VOLATILE.has(table));
    const fingerprints = await client.query<{ name: string; fingerprint: string }>(
      names
        .map(
          (table) =>
            `select '${table}' as name,
                    count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as fingerprint
             from "${table}" t`,
        )
        .join(' union all '),
    );
    const snapshot: Record<string, string> = {};
    for (const { name, fingerprint } of fingerprints.rows) snapshot[name] = fingerprint;
    return snapshot;
  } finally {
    await client.end();
  }
}

/** Runs a query as the owner (tests that inspect the schema or bypass the app). */
export async function ownerQuery<T extends pg.QueryResultRow>(
  runtime: Runtime,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: runtime.migrationUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
