import {
  createTenancyFixture,
  engineKind,
  joinTerritory,
  ownerQuery,
  pollUntil,
  type ApiClient,
  type TenancyFixture,
  type TestApp,
  type TestUser,
} from '@maillage/testing';
import { startApi } from './support/app.js';

interface Alliance {
  id: string;
  title: string;
  description: string;
  status: string;
  modes: string[];
  patronageKinds: string[];
  startDate: string | null;
  endDate: string | null;
  parties: { actorId: string; name: string; role: string }[];
  agreements: { actorId: string }[];
  editing: { terms: boolean; parties: boolean };
  version: number;
}
interface Problem {
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Alliances are edited (PATCH, If-Match): coordination corrects any alliance's terms and its
 * parties until it is active; the proposing organisation edits its proposal until another party
 * answers; a refused edit changes nothing; the parties hear what changed, the journal keeps it.
 */
describe(`alliance editing (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;
  let coordinator: ApiClient;
  let base: string;
  /** Acts for the company (the proposer below). */
  let company: TestUser;
  /** Acts for the association. */
  let association: TestUser;
  /** Acts for the foundation. */
  let foundation: TestUser;
  const actors: Record<'company' | 'association' | 'foundation' | 'club' | 'archived', string> = {
    company: '',
    association: '',
    foundation: '',
    club: '',
    archived: '',
  };

  beforeAll(async () => {
    t = await startApi();
    f = await createTenancyFixture(t);
    coordinator = f.a.coordinator.api;
    base = `/territories/${f.a.id}`;
    const actor = async (body: Record<string, unknown>) => {
      const created = await coordinator.post<{ id: string }>(`${base}/actors`, { communeCode: '69266', ...body });
      expect(created.status).toBe(201);
      return created.body.id;
    };
    actors.company = await actor({ category: 'company', name: 'Atelier Numérique Lyonnais', sizeClass: 'sme' });
    actors.association = await actor({ category: 'association', name: 'Passerelles Emploi' });
    actors.foundation = await actor({ category: 'association', name: 'Fondation des Pentes' });
    actors.club = await actor({ category: 'association', name: 'Club Sportif de la Duchère' });
    actors.archived = await actor({ category: 'association', name: 'Amicale Dissoute' });
    expect((await coordinator.post(`${base}/actors/${actors.archived}/archive`)).status).toBe(200);
    company = f.a.member;
    association = await joinTerritory(coordinator, f.anonymous, f.a.id, 'asso@maillage.test', 'member', 'Awa Diallo');
    foundation = await joinTerritory(
      coordinator,
      f.anonymous,
      f.a.id,
      'fondation@maillage.test',
      'member',
      'Jo Martin',
    );
    for (const [user, actorId] of [
      [company, actors.company],
      [association, actors.association],
      [foundation, actors.foundation],
    ] as const) {
      expect((await coordinator.patch(`${base}/members/${user.id}`, { actorId })).status).toBe(200);
    }
  });
  afterAll(() => t?.close());

  const patch = (api: ApiClient, alliance: { id: string; version: number }, body: Record<string, unknown>) =>
    api.request<Alliance & Problem>('PATCH', `${base}/alliances/${alliance.id}`, {
      body,
      headers: { 'If-Match': String(alliance.version) },
    });
  const read = async (id: string) => (await coordinator.get<Alliance>(`${base}/alliances/${id}`)).body;
  const texts = async (user: TestUser) =>
    (await user.api.get<Page<{ text: string }>>('/me/notifications')).body.items.map((item) => item.text);
  const counts = async () =>
    Object.fromEntries(
      (
        await ownerQuery<{ id: string; alliance_count: number }>(
          t.runtime,
          `select id, alliance_count from actors where territory_id = $1`,
          [f.a.id],
        )
      ).map((row) => [row.id, row.alliance_count]),
    );

  async function create(api: ApiClient, title: string, parties: string[]): Promise<Alliance> {
    const created = await api.post<Alliance>(`${base}/alliances`, {
      title,
      parties: parties.map((actorId) => ({ actorId })),
      modes: ['economic_cooperation'],
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  it('lets the coordination correct the terms, guarded by the version, and keeps the change in the journal', async () => {
    const alliance = await create(coordinator, 'Mécénat de compétances', [actors.company, actors.association]);
    expect(alliance.editing).toEqual({ terms: true, parties: true });

    const missing = await coordinator.patch<Problem>(`${base}/alliances/${alliance.id}`, { title: 'Sans version' });
    expect(missing.status).toBe(428);
    const stale = await patch(coordinator, { ...alliance, version: alliance.version - 1 }, { title: 'Ancienne' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('version_mismatch');

    const saved = await patch(coordinator, alliance, {
      title: 'Mécénat de compétences',
      modes: ['patronage'],
      patronageKinds: ['skills'],
      startDate: '2026-01-05',
      endDate: '2026-12-31',
      parties: [
        { actorId: actors.company, role: 'mécène' },
        { actorId: actors.association, role: 'porteur' },
      ],
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      title: 'Mécénat de compétences',
      modes: ['patronage'],
      patronageKinds: ['skills'],
      startDate: '2026-01-05',
      endDate: '2026-12-31',
      version: alliance.version + 1,
    });
    expect(Object.fromEntries(saved.body.parties.map((party) => [party.name, party.role]))).toEqual({
      'Atelier Numérique Lyonnais': 'mécène',
      'Passerelles Emploi': 'porteur',
    });
    // The old version no longer saves.
    expect((await patch(coordinator, alliance, { title: 'Encore' })).status).toBe(412);

    const log = await coordinator.get<Page<{ action: string; entityId: string; changes: Record<string, unknown> }>>(
      `${base}/audit-log`,
      { entity: 'alliance' },
    );
    const entry = log.body.items.find((item) => item.entityId === alliance.id && item.action === 'update');
    expect(entry).toBeDefined();
    expect(Object.keys(entry?.changes ?? {}).sort()).toEqual(
      ['endDate', 'modes', 'partyRoles', 'patronageKinds', 'startDate', 'title'].sort(),
    );
    expect(entry?.changes['title']).toEqual({ old: 'Mécénat de compétances', new: 'Mécénat de compétences' });

    // Both parties hear what changed, by French names.
    const told =
      'La coordination a modifié l’alliance « Mécénat de compétences » : intitulé, modes, formes de mécénat, date de début, date de fin et rôles des parties.';
    for (const member of [company, association]) {
      await pollUntil(
        `${member.email} told`,
        () => texts(member),
        (list) => list.includes(told),
      );
    }

    // An edit that changes nothing is no version, no entry and no notification.
    const same = await patch(coordinator, saved.body, { title: ' Mécénat de compétences ' });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(saved.body.version);
  });

  it('refuses bad terms in French and changes nothing', async () => {
    const alliance = await create(coordinator, 'Jardins partagés', [actors.association, actors.club]);
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ startDate: '2026-06-01', endDate: '2026-05-01' }, 400, 'endDate', 'La fin de l’alliance précède son début.'],
      [
        { patronageKinds: ['financial'] },
        400,
        'patronageKinds',
        'Les formes de mécénat supposent le mode « mécénat ».',
      ],
      [{ parties: [{ actorId: actors.association }] }, 400, 'parties', 'Ce champ doit contenir au moins 2 éléments.'],
      [
        { parties: [{ actorId: actors.association }, { actorId: actors.association }] },
        400,
        'parties',
        'Une alliance réunit au moins deux acteurs différents.',
      ],
      [
        { parties: [{ actorId: actors.association }, { actorId: actors.club }, { actorId: actors.archived }] },
        400,
        'parties',
        'Certains acteurs ajoutés n’existent pas dans le territoire, ou sont archivés.',
      ],
      [
        {
          parties: [
            { actorId: actors.association },
            { actorId: actors.club },
            { actorId: '00000000-0000-4000-8000-000000000000' },
          ],
        },
        400,
        'parties',
        'Certains acteurs ajoutés n’existent pas dans le territoire, ou sont archivés.',
      ],
    ];
    for (const [body, status, field, message] of cases) {
      const refused = await patch(coordinator, alliance, body);
      expect(refused.status).toBe(status);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body.errors).toContainEqual({ field, message });
    }
    const title = await patch(coordinator, alliance, { title: '   ' });
    expect(title.status).toBe(400);
    const mode = await patch(coordinator, alliance, { modes: ['mecenat'] });
    expect(mode.status).toBe(400);
    const after = await read(alliance.id);
    expect(after).toMatchObject({ title: 'Jardins partagés', version: alliance.version, startDate: null });
    expect(after.parties.map((party) => party.actorId).sort()).toEqual([actors.association, actors.club].sort());
  });

  it('refuses a planned end before the start, on creation and when one date is sent against the stored other', async () => {
    const reversed = 'La fin de l’alliance précède son début.';
    const stored = async () =>
      ownerQuery<{ n: number }>(t.runtime, `select count(*)::int as n from alliances where territory_id = $1`, [
        f.a.id,
      ]);
    const before = await stored();
    const refused = await coordinator.post<Problem>(`${base}/alliances`, {
      title: 'Dates inversées',
      parties: [{ actorId: actors.association }, { actorId: actors.club }],
      modes: ['economic_cooperation'],
      startDate: '2026-06-01',
      endDate: '2026-05-31',
    });
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.errors).toEqual([{ field: 'endDate', message: reversed }]);
    expect(await stored()).toEqual(before);

    const alliance = await create(coordinator, 'Chantier d’insertion', [actors.association, actors.club]);
    const dated = await patch(coordinator, alliance, { startDate: '2026-06-01', endDate: '2026-09-30' });
    expect(dated.status).toBe(200);
    // Only the end, before the stored start; only the start, after the stored end.
    for (const body of [{ endDate: '2026-05-31' }, { startDate: '2026-10-01' }]) {
      const one = await patch(coordinator, dated.body, body);
      expect(one.status).toBe(400);
      expect(one.headers['content-type']).toContain('application/problem+json');
      expect(one.body.errors).toEqual([{ field: 'endDate', message: reversed }]);
    }
    expect(await read(alliance.id)).toMatchObject({
      startDate: '2026-06-01',
      endDate: '2026-09-30',
      version: dated.body.version,
    });
    // Either date alone, in order with the stored other, is saved.
    const later = await patch(coordinator, dated.body, { endDate: '2026-06-01' });
    expect(later.status).toBe(200);
    expect(later.body).toMatchObject({ startDate: '2026-06-01', endDate: '2026-06-01' });
  });

  it('changes the parties until the alliance is active: a party removed loses its agreement and its view, one added is awaited', async () => {
    const alliance = await create(coordinator, 'Réseau d’entraide', [actors.company, actors.association]);
    const moved = await coordinator.post<Alliance>(`${base}/alliances/${alliance.id}/transitions`, {
      to: 'under_discussion',
    });
    expect(moved.status).toBe(200);
    const agreed = await association.api.post<Alliance>(`${base}/alliances/${alliance.id}/agreements`, {
      actorId: actors.association,
    });
    expect(agreed.status).toBe(200);
    const before = await counts();

    const saved = await patch(coordinator, agreed.body, {
      parties: [{ actorId: actors.company }, { actorId: actors.foundation }],
    });
    expect(saved.status).toBe(200);
    expect(saved.body.parties.map((party) => party.actorId).sort()).toEqual([actors.company, actors.foundation].sort());
    expect(saved.body.agreements).toEqual([]);
    expect(saved.body.status).toBe('under_discussion');
    // The directory's counts follow (one alliance less for the association, one more for the foundation).
    const after = await counts();
    expect(after[actors.association]).toBe((before[actors.association] ?? 0) - 1);
    expect(after[actors.foundation]).toBe((before[actors.foundation] ?? 0) + 1);
    expect(after[actors.company]).toBe(before[actors.company]);

    // The removed party no longer sees it, and is told; the added one is asked; the one that stays hears.
    expect((await association.api.get(`${base}/alliances/${alliance.id}`)).status).toBe(404);
    await pollUntil(
      'the removed party told',
      () => texts(association),
      (list) => list.includes('La coordination a retiré votre organisation de l’alliance « Réseau d’entraide ».'),
    );
    await pollUntil(
      'the added party asked',
      () => texts(foundation),
      (list) =>
        list.includes(
          'La coordination ajoute votre organisation à l’alliance « Réseau d’entraide », avec Atelier Numérique Lyonnais : dites si vous en êtes.',
        ),
    );
    await pollUntil(
      'the party that stays told',
      () => texts(company),
      (list) => list.includes('La coordination a modifié l’alliance « Réseau d’entraide » : parties.'),
    );
    // The added party agrees as the others would.
    const foundationAgrees = await foundation.api.post<Alliance>(`${base}/alliances/${alliance.id}/agreements`, {
      actorId: actors.foundation,
    });
    expect(foundationAgrees.status).toBe(200);

    // Active: the parties are locked (a 409 that changes nothing), the terms and roles still correctable.
    const active = await coordinator.post<Alliance>(`${base}/alliances/${alliance.id}/transitions`, { to: 'active' });
    expect(active.status).toBe(200);
    expect(active.body.editing).toEqual({ terms: true, parties: false });
    const locked = await patch(coordinator, active.body, {
      title: 'Réseau d’entraide élargi',
      parties: [{ actorId: actors.company }, { actorId: actors.foundation }, { actorId: actors.club }],
    });
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('parties_locked');
    expect((await read(alliance.id)).title).toBe('Réseau d’entraide');
    const roles = await patch(coordinator, active.body, {
      title: 'Réseau d’entraide des Pentes',
      parties: [
        { actorId: actors.company, role: 'mécène' },
        { actorId: actors.foundation, role: 'porteur' },
      ],
    });
    expect(roles.status).toBe(200);
    expect(roles.body.title).toBe('Réseau d’entraide des Pentes');

    // Ended: coordination still corrects the record's terms.
    const ended = await coordinator.post<Alliance>(`${base}/alliances/${alliance.id}/transitions`, { to: 'ended' });
    expect(ended.body.editing).toEqual({ terms: true, parties: false });
    expect((await patch(coordinator, ended.body, { description: 'Bilan : 12 jeunes accompagnés.' })).status).toBe(200);
  });

  it('lets the proposing organisation edit its proposal until another party answers, and no one else', async () => {
    const proposal = await create(company.api, 'Parrainage numérique', [actors.company, actors.association]);
    expect(proposal.editing).toEqual({ terms: true, parties: true });
    const seenByOther = (await association.api.get<Alliance>(`${base}/alliances/${proposal.id}`)).body;
    expect(seenByOther.editing).toEqual({ terms: false, parties: false });

    // The other party may not rewrite it.
    const other = await patch(association.api, proposal, { title: 'Réécrite' });
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ code: 'alliance_not_editable' });
    expect(other.body.detail).toContain('Seule l’organisation qui a proposé l’alliance la modifie');
    // A member of an organisation that is no party does not even see it.
    expect((await patch(foundation.api, proposal, { title: 'Intrus' })).status).toBe(404);

    // The proposer stays a party.
    const leaving = await patch(company.api, proposal, {
      parties: [{ actorId: actors.association }, { actorId: actors.foundation }],
    });
    expect(leaving.status).toBe(400);
    expect(leaving.body.errors?.[0]?.field).toBe('parties');
    expect(leaving.body.detail).toBe(
      'Atelier Numérique Lyonnais a proposé l’alliance : elle en reste partie (retirer la proposition l’annule).',
    );

    const edited = await patch(company.api, proposal, {
      title: 'Parrainage numérique des jeunes',
      parties: [{ actorId: actors.company }, { actorId: actors.association }, { actorId: actors.foundation }],
    });
    expect(edited.status).toBe(200);
    await pollUntil(
      'the other party told by the proposer',
      () => texts(association),
      (list) =>
        list.includes(
          'Atelier Numérique Lyonnais a modifié l’alliance « Parrainage numérique des jeunes » : intitulé et parties.',
        ),
    );
    // Its author is not told of its own edit.
    expect((await texts(company)).some((text) => text.includes('a modifié l’alliance « Parrainage'))).toBe(false);

    // Once another party answered, the proposal is no longer the proposer's to rewrite.
    const answered = await association.api.post<Alliance>(`${base}/alliances/${proposal.id}/transitions`, {
      to: 'under_discussion',
    });
    expect(answered.status).toBe(200);
    const late = await patch(company.api, answered.body, { title: 'Trop tard' });
    expect(late.status).toBe(403);
    expect(late.body.detail).toBe(
      'Votre proposition a reçu une réponse : elle ne se modifie plus. Discutez-en avec les autres parties, ou retirez-la.',
    );
    expect((await read(proposal.id)).title).toBe('Parrainage numérique des jeunes');
  });

  it('clears with null, ignores repeated priorities, and asks the parties again when the terms they agreed to change', async () => {
    const priority = await coordinator.post<{ id: string }>(`${base}/priorities`, { title: 'Emploi des jeunes' });
    expect(priority.status).toBe(201);
    const alliance = await create(coordinator, 'Chantiers d’insertion', [
      actors.company,
      actors.association,
      actors.foundation,
    ]);
    const described = await patch(coordinator, alliance, {
      description: 'Trois chantiers par an.',
      priorityIds: [priority.body.id],
    });
    expect(described.status).toBe(200);
    // The same priority twice is the same list: no new version.
    const same = await patch(coordinator, described.body, { priorityIds: [priority.body.id, priority.body.id] });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(described.body.version);
    // null clears a text or a list (never a 500).
    const cleared = await patch(coordinator, described.body, { description: null, priorityIds: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ description: '', priorityIds: [] });

    const discussed = await coordinator.post<Alliance>(`${base}/alliances/${alliance.id}/transitions`, {
      to: 'under_discussion',
    });
    for (const [member, actorId] of [
      [association, actors.association],
      [company, actors.company],
    ] as const) {
      expect((await member.api.post(`${base}/alliances/${alliance.id}/agreements`, { actorId })).status).toBe(200);
    }
    // A title corrected keeps the agreements; other modes are agreed again.
    const retitled = await patch(coordinator, await read(alliance.id), { title: 'Chantiers d’insertion 2027' });
    expect(retitled.body.agreements).toHaveLength(2);
    const remoded = await patch(coordinator, retitled.body, { modes: ['societal_innovation'] });
    expect(remoded.status).toBe(200);
    expect(remoded.body.agreements).toEqual([]);
    expect(discussed.status).toBe(200);

    // Both agree again; the foundation, still awaited, is removed: every party left agreed, so it is active.
    for (const [member, actorId] of [
      [association, actors.association],
      [company, actors.company],
    ] as const) {
      expect((await member.api.post(`${base}/alliances/${alliance.id}/agreements`, { actorId })).status).toBe(200);
    }
    const narrowed = await patch(coordinator, await read(alliance.id), {
      parties: [{ actorId: actors.company }, { actorId: actors.association }],
    });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.status).toBe('active');
    expect((await read(alliance.id)).status).toBe('active');
  });

  it('keeps another territory’s alliances out of reach', async () => {
    const elsewhere = await f.b.coordinator.api.post<Alliance>(`/territories/${f.b.id}/alliances`, {
      title: 'Ailleurs',
      parties: [
        {
          actorId: (
            await f.b.coordinator.api.post<{ id: string }>(`/territories/${f.b.id}/actors`, {
              category: 'company',
              name: 'Entreprise B',
              communeCode: '13055',
            })
          ).body.id,
        },
        {
          actorId: (
            await f.b.coordinator.api.post<{ id: string }>(`/territories/${f.b.id}/actors`, {
              category: 'association',
              name: 'Association B',
              communeCode: '13055',
            })
          ).body.id,
        },
      ],
      modes: ['economic_cooperation'],
    });
    expect(elsewhere.status).toBe(201);
    // Through territory A's path, B's alliance does not exist.
    const crossed = await patch(coordinator, elsewhere.body, { title: 'Détournée' });
    expect(crossed.status).toBe(404);
    expect(
      (await f.b.coordinator.api.get<Alliance>(`/territories/${f.b.id}/alliances/${elsewhere.body.id}`)).body.title,
    ).toBe('Ailleurs');
  });
});
