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
import type { Page } from '@maillage/platform';
import { startApi } from './support/app.js';

interface Actor {
  id: string;
  name: string;
  allianceCount: number;
}

/**
 * `actors.alliance_count` (migration 1763800000058) is kept by triggers: after every kind of write
 * that moves an alliance or a party, each actor's stored count equals its open alliances counted
 * from the rows, and the directory shows it.
 */
describe(`actors' open-alliance count kept on write (${engineKind()} engine)`, () => {
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

  /** Every actor whose stored count differs from the count of its open alliances (none expected). */
  async function drift(): Promise<unknown[]> {
    return ownerQuery(
      t.runtime,
      `select a.territory_id, a.id, a.alliance_count as stored,
              (select count(*) from alliance_parties p join alliances al
                 on al.territory_id = p.territory_id and al.id = p.alliance_id
               where p.territory_id = a.territory_id and p.actor_id = a.id
                 and al.status in ('proposed', 'under_discussion', 'active'))::int as counted
         from actors a`,
    ).then((rows) => rows.filter((row) => (row as { stored: number }).stored !== (row as { counted: number }).counted));
  }

  async function count(actorId: string): Promise<number> {
    const actor = await coordinator.get<Actor>(`${base}/actors/${actorId}`);
    expect(actor.status).toBe(200);
    return actor.body.allianceCount;
  }

  /** SQL as the runtime role in territory A, as the app writes (row security and triggers apply). */
  async function asApp(sql: string): Promise<void> {
    await ownerQuery(
      t.runtime,
      `begin;
       select set_config('role', 'maillage_app', true), set_config('app.territory_id', '${f.a.id}', true);
       ${sql};
       commit;`,
    );
  }

  async function alliance(parties: string[], title = 'Alliance comptée'): Promise<string> {
    const created = await coordinator.post<{ id: string }>(`${base}/alliances`, {
      title,
      parties: parties.map((actorId) => ({ actorId })),
      modes: ['economic_cooperation'],
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  async function move(id: string, to: string): Promise<void> {
    const moved = await coordinator.post(`${base}/alliances/${id}/transitions`, { to });
    expect({ to, status: moved.status }).toEqual({ to, status: 200 });
  }

  it('follows creation and status moves: declined, withdrawn and ended alliances leave the count', async () => {
    expect(await drift()).toEqual([]);
    const start = await count(eco.publicBody);
    const first = await alliance([eco.publicBody, eco.association]);
    expect(await count(eco.publicBody)).toBe(start + 1);
    await move(first, 'under_discussion');
    await move(first, 'active');
    expect(await count(eco.publicBody)).toBe(start + 1);
    await move(first, 'ended');
    expect(await count(eco.publicBody)).toBe(start);

    const declined = await alliance([eco.publicBody, eco.company]);
    expect(await count(eco.publicBody)).toBe(start + 1);
    await move(declined, 'declined');
    expect(await count(eco.publicBody)).toBe(start);

    const withdrawn = await alliance([eco.publicBody, eco.company]);
    await move(withdrawn, 'withdrawn');
    expect(await count(eco.publicBody)).toBe(start);
    expect(await drift()).toEqual([]);

    // The directory reads the same stored count.
    const listed = await coordinator.get<Page<Actor>>(`${base}/actors`, { limit: '100' });
    const publicBody = listed.body.items.find((actor) => actor.id === eco.publicBody);
    expect(publicBody?.allianceCount).toBe(start);
  });

  it('follows party changes and deletions of parties and alliances', async () => {
    const id = await alliance([eco.publicBody, eco.association], 'Alliance remaniée');
    const before = { publicBody: await count(eco.publicBody), company: await count(eco.company) };
    await asApp(`insert into alliance_parties (alliance_id, actor_id) values ('${id}', '${eco.company}')`);
    expect(await count(eco.company)).toBe(before.company + 1);
    // A party handed to another actor (as a merge does).
    await asApp(`delete from alliance_parties where alliance_id = '${id}' and actor_id = '${eco.company}'`);
    await asApp(
      `update alliance_parties set actor_id = '${eco.company}' where alliance_id = '${id}' and actor_id = '${eco.publicBody}'`,
    );
    expect(await count(eco.publicBody)).toBe(before.publicBody - 1);
    expect(await count(eco.company)).toBe(before.company + 1);
    expect(await drift()).toEqual([]);
    // A deleted alliance takes its parties with it, counted once.
    await asApp(`delete from alliances where id = '${id}'`);
    expect(await count(eco.company)).toBe(before.company);
    expect(await drift()).toEqual([]);
    // A closed alliance deleted changes nothing.
    const ended = await alliance([eco.company, eco.association], 'Alliance close puis supprimée');
    await move(ended, 'declined');
    const closed = await count(eco.company);
    await asApp(`delete from alliances where id = '${ended}'`);
    expect(await count(eco.company)).toBe(closed);
    expect(await drift()).toEqual([]);
  });

  it('adds up concurrent creations on the same actor', async () => {
    const before = await count(eco.association);
    const others = await Promise.all(
      [1, 2, 3, 4].map(async (n) => {
        const created = await coordinator.post<{ id: string }>(`${base}/actors`, {
          category: 'association',
          name: `Association concurrente ${n}`,
        });
        return created.body.id;
      }),
    );
    await Promise.all(others.map((other, n) => alliance([eco.association, other], `Alliance simultanée ${n}`)));
    expect(await count(eco.association)).toBe(before + others.length);
    expect(await drift()).toEqual([]);
  });

  it('moves the counts with a merge of duplicates, shared alliances counted once', async () => {
    const duplicate = await coordinator.post<{ id: string }>(`${base}/actors`, {
      category: 'public_body',
      name: 'Mission locale (doublon)',
    });
    // One alliance of the duplicate alone, one shared with the actor that stays.
    await alliance([duplicate.body.id, eco.company], 'Alliance du doublon');
    await alliance([duplicate.body.id, eco.publicBody], 'Alliance partagée');
    const target = await count(eco.publicBody);
    expect(await count(duplicate.body.id)).toBe(2);
    const merged = await coordinator.post<Actor>(`${base}/actors/${eco.publicBody}/merge`, {
      sourceId: duplicate.body.id,
    });
    expect(merged.status).toBe(200);
    expect(merged.body.allianceCount).toBe(target + 1);
    expect(await count(duplicate.body.id)).toBe(0);
    expect(await drift()).toEqual([]);
  });

  it('starts imported actors at zero and leaves the others alone', async () => {
    const csv = ['Raison sociale;Catégorie', 'Ressourcerie importée;association', 'Fab lab importé;association'];
    const upload = await coordinator.upload<{ id: string }>(
      `${base}/imports`,
      Buffer.from(csv.join('\r\n'), 'utf8'),
      'text/csv',
    );
    expect(upload.status).toBe(202);
    await waitForImport(coordinator, f.a.id, upload.body.id, 'analysed');
    await coordinator.post(`${base}/imports/${upload.body.id}/run`, {});
    await waitForImport(coordinator, f.a.id, upload.body.id, 'completed');
    const listed = await coordinator.get<Page<Actor>>(`${base}/actors`, { q: 'importé', limit: '10' });
    expect(listed.body.items.map((actor) => actor.allianceCount)).toEqual([0, 0]);
    expect(await drift()).toEqual([]);
  });
});
