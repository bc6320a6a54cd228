import type { Db } from '../database/db.js';

/**
 * A transaction opened ahead of its work (see `Transactions.open`), held by
 * the request context until the request's first unit of work takes it. Its
 * own file, so the context and the transactions both import it without
 * importing each other.
 */
export interface OpenedTransaction {
  readonly territoryId: string;
  readonly userId: string;
  readonly db: Db;
  /** The same transaction for work of one statement, sent with the COMMIT (`Transactions.tenantStatement`). */
  readonly statementDb: Db;
  /** Commits (or rolls back) and gives the connection back; idempotent. */
  finish(commit: boolean): Promise<void>;
}
