import type { Db } from '../database/db.js';
import type { TenantContext } from '../tenancy/tenant-context.js';
import { DomainEvents, type EventKind, type RecordedEvent } from './domain-events.js';

const TERRITORY = '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b';
const context = { caller: { userId: 'u-1' }, territory: undefined, requestId: 'r-1' } as unknown as TenantContext;
const input = { kind: 'test.happened' as EventKind, subject: { type: 'thing', id: 't-1' }, data: {} as never };

/** A Db that records each statement and answers the event's row (and each read's rows, as JSON would). */
function fakeDb(territoryId: string | undefined, readRows: Record<string, unknown>[]) {
  const statements: { text: string; values: readonly unknown[] }[] = [];
  const db = {
    ...(territoryId === undefined ? {} : { territoryId }),
    query: async (text: string, values: readonly unknown[] = []) => {
      statements.push({ text, values });
      if (/insert into domain_events/.test(text)) {
        const reads = Object.fromEntries([...text.matchAll(/as (read_\d+)/g)].map(([, column]) => [column, readRows]));
        return [{ territory_id: TERRITORY, id: '42', occurred_at: new Date(0), ...reads }];
      }
      return readRows;
    },
    copyFrom: async () => undefined,
    copyTo: () => {
      throw new Error('unused');
    },
  } as unknown as Db;
  return { db, statements };
}

describe('DomainEvents: a subscriber’s read in the statement that records the event', () => {
  it('sends the insert and the read in one statement, its parameters after the insert’s, and hands the rows on', async () => {
    const events = new DomainEvents(context);
    const seen: { pendingTerritory?: string; event?: RecordedEvent; rows?: unknown[] } = {};
    events.subscribeReading(async (_db, pending) => {
      seen.pendingTerritory = pending.territoryId;
      return {
        read: {
          text: 'select user_id from memberships where user_id = any($1::uuid[]) and $2::boolean',
          values: [['a'], true],
        },
        after: async (_db2, event, rows) => {
          seen.event = event;
          seen.rows = rows;
        },
      };
    });
    const plain: string[] = [];
    events.subscribe(async (_db, event) => void plain.push(event.id));
    const { db, statements } = fakeDb(TERRITORY, [{ user_id: 'a' }]);
    const event = await events.emit(db, input);
    expect(statements).toHaveLength(1);
    expect(statements[0]?.text).toMatch(/with recorded as \(insert into domain_events/);
    expect(statements[0]?.text).toContain('user_id = any($8::uuid[]) and $9::boolean');
    expect(statements[0]?.values.slice(7)).toEqual([['a'], true]);
    expect(seen.pendingTerritory).toBe(TERRITORY);
    expect(seen.event).toEqual(event);
    expect(event).toMatchObject({ id: '42', territoryId: TERRITORY, authorUserId: 'u-1' });
    expect(seen.rows).toEqual([{ user_id: 'a' }]);
    expect(plain).toEqual(['42']);
  });

  it('records alone when no subscriber reads', async () => {
    const events = new DomainEvents(context);
    events.subscribeReading(async () => undefined);
    const { db, statements } = fakeDb(TERRITORY, []);
    await events.emit(db, input);
    expect(statements).toHaveLength(1);
    expect(statements[0]?.text).not.toContain('with recorded');
  });

  it('runs the read after the insert when the unit of work does not name its territory', async () => {
    const events = new DomainEvents(context);
    let rows: unknown[] = [];
    events.subscribeReading(async (_db, event) => ({
      read: { text: 'select $1::text as territory', values: [event.territoryId] },
      after: async (_db2, _event, read) => void (rows = read),
    }));
    const { db, statements } = fakeDb(undefined, [{ territory: TERRITORY }]);
    await events.emit(db, input);
    expect(statements.map((statement) => statement.text.trim().slice(0, 6))).toEqual(['insert', 'select']);
    expect(statements[1]?.values).toEqual([TERRITORY]);
    expect(rows).toEqual([{ territory: TERRITORY }]);
  });

  it('refuses an event recorded in another territory than its unit of work’s', async () => {
    const events = new DomainEvents(context);
    const { db } = fakeDb('6f1c1e4a-9a53-4c8e-8d0e-2b1f6a7e9c10', []);
    await expect(events.emit(db, input)).rejects.toThrow(/another territory/);
  });
});
