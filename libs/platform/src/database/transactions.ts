import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient, QueryResult } from 'pg';
import { from as copyFromStdin, to as copyToStdout } from 'pg-copy-streams';
import { DataSource, QueryFailedError, type QueryRunner } from 'typeorm';
import { APP_CONFIG } from '../config/config.tokens.js';
import type { AppConfig } from '../config/app-config.js';
import type { OpenedTransaction } from '../tenancy/opened-transaction.js';
import { scopeDefinition, type GlobalScope, type ScopeReason, type TerritoryScope } from '../tenancy/scopes.js';
import { TenantContext } from '../tenancy/tenant-context.js';
import type { Db, WithCommitValue } from './db.js';
import { RUNTIME_ROLE, SCOPE_SETTING, TERRITORY_SETTING, USER_SETTING } from './runtime-role.js';
import { statementThenCommit } from './statement-with-commit.js';

export type { OpenedTransaction } from '../tenancy/opened-transaction.js';

export type TransactionWork<T> = (db: Db) => Promise<T>;

/** A statement whose parameters are all uuids, so that they can be inlined in a simple-protocol query. */
export interface UuidStatement {
  readonly text: string;
  readonly values: readonly string[];
}

/** An opened transaction, with the rows of the statement that ran in the round trip that opened it. */
export interface OpenedWithRows extends OpenedTransaction {
  readonly rows: unknown[];
}

/**
 * Units of work bound, when made, to the context's territory and caller: for
 * stream callbacks, which run outside the async context that made them (a
 * socket's or a file's), where the context is not theirs to read.
 */
export interface BoundUnitOfWork {
  readonly territoryId: string;
  run<T>(work: TransactionWork<T>): Promise<T>;
}

/** Who a unit of work runs for, and why when it is not the context's territory. */
interface UnitScope {
  territoryId: string;
  userId: string;
  reason?: ScopeReason;
  requestId?: string;
  /** Whether the transaction the access guard opened may be taken (not from a stream callback). */
  takeHeld: boolean;
  /** Work of one statement, sent with the COMMIT (`tenantStatement`). */
  oneStatement?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SCOPE_NAME = /^([a-z]+(\.[a-z-]+)*)?$/;

/**
 * The choke point for application queries. Every unit of work is one
 * transaction on its own query runner that first becomes the runtime role
 * and pins the territory the row policies compare with (and the caller, for
 * the policies that let a user read their own rows), in one round trip.
 * Settings are transaction-local, so nothing leaks to the next user of a
 * pooled connection.
 */
@Injectable()
export class Transactions {
  private readonly logger = new Logger('Transactions');
  /**
   * Queries given a parameter array run as named prepared statements on
   * PostgreSQL: each connection parses a query text once, then binds and
   * executes it (planning it again only while PostgreSQL prefers a plan made for
   * the values at hand). Not on the embedded engine, whose connections share one
   * session (two of them would prepare the same name).
   */
  private readonly prepare: boolean;
  private readonly statementNames = new Map<string, string>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly context: TenantContext,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.prepare = config.database.mode === 'external';
  }

  /** Tenant work in the territory of the current request or job. */
  async tenant<T>(work: TransactionWork<T>): Promise<T> {
    return this.run({ territoryId: this.context.territoryId, userId: this.callerId(), takeHeld: true }, work);
  }

  /**
   * Tenant work of exactly one statement (a page of a list, a card): on PostgreSQL the statement and
   * the transaction's COMMIT go in one round trip, rather than the statement's and then the COMMIT's.
   * The statement is the unit's last act: a second statement (or a COPY, or a `withCommit`) fails
   * loudly, and what the work does after it cannot undo it, so it is for reads. On the embedded
   * engine, or for a statement without parameters, the unit commits after it as `tenant` does.
   */
  async tenantStatement<T>(work: TransactionWork<T>): Promise<T> {
    return this.run(
      { territoryId: this.context.territoryId, userId: this.callerId(), takeHeld: true, oneStatement: true },
      work,
    );
  }

  /**
   * Tenant work in an explicit territory, for a named reason (scopes.ts): the
   * context's own territory, or another one when the reason allows it (code
   * that has just verified the territory itself: territory creation, an
   * invitation's token; a system sweep inside its `runAsSystem`).
   */
  async withTerritory<T>(territoryId: string, reason: TerritoryScope, work: TransactionWork<T>): Promise<T> {
    if (!UUID.test(territoryId)) throw new Error('withTerritory needs a territory uuid');
    const { kind } = scopeDefinition(reason);
    if (territoryId !== this.context.territory?.territoryId) {
      if (kind !== 'territory' && kind !== 'system') {
        throw new Error(`Scope "${reason}" may not name a territory other than the context's`);
      }
      this.assertSystem(reason, kind);
    }
    return this.run({ territoryId, userId: this.callerId(), reason, takeHeld: true }, work);
  }

  /**
   * Work on global tables (accounts, territories, sessions) as the runtime
   * role with no territory set, for a named reason (scopes.ts): every tenant
   * table reads empty and refuses inserts.
   */
  async withoutTerritory<T>(reason: GlobalScope, work: TransactionWork<T>): Promise<T> {
    const { kind } = scopeDefinition(reason);
    if (kind !== 'global' && kind !== 'system')
      throw new Error(`Scope "${reason}" is not one for work with no territory`);
    this.assertSystem(reason, kind);
    return this.run({ territoryId: '', userId: this.callerId(), reason, takeHeld: true }, work);
  }

  /**
   * Units of work in the context's territory for the caller, bound now: for
   * stream callbacks (a download's reads, an export's progress) that run
   * outside this context. They never take the request's held transaction.
   */
  bound(): BoundUnitOfWork {
    const scope: UnitScope = {
      territoryId: this.context.territoryId,
      userId: this.callerId(),
      takeHeld: false,
      ...(this.context.requestId ? { requestId: this.context.requestId } : {}),
    };
    return { territoryId: scope.territoryId, run: (work) => this.run(scope, work) };
  }

  private callerId(): string {
    return this.context.caller?.userId ?? '';
  }

  /** A system reason is only good inside its own `runAsSystem`. */
  private assertSystem(reason: ScopeReason, kind: string): void {
    if (kind === 'system' && this.context.systemScope !== reason) {
      throw new Error(`Scope "${reason}" is only valid inside runAsSystem('${reason}')`);
    }
  }

  /**
   * Opens a transaction in `territoryId` for `userId` ahead of the work that
   * will use it: the access guard checks the caller in it, and the request's
   * first unit of work in that territory takes it over (one transaction, and
   * no extra round trips, for check and work). Whoever opens it must hand it
   * to the context (`TenantContext.holdTransaction`) or finish it.
   *
   * `first`, a statement whose parameters are all uuids (the access check),
   * runs in the same round trip as the transaction's start and settings, after
   * them (as the runtime role, in the territory): its rows are returned.
   */
  async open(territoryId: string, userId: string, first?: UuidStatement): Promise<OpenedWithRows> {
    if (!UUID.test(territoryId) || !UUID.test(userId)) throw new Error('open needs a territory and a user uuid');
    const text = first ? `${begin(territoryId, userId)}; ${inlineUuids(first)}` : begin(territoryId, userId);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let rows: unknown[] = [];
    try {
      const results = await this.client(runner).query(text);
      if (first) rows = (results as unknown as QueryResult[]).at(-1)?.rows ?? [];
    } catch (error) {
      // The transaction may have started before a later statement failed: a released connection must not keep it,
      // and one whose ROLLBACK failed too (in an unknown state) is closed rather than pooled.
      const rolledBack = await this.client(runner)
        .query('ROLLBACK')
        .then(() => true)
        .catch(() => false);
      await (rolledBack ? runner.release() : discard(runner, error));
      throw error;
    }
    let finished = false;
    const unit = this.db(runner, territoryId);
    return {
      territoryId,
      userId,
      rows,
      db: unit.db,
      statementDb: unit.statementDb,
      finish: async (commit: boolean) => {
        if (finished) return;
        finished = true;
        // A statement sent with the COMMIT has ended the transaction already (committed or not): nothing to send.
        const ended = unit.endedByStatement();
        const pending = unit.takeWithCommit();
        try {
          if (ended === undefined && commit) await this.commit(runner, pending);
          else if (ended === undefined) await runner.query('ROLLBACK');
        } finally {
          await runner.release();
        }
        if (ended === false && commit) throw new TransactionRolledBack();
        if (ended ?? commit) unit.committed();
      },
    };
  }

  /**
   * Commits, or throws. A transaction in which a statement failed (an error caught by the work, which
   * went on) ends in a rollback whatever COMMIT asks: nothing of it was saved, so the unit of work fails
   * (`TransactionRolledBack`, said in the log) rather than answer success, and nothing that waits for the
   * commit runs.
   */
  private async commit(runner: QueryRunner, withCommit: readonly string[] = []): Promise<void> {
    const client = this.client(runner);
    let result: QueryResult;
    if (withCommit.length === 0) result = await client.query('COMMIT');
    else {
      // One simple-protocol query: the writes nobody reads (`Db.withCommit`), then COMMIT. If one
      // fails, PostgreSQL skips the rest and the transaction is aborted: rolled back here.
      try {
        // Each statement ends on a line of its own: a trailing comment cannot swallow the separator.
        const results = (await client.query(`${withCommit.join('\n;\n')}\n;\nCOMMIT`)) as unknown as QueryResult[];
        result = results[results.length - 1] as QueryResult;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new QueryFailedError(withCommit.join(';\n'), [], error as Error);
      }
    }
    if (result.command === 'ROLLBACK') throw this.rolledBack();
  }

  private rolledBack(): TransactionRolledBack {
    this.logger.error('COMMIT ended in a rollback: a statement of the transaction had failed');
    return new TransactionRolledBack();
  }

  private client(runner: QueryRunner): PoolClient {
    return (runner as unknown as { databaseConnection: PoolClient }).databaseConnection;
  }

  private async run<T>(scope: UnitScope, work: TransactionWork<T>): Promise<T> {
    const { territoryId, userId, reason } = scope;
    if (reason) this.logScope(scope, reason);
    const held = scope.takeHeld ? this.context.takeTransaction() : undefined;
    if (held && held.territoryId === territoryId && held.userId === userId) {
      try {
        const result = await work(scope.oneStatement ? held.statementDb : held.db);
        await held.finish(true);
        return result;
      } catch (error) {
        await held.finish(false).catch(() => undefined);
        throw error;
      }
    }
    // Another territory, or none: the opened transaction is done with (it only read), and a
    // request never holds two connections at once this way.
    if (held) await held.finish(true);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let open = false;
    let unit: Unit | undefined;
    try {
      await runner.query(begin(territoryId, userId, reason));
      open = true;
      unit = this.db(runner, territoryId);
      const result = await work(scope.oneStatement ? unit.statementDb : unit.db);
      // Ended already if its one statement went with the COMMIT (which then answered whether it committed).
      const ended = unit.endedByStatement();
      if (ended === undefined) await this.commit(runner, unit.takeWithCommit());
      else if (!ended) throw new TransactionRolledBack();
      open = false;
      unit.committed();
      return result;
    } catch (error) {
      // A statement that went with the COMMIT ended the transaction, whatever the work did next: what it
      // saved is saved, and what waits for that runs (as when the access guard's transaction was taken).
      const ended = unit?.endedByStatement();
      if (ended) unit?.committed();
      if (open && ended === undefined) await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** The reason goes into the log record with the request that asked for it. */
  private logScope(scope: UnitScope, reason: ScopeReason): void {
    const record = {
      scope: reason,
      territoryId: scope.territoryId || null,
      userId: scope.userId || null,
      requestId: scope.requestId ?? this.context.requestId ?? null,
    };
    if (scopeDefinition(reason).frequent) this.logger.debug(record, 'named scope');
    else this.logger.log(record, 'named scope');
  }

  /**
   * The unit of work's `Db`: statements sent straight to the runner's pg
   * client (as named prepared statements where possible), answering as
   * TypeORM's `EntityManager.query` did: rows, or `[rows, count]` for UPDATE
   * and DELETE; errors wrapped in QueryFailedError. COPY goes through
   * pg-copy-streams on the same client, so it runs in the transaction.
   * `committed` runs the callbacks registered with `afterCommit`, once.
   */
  private db(runner: QueryRunner, territoryId: string): Unit {
    const client = this.client(runner);
    const callbacks: (() => unknown)[] = [];
    const withCommit: string[] = [];
    let ended = false;
    /** Set once a statement went with the COMMIT: whether the transaction committed. */
    let endedByStatement: boolean | undefined;
    /** Whether `statementDb` has run its statement. */
    let statementRan = false;
    const assertOpen = (): void => {
      // After the COMMIT the connection runs outside the transaction, its role and territory gone.
      if (endedByStatement !== undefined) throw new Error('a statement after the one sent with the COMMIT');
    };
    const shaped = <T>(result: QueryResult): T =>
      (result.command === 'UPDATE' || result.command === 'DELETE' ? [result.rows, result.rowCount] : result.rows) as T;
    const committed = (): void => {
      for (const callback of callbacks.splice(0)) {
        void Promise.resolve()
          .then(callback)
          .catch((error: unknown) => this.logger.error({ err: error }, 'after-commit callback failed'));
      }
    };
    const db: Db = {
      territoryId,
      query: async <T>(text: string, params?: readonly unknown[]): Promise<T> => {
        assertOpen();
        const values = params as unknown[] | undefined;
        try {
          const result =
            this.prepare && values
              ? await client.query({ name: this.statementName(text), text, values })
              : await client.query(text, values);
          return shaped<T>(result);
        } catch (error) {
          throw new QueryFailedError(text, values, error as Error);
        }
      },
      copyFrom: (text, lines) => {
        assertOpen();
        return pipeline(Readable.from(lines), client.query(copyFromStdin(text)));
      },
      copyTo: (text) => {
        assertOpen();
        return client.query(copyToStdout(text));
      },
      afterCommit: (callback) => {
        callbacks.push(callback);
      },
      withCommit: (text, params = []) => {
        // After the unit of work has ended nothing would send it: a late write fails loudly, as `query` does.
        if (ended || endedByStatement !== undefined) throw new Error('withCommit after the unit of work ended');
        withCommit.push(inlineLiterals(text, params));
      },
    };
    const oneStatement = (): void => {
      if (statementRan) throw new Error('a unit of work of one statement ran a second one');
      statementRan = true;
    };
    /** The same unit for work of one statement: on PostgreSQL, sent with the COMMIT in one round trip. */
    const statementDb: Db = {
      territoryId,
      query: async <T>(text: string, params?: readonly unknown[]): Promise<T> => {
        oneStatement();
        const values = params as unknown[] | undefined;
        // Without parameters it is not a prepared statement; with writes to send first, they go with the COMMIT.
        if (!this.prepare || !values || withCommit.length > 0) return db.query<T>(text, values);
        assertOpen();
        try {
          const { result, committed } = await statementThenCommit(client, this.statementName(text), text, values);
          endedByStatement = committed;
          if (!committed) throw this.rolledBack();
          return shaped<T>(result);
        } catch (error) {
          if (error instanceof TransactionRolledBack) throw error;
          throw new QueryFailedError(text, values, error as Error);
        }
      },
      copyFrom: () => Promise.reject(new Error('a unit of work of one statement runs no COPY')),
      copyTo: () => {
        throw new Error('a unit of work of one statement runs no COPY');
      },
      afterCommit: db.afterCommit,
      withCommit: () => {
        throw new Error('a unit of work of one statement sends nothing with its COMMIT');
      },
    };
    /** The writes to send with the COMMIT; the unit of work takes no more after this. */
    const takeWithCommit = (): string[] => {
      ended = true;
      return withCommit.splice(0);
    };
    return { db, statementDb, committed, takeWithCommit, endedByStatement: () => endedByStatement };
  }

  private statementName(text: string): string {
    let name = this.statementNames.get(text);
    if (!name) {
      name = `m_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      if (this.statementNames.size < 10_000) this.statementNames.set(text, name);
    }
    return name;
  }
}

/**
 * A unit of work whose COMMIT ended in a rollback: a statement of its transaction had failed and the
 * work went on (it caught the error). Nothing of the transaction was saved, so the unit fails.
 */
export class TransactionRolledBack extends Error {
  constructor() {
    super('the transaction was rolled back at its COMMIT: a statement of it had failed');
    this.name = 'TransactionRolledBack';
  }
}

/** A unit of work's `Db`s on one connection, and what its owner needs to end it. */
interface Unit {
  readonly db: Db;
  /** The same transaction for work of one statement (`tenantStatement`). */
  readonly statementDb: Db;
  /** Runs the `afterCommit` callbacks, once. */
  committed(): void;
  /** The writes to send with the COMMIT; the unit of work takes no more after this. */
  takeWithCommit(): string[];
  /** Whether the statement sent with the COMMIT committed; undefined while the transaction is open. */
  endedByStatement(): boolean | undefined;
}

/**
 * Starts a transaction as the runtime role with the territory and the caller
 * pinned, in one round trip: a simple-protocol query of two statements. Its
 * values are checked uuids (or empty), never free text, so inlining them is
 * safe; `set_config(…, true)` keeps them to this transaction.
 */
function begin(territoryId: string, userId: string, reason: ScopeReason | '' = ''): string {
  for (const value of [territoryId, userId]) {
    if (value !== '' && !UUID.test(value)) throw new Error('transaction settings must be uuids');
  }
  if (!SCOPE_NAME.test(reason)) throw new Error('a scope reason is a name from scopes.ts');
  return `START TRANSACTION; SELECT set_config('role', '${RUNTIME_ROLE}', true),
          set_config('${TERRITORY_SETTING}', '${territoryId}', true), set_config('${USER_SETTING}', '${userId}', true),
          set_config('${SCOPE_SETTING}', '${reason}', true)`;
}

/**
 * A statement's text with its parameters (`$1`…) inlined as quoted literals, for a simple-protocol
 * query: only uuids are accepted (checked), so no value can change the statement.
 */
export function inlineUuids({ text, values }: UuidStatement): string {
  for (const value of values) if (!UUID.test(value)) throw new Error('only uuids are inlined in a statement');
  return text.replace(/\$(\d+)/g, (_, index: string) => {
    const value = values[Number(index) - 1];
    if (value === undefined) throw new Error(`no value for $${index}`);
    return `'${value}'`;
  });
}

/**
 * A statement with its `$n` parameters written as SQL literals, for the simple protocol (`Db.withCommit`):
 * text as an escape string (quotes and backslashes doubled, so the literal means the same whatever
 * `standard_conforming_strings` says), finite numbers, booleans, dates as ISO 8601 text, NULL.
 */
export function inlineLiterals(text: string, values: readonly WithCommitValue[]): string {
  const literal = (value: WithCommitValue): string => {
    if (value === null) return 'NULL';
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new Error('only finite numbers are inlined in a statement');
      return `(${String(value)})`;
    }
    const textValue = value instanceof Date ? value.toISOString() : value;
    if (typeof textValue !== 'string') throw new Error('unsupported value for an inlined statement');
    return `E'${textValue.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  };
  return text.replace(/\$(\d+)/g, (_, index: string) => {
    const position = Number(index) - 1;
    if (position >= values.length) throw new Error(`no value for $${index}`);
    return literal(values[position] as WithCommitValue);
  });
}

/** Closes a runner's connection instead of returning it to the pool (its state is unknown). */
async function discard(runner: QueryRunner, error: unknown): Promise<void> {
  const postgres = runner as unknown as { releasePostgresConnection?: (err: unknown) => Promise<void> };
  await (postgres.releasePostgresConnection ? postgres.releasePostgresConnection(error) : runner.release());
}
