import { randomUUID } from 'node:crypto';
import { TenantContext, Transactions, type Db } from '@maillage/platform';
import { engineKind, type TestApp } from '@maillage/testing';
import type { ActorFilters, ActorSort } from '@maillage/ecosystem';
import { ACTOR_SORTS, ActorsRepository } from '../libs/ecosystem/src/directory/actors.repository.js';
import { startApi } from './support/app.js';

/**
 * Under row security, PostgreSQL lets a condition of the query reach an index only when every
 * function in it is leakproof (a leaky one could show rows of another territory before the policy
 * filters them): otherwise it is a filter, and a page reads the territory's actors up to the ones it
 * shows. These plans are the directory's pages as the app sends them, as the runtime role.
 */
describe(`the directory's pages reach their indexes under row security (${engineKind()} engine)`, () => {
  let t: TestApp;
  const territoryId = randomUUID();

  beforeAll(async () => {
    t = await startApi();
  });
  afterAll(() => t?.close());

  /** The plan of the page `ActorsRepository.list` builds, as the runtime role in a territory. */
  async function planOf(filters: ActorFilters, after?: { k: string; id: string }): Promise<string[]> {
    let statement: { text: string; values: unknown[] } | undefined;
    const capture = {
      query: async (text: string, values: unknown[]) => {
        statement = { text, values };
        return [];
      },
    } as unknown as Db;
    await new ActorsRepository().list(capture, filters, after, 50);
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
      const plan = await planOf({ sort }, { k, id: randomUUID() });
      const keyset = plan.filter((line) => line.includes('ROW('));
      expect(keyset.length).toBeGreaterThan(0);
      expect(keyset.every((line) => line.startsWith('Index Cond:'))).toBe(true);
    },
  );
});
