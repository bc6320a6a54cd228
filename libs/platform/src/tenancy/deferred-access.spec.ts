import 'reflect-metadata';
import { Get } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { Roles, ROUTE_ROLES } from '../auth/roles.js';
import { DEFERRED_ACCESS, DeferredAccess, StaleAccess } from './deferred-access.js';
import type { OpenedTransaction } from './opened-transaction.js';
import { TenantContext, type MaillageStore } from './tenant-context.js';

/** A transaction whose access check was deferred and never used: `finish(true)` checks the kept answer. */
function deferredHeld(stale: () => boolean, recheck: () => Promise<void>): OpenedTransaction & { checked: number } {
  const held = {
    territoryId: '00000000-0000-4000-8000-000000000001',
    userId: '00000000-0000-4000-8000-000000000002',
    checked: 0,
    db: undefined as never,
    statementDb: undefined as never,
    opened: () => Promise.reject(new Error('not in this test')),
    finish: async (commit: boolean) => {
      if (!commit) return;
      held.checked++;
      if (stale()) throw new StaleAccess(recheck);
    },
  };
  return held;
}

class Directory {
  calls = 0;
  refuse = false;

  @Get('actors')
  @Roles('member')
  @DeferredAccess()
  async list(limit: number): Promise<string> {
    this.calls++;
    if (this.refuse) throw new Error('refusé');
    return `page de ${limit}`;
  }
}

const inRequest = <T>(store: MaillageStore, work: () => Promise<T>): Promise<T> =>
  new Promise((resolve, reject) => TenantContext.enterRequest(store, () => void work().then(resolve, reject)));

describe('DeferredAccess', () => {
  it('keeps the metadata of the decorators below it and says the route defers its check', () => {
    const handler = Directory.prototype.list;
    expect(Reflect.getMetadata(PATH_METADATA, handler)).toBe('actors');
    expect(Reflect.getMetadata(ROUTE_ROLES, handler)).toEqual(['member']);
    expect(Reflect.getMetadata(DEFERRED_ACCESS, handler)).toBe(true);
    expect(handler.name).toBe('list');
  });

  it('checks an unused kept answer before answering, and answers as the handler did when it holds', async () => {
    const directory = new Directory();
    const store: MaillageStore = {};
    const held = deferredHeld(
      () => false,
      () => Promise.reject(new Error('no recheck')),
    );
    store.heldTransaction = held;
    await expect(inRequest(store, () => directory.list(20))).resolves.toBe('page de 20');
    expect(held.checked).toBe(1);
    expect(store.heldTransaction).toBeUndefined();
  });

  it('runs the handler again after the check when the kept answer was stale, on success and on refusal', async () => {
    for (const refuse of [false, true]) {
      const directory = new Directory();
      directory.refuse = refuse;
      const store: MaillageStore = {};
      let rechecked = 0;
      const held = deferredHeld(
        () => true,
        async () => {
          rechecked++;
          // The fresh answer lets the caller in (and a real transaction would be held now).
          directory.refuse = false;
        },
      );
      store.heldTransaction = held;
      await expect(inRequest(store, () => directory.list(5))).resolves.toBe('page de 5');
      expect({ rechecked, calls: directory.calls, checked: held.checked }).toEqual({
        rechecked: 1,
        calls: 2,
        checked: 1,
      });
    }
  });

  it('passes errors through when nothing was deferred', async () => {
    const directory = new Directory();
    directory.refuse = true;
    await expect(inRequest({}, () => directory.list(1))).rejects.toThrow('refusé');
    expect(directory.calls).toBe(1);
  });
});
