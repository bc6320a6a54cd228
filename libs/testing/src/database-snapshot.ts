import pg from 'pg';
import type { Runtime } from '@maillage/platform';

/**
 * Tables whose content moves by itself: heartbeats, throttling counters, the scheduler's last runs, and
 * the graph's stored snapshot, which the worker recomputes in the background after earlier changes (what a
 * request changed in the graph shows in `graph_revisions`, which is compared).
 */
const VOLATILE = new Set([
  'worker_heartbeats',
  'rate_limits',
  'maillage_migrations',
  'scheduled_runs',
  'graph_snapshots',
  'graph_snapshot_nodes',
]);

/**
 * A fingerprint of every application table, read as the owner (row security
 * does not hide anything from it): row count and a hash of the rows. Equal
 * snapshots before and after a request mean it changed nothing.
 */
export async function databaseSnapshot(runtime: Runtime): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: runtime.migrationUrl });
  await client.connect();
  try {
    const fingerprints = await client.query<{ name: string; fingerprint: string }>(
      await snapshotQuery(client, runtime),
    );
    const snapshot: Record<string, string> = {};
    for (const { name, fingerprint } of fingerprints.rows) snapshot[name] = fingerprint;
    return snapshot;
  } finally {
    await client.end();
  }
}

/** The snapshot's statement per database (its tables do not change during a test file). */
const SNAPSHOT_QUERIES = new Map<string, string>();

/**
 * One statement for every table: a sweep takes about a thousand snapshots, and a round trip per
 * table (and `information_schema`, ten times slower than the catalogue) was most of their time.
 */
async function snapshotQuery(client: pg.Client, runtime: Runtime): Promise<string> {
  const known = SNAPSHOT_QUERIES.get(runtime.migrationUrl);
  if (known) return known;
  const tables = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`,
  );
  const sql = tables.rows
    .map((row) => row.name)
    .filter((table) => !VOLATILE.has(table))
    .map(
      (table) =>
        `select '${table}' as name,
                count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as fingerprint
         from "${table}" t`,
    )
    .join(' union all ');
  SNAPSHOT_QUERIES.set(runtime.migrationUrl, sql);
  return sql;
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
