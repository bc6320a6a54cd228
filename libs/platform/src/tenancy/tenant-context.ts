import { Injectable, Logger } from '@nestjs/common';
import { ClsService, type ClsStore } from 'nestjs-cls';
import type { GlobalRole, Role } from '../auth/roles.js';
import type { OpenedTransaction } from './opened-transaction.js';
import { scopeDefinition, type JobScope, type SystemScope } from './scopes.js';

/** Who is calling: set by authentication. */
export interface CallerIdentity {
  userId: string;
  email: string;
  globalRole: GlobalRole | null;
}

/** The territory a request works in, and the caller's role there. */
export interface TerritoryAccess {
  territoryId: string;
  role: Extract<Role, 'platform_admin' | 'coordinator' | 'member'> | 'system';
  /** The organisation a member acts for, when linked to one. */
  actorId?: string | null;
}

export interface MaillageStore extends ClsStore {
  requestId?: string;
  caller?: CallerIdentity;
  territory?: TerritoryAccess;
  /** The named system scope the work runs in, if any (`runAsSystem`). */
  systemScope?: SystemScope;
  /**
   * A transaction the access guard opened, waiting for the request's first
   * unit of work (an `OpenedTransaction`; typed loosely here, as the entity
   * manager's type is too deep for the store's typings).
   */
  heldTransaction?: object;
}

/**
 * The request (or job) context: who calls, in which territory. The territory
 * only ever comes from a verified membership (the access guard) or from a
 * job's payload (workers); reading it when unset throws, so tenant work can
 * never run "for no territory".
 */
@Injectable()
export class TenantContext {
  private readonly logger = new Logger('TenantContext');

  constructor(private readonly cls: ClsService<MaillageStore>) {}

  get caller(): CallerIdentity | undefined {
    return this.cls.isActive() ? this.cls.get('caller') : undefined;
  }

  get requestId(): string | undefined {
    return this.cls.isActive() ? this.cls.get('requestId') : undefined;
  }

  get territory(): TerritoryAccess | undefined {
    return this.cls.isActive() ? this.cls.get('territory') : undefined;
  }

  /** The current territory; throws when none was set: fail closed. */
  get territoryId(): string {
    const territory = this.territory;
    if (!territory) throw new Error('No territory in context: tenant work must run inside a territory');
    return territory.territoryId;
  }

  /** Keeps an opened transaction for this request's first unit of work (see `Transactions.open`). */
  holdTransaction(transaction: OpenedTransaction): void {
    this.cls.set('heldTransaction', transaction);
  }

  /** Takes the held transaction, if any: it is then the taker's to finish. */
  takeTransaction(): OpenedTransaction | undefined {
    if (!this.cls.isActive()) return undefined;
    const held = this.cls.get('heldTransaction') as OpenedTransaction | undefined;
    if (held) this.cls.set('heldTransaction', undefined);
    return held;
  }

  setCaller(caller: CallerIdentity): void {
    this.cls.set('caller', caller);
  }

  setTerritory(access: TerritoryAccess): void {
    this.cls.set('territory', access);
  }

  /** The named system scope the current work runs in, if any. */
  get systemScope(): SystemScope | undefined {
    return this.cls.isActive() ? this.cls.get('systemScope') : undefined;
  }

  /**
   * Runs `work` in a fresh context bound to one territory: jobs rebuild
   * theirs from the payload, and say so (`job.payload`).
   */
  runInTerritory<T>(
    territoryId: string,
    reason: JobScope,
    work: () => Promise<T>,
    caller?: CallerIdentity,
  ): Promise<T> {
    scopeDefinition(reason);
    return this.cls.run(async () => {
      this.cls.set('territory', { territoryId, role: 'system' });
      if (caller) this.cls.set('caller', caller);
      return work();
    });
  }

  /**
   * A fresh context with no territory, caller or system scope: a system job that names no scope
   * (a queue probe, a test job) runs in it, and may then only use global scopes.
   */
  runDetached<T>(work: () => Promise<T>): Promise<T> {
    return this.cls.run(work);
  }

  /**
   * An explicit system scope (national rollup, report retention): inside it,
   * units of work with the same reason may visit territories nobody is a
   * member of. The reason, and the free-text detail a job carries, are logged.
   */
  runAsSystem<T>(reason: SystemScope, work: () => Promise<T>, detail?: string): Promise<T> {
    scopeDefinition(reason);
    this.logger.log({ scope: reason, detail }, 'system scope');
    return this.cls.run(async () => {
      this.cls.set('systemScope', reason);
      return work();
    });
  }
}
