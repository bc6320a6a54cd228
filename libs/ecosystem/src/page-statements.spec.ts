import { runTimeValue, type Db } from '@maillage/platform';
import { NotificationsRepository } from '@maillage/notifications';
import { ActionsRepository } from './activity/actions.repository.js';
import { AlliancesRepository } from './activity/alliances.repository.js';
import { ActorsRepository } from './directory/actors.repository.js';
import { ViewsRepository } from './views/views.repository.js';

/** The statement a repository method sends, captured instead of run. */
async function statement(send: (db: Db) => Promise<unknown>): Promise<{ text: string; values: readonly unknown[] }> {
  let captured: { text: string; values: readonly unknown[] } | undefined;
  const db = {
    query: async (text: string, values: readonly unknown[] = []) => {
      captured = { text, values };
      return [];
    },
  } as unknown as Db;
  await send(db);
  if (!captured) throw new Error('no statement sent');
  return captured;
}

const CURSOR_ID = '6f1c1e4a-9a53-4c8e-8d0e-2b1f6a7e9c10';
const USER = '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b';

/**
 * A page's size is written into its statement (`limitLiteral`): as a parameter, PostgreSQL re-plans
 * a prepared page statement on every execution. Each list sends its limit as text, never as a value.
 */
describe('page statements carry their size in their text', () => {
  const cases: [string, (db: Db) => Promise<unknown>, number][] = [
    ['directory, first page', (db) => new ActorsRepository().list(db, {}, undefined, 50), 51],
    [
      'directory, keyset page with a filter',
      (db) => new ActorsRepository().list(db, { category: 'association' }, { k: 'atelier', id: CURSOR_ID }, 20),
      21,
    ],
    ['map rows', (db) => new ViewsRepository().mapRows(db, {}, { sortKey: 'atelier', id: CURSOR_ID }, 500), 500],
    ['actions', (db) => new ActionsRepository().list(db, {}, undefined, 30), 31],
    ['alliances', (db) => new AlliancesRepository().list(db, { status: 'active' }, undefined, undefined, 20), 21],
    ['notifications', (db) => new NotificationsRepository().mine(db, USER, null, true, 10), 11],
  ];

  it.each(cases)('%s', async (_name, send, rows) => {
    const { text, values } = await statement(send);
    expect(text).toMatch(new RegExp(`\\blimit ${rows}\\s*$`));
    expect(text).not.toMatch(/\blimit \$\d+/);
    expect(values).not.toContain(rows);
  });
});

/**
 * A keyset page compares the sort key and id with its cursor's values read at run time
 * (`runTimeValue`): compared with parameters, PostgreSQL costs the generic plan dearer and plans
 * every page after the first anew.
 */
describe('keyset pages read their position at run time', () => {
  const cases: [string, (db: Db) => Promise<unknown>, RegExp][] = [
    [
      'directory by name',
      (db) => new ActorsRepository().list(db, { category: 'association' }, { k: 'atelier', id: CURSOR_ID }, 20),
      /\(a\.name_key, a\.id\) > \(\(select \$\d+::text\), \(select \$\d+::uuid\)\)/,
    ],
    [
      'directory, newest first',
      (db) =>
        new ActorsRepository().list(db, { sort: '-createdAt' }, { k: '2026-03-14T09:00:00.000000', id: CURSOR_ID }, 20),
      /\(a\.created_at, a\.id\) < \(\(select \$\d+::timestamp at time zone 'UTC'\), \(select \$\d+::uuid\)\)/,
    ],
    [
      'map rows',
      (db) => new ViewsRepository().mapRows(db, {}, { sortKey: 'atelier', id: CURSOR_ID }, 500),
      /\(a\.name_key, a\.id\) > \(\(select \$\d+::text\), \(select \$\d+::uuid\)\)/,
    ],
    [
      'alliances',
      (db) =>
        new AlliancesRepository().list(db, {}, undefined, { at: '2026-03-14T09:00:00.000000', id: CURSOR_ID }, 20),
      /\(al\.created_at, al\.id\) < \(\(select \$\d+::timestamp at time zone 'UTC'\), \(select \$\d+::uuid\)\)/,
    ],
  ];

  it.each(cases)('%s', async (_name, send, keyed) => {
    const { text, values } = await statement(send);
    expect(text).toMatch(keyed);
    expect(values).toContain(CURSOR_ID);
  });
});

/** The participants' check of a write reads its id list at run time too (one plan, not one a write). */
describe('id lists of a write read at run time', () => {
  it.each([
    ['an action’s participants', (db: Db) => new ActionsRepository().actorStates(db, [CURSOR_ID])],
    ['an action’s resulting alliances', (db: Db) => new ActionsRepository().unknownAllianceIds(db, [CURSOR_ID])],
    ['an alliance’s parties', (db: Db) => new AlliancesRepository().countActiveActors(db, [CURSOR_ID])],
  ])('%s', async (_name, send) => {
    const { text, values } = await statement(send);
    expect(text).toMatch(/\bid = any\(\(select \$1::uuid\[\]\)::uuid\[\]\)/);
    expect(values).toEqual([[CURSOR_ID]]);
  });

  it('takes a parameter, nothing else', () => {
    expect(runTimeValue('$3::uuid[]')).toBe('(select $3::uuid[])');
    expect(() => runTimeValue("'x'); drop table actors; --")).toThrow();
    expect(() => runTimeValue('a.id')).toThrow();
  });
});
