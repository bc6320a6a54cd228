import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { limitLiteral, TenantContext, Transactions, TransactionRolledBack, type Db } from '@maillage/platform';
import { engineKind, type TestApp } from '@maillage/testing';
import { startApi } from './support/app.js';

/** Whether the transaction `xid` has committed, asked from another transaction. */
async function status(transactions: Transactions, xid: string): Promise<string> {
  const rows: { status: string }[] = await transactions.withoutTerritory('health.check', (db) =>
    db.query(`select txid_status($1::bigint) as status`, [xid]),
  );
  return rows[0]?.status ?? 'unknown';
}

describe(`a unit of work's after-commit callbacks (${engineKind()} engine)`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApi();
  });
  afterAll(() => t?.close());

  it('runs them once the transaction has committed, in order, and never for a rolled-back one', async () => {
    const transactions = t.app.get(Transactions);
    const seen: { name: string; status: string }[] = [];
    let xid = '';
    const done = new Promise<void>((resolve) => {
      void transactions.withoutTerritory('health.check', async (db) => {
        xid = ((await db.query(`select txid_current()::text as xid`)) as { xid: string }[])[0]?.xid ?? '';
        // Started in order, they run side by side: the test waits for both.
        const record = async (name: string) => {
          seen.push({ name, status: await status(transactions, xid) });
          if (seen.length === 2) resolve();
        };
        db.afterCommit(() => record('first'));
        db.afterCommit(() => record('second'));
        // Still inside the transaction: nothing has run yet.
        await db.query('select 1');
        expect(seen).toEqual([]);
      });
    });
    await done;
    expect(seen.map((entry) => entry.name).sort()).toEqual(['first', 'second']);
    expect(seen.every((entry) => entry.status === 'committed')).toBe(true);

    // A unit of work that fails: its callbacks are dropped with it.
    let called = false;
    let failedXid = '';
    await expect(
      transactions.withoutTerritory('health.check', async (db) => {
        failedXid = ((await db.query(`select txid_current()::text as xid`)) as { xid: string }[])[0]?.xid ?? '';
        db.afterCommit(() => {
          called = true;
        });
        throw new Error('refusé');
      }),
    ).rejects.toThrow('refusé');
    // A later unit of work's callback runs after anything the failed one could have started.
    await new Promise<void>(
      (resolve) => void transactions.withoutTerritory('health.check', async (db) => db.afterCommit(resolve)),
    );
    expect(called).toBe(false);
    expect(await status(transactions, failedXid)).toBe('aborted');
  });

  it('fails the unit and skips them when the COMMIT ends in a rollback (a failed statement the work caught and went past)', async () => {
    const transactions = t.app.get(Transactions);
    let called = false;
    // What the work wrote before the failed statement is not saved: the unit must not answer success.
    await expect(
      transactions.withoutTerritory('health.check', async (db) => {
        db.afterCommit(() => {
          called = true;
        });
        await db.query('select 1 / 0').catch(() => undefined);
        return 'enregistré';
      }),
    ).rejects.toBeInstanceOf(TransactionRolledBack);
    await new Promise<void>(
      (resolve) => void transactions.withoutTerritory('health.check', async (db) => db.afterCommit(resolve)),
    );
    expect(called).toBe(false);
  });

  it('does not let a failing callback undo or fail the saved work', async () => {
    const transactions = t.app.get(Transactions);
    let after = false;
    const result = await transactions.withoutTerritory('health.check', async (db) => {
      db.afterCommit(() => {
        throw new Error('échec après validation');
      });
      db.afterCommit(() => {
        after = true;
      });
      return 'enregistré';
    });
    expect(result).toBe('enregistré');
    await new Promise<void>(
      (resolve) => void transactions.withoutTerritory('health.check', async (db) => db.afterCommit(resolve)),
    );
    expect(after).toBe(true);
  });

  it('sends writes nobody reads with the COMMIT: a failing one fails and rolls back the whole unit of work', async () => {
    const transactions = t.app.get(Transactions);
    let xid = '';
    let called = false;
    await expect(
      transactions.withoutTerritory('health.check', async (db) => {
        xid = ((await db.query(`select txid_current()::text as xid`)) as { xid: string }[])[0]?.xid ?? '';
        db.withCommit(`select $1::int / 0`, [1]);
        db.afterCommit(() => {
          called = true;
        });
        return 'fait';
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await status(transactions, xid)).toBe('aborted');
    // The connection went back to the pool usable: the next unit of work commits.
    const next = await transactions.withoutTerritory('health.check', async (db) => {
      db.withCommit(`select $1::text`, ["l'atelier \\ $1"]);
      return ((await db.query(`select txid_current()::text as xid`)) as { xid: string }[])[0]?.xid ?? '';
    });
    expect(await status(transactions, next)).toBe('committed');
    expect(called).toBe(false);
    // A statement ending in a comment keeps its separator; a write after the end fails loudly.
    let ended: Db | undefined;
    await transactions.withoutTerritory('health.check', async (db) => {
      ended = db;
      db.withCommit(`select $1::text -- un commentaire`, ['x']);
      db.withCommit(`select $1::int`, [2]);
    });
    expect(() => ended?.withCommit(`select 1`)).toThrow(/ended/);
  });
  it('prepares a page statement once and keeps its plan: the page size goes into the text, not a parameter', async () => {
    const transactions = t.app.get(Transactions);
    const page = `select g from generate_series(1, 5000) g where g > $1 order by g limit ${limitLiteral(51)}`;
    const bare = `select g from generate_series(1, 5000) g order by g limit ${limitLiteral(51)}`;
    const plans = await transactions.withoutTerritory('health.check', async (db) => {
      for (let after = 0; after < 8; after += 1) {
        const rows: { g: number }[] = await db.query(page, [after * 50]);
        expect(rows.map((row) => row.g)).toEqual(Array.from({ length: 51 }, (_, i) => after * 50 + i + 1));
        // A statement without parameters is prepared too when it is given a parameter array.
        expect(await db.query(bare, [])).toHaveLength(51);
      }
      return db.query(`select statement, generic_plans, custom_plans from pg_prepared_statements`);
    });
    const of = (text: string) =>
      (plans as { statement: string; generic_plans: string; custom_plans: string }[]).find(
        (row) => row.statement === text,
      );
    if (engineKind() === 'external') {
      // PostgreSQL plans the first five executions for their values, then keeps the generic plan.
      expect(Number(of(page)?.generic_plans)).toBeGreaterThanOrEqual(3);
      expect(Number(of(bare)?.generic_plans)).toBe(8);
    } else {
      // The embedded engine's connections share one session: nothing is prepared there.
      expect(of(page)).toBeUndefined();
    }
    expect(() => limitLiteral(0)).toThrow();
    expect(() => limitLiteral(2.5)).toThrow();
    expect(() => limitLiteral(Number.NaN)).toThrow();
  });
});

describe(`a unit of work of one statement (${engineKind()} engine)`, () => {
  let t: TestApp;
  const territoryId = randomUUID();

  beforeAll(async () => {
    t = await startApi();
  });
  afterAll(() => t?.close());

  /** `work` as a unit of work of the territory, the way a job's context holds it. */
  const inTerritory = <T>(work: () => Promise<T>): Promise<T> =>
    t.app.get(TenantContext).runInTerritory(territoryId, 'job.payload', work);

  it('answers the statement’s rows in the territory and commits before its callbacks run', async () => {
    const transactions = t.app.get(Transactions);
    let afterCommit: string | undefined;
    let rows: { xid: string; territory: string }[] = [];
    const callbackRan = new Promise<void>((resolve) => {
      void inTerritory(() =>
        transactions.tenantStatement(async (db) => {
          db.afterCommit(async () => {
            afterCommit = await status(transactions, rows[0]?.xid ?? '');
            resolve();
          });
          rows = await db.query(
            `select txid_current()::text as xid, current_setting('app.territory_id') as territory, $1::int as n`,
            [7],
          );
        }),
      );
    });
    await callbackRan;
    expect(rows[0]?.territory).toBe(territoryId);
    expect(afterCommit).toBe('committed');
  });

  it('sends the statement with its COMMIT on PostgreSQL: the transaction’s start, then one round trip', async () => {
    const transactions = t.app.get(Transactions);
    // The driver TypeORM loaded (its own `pg`, which may be another instance than this file's).
    const driver = (t.app.get(DataSource).driver as unknown as { postgres: typeof pg }).postgres;
    const sent = jest.spyOn(driver.Client.prototype, 'query');
    const marker = `one-statement-${randomUUID()}`;
    await inTerritory(() => transactions.tenantStatement((db) => db.query(`select $1::text as marker`, [marker])));
    // Restoring the spy clears what it saw: kept first.
    const calls = sent.mock.calls.map(([config]) => config as unknown);
    const contexts = [...sent.mock.contexts];
    sent.mockRestore();
    const textOf = (config: unknown): string =>
      typeof config === 'string' ? config : ((config as { text?: string }).text ?? '');
    const at = calls.findIndex((config) => textOf(config).includes('marker'));
    expect(at).toBeGreaterThanOrEqual(0);
    // Every call the statement's connection received, from the start of the transaction on.
    const texts = calls.filter((_, i) => contexts[i] === contexts[at]).map(textOf);
    const begin = texts.findIndex((text) => text.includes(territoryId));
    const statement = texts.findIndex((text) => text.includes('marker'));
    expect(begin).toBeGreaterThanOrEqual(0);
    expect(statement).toBe(begin + 1);
    // No COMMIT of its own after it on PostgreSQL (the embedded engine commits after the statement).
    const next = texts[statement + 1] ?? '';
    if (engineKind() === 'external') expect(next).not.toMatch(/^\s*COMMIT\s*$/i);
    else expect(next).toMatch(/^\s*COMMIT\s*$/i);
  });

  it('refuses a second statement: the first one has ended the transaction', async () => {
    const transactions = t.app.get(Transactions);
    await expect(
      inTerritory(() =>
        transactions.tenantStatement(async (db) => {
          await db.query(`select $1::int`, [1]);
          // Outside the transaction the connection would run without the territory's settings.
          await db.query(`select current_setting('app.territory_id', true) as territory`, []);
        }),
      ),
    ).rejects.toThrow(/second/);
    await expect(
      inTerritory(() =>
        transactions.tenantStatement(async (db) => {
          await db.query(`select $1::int`, [1]);
          db.withCommit(`select 1`);
        }),
      ),
    ).rejects.toThrow(/COMMIT/);
  });

  it('keeps what its statement committed when the work fails after it, and runs what waited for the commit', async () => {
    const transactions = t.app.get(Transactions);
    let called = false;
    await expect(
      inTerritory(() =>
        transactions.tenantStatement(async (db) => {
          db.afterCommit(() => {
            called = true;
          });
          await db.query(`select $1::int`, [1]);
          throw new Error('après la requête');
        }),
      ),
    ).rejects.toThrow('après la requête');
    // A later unit of work's callback runs after anything the failed one started.
    await new Promise<void>(
      (resolve) => void transactions.withoutTerritory('health.check', async (db) => db.afterCommit(resolve)),
    );
    // On PostgreSQL the statement went with the COMMIT; on the embedded engine the unit rolled back.
    expect(called).toBe(engineKind() === 'external');
  });

  it('refuses a value the driver cannot send, once, and leaves the connection clean', async () => {
    const transactions = t.app.get(Transactions);
    // JSON.stringify fails on it: pg refuses the Bind before anything runs, then hears the server's Sync.
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    for (let i = 0; i < 12; i += 1) {
      await expect(
        inTerritory(() => transactions.tenantStatement((db) => db.query(`select $1::jsonb as value`, [circular]))),
      ).rejects.toThrow(/circular/i);
    }
    const rows = await inTerritory(() =>
      transactions.tenantStatement((db) =>
        db.query<{ open: string }[]>(`select current_setting('app.territory_id') as open, $1::int`, [1]),
      ),
    );
    expect(rows[0]?.open).toBe(territoryId);
  });

  it('rolls a failed statement back and leaves every connection clean for the next unit of work', async () => {
    const transactions = t.app.get(Transactions);
    // More failures than the pool has connections: each one would leave its connection in an aborted transaction.
    for (let i = 0; i < 12; i += 1) {
      await expect(
        inTerritory(() => transactions.tenantStatement((db) => db.query(`select $1::int / 0`, [i]))),
      ).rejects.toThrow(/division by zero/);
    }
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        inTerritory(() =>
          transactions.tenantStatement((db) =>
            db.query<{ n: number; open: string }[]>(
              `select $1::int as n, current_setting('app.territory_id') as open`,
              [i],
            ),
          ),
        ),
      ),
    );
    expect(answers.map((rows) => rows[0]?.n)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(answers.every((rows) => rows[0]?.open === territoryId)).toBe(true);
    // A unit of work after them starts its own transaction (no COMMIT or ROLLBACK left pending).
    const state = await transactions.withoutTerritory('health.check', (db) =>
      db.query<{ open: string }[]>(`select current_setting('app.territory_id', true) as open`),
    );
    expect(state[0]?.open ?? '').toBe('');
  });
});
