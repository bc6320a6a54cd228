import 'reflect-metadata';
import { TenantContext } from './tenant-context.js';

/** Route metadata: the access guard may let a request in from a kept answer and check it with the first statement. */
export const DEFERRED_ACCESS = 'maillage:deferred-access';

/**
 * A request let in from an access answer the API kept (`AccessDecisions`) found, when its first statement
 * went to PostgreSQL, that something the access check reads had changed since: nothing ran. `recheck` runs
 * the access check again (and either refuses the request, as the guard would, or puts the fresh answer and
 * a transaction opened with it in the request's context); the handler is then run again from its start.
 */
export class StaleAccess extends Error {
  constructor(readonly recheck: () => Promise<void>) {
    super('the access answer the request was let in with is no longer current');
    this.name = 'StaleAccess';
  }
}

/** `StaleAccess` if the request still holds a transaction whose deferred check finds the kept answer stale. */
async function staleHeld(): Promise<StaleAccess | undefined> {
  try {
    await TenantContext.verifyHeld();
    return undefined;
  } catch (error) {
    if (error instanceof StaleAccess) return error;
    throw error;
  }
}

/**
 * On a route handler: a caller the API let in before may be let in again from the answer it kept, the
 * check of that answer (has anything it reads changed?) going to PostgreSQL with the handler's first
 * statement (`Transactions.deferred`), which saves the request a round trip. If the answer turns out
 * stale, the check runs again and the handler runs again from its start: only for handlers that
 * change nothing before their first statement and read nothing elsewhere that the check would have
 * refused (reads of the territory's rows, as the directory's pages). If the handler returns or fails
 * without having used the database, the answer is checked before the response goes (and if it was stale,
 * the handler runs again with the fresh one).
 */
export function DeferredAccess(): MethodDecorator {
  return <T>(_target: object, _key: string | symbol, descriptor: TypedPropertyDescriptor<T>) => {
    const original = descriptor.value as unknown as (...args: unknown[]) => unknown;
    const wrapped = async function (this: unknown, ...args: unknown[]): Promise<unknown> {
      let outcome: { result: unknown } | { error: unknown };
      try {
        outcome = { result: await original.apply(this, args) };
      } catch (error) {
        outcome = { error };
      }
      // Returned or refused before its first statement (a role the handler checks, say): from the kept
      // answer, which is checked before the response goes.
      const stale = 'error' in outcome && outcome.error instanceof StaleAccess ? outcome.error : await staleHeld();
      if (stale) {
        await stale.recheck();
        return original.apply(this, args);
      }
      if ('error' in outcome) throw outcome.error;
      return outcome.result;
    };
    // Decorators applied before this one (below it) put their metadata on the original function.
    for (const key of Reflect.getMetadataKeys(original)) {
      Reflect.defineMetadata(key, Reflect.getMetadata(key, original), wrapped);
    }
    Reflect.defineMetadata(DEFERRED_ACCESS, true, wrapped);
    Object.defineProperty(wrapped, 'name', { value: original.name });
    descriptor.value = wrapped as unknown as T;
    return descriptor;
  };
}
