import pg from 'pg';
import type { PoolClient, QueryResult } from 'pg';

/** What pg's `Connection` offers a query while it writes its messages (pg's own `Query` uses the same). */
interface ProtocolConnection {
  parse(message: { text: string; name?: string }): void;
  bind(message: Record<string, unknown>): void;
  execute(message: { portal?: string; rows?: number }): void;
  describe(message: { type: 'P' | 'S'; name?: string }): void;
  sync(): void;
}

/** pg's `Query` as far as this subclass reaches into it: the step that ends the extended-protocol messages. */
interface QueryInternals {
  portal: string;
  _getRows(connection: ProtocolConnection, rows: number | undefined): void;
  prepare(connection: ProtocolConnection): void;
}

const PgQuery = pg.Query as unknown as new (config: pg.QueryConfig) => pg.Query & QueryInternals;

/**
 * A prepared statement and the COMMIT of its transaction in one round trip (one write, one answer):
 * the statement's Bind, Describe and Execute, then Parse, Bind and Execute of `COMMIT`, then the
 * Sync that ends both. PostgreSQL runs the COMMIT only if the statement succeeded: after an error it
 * skips every message up to the Sync, and the transaction is left aborted (to be rolled back).
 *
 * pg's `Query` with one step changed (the end of its messages, where it would send the Sync), so
 * that parsing once per connection, binding the values and reading the rows stay pg's own. The
 * two results come back as pg gives a multi-statement answer: the statement's, then the COMMIT's
 * (whose command is `ROLLBACK` if the transaction had failed before).
 */
class StatementThenCommit extends PgQuery {
  override _getRows(connection: ProtocolConnection, rows: number | undefined): void {
    if (rows) throw new Error('a statement sent with its COMMIT reads all its rows');
    connection.execute({ portal: this.portal });
    connection.parse({ text: 'COMMIT' });
    connection.bind({});
    connection.execute({});
    connection.sync();
  }
}

/** The statement's result and whether the COMMIT sent with it committed. */
export interface StatementAndCommit {
  readonly result: QueryResult;
  readonly committed: boolean;
}

/**
 * Runs `text` as the named prepared statement `name` in the client's open transaction, and commits
 * the transaction in the same round trip. Rejects with the driver's error if the statement failed
 * (the transaction is then still open, aborted: its owner rolls it back).
 */
export function statementThenCommit(
  client: PoolClient,
  name: string,
  text: string,
  values: readonly unknown[],
): Promise<StatementAndCommit> {
  return submit(
    client,
    new StatementThenCommit({ name, text, values: values as unknown[] } as pg.QueryConfig),
    (results) => {
      const [result, commit] = results;
      if (!result || !commit) throw new Error('a statement sent with its COMMIT answered no COMMIT');
      return { result, committed: commit.command === 'COMMIT' };
    },
  );
}

/**
 * Submits a query of several results to the client, settling once with what `read` makes of them: pg calls a
 * submitted query back with the results of each statement it ran; after a value it could not encode, with that
 * error and then again when the server is ready (only the first call counts).
 */
function submit<T>(client: PoolClient, query: pg.Query, read: (results: QueryResult[]) => T): Promise<T> {
  return new Promise((resolve, reject) => {
    let settled = false;
    (query as unknown as { callback: unknown }).callback = (
      error: Error | null,
      results: QueryResult | QueryResult[] | undefined,
    ): void => {
      if (settled) return;
      settled = true;
      if (error) return reject(error);
      try {
        resolve(read(Array.isArray(results) ? results : []));
      } catch (failure) {
        reject(failure as Error);
      }
    };
    void client.query(query as unknown as pg.QueryConfig);
  });
}

/** A statement run, unnamed (parsed each time), ahead of another in the same round trip. */
export interface LeadingStatement {
  readonly text: string;
  /** Text values only (uuids, numbers as text): sent as they are. */
  readonly values: readonly string[];
}

/**
 * `leading` (parsed, bound, described and executed as the unnamed statement), then the named prepared
 * statement as pg's own `Query` sends it, then one Sync: one write, one answer. Without a START
 * TRANSACTION both run in one implicit transaction, which the Sync ends (committing it, or rolling it
 * back if either failed): settings made local by `leading` hold for the statement and are gone after.
 * If `leading` fails, PostgreSQL skips the statement.
 *
 * The named statement must already be parsed on the connection (`isParsed`): pg notes a statement as
 * parsed on any ParseComplete of its query, and the unnamed statement's would otherwise mark the named
 * one parsed even when a failure of `leading` made PostgreSQL skip its Parse.
 */
class LeadingThenStatement extends PgQuery {
  leading!: LeadingStatement;

  override prepare(connection: ProtocolConnection): void {
    connection.parse({ text: this.leading.text });
    connection.bind({ values: [...this.leading.values] });
    connection.describe({ type: 'P', name: '' });
    connection.execute({ portal: '' });
    super.prepare(connection);
  }
}

/** Whether the named statement is parsed on the client's connection (pg's own bookkeeping). */
export function isParsed(client: PoolClient, name: string): boolean {
  const connection = (client as unknown as { connection?: { parsedStatements?: Record<string, string> } }).connection;
  return connection?.parsedStatements?.[name] !== undefined;
}

/**
 * Runs `leading`, then `text` as the named prepared statement `name` (already parsed on the client's
 * connection: `isParsed`), in one round trip and one implicit transaction. Resolves with the
 * statement's result; rejects with the driver's error if either failed (the connection is then out of
 * any transaction, ready for the next).
 */
export function leadingThenStatement(
  client: PoolClient,
  leading: LeadingStatement,
  name: string,
  text: string,
  values: readonly unknown[],
): Promise<QueryResult> {
  if (!isParsed(client, name)) return Promise.reject(new Error(`statement ${name} is not parsed on this connection`));
  const query = new LeadingThenStatement({ name, text, values: values as unknown[] } as pg.QueryConfig);
  query.leading = leading;
  return submit(client, query, (results) => {
    if (!results[1]) throw new Error('a statement sent after another answered alone');
    return results[1];
  });
}
