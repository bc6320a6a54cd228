import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { TenantContext } from '../tenancy/tenant-context.js';
import { RUNTIME_ROLE, TERRITORY_SETTING, USER_SETTING } from './runtime-role.js';

export type TransactionWork<T> = (manager: EntityManager) => Promise<T>;

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
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly context: TenantContext,
  ) {}

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

  private async run<T>(territoryId: string, work: TransactionWork<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query(
        `select set_config('role', $1, true), set_config('${TERRITORY_SETTING}', $2, true),
                set_config('${USER_SETTING}', $3, true)`,
        [RUNTIME_ROLE, territoryId, this.context.caller?.userId ?? ''],
      );
      const result = await work(runner.manager);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}
