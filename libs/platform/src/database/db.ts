import type { Readable } from 'node:stream';

/** A parameter of a statement sent with the COMMIT (`Db.withCommit`). */
export type WithCommitValue = string | number | boolean | Date | null;

/**
 * What a unit of work is handed: its transaction's connection, for SQL only.
 * Application code needs no more than this (no ORM entities, no query
 * builder), so repositories depend on it rather than on TypeORM.
 */
export interface Db {
  /**
   * The territory the unit of work runs in, as its transaction pinned it (`app.territory_id`), when
   * the unit of work was opened for one (empty or absent otherwise).
   */
  readonly territoryId?: string;

  /**
   * Runs one statement with `$1…$n` parameters. Given a parameter array (even an empty one), the
   * statement runs as a named prepared statement on PostgreSQL, parsed once per connection and
   * planned once when PostgreSQL keeps its generic plan (after five executions, if it is estimated
   * no dearer than one planned for the values: see `limitLiteral` and `runTimeValue`). Its text must
   * then be one of a bounded set (values go in parameters, a page's size through `limitLiteral`).
   * Without one, it is parsed and planned on every call. Answers its rows, or
   * `[rows, rowCount]` for UPDATE and DELETE (what TypeORM's
   * `EntityManager.query` answered); a failure is TypeORM's
   * `QueryFailedError` around the driver's error (`driverError.code`,
   * `driverError.constraint`).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each caller types the rows it selects
  query<T = any>(sql: string, params?: readonly unknown[]): Promise<T>;

  /** `COPY … FROM STDIN`: streams the lines (text format, newline-terminated) into the statement. */
  copyFrom(sql: string, lines: Iterable<string> | AsyncIterable<string>): Promise<void>;

  /**
   * `COPY … TO STDOUT`: the statement's output as a stream, to be consumed
   * before the unit of work ends. Row security applies to COPY as to SELECT.
   */
  copyTo(sql: string): Readable;

  /**
   * Runs `callback` once this unit of work has committed (never if it rolls back): for what
   * must only follow a durable change, such as queuing a job that reads it. Started in
   * registration order after the COMMIT, outside the transaction; a failure is logged, never
   * thrown to the unit's caller (the change is already saved).
   */
  afterCommit(callback: () => unknown): void;

  /**
   * A write whose result nobody reads (an audit record): sent in the COMMIT's round trip, before
   * it, with its parameters inlined as escaped literals (text, numbers, booleans, dates, null). It
   * commits or rolls back with the unit of work like any other statement; a failure fails the unit
   * of work at its end. Statements run in the order given.
   */
  withCommit(sql: string, params?: readonly WithCommitValue[]): void;
}

/**
 * A page's row count written into a statement's text (`limit ${limitLiteral(limit + 1)}`), checked to
 * be a positive integer. As a parameter, PostgreSQL plans the statement for an unknown limit (a
 * tenth of the table), so it plans every execution anew for the value at hand; a literal lets the
 * prepared statement keep one plan. Page sizes are few, and so are the statements they make.
 */
export function limitLiteral(rows: number): string {
  if (!Number.isSafeInteger(rows) || rows < 1 || rows > 100_000) throw new Error('a limit is a positive integer');
  return String(rows);
}

/**
 * A statement parameter read when the plan runs (an InitPlan), still usable as an index condition:
 * a keyset page's position (`(name_key, id) > (${runTimeValue('$1::text')}, ${runTimeValue('$2::uuid')})`)
 * or a list of ids (`id = any(${runTimeValue('$1::uuid[]')}::uuid[])`). Compared with parameters, a row
 * comparison or an `= any` is costed by their values in a custom plan and by a default selectivity (or
 * ten elements) in the generic one, which then looks dearer: PostgreSQL planned every execution anew
 * (0 generic plans in `pg_prepared_statements`). Read at run time in both, the two cost the same and the
 * prepared statement keeps its generic plan after five executions.
 */
export function runTimeValue(parameter: string): string {
  if (!/^\$\d+(::[a-z ]+(\[\])?)?$/.test(parameter)) throw new Error('runTimeValue takes a statement parameter');
  return `(select ${parameter})`;
}

/**
 * A keyset cursor's time, written in UTC without its zone (`YYYY-MM-DDTHH24:MI:SS.US`), as a timestamptz
 * read when the plan runs (as `runTimeValue`): `(created_at, id) < (${runTimeUtc('$1')}, …)`. The zone is
 * applied inside the InitPlan: under row security, a condition is an index condition only when every
 * function in it is leakproof, and `timezone()` is not (outside, the keyset was a filter, and a page
 * read the rows before its position).
 */
export function runTimeUtc(parameter: string): string {
  if (!/^\$\d+$/.test(parameter)) throw new Error('runTimeUtc takes a statement parameter');
  return `(select ${parameter}::timestamp at time zone 'UTC')`;
}
