import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFromStdin, to as copyToStdout } from 'pg-copy-streams';
import { DataSource, QueryFailedError, type QueryRunner } from 'typeorm';
import { APP_CONFIG } from '../config/config.tokens.js';
import type { AppConfig } from '../config/app-config.js';
import { TenantContext } from '../tenancy/tenant-context.js';
import type { Db } from './db.js';
import { RUNTIME_ROLE, TERRITORY_SETTING, USER_SETTING } from './runtime-role.js';

export type TransactionWork<T> = (db: Db) => Promise<T>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  /**
   * Parameterised queries run as named prepared statements on PostgreSQL:
   * each connection parses and plans a query text once, then only binds and
   * executes it. Not on the embedded engine, whose connections share one
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
    return this.withTerritory(this.context.territoryId, work);
  }

  /**
   * Tenant work in an explicit territory: for code that has just verified
   * the territory itself (the access guard, a job rebuilding its context,
   * territory creation).
   */
  async withTerritory<T>(territoryId: string, work: TransactionWork<T>): Promise<T> {
    if (!UUID.test(territoryId)) throw new Error('withTerritory needs a territory uuid');
    return this.run(territoryId, work);
  }

  /**
   * Work on global tables (accounts, territories, sessions) as the runtime
   * role with no territory set: every tenant table reads empty and refuses
   * inserts.
   */
  withoutTerritory<T>(work: TransactionWork<T>): Promise<T> {
    return this.run('', work);
  }

  /**
   * Opens a transaction in `territoryId` for `userId` ahead of the work that
   * will use it: the access guard checks the caller in it, and the request's
   * first unit of work in that territory takes it over (one transaction, and
   * no extra round trips, for check and work). Whoever opens it must hand it
   * to the context (`TenantContext.holdTransaction`) or finish it.
   */
  async open(territoryId: string, userId: string): Promise<OpenedTransaction> {
    if (!UUID.test(territoryId) || !UUID.test(userId)) throw new Error('open needs a territory and a user uuid');
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(begin(territoryId, userId));
    } catch (error) {
      await runner.release();
      throw error;
    }
    let finished = false;
    return {
      territoryId,
      userId,
      db: this.db(runner),
      finish: async (commit: boolean) => {
        if (finished) return;
        finished = true;
        try {
          await runner.query(commit ? 'COMMIT' : 'ROLLBACK');
        } finally {
          await runner.release();
        }
      },
    };
  }

  private async run<T>(territoryId: string, work: TransactionWork<T>): Promise<T> {
    const userId = this.context.caller?.userId ?? '';
    const held = this.context.takeTransaction();
    if (held && held.territoryId === territoryId && held.userId === userId) {
      try {
        const result = await work(held.db);
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
    try {
      await runner.query(begin(territoryId, userId));
      open = true;
      const result = await work(this.db(runner));
      await runner.query('COMMIT');
      open = false;
      return result;
    } catch (error) {
      if (open) await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /**
   * The unit of work's `Db`: statements sent straight to the runner's pg
   * client (as named prepared statements where possible), answering as
   * TypeORM's `EntityManager.query` did: rows, or `[rows, count]` for UPDATE
   * and DELETE; errors wrapped in QueryFailedError. COPY goes through
   * pg-copy-streams on the same client, so it runs in the transaction.
   */
  private db(runner: QueryRunner): Db {
    const client = (runner as unknown as { databaseConnection: PoolClient }).databaseConnection;
    return {
      query: async <T>(text: string, params?: readonly unknown[]): Promise<T> => {
        const values = params as unknown[] | undefined;
        try {
          const result =
            this.prepare && values && values.length > 0
              ? await client.query({ name: this.statementName(text), text, values })
              : await client.query(text, values);
          return (
            result.command === 'UPDATE' || result.command === 'DELETE' ? [result.rows, result.rowCount] : result.rows
          ) as T;
        } catch (error) {
          throw new QueryFailedError(text, values, error as Error);
        }
      },
      copyFrom: (text, lines) => pipeline(Readable.from(lines), client.query(copyFromStdin(text))),
      copyTo: (text) => client.query(copyToStdout(text)),
    };
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

/** A transaction opened ahead of its work (see `Transactions.open`). */
export interface OpenedTransaction {
  readonly territoryId: string;
  readonly userId: string;
  readonly db: Db;
  /** Commits (or rolls back) and gives the connection back; idempotent. */
  finish(commit: boolean): Promise<void>;
}

/**
 * Starts a transaction as the runtime role with the territory and the caller
 * pinned, in one round trip: a simple-protocol query of two statements. Its
 * values are checked uuids (or empty), never free text, so inlining them is
 * safe; `set_config(…, true)` keeps them to this transaction.
 */
function begin(territoryId: string, userId: string): string {
  for (const value of [territoryId, userId]) {
    if (value !== '' && !UUID.test(value)) throw new Error('transaction settings must be uuids');
  }
  return `START TRANSACTION; SELECT set_config('role', '${RUNTIME_ROLE}', true),
          set_config('${TERRITORY_SETTING}', '${territoryId}', true), set_config('${USER_SETTING}', '${userId}', true)`;
}
