import pg from 'pg';
import type { PoolClient, QueryResult } from 'pg';

/** What pg's `Connection` offers a query while it writes its messages (pg's own `Query` uses the same). */
interface ProtocolConnection {
  parse(message: { text: string; name?: string }): void;
  bind(message: Record<string, unknown>): void;
  execute(message: { portal?: string; rows?: number }): void;
  sync(): void;
}

/** pg's `Query` as far as this subclass reaches into it: the step that ends the extended-protocol messages. */
interface QueryInternals {
  portal: string;
  _getRows(connection: ProtocolConnection, rows: number | undefined): void;
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
  return new Promise((resolve, reject) => {
    // pg calls a submitted query back with its result, or with the results of each statement it ran; after a
    // value it could not encode, with that error and then again when the server is ready (only the first counts).
    let settled = false;
    const callback = (error: Error | null, results: QueryResult | QueryResult[] | undefined): void => {
      if (settled) return;
      settled = true;
      if (error) return reject(error);
      const [result, commit] = Array.isArray(results) ? results : [];
      if (!result || !commit) return reject(new Error('a statement sent with its COMMIT answered no COMMIT'));
      resolve({ result, committed: commit.command === 'COMMIT' });
    };
    const query = new StatementThenCommit({ name, text, values: values as unknown[], callback } as pg.QueryConfig);
    void client.query(query as unknown as pg.QueryConfig);
  });
}
