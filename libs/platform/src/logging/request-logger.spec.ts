import { Writable } from 'node:stream';
import { pino } from 'pino';
import { TenantContext, type MaillageStore } from '../tenancy/tenant-context.js';
import type { OpenedTransaction } from '../tenancy/opened-transaction.js';
import { requestBoundLogger } from './request-logger.js';

/** A pino logger writing its JSON lines into `lines`. */
function capturingLogger(lines: Record<string, unknown>[]) {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return pino({ level: 'debug', base: null, timestamp: false }, sink);
}

describe('the request-bound Nest logger', () => {
  it("writes through the request's own logger inside a request, through the root one outside", () => {
    const lines: Record<string, unknown>[] = [];
    const root = capturingLogger(lines);
    const logger = requestBoundLogger(root);
    logger.log('dehors', 'Contexte');
    TenantContext.enterRequest({ requestId: 'req-1', log: root.child({ requestId: 'req-1' }) }, () => {
      logger.warn({ territoryId: 't-1' }, 'dedans', 'Contexte');
      logger.error(new Error('échec'), 'Contexte');
    });
    expect(lines[0]).toEqual({ level: 30, context: 'Contexte', msg: 'dehors' });
    expect(lines[1]).toEqual({ level: 40, requestId: 'req-1', context: 'Contexte', territoryId: 't-1', msg: 'dedans' });
    expect(lines[2]).toMatchObject({ level: 50, requestId: 'req-1', context: 'Contexte', err: { message: 'échec' } });
  });

  it('keeps the request across awaits, and a concurrent request in its own context', async () => {
    const lines: Record<string, unknown>[] = [];
    const root = capturingLogger(lines);
    const logger = requestBoundLogger(root);
    const request = (id: string, delayMs: number) =>
      new Promise<void>((done) =>
        TenantContext.enterRequest({ requestId: id, log: root.child({ requestId: id }) }, () => {
          void (async () => {
            await new Promise((resolve) => setTimeout(resolve, delayMs));
            logger.log(`fin de ${id}`);
            done();
          })();
        }),
      );
    await Promise.all([request('lente', 30), request('rapide', 1)]);
    expect(lines.map((line) => [line.requestId, line.msg])).toEqual([
      ['rapide', 'fin de rapide'],
      ['lente', 'fin de lente'],
    ]);
  });
});

describe("the request's context (TenantContext)", () => {
  const context = new TenantContext();
  const held = () => {
    const finished: boolean[] = [];
    const transaction = {
      territoryId: 't',
      userId: 'u',
      db: {} as OpenedTransaction['db'],
      finish: async (commit: boolean) => {
        finished.push(commit);
      },
    } as OpenedTransaction;
    return { transaction, finished };
  };

  it('rolls back a held transaction nobody took, once, and leaves a taken one to its taker', () => {
    const unused = held();
    const store: MaillageStore = { requestId: 'r' };
    TenantContext.enterRequest(store, () => context.holdTransaction(unused.transaction));
    TenantContext.releaseHeldTransaction(store);
    TenantContext.releaseHeldTransaction(store);
    expect(unused.finished).toEqual([false]);

    const taken = held();
    const other: MaillageStore = { requestId: 's' };
    TenantContext.enterRequest(other, () => {
      context.holdTransaction(taken.transaction);
      expect(context.takeTransaction()).toBe(taken.transaction);
      expect(context.takeTransaction()).toBeUndefined();
    });
    TenantContext.releaseHeldTransaction(other);
    expect(taken.finished).toEqual([]);
  });

  it("never hands the request's held transaction to a nested context's work", async () => {
    const request = held();
    const store: MaillageStore = { requestId: 'r' };
    await new Promise<void>((done, fail) =>
      TenantContext.enterRequest(store, () => {
        context.holdTransaction(request.transaction);
        (async () => {
          await context.runAsSystem('observatory.rollup', async () => {
            expect(context.takeTransaction()).toBeUndefined();
          });
          await context.runInTerritory('t', 'job.payload', async () => {
            expect(context.takeTransaction()).toBeUndefined();
          });
          // Still the request's own, for its first unit of work.
          expect(context.takeTransaction()).toBe(request.transaction);
        })().then(done, fail);
      }),
    );
  });

  it('gives jobs contexts of their own: nested ones start from a copy, a detached one from nothing', async () => {
    const store: MaillageStore = { requestId: 'r' };
    await new Promise<void>((done, fail) =>
      TenantContext.enterRequest(store, () => {
        context.setCaller({ userId: 'u', email: 'u@maillage.test', globalRole: null });
        (async () => {
          await context.runInTerritory('t-2', 'job.payload', async () => {
            expect(context.territoryId).toBe('t-2');
            expect(context.caller?.userId).toBe('u');
            expect(context.requestId).toBe('r');
          });
          await context.runDetached(async () => {
            expect(context.caller).toBeUndefined();
            expect(context.requestId).toBeUndefined();
            expect(() => context.territoryId).toThrow(/No territory/);
          });
          // The nested contexts' assignments stayed theirs.
          expect(context.territory).toBeUndefined();
        })().then(done, fail);
      }),
    );
    expect(() => context.setCaller({ userId: 'x', email: 'x@maillage.test', globalRole: null })).toThrow(
      /No request or job context/,
    );
  });
});
