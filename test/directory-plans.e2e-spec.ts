import { randomUUID } from 'node:crypto';
import { TenantContext, Transactions, type Db } from '@maillage/platform';
import { engineKind, type TestApp } from '@maillage/testing';
import type { ActorFilters, ActorSort } from '@maillage/ecosystem';
import { AlliancesRepository } from '../libs/ecosystem/src/activity/alliances.repository.js';
import { ACTOR_SORTS, ActorsRepository } from '../libs/ecosystem/src/directory/actors.repository.js';
import { ViewsRepository } from '../libs/ecosystem/src/views/views.repository.js';
import { startApi } from './support/app.js';

/**
 * Under row security, PostgreSQL lets a condition of the query reach an index only when every
 * function in it is leakproof (a leaky one could show rows of another territory before the policy
 * filters them): otherwise it is a filter, and a page reads the territory's actors up to the ones it
 * shows. These plans are the directory's pages as the app sends them, as the runtime role.
 */
describe(`the directory's, the kanban's and the map's pages reach their indexes under row security (${engineKind()} engine)`, () => {
  let t: TestApp;
  const territoryId = randomUUID();

  beforeAll(async () => {
    t = await startApi();
  });
  afterAll(() => t?.close());

  /** The plan of the statement a repository sends, as the runtime role in a territory. */
  async function planOf(send: (db: Db) => Promise<unknown>): Promise<string[]> {
    let statement: { text: string; values: unknown[] } | undefined;
    const capture = {
      query: async (text: string, values: unknown[]) => {
        statement = { text, values };
        return [];
      },
    } as unknown as Db;
    await send(capture);
    if (!statement) throw new Error('no statement');
    const { text, values } = statement;
    const transactions = t.app.get(Transactions);
    const rows = await t.app.get(TenantContext).runInTerritory(territoryId, 'job.payload', () =>
      transactions.tenant(async (db) => {
        // An empty table would be read whole: the plan is asked for with an index.
        await db.query(`set local enable_seqscan = off`);
        return db.query<{ 'QUERY PLAN': string }[]>(`explain (costs off) ${text}`, values);
      }),
    );
    return rows.map((row) => row['QUERY PLAN'].trim());
  }

  it.each(Object.keys(ACTOR_SORTS) as ActorSort[])(
    'keyset page by %s: its position is an index condition',
    async (sort) => {
      const k = ACTOR_SORTS[sort].key === 'timestamp' ? '2026-06-01T08:30:00.000000' : 'maison';
      const plan = await planOf((db) => new ActorsRepository().list(db, { sort }, { k, id: randomUUID() }, 50));
      expectIndexed(plan, 'ROW(');
    },
  );

  it('keyset pages of the kanban and of the map: their positions are index conditions', async () => {
    const id = randomUUID();
    expectIndexed(
      await planOf((db) =>
        new AlliancesRepository().list(db, {}, undefined, { at: '2026-06-01T08:30:00.000000', id }, 20),
      ),
      'ROW(',
    );
    expectIndexed(await planOf((db) => new ViewsRepository().mapRows(db, {}, { sortKey: 'maison', id }, 500)), 'ROW(');
  });

  // Which index reads actor_terms is the planner's choice by its statistics (on empty tables any is as
  // cheap; bench/explain-directory.mjs shows the primary key's ranges on 50,000 actors): here, that the
  // search and the tag go through actor_terms and never read actors whole.
  it.each([
    ['a search', { q: 'Atelier vélo' }],
    ['a tag', { tag: 'Mobilité' }],
    ['a search by creation date', { q: 'jeunesse', sort: '-createdAt' }],
  ] as [string, ActorFilters][])('%s goes through actor_terms', async (_label, filters) => {
    for (const plan of [
      await planOf((db) => new ActorsRepository().list(db, filters, undefined, 50)),
      await planOf((db) => new ViewsRepository().mapRows(db, filters, null, 500)),
    ]) {
      expect(plan.join('\n')).toMatch(/on actor_terms/);
      expect(plan.filter((line) => /Seq Scan/.test(line))).toEqual([]);
    }
  });
});

/** Every plan line with `fragment` is an index condition (none is a filter). */
function expectIndexed(plan: string[], fragment: string): void {
  const lines = plan.filter((line) => line.includes(fragment));
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.filter((line) => !line.startsWith('Index Cond:'))).toEqual([]);
}
