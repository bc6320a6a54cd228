import {
  createTenancyFixture,
  engineKind,
  ownerQuery,
  seedEcosystem,
  waitForImport,
  type ApiClient,
  type EcosystemFixture,
  type TenancyFixture,
  type TestApp,
} from '@maillage/testing';
import pg from 'pg';
import type { Db, Page } from '@maillage/platform';
import { ActorsRepository } from '../libs/ecosystem/src/directory/actors.repository.js';
import { startApi } from './support/app.js';

interface Actor {
  id: string;
  name: string;
  version: number;
  priorityIds: string[];
  archivedAt: string | null;
}

/**
 * `actors.card` (migration 1763800000063), the actor's JSON the directory's pages are made of (its
 * priorities kept beside it: `priority_ids`, migration 1763800000069), is written with the actor: after every kind of write that reaches
 * what it shows, no stored card differs from the card the row gives now, and each actor of the
 * list is exactly its own page.
 */
describe(`actors' directory card kept on write (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;
  let eco: EcosystemFixture;
  let coordinator: ApiClient;
  let base: string;

  beforeAll(async () => {
    t = await startApi();
    f = await createTenancyFixture(t);
    coordinator = f.a.coordinator.api;
    base = `/territories/${f.a.id}`;
    eco = await seedEcosystem(coordinator, f.a.id);
  });
  afterAll(() => t?.close());

  /**
   * Actors (any territory) whose stored card is not the one their row gives now, or whose kept priorities
   * (`priority_ids`, migration 1763800000069) are not their links' (none expected).
   */
  async function stale(): Promise<unknown[]> {
    const rows = await ownerQuery<{ id: string; name: string; fresh: boolean }>(
      t.runtime,
      `select a.id, a.name,
              a.card is not distinct from actor_card(a)
              and a.priority_ids = array(select ap.priority_id from actor_priorities ap
                                          where ap.territory_id = a.territory_id and ap.actor_id = a.id
                                          order by ap.priority_id) as fresh
         from actors a`,
    );
    // The owner's query reads every territory's actors (it would read none under row security).
    expect(rows.length).toBeGreaterThanOrEqual(3);
    return rows.filter((row) => !row.fresh);
  }

  /** Each actor of the list (archived ones included) against its own page, for coordination and a member. */
  async function listMatchesViews(): Promise<void> {
    for (const client of [coordinator, f.a.member.api]) {
      const list = await client.get<Page<Actor & Record<string, unknown>>>(`${base}/actors`, {
        limit: '100',
        includeArchived: 'true',
      });
      expect(list.status).toBe(200);
      for (const item of list.body.items) {
        const one = await client.get<Actor>(`${base}/actors/${item.id}`);
        expect(item).toEqual(one.body);
      }
    }
  }

  async function actor(id: string): Promise<Actor> {
    const one = await coordinator.get<Actor>(`${base}/actors/${id}`);
    expect(one.status).toBe(200);
    return one.body;
  }

  async function patch(id: string, body: Record<string, unknown>): Promise<Actor> {
    const current = await actor(id);
    const updated = await coordinator.request<Actor>('PATCH', `${base}/actors/${id}`, {
      body,
      headers: { 'if-match': `"${current.version}"` },
    });
    expect(updated.status).toBe(200);
    return updated.body;
  }

  it('is written on creation, for the actors seeded through the API', async () => {
    expect(await stale()).toEqual([]);
    await listMatchesViews();
  });

  it('is stored and listed in ASCII JSON, meaning the same text as the actor page (accents, « », emoji)', async () => {
    const name = 'L’Épicerie « Pousse 🌱 » — Saint-Étienne';
    const created = await coordinator.post<Actor & { description: string }>(`${base}/actors`, {
      category: 'association',
      name,
      description: 'Épicerie solidaire, café associatif : « ça pousse » ! \\ "guillemets"',
      tags: ['économie sociale'],
      communeCode: '69123',
      nafCode: '88.99B',
    });
    expect(created.status).toBe(201);
    const [stored] = await ownerQuery<{ card: string }>(t.runtime, `select card from actors where id = $1`, [
      created.body.id,
    ]);
    expect(stored?.card).toMatch(/^[\x20-\x7e]*$/);
    const list = await coordinator.get<Page<Actor & Record<string, unknown>>>(`${base}/actors`, { q: 'epicerie' });
    expect(list.status).toBe(200);
    // The page's bytes are ASCII; parsed, the actor is exactly its own page (with its commune's and NAF's labels).
    expect(list.text).toMatch(/^[\x20-\x7e]*$/);
    const item = list.body.items.find((one) => one.id === created.body.id);
    expect(item?.name).toBe(name);
    expect(item?.communeName).toBe('Lyon');
    expect(item?.nafLabel).toBe('Action sociale sans hébergement n.c.a.');
    expect(item).toEqual(await actor(created.body.id));
    expect(await stale()).toEqual([]);
  });

  it('follows an update of fields, of the position and of the priorities', async () => {
    const second = await coordinator.post<{ id: string }>(`${base}/priorities`, {
      title: 'Transition écologique des entreprises',
      fragilities: ['environmental'],
    });
    expect(second.status).toBe(201);
    const updated = await patch(eco.company, {
      name: 'Atelier Numérique « Lyonnais » renommé',
      description: 'Guillemets "droits", barre \\ oblique, retour\nà la ligne, émoji 🌱.',
      latitude: 45.75,
      longitude: 4.85,
      foundedOn: '2004-06-15',
      tags: ['numérique', 'réemploi'],
      priorityIds: [second.body.id, eco.priorityId],
    });
    expect(updated.priorityIds).toHaveLength(2);
    expect(await stale()).toEqual([]);
    await listMatchesViews();

    // A priority deleted: its links go with it (a cascade), and the cards that listed it follow.
    expect((await coordinator.delete(`${base}/priorities/${second.body.id}`)).status).toBe(204);
    expect((await actor(eco.company)).priorityIds).toEqual([eco.priorityId]);
    expect(await stale()).toEqual([]);
    await listMatchesViews();
  });

  it('follows archiving and restoring, and leaves the card alone when only alliances move', async () => {
    expect((await coordinator.post(`${base}/actors/${eco.publicBody}/archive`, {})).status).toBeLessThan(300);
    expect((await actor(eco.publicBody)).archivedAt).not.toBeNull();
    expect(await stale()).toEqual([]);
    await listMatchesViews();
    expect((await coordinator.post(`${base}/actors/${eco.publicBody}/unarchive`, {})).status).toBeLessThan(300);
    expect((await actor(eco.publicBody)).archivedAt).toBeNull();

    const [before] = await ownerQuery<{ card: string }>(t.runtime, `select card from actors where id = $1`, [
      eco.association,
    ]);
    expect(before?.card).toContain(eco.association);
    const created = await coordinator.post(`${base}/alliances`, {
      title: 'Alliance qui ne change pas la fiche',
      parties: [{ actorId: eco.association }, { actorId: eco.publicBody }],
      modes: ['economic_cooperation'],
    });
    expect(created.status).toBe(201);
    const [after] = await ownerQuery<{ card: string }>(t.runtime, `select card from actors where id = $1`, [
      eco.association,
    ]);
    // The count is the API's to add, per caller: the card itself is unchanged.
    expect(after?.card).toBe(before?.card);
    await listMatchesViews();
  });

  it('follows a merge of duplicates and an import', async () => {
    const duplicate = await coordinator.post<{ id: string }>(`${base}/actors`, {
      category: 'association',
      name: 'Passerelles Emploi (doublon)',
      priorityIds: [eco.priorityId],
      tags: ['doublon'],
    });
    expect(duplicate.status).toBe(201);
    const merged = await coordinator.post<Actor>(`${base}/actors/${eco.association}/merge`, {
      sourceId: duplicate.body.id,
    });
    expect(merged.status).toBe(200);
    // The duplicate's priority is the kept actor's now (the merge adds its links).
    expect((await actor(eco.association)).priorityIds).toContain(eco.priorityId);
    expect(await stale()).toEqual([]);
    // A link moved from one actor to another (an update of actor_priorities) follows too, both ways.
    await ownerQuery(t.runtime, `update actor_priorities set actor_id = $1 where actor_id = $2`, [
      eco.publicBody,
      duplicate.body.id,
    ]);
    expect((await actor(eco.publicBody)).priorityIds).toEqual([eco.priorityId]);
    expect(await stale()).toEqual([]);

    const csv = ['Raison sociale;Catégorie;Code commune', 'Ressourcerie « La Fourmi »;association;69266'];
    const upload = await coordinator.upload<{ id: string }>(
      `${base}/imports`,
      Buffer.from(csv.join('\r\n'), 'utf8'),
      'text/csv',
    );
    expect(upload.status).toBe(202);
    await waitForImport(coordinator, f.a.id, upload.body.id, 'analysed');
    await coordinator.post(`${base}/imports/${upload.body.id}/run`, {});
    await waitForImport(coordinator, f.a.id, upload.body.id, 'completed');
    const listed = await coordinator.get<Page<Actor>>(`${base}/actors`, { q: 'fourmi', limit: '10' });
    expect(listed.body.items.map((item) => item.name)).toEqual(['Ressourcerie « La Fourmi »']);
    expect(await stale()).toEqual([]);
    await listMatchesViews();
  });

  /**
   * What the keyset statements do on both engines. Whether a plain `($1, $2)` comparison would lose its
   * generic plan depends on the table's size and layout (on the 50,000-actor bench seed it always did:
   * docs/benchmarks.md); the form itself is checked by libs/ecosystem/src/page-statements.spec.ts.
   */
  it('pages the directory with statements that keep one plan, the keyset pages included', async () => {
    // The statements the directory sends, captured from its repository: by name, and newest first.
    const sent: { text: string; values: readonly unknown[] }[] = [];
    const capture = {
      query: async (text: string, values: readonly unknown[] = []) => {
        sent.push({ text, values });
        return [];
      },
    } as unknown as Db;
    const actors = new ActorsRepository();
    await actors.list(capture, {}, { k: 'a', id: eco.company }, 50);
    await actors.list(capture, { sort: '-createdAt' }, { k: '2099-01-01T00:00:00.000000', id: eco.company }, 50);
    const client = new pg.Client({ connectionString: t.runtime.migrationUrl });
    await client.connect();
    try {
      await client.query('begin');
      await client.query(`select set_config('role', 'maillage_app', true), set_config('app.territory_id', $1, true)`, [
        f.a.id,
      ]);
      for (const [n, { text, values }] of sent.entries())
        for (let run = 0; run < 8; run += 1) await client.query({ name: `keyset_${n}`, text, values: [...values] });
      const plans = await client.query<{ name: string; generic_plans: string }>(
        `select name, generic_plans from pg_prepared_statements where name like '%keyset_%' order by name`,
      );
      // PostgreSQL plans the first five executions for their values, then keeps the generic plan.
      // (The embedded engine's shared session prefixes each connection's statement names.)
      expect(plans.rows.map((row) => [row.name.replace(/^.*(keyset_)/, '$1'), Number(row.generic_plans) >= 3])).toEqual(
        [
          ['keyset_0', true],
          ['keyset_1', true],
        ],
      );
      await client.query('rollback');
    } finally {
      await client.end();
    }
  });
});
