import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, Logger } from '@nestjs/common';
import type { Logger as PinoLogger } from 'pino';
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

export interface MaillageStore {
  requestId?: string;
  /** The request's logger (Fastify's, bound to its id): the application's logs within the request go through it. */
  log?: PinoLogger;
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
 * The contexts of requests and jobs, one per request (entered by the HTTP app's first hook:
 * `TenantContext.enterRequest`) or job (`runInTerritory`, `runDetached`, `runAsSystem`). A nested
 * context starts as a shallow copy of the one around it, without the request's held transaction:
 * its own assignments stay its own.
 *
 * A plain `AsyncLocalStorage` rather than nestjs-cls: that module puts a guard and an interceptor on
 * every route even when they do nothing (and with them RxJS's observables on every request), and
 * its context is entered through a middleware, which brings Fastify's middleware engine to every
 * request; measured on the directory, 16 % of the API process's CPU a request (docs/benchmarks.md,
 * seventh round).
 */
const contexts = new AsyncLocalStorage<MaillageStore>();

/**
 * A context inside the current one: a copy of it with `store`'s values, but never the transaction
 * the request holds (the nested work would take and finish it, and the request's own store would
 * still hand it out).
 */
function nested<T>(store: MaillageStore, work: () => T): T {
  const around = contexts.getStore();
  return contexts.run(around ? { ...around, heldTransaction: undefined, ...store } : store, work);
}

function current(): MaillageStore {
  const store = contexts.getStore();
  if (!store) throw new Error('No request or job context: the value cannot be kept');
  return store;
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

  /**
   * Runs `next` (the rest of a request's handling, and every callback it leads to) in the request's
   * own context, holding its id and its logger. The store is also the caller's, to release what it
   * holds once the response is sent (`releaseHeldTransaction`).
   */
  static enterRequest(store: MaillageStore, next: () => void): void {
    contexts.run(store, next);
  }

  /** The current request's or job's logger, if it has one of its own. */
  static get log(): PinoLogger | undefined {
    return contexts.getStore()?.log;
  }

  /**
   * Ends the transaction the access guard opened for a request that never used it (a handler that
   * failed validation, or did no tenant work): it only read, so it rolls back, and its connection
   * goes back to the pool. Called with the request's store when its response is sent or it is
   * aborted; a transaction the request's work took is no longer in the store.
   */
  static releaseHeldTransaction(store: MaillageStore): void {
    const held = store.heldTransaction as OpenedTransaction | undefined;
    if (!held) return;
    store.heldTransaction = undefined;
    void held.finish(false).catch(() => undefined);
  }

  get caller(): CallerIdentity | undefined {
    return contexts.getStore()?.caller;
  }

  get requestId(): string | undefined {
    return contexts.getStore()?.requestId;
  }

  get territory(): TerritoryAccess | undefined {
    return contexts.getStore()?.territory;
  }

  /** The current territory; throws when none was set: fail closed. */
  get territoryId(): string {
    const territory = this.territory;
    if (!territory) throw new Error('No territory in context: tenant work must run inside a territory');
    return territory.territoryId;
  }

  /** Keeps an opened transaction for this request's first unit of work (see `Transactions.open`). */
  holdTransaction(transaction: OpenedTransaction): void {
    current().heldTransaction = transaction;
  }

  /** Takes the held transaction, if any: it is then the taker's to finish. */
  takeTransaction(): OpenedTransaction | undefined {
    const store = contexts.getStore();
    const held = store?.heldTransaction as OpenedTransaction | undefined;
    if (store && held) store.heldTransaction = undefined;
    return held;
  }

  setCaller(caller: CallerIdentity): void {
    current().caller = caller;
  }

  setTerritory(access: TerritoryAccess): void {
    current().territory = access;
  }

  /** The named system scope the current work runs in, if any. */
  get systemScope(): SystemScope | undefined {
    return contexts.getStore()?.systemScope;
  }

  /**
   * Runs `work` in a context bound to one territory (nested in the current
   * one, if any: caller and request id kept): jobs rebuild theirs from the
   * payload, and say so (`job.payload`).
   */
  runInTerritory<T>(
    territoryId: string,
    reason: JobScope,
    work: () => Promise<T>,
    caller?: CallerIdentity,
  ): Promise<T> {
    scopeDefinition(reason);
    return nested({ territory: { territoryId, role: 'system' }, ...(caller ? { caller } : {}) }, work);
  }

  /**
   * A fresh context with no territory, caller or system scope: a system job that names no scope
   * (a queue probe, a test job) runs in it, and may then only use global scopes.
   */
  runDetached<T>(work: () => Promise<T>): Promise<T> {
    return contexts.run({}, work);
  }

  /**
   * An explicit system scope (national rollup, report retention): inside it,
   * units of work with the same reason may visit territories nobody is a
   * member of. The reason, and the free-text detail a job carries, are logged.
   */
  runAsSystem<T>(reason: SystemScope, work: () => Promise<T>, detail?: string): Promise<T> {
    scopeDefinition(reason);
    this.logger.log({ scope: reason, detail }, 'system scope');
    return nested({ systemScope: reason }, work);
  }
}
