import {
  createTenancyFixture,
  databaseSnapshot,
  engineKind,
  joinTerritory,
  ownerQuery,
  seedEcosystem,
  type ApiClient,
  type EcosystemFixture,
  type TenancyFixture,
  type TestApp,
  type TestUser,
} from '@maillage/testing';
import type { Page } from '@maillage/platform';
import { startApi } from './support/app.js';

interface Participant {
  actorId: string;
  name: string;
  category: string;
  role: string;
  consent: string;
  consentSource: string | null;
  consentNote: string | null;
}

interface CaseStudy {
  id: string;
  source: string;
  actionId: string | null;
  allianceId: string | null;
  status: string;
  title: string;
  context: string;
  enjeux: string;
  whatWasDone: string;
  results: string;
  lessons: string;
  fragilities: string[];
  actionType: string | null;
  allianceModes: string[];
  startedOn: string | null;
  endedOn: string | null;
  participants: Participant[];
  review: { author: string | null; comment: string | null; submittedBy: string | null; approvedBy: string | null };
  canApprove: boolean;
  version: number;
}

interface NationalCaseStudy {
  id: string;
  territory: { name: string; kind: string };
  title: string;
  context: string;
  lessons: string;
  fragilities: string[];
  actionType: string | null;
  allianceModes: string[];
  participants: { name: string | null; category: string; role: string; text: string }[];
}

interface Problem {
  status: number;
  code: string;
  detail: string;
}

const FRENCH = /[àâçéèêëîïôûùœ’]|(^| )(le|la|les|un|une|des|ce|cette|est|du|de) /i;

describe(`case studies (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;
  let eco: EcosystemFixture;
  let second: TestUser;
  let base: string;

  beforeAll(async () => {
    t = await startApi();
    f = await createTenancyFixture(t);
    eco = await seedEcosystem(f.a.coordinator.api, f.a.id);
    base = `/territories/${f.a.id}/case-studies`;
    second = await joinTerritory(
      f.a.coordinator.api,
      f.anonymous,
      f.a.id,
      'relecture.a@maillage.test',
      'coordinator',
      'Relectrice A',
    );
    // The member acts for the association (an organisation account of the territory).
    const linked = await f.a.coordinator.api.patch(`/territories/${f.a.id}/members/${f.a.member.id}`, {
      actorId: eco.association,
    });
    expect(linked.status).toBe(200);
  }, 180_000);

  afterAll(() => t?.close());

  const step = (api: ApiClient, study: { id: string; version: number }, name: string, body?: unknown) =>
    api.request<CaseStudy & Problem>('POST', `${base}/${study.id}/${name}`, {
      body: body ?? {},
      headers: { 'if-match': `"${study.version}"` },
    });
  const consent = (api: ApiClient, id: string, actorId: string, body: unknown) =>
    api.put<CaseStudy & Problem>(`${base}/${id}/participants/${actorId}/consent`, body);
  const texts = async (user: TestUser) =>
    (await user.api.get<Page<{ kind: string; text: string; link: string }>>('/me/notifications')).body.items
      .filter((item) => item.kind === 'case_studies')
      .map((item) => item.text);
  const gallery = async (api: ApiClient, query: Record<string, string> = {}) => {
    const page = await api.get<Page<NationalCaseStudy>>('/case-studies', query);
    expect(page.status).toBe(200);
    return page.body.items.map((item) => item.title);
  };
  /** A refusal: its status and code, a French detail, and nothing changed in the database. */
  async function refused(
    attempt: () => Promise<{ status: number; body: unknown; headers: Record<string, unknown> }>,
    status: number,
    code: string,
  ): Promise<void> {
    const before = await databaseSnapshot(t.runtime);
    const answer = await attempt();
    const problem = answer.body as Problem;
    expect({ status: answer.status, code: problem.code }).toEqual({ status, code });
    expect(String(answer.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(problem.detail).toMatch(FRENCH);
    expect(await databaseSnapshot(t.runtime)).toEqual(before);
  }

  let fromAction: CaseStudy;
  let fromAlliance: CaseStudy;
  const FORUM = 'Forum emploi et entreprises du quartier';
  const MECENAT = 'Mécénat de compétences numériques';
  const ASSOCIATION = 'Passerelles Emploi Villeurbanne 1';
  const COMPANY = 'Atelier Numérique Lyonnais 1';

  it('turns an action and an alliance into drafts prefilled from them, and asks the organisations they cite', async () => {
    const created = await f.a.coordinator.api.post<CaseStudy>(base, { source: 'action', sourceId: eco.actionId });
    expect(created.status).toBe(201);
    fromAction = created.body;
    expect(fromAction).toMatchObject({
      source: 'action',
      actionId: eco.actionId,
      allianceId: null,
      status: 'draft',
      title: FORUM,
      context: '',
      enjeux: 'Insertion professionnelle des jeunes',
      fragilities: ['economic', 'social'],
      actionType: 'animation',
      allianceModes: [],
      startedOn: '2026-03-12',
      endedOn: null,
      version: 1,
      canApprove: false,
    });
    expect(fromAction.participants.map((p) => [p.actorId, p.name, p.category, p.role, p.consent])).toEqual([
      [eco.association, ASSOCIATION, 'association', 'Organisateur', 'pending'],
      [eco.company, COMPANY, 'company', 'Participant', 'pending'],
    ]);

    const other = await f.a.coordinator.api.post<CaseStudy>(base, { source: 'alliance', sourceId: eco.allianceId });
    expect(other.status).toBe(201);
    fromAlliance = other.body;
    expect(fromAlliance).toMatchObject({
      source: 'alliance',
      allianceId: eco.allianceId,
      title: MECENAT,
      enjeux: 'Insertion professionnelle des jeunes',
      fragilities: ['economic', 'social'],
      actionType: null,
      allianceModes: ['patronage'],
      startedOn: null,
    });
    // Parties by name: the company, then the association, with their roles in the alliance.
    expect(fromAlliance.participants.map((p) => [p.name, p.category, p.role, p.consent])).toEqual([
      [COMPANY, 'company', 'mécène', 'pending'],
      [ASSOCIATION, 'association', 'bénéficiaire', 'pending'],
    ]);

    // The association's member is asked, for each; they read both (they cite the association).
    expect(await texts(f.a.member)).toEqual(
      expect.arrayContaining([
        `La coordination prépare un retour d’expérience « ${FORUM} » qui cite votre organisation : dites si elle peut y être nommée.`,
        `La coordination prépare un retour d’expérience « ${MECENAT} » qui cite votre organisation : dites si elle peut y être nommée.`,
      ]),
    );
    const mine = await f.a.member.api.get<Page<CaseStudy>>(base);
    expect(mine.body.items.map((item) => item.title).sort()).toEqual([FORUM, MECENAT]);
    expect((await f.a.member.api.get(`${base}/${fromAction.id}`)).status).toBe(200);

    await refused(
      () => f.a.coordinator.api.post(base, { source: 'action', sourceId: eco.allianceId }),
      400,
      'case_study_source_not_found',
    );
    await refused(
      () => f.a.coordinator.api.post(base, { source: 'priority', sourceId: eco.actionId }),
      400,
      'validation_failed',
    );
    await refused(() => f.a.member.api.post(base, { source: 'action', sourceId: eco.actionId }), 403, 'forbidden');
  });

  it('records consent: an organisation’s member for their own, a coordinator for another with a note', async () => {
    const granted = await consent(f.a.member.api, fromAction.id, eco.association, { granted: true });
    expect(granted.status).toBe(200);
    expect(granted.body.participants.find((p) => p.actorId === eco.association)).toMatchObject({
      consent: 'granted',
      consentSource: 'organisation',
      consentNote: null,
    });
    await refused(
      () => consent(f.a.member.api, fromAction.id, eco.company, { granted: true }),
      403,
      'case_study_consent_not_yours',
    );
    await refused(
      () => consent(f.a.coordinator.api, fromAction.id, eco.company, { granted: false }),
      400,
      'invalid_case_study',
    );
    await refused(
      () => consent(f.a.coordinator.api, fromAction.id, eco.publicBody, { granted: true, note: 'Accord oral' }),
      404,
      'case_study_not_participant',
    );
    const recorded = await consent(f.a.coordinator.api, fromAction.id, eco.company, {
      granted: false,
      note: 'Refus par téléphone, 4 mars 2026',
    });
    expect(recorded.body.participants.find((p) => p.actorId === eco.company)).toMatchObject({
      consent: 'refused',
      consentSource: 'coordinator',
      consentNote: 'Refus par téléphone, 4 mars 2026',
    });
    // On the alliance's case study the association refuses; the company never answers.
    expect((await consent(f.a.member.api, fromAlliance.id, eco.association, { granted: false })).status).toBe(200);
    // The coordinators hear of it (not the one who recorded it: the author of an event is not told).
    expect(await texts(f.a.coordinator)).not.toContain(
      `La coordination a noté qu’${COMPANY} refuse d’être nommée dans le retour d’expérience « ${FORUM} ».`,
    );
    expect(await texts(second)).toEqual(
      expect.arrayContaining([
        `${ASSOCIATION} accepte d’être nommée dans le retour d’expérience « ${FORUM} ».`,
        `La coordination a noté qu’${COMPANY} refuse d’être nommée dans le retour d’expérience « ${FORUM} ».`,
      ]),
    );
  });

  it('edits a draft with its version, then reviews it: another coordinator approves, or returns it with a comment', async () => {
    const edited = await f.a.coordinator.api.request<CaseStudy>('PATCH', `${base}/${fromAction.id}`, {
      body: {
        context: 'Un quartier prioritaire où les jeunes peinent à rencontrer les employeurs.',
        lessons: 'Associer les entreprises dès la préparation du forum.',
        endedOn: '2026-03-12',
      },
      headers: { 'if-match': `"${fromAction.version}"` },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, endedOn: '2026-03-12' });
    await refused(
      () =>
        f.a.coordinator.api.request('PATCH', `${base}/${fromAction.id}`, {
          body: { lessons: 'Version périmée' },
          headers: { 'if-match': '"1"' },
        }),
      412,
      'version_mismatch',
    );
    await refused(
      () => f.a.coordinator.api.request('PATCH', `${base}/${fromAction.id}`, { body: { lessons: 'Sans version' } }),
      428,
      'if_match_required',
    );
    await refused(
      () =>
        f.a.coordinator.api.request('PATCH', `${base}/${fromAction.id}`, {
          body: { endedOn: '2026-01-01' },
          headers: { 'if-match': '"2"' },
        }),
      400,
      'invalid_case_study',
    );
    await refused(() => step(f.a.coordinator.api, edited.body, 'publish'), 409, 'case_study_status');

    const submitted = await step(f.a.coordinator.api, edited.body, 'submit');
    expect(submitted.body).toMatchObject({ status: 'submitted', version: 3, canApprove: false });
    expect(await texts(second)).toContain(
      `Le retour d’expérience « ${FORUM} » attend la relecture d’un·e autre coordinateur·rice.`,
    );
    await refused(() => step(f.a.coordinator.api, submitted.body, 'approve'), 403, 'case_study_own_approval');
    await refused(
      () =>
        f.a.coordinator.api.request('PATCH', `${base}/${fromAction.id}`, {
          body: { lessons: 'Trop tard' },
          headers: { 'if-match': '"3"' },
        }),
      409,
      'case_study_status',
    );
    expect((await second.api.get<CaseStudy>(`${base}/${fromAction.id}`)).body.canApprove).toBe(true);
    const approved = await step(second.api, submitted.body, 'approve');
    expect(approved.body).toMatchObject({
      status: 'approved',
      review: { author: 'coordination.a', submittedBy: 'coordination.a', approvedBy: 'Relectrice A' },
    });
    fromAction = approved.body;

    // The alliance's one is returned with a comment, taken up again, then approved.
    const pending = await step(f.a.coordinator.api, fromAlliance, 'submit');
    await refused(() => step(second.api, pending.body, 'return', { comment: ' ' }), 400, 'invalid_case_study');
    const returned = await step(second.api, pending.body, 'return', { comment: 'Précisez les résultats obtenus.' });
    expect(returned.body).toMatchObject({ status: 'draft', review: { comment: 'Précisez les résultats obtenus.' } });
    expect(await texts(f.a.coordinator)).toContain(
      `Votre retour d’expérience « ${MECENAT} » vous est renvoyé : « Précisez les résultats obtenus. »`,
    );
    const completed = await f.a.coordinator.api.request<CaseStudy>('PATCH', `${base}/${fromAlliance.id}`, {
      body: { results: 'Douze salariés bénévoles, trois sites web refaits.' },
      headers: { 'if-match': `"${returned.body.version}"` },
    });
    const again = await step(f.a.coordinator.api, completed.body, 'submit');
    fromAlliance = (await step(second.api, again.body, 'approve')).body;
    expect(fromAlliance.status).toBe('approved');
    await refused(() => step(f.a.member.api, fromAlliance, 'publish'), 403, 'forbidden');
  });

  it('publishes a copy naming only consenting organisations, tells national bodies, and every account finds it by filter', async () => {
    const territory = await f.a.coordinator.api.get<{ name: string }>(`/territories/${f.a.id}`);
    expect(territory.body.name).toBe('Métropole de Lyon');
    for (const study of [fromAction, fromAlliance]) {
      const published = await step(f.a.coordinator.api, study, 'publish');
      expect(published.body.status).toBe('published');
      if (study.id === fromAction.id) fromAction = published.body;
      else fromAlliance = published.body;
    }
    for (const national of [f.observer, f.admin]) {
      expect(await texts(national)).toEqual(
        expect.arrayContaining([
          `Métropole de Lyon publie un retour d’expérience au centre national : « ${FORUM} ».`,
          `Métropole de Lyon publie un retour d’expérience au centre national : « ${MECENAT} ».`,
        ]),
      );
    }

    const copy = await f.observer.api.get<NationalCaseStudy>(`/case-studies/${fromAction.id}`);
    expect(copy.status).toBe(200);
    expect(copy.body).toMatchObject({
      territory: { name: 'Métropole de Lyon', kind: 'epci' },
      title: FORUM,
      context: 'Un quartier prioritaire où les jeunes peinent à rencontrer les employeurs.',
      lessons: 'Associer les entreprises dès la préparation du forum.',
      actionType: 'animation',
    });
    expect(copy.body.participants).toEqual([
      {
        name: ASSOCIATION,
        category: 'association',
        role: 'Organisateur',
        text: `${ASSOCIATION} — Association, Organisateur`,
      },
      {
        name: null,
        category: 'company',
        role: 'Participant',
        text: 'Organisation non nommée — Entreprise, Participant',
      },
    ]);
    const anonymous = await f.b.coordinator.api.get<NationalCaseStudy>(`/case-studies/${fromAlliance.id}`);
    expect(anonymous.body.participants.map((p) => p.text)).toEqual([
      'Organisation non nommée — Entreprise, mécène',
      'Organisation non nommée — Association, bénéficiaire',
    ]);
    expect(JSON.stringify(anonymous.body)).not.toMatch(/Atelier Numérique|Passerelles/);
    expect(JSON.stringify(copy.body)).not.toContain(COMPANY);

    for (const reader of [f.b.coordinator, f.b.member, f.observer, f.a.member]) {
      expect((await gallery(reader.api)).sort()).toEqual([FORUM, MECENAT]);
    }
    const api = f.b.coordinator.api;
    expect(await gallery(api, { fragility: 'social' })).toEqual([MECENAT, FORUM]);
    expect(await gallery(api, { fragility: 'environmental' })).toEqual([]);
    expect(await gallery(api, { actionType: 'animation' })).toEqual([FORUM]);
    expect(await gallery(api, { actionType: 'support' })).toEqual([]);
    expect(await gallery(api, { allianceMode: 'patronage' })).toEqual([MECENAT]);
    expect(await gallery(api, { allianceMode: 'responsible_practices' })).toEqual([]);
    expect(await gallery(api, { territoryKind: 'epci' })).toEqual([MECENAT, FORUM]);
    expect(await gallery(api, { territoryKind: 'region' })).toEqual([]);
    // French search: plurals, capitals and accents do not matter.
    expect(await gallery(api, { q: 'forums Entreprise Métropole' })).toEqual([FORUM]);
    expect(await gallery(api, { q: 'mecenat' })).toEqual([MECENAT]);
    expect(await gallery(api, { q: 'Métropoles' })).toEqual([MECENAT, FORUM]);
    // The refused organisation's name is nowhere to be searched.
    expect(await gallery(api, { q: 'Atelier' })).toEqual([]);
    expect(await gallery(f.observer.api, { limit: '1' })).toEqual([MECENAT]);
    await refused(() => api.get('/case-studies', { fragility: 'fragile' }), 400, 'validation_failed');
  });

  it('follows a consent changed after publication, and unpublishing removes the copy everywhere', async () => {
    expect((await consent(f.a.member.api, fromAction.id, eco.association, { granted: false })).status).toBe(200);
    const copy = await f.b.member.api.get<NationalCaseStudy>(`/case-studies/${fromAction.id}`);
    expect(copy.body.participants.map((p) => p.text)).toEqual([
      'Organisation non nommée — Association, Organisateur',
      'Organisation non nommée — Entreprise, Participant',
    ]);

    const current = (await f.a.coordinator.api.get<CaseStudy>(`${base}/${fromAction.id}`)).body;
    await refused(() => step(f.a.coordinator.api, { ...current, version: 1 }, 'unpublish'), 412, 'version_mismatch');
    const withdrawn = await step(second.api, current, 'unpublish');
    expect(withdrawn.body.status).toBe('approved');
    for (const reader of [f.observer, f.b.coordinator, f.a.member, f.admin]) {
      expect((await reader.api.get(`/case-studies/${fromAction.id}`)).status).toBe(404);
      expect(await gallery(reader.api)).toEqual([MECENAT]);
    }
    expect(
      await ownerQuery<{ count: number }>(
        t.runtime,
        `select count(*)::int as count from national_case_studies where id = $1`,
        [fromAction.id],
      ),
    ).toEqual([{ count: 0 }]);
    await refused(() => step(second.api, withdrawn.body, 'unpublish'), 409, 'case_study_status');

    const audit = await f.a.coordinator.api.get<Page<{ entity: string; action: string }>>(
      `/territories/${f.a.id}/audit-log`,
      { entity: 'case_study' },
    );
    expect(audit.body.items.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['create', 'update', 'submit', 'approve', 'return', 'publish', 'unpublish']),
    );
  });

  it('keeps a territory’s case studies to its own coordinators and the organisations they cite', async () => {
    expect((await f.b.coordinator.api.get(`${base}/${fromAlliance.id}`)).status).toBe(404);
    const theirs = await f.b.coordinator.api.get<Page<CaseStudy>>(`/territories/${f.b.id}/case-studies`);
    expect(theirs.body.items).toEqual([]);
    expect((await f.b.coordinator.api.get(`/territories/${f.b.id}/case-studies/${fromAlliance.id}`)).status).toBe(404);
    expect((await f.observer.api.get(base)).status).toBe(404);
    // A member acting for no organisation the case studies cite sees none of them.
    const unlinked = await joinTerritory(f.a.coordinator.api, f.anonymous, f.a.id, 'sans.orga@maillage.test', 'member');
    expect((await unlinked.api.get<Page<CaseStudy>>(base)).body.items).toEqual([]);
    expect((await unlinked.api.get(`${base}/${fromAction.id}`)).status).toBe(404);
  });

  it('refuses to publish a text that names an organisation which has not agreed to be named', async () => {
    const draft = (await f.a.coordinator.api.post<CaseStudy>(base, { source: 'alliance', sourceId: eco.allianceId }))
      .body;
    const edited = await f.a.coordinator.api.request<CaseStudy>('PATCH', `${base}/${draft.id}`, {
      body: { lessons: `Merci à l’ATELIER numerique lyonnais 1 pour son engagement.` },
      headers: { 'if-match': `"${draft.version}"` },
    });
    expect(edited.status).toBe(200);
    const submitted = await step(f.a.coordinator.api, edited.body, 'submit');
    const approved = await step(second.api, submitted.body, 'approve');
    expect(approved.body.status).toBe('approved');
    const named = await step(f.a.coordinator.api, approved.body, 'publish');
    expect(named.status).toBe(409);
    expect(named.body).toMatchObject({ code: 'case_study_names_without_consent' });
    expect(named.body.detail).toBe(
      `Le texte nomme une organisation qui n’a pas accepté d’être nommée : « ${COMPANY} ». ` +
        'Retirez ce nom du titre et des sections (le centre national décrit ces organisations par leur catégorie et leur rôle), ou recueillez leur accord.',
    );
    // Nothing was published.
    expect((await f.a.coordinator.api.get<CaseStudy>(`${base}/${draft.id}`)).body.status).toBe('approved');
    expect((await f.observer.api.get(`/case-studies/${draft.id}`)).status).toBe(404);
    // Once the company agrees, the same text is published.
    expect(
      (await consent(f.a.coordinator.api, draft.id, eco.company, { granted: true, note: 'Accord par courriel' }))
        .status,
    ).toBe(200);
    const current = (await f.a.coordinator.api.get<CaseStudy>(`${base}/${draft.id}`)).body;
    expect((await step(f.a.coordinator.api, current, 'publish')).body.status).toBe('published');
  });
});
