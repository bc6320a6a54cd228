import {
  companyIds,
  createTenancyFixture,
  engineKind,
  login,
  seedEcosystem,
  waitForGraph,
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
  category: string;
  external: boolean;
  version: number;
  siren: string | null;
  nafLabel: string | null;
  communeName: string | null;
  allianceCount: number;
  archivedAt: string | null;
}
interface Alliance {
  id: string;
  status: string;
  nextStatuses: string[];
  transitions: { from: string | null; to: string; on: string; by: string | null }[];
}

describe(`territorial ecosystem (${engineKind()} engine)`, () => {
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

  describe('actors', () => {
    it('checks identifiers with their keys, the SIRET inside its SIREN, RNA, NAF and commune codes', async () => {
      const { siren, siret } = companyIds(501);
      const bad = await coordinator.post<{ code: string; errors: { field: string }[] }>(`${base}/actors`, {
        category: 'association',
        name: 'Erreurs en série',
        siren: `${siren.slice(0, 8)}${(Number(siren[8]) + 1) % 10}`,
        siret: companyIds(502).siret,
        rna: 'W12345',
        nafCode: '99.99Z',
        communeCode: '99999',
        sizeClass: 'sme',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('invalid_actor');
      expect(bad.body.errors.map((error) => error.field).sort()).toEqual(
        ['communeCode', 'nafCode', 'rna', 'siren', 'siret', 'sizeClass'].sort(),
      );
      const mismatch = await coordinator.post<{ errors: { field: string; message: string }[] }>(`${base}/actors`, {
        category: 'company',
        name: 'SIRET d’une autre entreprise',
        siren,
        siret: companyIds(503).siret,
      });
      expect(mismatch.status).toBe(400);
      expect(mismatch.body.errors).toEqual([
        expect.objectContaining({ field: 'siret', message: expect.stringMatching(/SIREN/) }),
      ]);
      const ok = await coordinator.post<Actor>(`${base}/actors`, {
        category: 'company',
        name: 'Bonne Entreprise',
        siret,
      });
      expect(ok.status).toBe(201);
      expect(ok.body.siren).toBe(siren);
    });

    it('takes a website typed without its scheme (« www.exemple.fr ») with https:// before it, and refuses one that is no address', async () => {
      const created = await coordinator.post<Actor & { website: string | null }>(`${base}/actors`, {
        category: 'association',
        name: 'Site sans https',
        website: ' www.site-sans-https.example ',
      });
      expect(created.status).toBe(201);
      expect(created.body.website).toBe('https://www.site-sans-https.example');
      const updated = await coordinator.request<{ website: string | null }>(
        'PATCH',
        `${base}/actors/${created.body.id}`,
        {
          body: { website: 'site-sans-https.example/contact' },
          headers: { 'if-match': `"${created.body.version}"` },
        },
      );
      expect(updated.status).toBe(200);
      expect(updated.body.website).toBe('https://site-sans-https.example/contact');
      expect(
        (
          await coordinator.post(`${base}/actors`, {
            category: 'association',
            name: 'Site en clair',
            website: 'http://clair.example',
          })
        ).body,
      ).toMatchObject({ website: 'http://clair.example' });
      for (const website of [
        'pas un site',
        'javascript:alert(1)',
        'ftp://fichiers.example',
        'mailto:contact@site.example',
      ]) {
        const refused = await coordinator.post<{ errors: { field: string; message: string }[] }>(`${base}/actors`, {
          category: 'association',
          name: 'Site refusé',
          website,
        });
        expect(refused.status).toBe(400);
        expect(refused.body.errors).toEqual([
          { field: 'website', message: 'Adresse web invalide : par exemple www.exemple.fr ou https://www.exemple.fr.' },
        ]);
      }
    });

    it('flags actors whose commune lies outside the territory as external, and names their NAF and commune', async () => {
      const outside = await coordinator.post<Actor>(`${base}/actors`, {
        category: 'foundation',
        name: 'Fondation grenobloise',
        communeCode: '38185',
        nafCode: '9499z',
      });
      expect(outside.status).toBe(201);
      expect(outside.body).toMatchObject({ external: true, communeName: 'Grenoble', nafLabel: expect.any(String) });
      const inside = await coordinator.get<Actor>(`${base}/actors/${eco.association}`);
      expect(inside.body).toMatchObject({ external: false, communeName: 'Villeurbanne', allianceCount: 2 });
    });

    it('keeps SIRET and RNA unique per territory (409), but another territory may reuse them', async () => {
      const { siret } = companyIds(1);
      const duplicate = await coordinator.post(`${base}/actors`, { category: 'company', name: 'Doublon', siret });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body).toMatchObject({ code: 'duplicate_actor' });
      expect((duplicate.body as { detail: string }).detail).toMatch(
        /^« .+ », un acteur du territoire, a déjà ce SIRET\.$/,
      );
      // An archived card with the same SIRET: named, and said archived, so that it is reopened.
      const closed = await coordinator.post<Actor>(`${base}/actors`, {
        category: 'company',
        name: 'Scierie du Val fermée',
        siret: companyIds(731).siret,
      });
      expect((await coordinator.post(`${base}/actors/${closed.body.id}/archive`)).status).toBe(200);
      const again = await coordinator.post(`${base}/actors`, {
        category: 'company',
        name: 'Scierie du Val',
        siret: companyIds(731).siret,
      });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({
        code: 'duplicate_actor',
        errors: [{ field: 'siret', message: 'déjà utilisé par « Scierie du Val fermée » (archivé)' }],
      });
      expect((again.body as { detail: string }).detail).toContain('réactivez sa fiche');
      const elsewhere = await f.b.coordinator.api.post(`/territories/${f.b.id}/actors`, {
        category: 'company',
        name: 'Même SIRET',
        siret,
      });
      expect(elsewhere.status).toBe(201);
    });

    it('searches names and descriptions ignoring accents and case, and filters the directory', async () => {
      const byAccentless = await f.a.member.api.get<Page<Actor>>(`${base}/actors`, { q: 'cooperative' });
      expect(byAccentless.body.items.map((actor) => actor.id)).toEqual([eco.association]);
      const byPrefix = await coordinator.get<Page<Actor>>(`${base}/actors`, { q: 'ATELIER numeriq' });
      expect(byPrefix.body.items.map((actor) => actor.id)).toEqual([eco.company]);
      expect((await coordinator.get<Page<Actor>>(`${base}/actors`, { q: '!!!' })).body.items).toEqual([]);
      const companies = await coordinator.get<Page<Actor>>(`${base}/actors`, { category: 'company', sizeClass: 'sme' });
      expect(companies.body.items.map((actor) => actor.id)).toContain(eco.company);
      expect(companies.body.items.every((actor) => actor.category === 'company')).toBe(true);
      const tagged = await coordinator.get<Page<Actor>>(`${base}/actors`, { tag: 'insertion', fragility: 'social' });
      expect(tagged.body.items.map((actor) => actor.id)).toEqual([eco.association]);
      const inVilleurbanne = await coordinator.get<Page<Actor>>(`${base}/actors`, { commune: '69266' });
      expect(inVilleurbanne.body.items.map((actor) => actor.id)).toEqual([eco.association]);
      const withAlliance = await coordinator.get<Page<Actor>>(`${base}/actors`, { hasAlliance: 'true' });
      expect(withAlliance.body.items.map((actor) => actor.id).sort()).toEqual(
        [eco.association, eco.company, eco.publicBody].sort(),
      );
      const without = await coordinator.get<Page<Actor>>(`${base}/actors`, { hasAlliance: 'false' });
      expect(without.body.items.map((actor) => actor.id)).not.toContain(eco.association);
    });

    it('keeps the search and the tags current as actors are written, and pages a search without gaps', async () => {
      const search = async (query: Record<string, string>) =>
        (await coordinator.get<Page<Actor>>(`${base}/actors`, query)).body.items.map((actor) => actor.name);
      const created = await coordinator.post<Actor>(`${base}/actors`, {
        category: 'association',
        name: 'Rucher Pédagogique',
        description: 'Apiculture et jardins partagés',
        tags: ['Abeilles'],
      });
      expect(created.status).toBe(201);
      expect(await search({ q: 'ruch pedag' })).toEqual(['Rucher Pédagogique']);
      expect(await search({ q: 'jardin' })).toContain('Rucher Pédagogique');
      expect(await search({ tag: 'abeilles' })).toEqual(['Rucher Pédagogique']);
      // Renamed and retagged: found by its new words only.
      const renamed = await coordinator.request<Actor>('PATCH', `${base}/actors/${created.body.id}`, {
        body: { name: 'Miellerie Solidaire', tags: ['Miel'] },
        headers: { 'if-match': `"${created.body.version}"` },
      });
      expect(renamed.status).toBe(200);
      expect(await search({ q: 'rucher' })).toEqual([]);
      expect(await search({ q: 'miell solid' })).toEqual(['Miellerie Solidaire']);
      expect(await search({ tag: 'abeilles' })).toEqual([]);
      expect(await search({ tag: 'miel' })).toEqual(['Miellerie Solidaire']);
      // Archived: out of the default list, found with the archived ones.
      expect((await coordinator.post(`${base}/actors/${created.body.id}/archive`)).status).toBe(200);
      expect(await search({ q: 'miellerie' })).toEqual([]);
      expect(await search({ q: 'miellerie', includeArchived: 'true' })).toEqual(['Miellerie Solidaire']);
      // Not in another territory's search.
      expect(
        (await f.b.coordinator.api.get<Page<Actor>>(`/territories/${f.b.id}/actors`, { q: 'miellerie' })).body.items,
      ).toEqual([]);

      // A search across pages, by name then by creation date: each actor once, in order.
      const names = Array.from({ length: 7 }, (_, i) => `Verger Collectif ${String.fromCharCode(71 - i)}`);
      for (const name of names) {
        expect((await coordinator.post(`${base}/actors`, { category: 'association', name })).status).toBe(201);
      }
      for (const sort of ['name', '-createdAt']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: { body: Page<Actor> } = await coordinator.get<Page<Actor>>(`${base}/actors`, {
            q: 'verger coll',
            sort,
            limit: '3',
            ...(cursor ? { cursor } : {}),
          });
          seen.push(...page.body.items.map((actor) => actor.name));
          cursor = page.body.nextCursor;
        } while (cursor);
        expect(seen).toEqual(sort === 'name' ? [...names].sort() : [...names].reverse());
      }
    });

    it('answers values PostgreSQL refuses (blank names, NUL characters, forged cursors) with a 4xx that changes nothing', async () => {
      const blank = await coordinator.post(`${base}/actors`, { category: 'association', name: '   ' });
      expect(blank.status).toBe(400);
      const nul = await coordinator.post(`${base}/actors`, { category: 'association', name: 'Nom\u0000caché' });
      expect(nul.status).toBe(400);
      expect(nul.headers['content-type']).toMatch(/problem\+json/);
      const forged = Buffer.from(JSON.stringify({ k: "x'", id: 'pas-un-uuid' })).toString('base64url');
      expect((await coordinator.get(`${base}/actors`, { cursor: forged })).status).toBe(400);
      const wrongTime = Buffer.from(JSON.stringify({ k: 'hier', id: eco.company })).toString('base64url');
      expect((await coordinator.get(`${base}/actors`, { cursor: wrongTime, sort: 'createdAt' })).status).toBe(400);
      const auditCursor = Buffer.from(JSON.stringify({ id: '99999999999999999999' })).toString('base64url');
      expect((await coordinator.get(`${base}/audit-log`, { cursor: auditCursor })).status).toBe(400);
    });

    it('sorts and paginates with a cursor, without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: Page<Actor> } = await coordinator.get<Page<Actor>>(`${base}/actors`, {
          limit: '2',
          sort: '-name',
          ...(cursor ? { cursor } : {}),
        });
        seen.push(...page.body.items.map((actor) => actor.name));
        cursor = page.body.nextCursor;
      } while (cursor);
      const all = await coordinator.get<Page<Actor>>(`${base}/actors`, { limit: '100', sort: '-name' });
      expect(seen).toEqual(all.body.items.map((actor) => actor.name));
      expect(seen).toEqual([...seen].sort((a, b) => b.toLowerCase().localeCompare(a.toLowerCase())));
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('sorts names in French order, accents and case aside ("Épicerie" before "Université")', async () => {
      for (const name of ['Université populaire du Rhône', 'Épicerie solidaire des Pentes', 'école de musique']) {
        expect((await coordinator.post(`${base}/actors`, { category: 'association', name })).status).toBe(201);
      }
      const cursorPages: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: Page<Actor> } = await coordinator.get<Page<Actor>>(`${base}/actors`, {
          limit: '2',
          sort: 'name',
          ...(cursor ? { cursor } : {}),
        });
        cursorPages.push(...page.body.items.map((actor) => actor.name));
        cursor = page.body.nextCursor;
      } while (cursor);
      const position = (name: string) => cursorPages.indexOf(name);
      expect(position('école de musique')).toBeLessThan(position('Épicerie solidaire des Pentes'));
      expect(position('Épicerie solidaire des Pentes')).toBeLessThan(position('Université populaire du Rhône'));
      expect(cursorPages).toEqual([...cursorPages].sort(new Intl.Collator('fr').compare));
    });

    it('updates with optimistic concurrency: If-Match required, stale versions refused', async () => {
      const current = await coordinator.get<Actor>(`${base}/actors/${eco.publicBody}`);
      const missing = await coordinator.patch(`${base}/actors/${eco.publicBody}`, { description: 'x' });
      expect(missing.status).toBe(428);
      const updated = await coordinator.request<Actor>('PATCH', `${base}/actors/${eco.publicBody}`, {
        body: { description: 'Accueil des 16-25 ans', website: 'https://mission-locale.example' },
        headers: { 'if-match': `"${current.body.version}"` },
      });
      expect(updated.status).toBe(200);
      expect(updated.body.version).toBe(current.body.version + 1);
      const stale = await coordinator.request('PATCH', `${base}/actors/${eco.publicBody}`, {
        body: { description: 'écrase' },
        headers: { 'if-match': `"${current.body.version}"` },
      });
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ code: 'version_mismatch', currentVersion: current.body.version + 1 });
      expect(
        (await coordinator.get<{ description: string }>(`${base}/actors/${eco.publicBody}`)).body.description,
      ).toBe('Accueil des 16-25 ans');
    });

    it('archives and restores actors; archived ones leave the directory but keep their history', async () => {
      const created = await coordinator.post<Actor>(`${base}/actors`, {
        category: 'citizen_group',
        name: 'Collectif éphémère',
      });
      const archived = await coordinator.post<Actor>(`${base}/actors/${created.body.id}/archive`);
      expect(archived.body.archivedAt).toEqual(expect.any(String));
      const list = await coordinator.get<Page<Actor>>(`${base}/actors`, { limit: '100' });
      expect(list.body.items.map((actor) => actor.id)).not.toContain(created.body.id);
      const withArchived = await coordinator.get<Page<Actor>>(`${base}/actors`, {
        limit: '100',
        includeArchived: 'true',
      });
      expect(withArchived.body.items.map((actor) => actor.id)).toContain(created.body.id);
      expect((await coordinator.post<Actor>(`${base}/actors/${created.body.id}/unarchive`)).body.archivedAt).toBeNull();
    });

    it('shows contacts to coordination and to the organisation’s own members only', async () => {
      expect((await coordinator.get<unknown[]>(`${base}/actors/${eco.association}/contacts`)).body).toHaveLength(1);
      const forbidden = await f.a.member.api.get(`${base}/actors/${eco.association}/contacts`);
      expect(forbidden.status).toBe(403);
      await coordinator.patch(`${base}/members/${f.a.member.id}`, { actorId: eco.association });
      const member = await login(f.anonymous, f.a.member.email, f.a.member.password);
      expect((await member.api.get<unknown[]>(`${base}/actors/${eco.association}/contacts`)).body).toHaveLength(1);
      expect((await member.api.get(`${base}/actors/${eco.company}/contacts`)).status).toBe(403);
      f.a.member = member;
    });
  });

  describe('actions', () => {
    it('keeps each type’s own facts and refuses another type’s', async () => {
      const wrong = await coordinator.post(`${base}/actions`, {
        type: 'support',
        title: 'Mauvais bloc',
        startDate: '2026-04-01',
        animation: { format: 'atelier' },
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body).toMatchObject({ code: 'invalid_action' });
      const support = await coordinator.get<{ support: { totalMinutes: number; supportedActorId: string } }>(
        `${base}/actions/${eco.supportId}`,
      );
      expect(support.body.support).toMatchObject({ totalMinutes: 150, supportedActorId: eco.association });
      const reversed = await coordinator.post(`${base}/actions`, {
        type: 'animation',
        title: 'Dates inversées',
        startDate: '2026-04-10',
        endDate: '2026-04-01',
        animation: { format: 'atelier' },
      });
      expect(reversed.status).toBe(400);
      // A typo's year (« 2099 ») is refused, for an action as for an alliance.
      const typo = await coordinator.post(`${base}/actions`, {
        type: 'animation',
        title: 'Forum de l’emploi',
        startDate: '2099-03-12',
        animation: { format: 'forum' },
      });
      expect(typo.status).toBe(400);
      expect(typo.body).toMatchObject({
        code: 'invalid_action',
        errors: [
          {
            field: 'startDate',
            message: expect.stringMatching(/^date trop lointaine : au plus le \d\d\/\d\d\/\d{4}$/),
          },
        ],
      });
      expect(wrong.body).toMatchObject({
        errors: expect.arrayContaining([
          { field: 'animation', message: 'ne s’applique pas à une action « Accompagnement »' },
        ]),
      });
      const farAlliance = await coordinator.post(`${base}/alliances`, {
        title: 'Alliance datée par erreur',
        parties: [
          { actorId: eco.association, role: 'porteur' },
          { actorId: eco.company, role: 'partenaire' },
        ],
        modes: ['economic_cooperation'],
        endDate: '2099-01-01',
      });
      expect(farAlliance.status).toBe(400);
      expect(farAlliance.body).toMatchObject({ errors: [{ field: 'endDate' }] });
    });

    it('refuses resulting alliances that are not the territory’s and archived actors newly named', async () => {
      const other = f.b.coordinator.api;
      const otherBase = `/territories/${f.b.id}`;
      const parties: string[] = [];
      for (const name of ['Amicale du Vercors', 'Fablab de l’Isère']) {
        const created = await other.post<Actor>(`${otherBase}/actors`, { category: 'association', name });
        parties.push(created.body.id);
      }
      const elsewhere = await other.post<{ id: string }>(`${otherBase}/alliances`, {
        title: 'Alliance d’un autre territoire',
        parties: parties.map((actorId) => ({ actorId, role: 'partenaire' })),
        modes: ['economic_cooperation'],
      });
      expect(elsewhere.status).toBe(201);
      const support = (resultingAllianceIds: string[]) => ({
        type: 'support',
        title: 'Accompagnement du projet',
        startDate: '2023-11-06',
        support: { supportedActorId: eco.association, resultingAllianceIds },
      });
      for (const ids of [['00000000-0000-4000-8000-000000000000'], [elsewhere.body.id]]) {
        const refused = await coordinator.post(`${base}/actions`, support(ids));
        expect(refused.status).toBe(400);
        expect(refused.body).toMatchObject({
          code: 'unknown_alliance',
          errors: [{ field: 'support.resultingAllianceIds', message: 'alliance inconnue' }],
        });
      }
      const kept = await coordinator.post<{ id: string; version: number }>(
        `${base}/actions`,
        support([eco.allianceId]),
      );
      expect(kept.status).toBe(201);

      // An actor archived after taking part stays on the action, which can still be edited; newly named, refused.
      const actor = await coordinator.post<Actor>(`${base}/actors`, {
        category: 'company',
        name: 'Scierie du plateau',
      });
      const action = await coordinator.post<{ id: string; version: number }>(`${base}/actions`, {
        type: 'animation',
        title: 'Visite de la scierie',
        startDate: '2023-11-14',
        animation: { format: 'visite' },
        participants: [{ actorId: actor.body.id, role: 'organiser' }],
      });
      expect(action.status).toBe(201);
      expect((await coordinator.post(`${base}/actors/${actor.body.id}/archive`)).status).toBe(200);
      const edited = await coordinator.request('PATCH', `${base}/actions/${action.body.id}`, {
        body: {
          title: 'Visite de la scierie du plateau',
          participants: [{ actorId: actor.body.id, role: 'organiser' }],
        },
        headers: { 'if-match': `"${action.body.version}"` },
      });
      expect(edited.status).toBe(200);
      const refused = await coordinator.post(`${base}/actions`, {
        type: 'animation',
        title: 'Seconde visite',
        startDate: '2023-11-21',
        animation: { format: 'visite' },
        participants: [{ actorId: actor.body.id, role: 'organiser' }],
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'archived_actor', errors: [{ field: 'participants' }] });
    });

    it('records the phase history of a collective experiment', async () => {
      const current = await coordinator.get<{ version: number }>(`${base}/actions/${eco.experimentId}`);
      const moved = await coordinator.request<{ experiment: { phase: string; phaseHistory: { phase: string }[] } }>(
        'PATCH',
        `${base}/actions/${eco.experimentId}`,
        { body: { experiment: { phase: 'experimentation' } }, headers: { 'if-match': `"${current.body.version}"` } },
      );
      expect(moved.status).toBe(200);
      expect(moved.body.experiment.phase).toBe('experimentation');
      expect(moved.body.experiment.phaseHistory.map((entry) => entry.phase)).toEqual(['design', 'experimentation']);
    });

    it('dates a phase change on the day it happened (today by default), never in the future nor before the start or the previous phase', async () => {
      type Experiment = {
        id: string;
        version: number;
        experiment: { phase: string; phaseHistory: { phase: string; on: string; at: string }[] };
      };
      type Problem = { code: string; errors: { field: string; message: string }[] };
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
      const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      // Created in the past, its first phase said to have begun on the day it started.
      const created = await coordinator.post<Experiment>(`${base}/actions`, {
        type: 'collective_experiment',
        title: 'Conciergerie de quartier',
        startDate: '2025-09-01',
        experiment: { phase: 'emergence', phaseOccurredOn: '2025-09-01' },
      });
      expect(created.status).toBe(201);
      expect(created.body.experiment.phaseHistory).toMatchObject([{ phase: 'emergence', on: '2025-09-01' }]);
      const path = `${base}/actions/${created.body.id}`;
      const patch = (experiment: Record<string, unknown>, version: number) =>
        coordinator.request<Experiment & Problem>('PATCH', path, {
          body: { experiment },
          headers: { 'if-match': `"${version}"` },
        });
      const refusals: [Record<string, unknown>, string][] = [
        [{ phase: 'design', phaseOccurredOn: tomorrow }, 'La date ne peut pas être dans le futur.'],
        [
          { phase: 'design', phaseOccurredOn: '2025-08-31' },
          'La date ne peut pas précéder le début de l’action (01/09/2025).',
        ],
        [{ phase: 'emergence', phaseOccurredOn: '2025-10-01' }, 'La date ne s’applique qu’à un changement d’étape.'],
      ];
      for (const [experiment, message] of refusals) {
        const refused = await patch(experiment, created.body.version);
        expect(refused.status).toBe(400);
        expect(refused.body.code).toBe('invalid_phase_date');
        expect(refused.body.errors).toEqual([{ field: 'experiment.phaseOccurredOn', message }]);
      }
      const notADate = await patch({ phase: 'design', phaseOccurredOn: '01/10/2025' }, created.body.version);
      expect(notADate.status).toBe(400);
      expect(notADate.body.errors[0]?.field).toBe('experiment.phaseOccurredOn');
      // Nothing was written by the refusals.
      const designed = await patch({ phase: 'design', phaseOccurredOn: '2025-11-15' }, created.body.version);
      expect(designed.status).toBe(200);
      const before = await patch({ phase: 'experimentation', phaseOccurredOn: '2025-11-14' }, designed.body.version);
      expect(before.status).toBe(400);
      expect(before.body.errors[0]?.message).toBe(
        'La date ne peut pas précéder celle de l’étape précédente (15/11/2025).',
      );
      // Without a date, the phase began today; `at` is when each was recorded.
      const moved = await patch({ phase: 'experimentation' }, designed.body.version);
      expect(moved.status).toBe(200);
      expect(moved.body.experiment.phaseHistory.map(({ phase, on }) => [phase, on])).toEqual([
        ['emergence', '2025-09-01'],
        ['design', '2025-11-15'],
        ['experimentation', today],
      ]);
      expect(moved.body.experiment.phaseHistory.every((entry) => !Number.isNaN(Date.parse(entry.at)))).toBe(true);
      expect(moved.body.experiment).not.toHaveProperty('phaseOccurredOn');
    });

    it('filters by type, period, actor and priority, and builds an actor’s timeline', async () => {
      const animations = await coordinator.get<Page<{ id: string; type: string }>>(`${base}/actions`, {
        type: 'animation',
      });
      expect(animations.body.items.every((action) => action.type === 'animation')).toBe(true);
      const february = await coordinator.get<Page<{ id: string }>>(`${base}/actions`, {
        from: '2026-02-01',
        to: '2026-02-28',
      });
      expect(february.body.items.map((action) => action.id)).toEqual([eco.supportId]);
      const ofCompany = await coordinator.get<Page<{ id: string }>>(`${base}/actions`, { actorId: eco.company });
      expect(ofCompany.body.items.map((action) => action.id)).toEqual([eco.actionId]);
      const byPriority = await coordinator.get<Page<{ id: string }>>(`${base}/actions`, { priorityId: eco.priorityId });
      expect(byPriority.body.items.map((action) => action.id)).toEqual([eco.actionId]);
      const timeline = await coordinator.get<{ kind: string; id: string; role: string }[]>(
        `${base}/actors/${eco.association}/timeline`,
      );
      expect(timeline.body.map((entry) => `${entry.kind}:${entry.id}`)).toEqual(
        expect.arrayContaining([
          `action:${eco.actionId}`,
          `action:${eco.experimentId}`,
          `action:${eco.supportId}`,
          `alliance:${eco.allianceId}`,
          `alliance:${eco.activeAllianceId}`,
        ]),
      );
      expect(timeline.body.find((entry) => entry.id === eco.supportId)?.role).toBe('supported');
    });
  });

  describe('alliances', () => {
    it('refuses illegal transitions with a 409 and a clear code, and records every step with who and when', async () => {
      const illegal = await coordinator.post(`${base}/alliances/${eco.allianceId}/transitions`, { to: 'ended' });
      expect(illegal.status).toBe(409);
      expect(illegal.body).toMatchObject({
        code: 'illegal_transition',
        from: 'proposed',
        allowed: ['under_discussion', 'declined', 'withdrawn'],
      });
      const active = await coordinator.get<Alliance>(`${base}/alliances/${eco.activeAllianceId}`);
      expect(active.body.transitions.map((step) => `${step.from}->${step.to}`)).toEqual([
        'null->proposed',
        'proposed->under_discussion',
        'under_discussion->active',
      ]);
      expect(active.body.transitions.every((step) => step.by === f.a.coordinator.id)).toBe(true);
      expect(active.body.nextStatuses).toEqual(['ended']);
    });

    it('dates a move on the day it happened (today by default), never in the future nor before the last move', async () => {
      const created = await coordinator.post<Alliance>(`${base}/alliances`, {
        title: 'Chantier participatif du printemps',
        parties: [{ actorId: eco.association }, { actorId: eco.publicBody }],
        modes: ['societal_innovation'],
      });
      expect(created.status).toBe(201);
      const path = `${base}/alliances/${created.body.id}/transitions`;
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
      const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const future = await coordinator.post<{ code: string; errors: { field: string; message: string }[] }>(path, {
        to: 'under_discussion',
        occurredOn: tomorrow,
      });
      expect(future.status).toBe(400);
      expect(future.body.errors[0]).toMatchObject({
        field: 'occurredOn',
        message: 'La date ne peut pas être dans le futur.',
      });
      const before = await coordinator.post<{ errors: { message: string }[] }>(path, {
        to: 'under_discussion',
        occurredOn: '2001-01-01',
      });
      expect(before.status).toBe(400);
      expect(before.body.errors[0]?.message).toMatch(
        /^La date ne peut pas précéder le dernier changement de l’alliance \(\d{2}\/\d{2}\/\d{4}\)\.$/,
      );
      const notADate = await coordinator.post(path, { to: 'under_discussion', occurredOn: '14/03/2026' });
      expect(notADate.status).toBe(400);
      // Nothing was written by the refusals; a move without a date happened today.
      const moved = await coordinator.post<Alliance>(path, { to: 'under_discussion' });
      expect(moved.status).toBe(200);
      expect(moved.body.transitions.map((step) => step.on)).toEqual([today, today]);
      expect(moved.body.status).toBe('under_discussion');
      // An illegal move names the statuses in French.
      const illegal = await coordinator.post<{ detail: string }>(path, { to: 'proposed' });
      expect(illegal.status).toBe(409);
      expect(illegal.body.detail).toBe('Une alliance « En discussion » ne peut pas passer à « Proposée ».');
    });

    it('lets a member propose for its organisation, the other party accept or decline, the proposer withdraw', async () => {
      // f.a.member acts for the association (linked above); a second member acts for the company.
      const unlinked = await f.b.member.api.post(`/territories/${f.b.id}/alliances`, {
        title: 'Sans organisation',
        parties: [{ actorId: eco.association }, { actorId: eco.company }],
        modes: ['patronage'],
      });
      expect(unlinked.status).toBe(403);
      expect(unlinked.body).toMatchObject({ code: 'no_actor_link' });
      const proposal = await f.a.member.api.post<Alliance>(`${base}/alliances`, {
        title: 'Parrainage de jeunes par des développeurs',
        parties: [{ actorId: eco.association }, { actorId: eco.company }],
        modes: ['patronage', 'societal_innovation'],
        patronageKinds: ['skills'],
      });
      expect(proposal.status).toBe(201);
      const outsider = await f.a.member.api.post(`${base}/alliances`, {
        title: 'Pour les autres',
        parties: [{ actorId: eco.company }, { actorId: eco.publicBody }],
        modes: ['patronage'],
      });
      expect(outsider.status).toBe(400);

      const companyMember = await (async () => {
        const invitation = await coordinator.post<{ token: string }>(`${base}/invitations`, {
          email: 'rh@atelier.example',
          role: 'member',
        });
        const accepted = await f.anonymous.post<{ user: { id: string } }>(
          `/invitations/${invitation.body.token}/accept`,
          {
            name: 'Responsable RH',
            password: 'Un-mot-de-passe-RH-2026',
          },
        );
        await coordinator.patch(`${base}/members/${accepted.body.user.id}`, { actorId: eco.company });
        return login(f.anonymous, 'rh@atelier.example', 'Un-mot-de-passe-RH-2026');
      })();

      // The proposer cannot accept its own proposal; the other party can.
      const selfAccept = await f.a.member.api.post(`${base}/alliances/${proposal.body.id}/transitions`, {
        to: 'under_discussion',
      });
      expect(selfAccept.status).toBe(403);
      const accepted = await companyMember.api.post<Alliance>(`${base}/alliances/${proposal.body.id}/transitions`, {
        to: 'under_discussion',
        note: 'Avec plaisir',
      });
      expect(accepted.status).toBe(200);
      expect(accepted.body.status).toBe('under_discussion');
      // Only the proposer withdraws.
      expect(
        (await companyMember.api.post(`${base}/alliances/${proposal.body.id}/transitions`, { to: 'withdrawn' })).status,
      ).toBe(403);
      const withdrawn = await f.a.member.api.post<Alliance>(`${base}/alliances/${proposal.body.id}/transitions`, {
        to: 'withdrawn',
      });
      expect(withdrawn.body.status).toBe('withdrawn');

      // Members see their own organisation's alliances only.
      const theirs = await companyMember.api.get<Page<Alliance>>(`${base}/alliances`);
      expect(theirs.body.items.map((alliance) => alliance.id).sort()).toEqual(
        [eco.allianceId, proposal.body.id].sort(),
      );
      expect((await companyMember.api.get(`${base}/alliances/${eco.activeAllianceId}`)).status).toBe(404);
      const declined = await f.a.member.api.post<Alliance>(`${base}/alliances`, {
        title: 'Autre proposition',
        parties: [{ actorId: eco.association }, { actorId: eco.company }],
        modes: ['economic_cooperation'],
      });
      const decline = await companyMember.api.post<Alliance>(`${base}/alliances/${declined.body.id}/transitions`, {
        to: 'declined',
      });
      expect(decline.body.status).toBe('declined');
    });

    it('collects each party’s evaluation and flags disagreements of two points or more', async () => {
      const mine = await f.a.member.api.put(`${base}/alliances/${eco.activeAllianceId}/evaluations`, {
        actorId: eco.publicBody,
        period: '2026-S1',
        product: 1,
        balance: 1,
        contribution: 1,
      });
      expect(mine.status).toBe(403);
      const evaluated = await coordinator.put<{ period: string; parties: unknown[]; disagreements: string[] }[]>(
        `${base}/alliances/${eco.activeAllianceId}/evaluations`,
        { actorId: eco.publicBody, period: '2026-S1', product: 2, balance: 3, contribution: 5 },
      );
      expect(evaluated.status).toBe(200);
      expect(evaluated.body).toEqual([
        expect.objectContaining({ period: '2026-S1', parties: expect.any(Array), disagreements: ['product'] }),
      ]);
      expect(evaluated.body[0]?.parties).toHaveLength(2);
      const proposed = await coordinator.put(`${base}/alliances/${eco.allianceId}/evaluations`, {
        actorId: eco.company,
        period: '2026',
        product: 3,
        balance: 3,
        contribution: 3,
      });
      expect(proposed.status).toBe(409);

      // Only a period the alliance lived through (it began on 2026-01-05), and one that has begun.
      const nextYear = new Date().getUTCFullYear() + 1;
      for (const [period, message] of [
        ['2019', /n’était pas active pendant l’année 2019 \(active du 05\/01\/2026 à aujourd’hui\)/],
        ['2025-Q4', /n’était pas active pendant le 4e trimestre 2025/],
        [`${nextYear}-S2`, new RegExp(`^Le 2e semestre ${nextYear} n’a pas encore commencé`)],
      ] as const) {
        const refused = await coordinator.put(`${base}/alliances/${eco.activeAllianceId}/evaluations`, {
          actorId: eco.association,
          period,
          product: 3,
          balance: 3,
          contribution: 3,
        });
        expect(refused.status).toBe(400);
        expect(refused.body).toMatchObject({ code: 'invalid_period', errors: [{ field: 'period' }] });
        expect((refused.body as { detail: string }).detail).toMatch(message);
      }
    });
  });

  describe('views', () => {
    it('maps actors as GeoJSON with their category, name and alliance count', async () => {
      const map = await f.a.member.api.get<{
        type: string;
        features: {
          geometry: { coordinates: number[] };
          properties: { id: string; category: string; allianceCount: number };
        }[];
      }>(`${base}/map`, { category: 'association' });
      expect(map.body.type).toBe('FeatureCollection');
      const feature = map.body.features.find((candidate) => candidate.properties.id === eco.association);
      expect(feature?.geometry.coordinates).toEqual([4.8902, 45.7719]);
      expect(feature?.properties).toMatchObject({ category: 'association' });
      expect(map.body.features.every((candidate) => candidate.properties.category === 'association')).toBe(true);
    });

    it('shows members the alliance count of their own organisation only, and no alliance filter', async () => {
      type Counted = { id: string; allianceCount: number | null };
      type Mapped = { features: { properties: Counted }[] };
      // f.a.member acts for the association (linked above); coordination sees every count.
      const all = await coordinator.get<{ items: Counted[] }>(`${base}/actors`, { limit: '100' });
      expect(all.body.items.find((actor) => actor.id === eco.company)?.allianceCount).toBeGreaterThan(0);
      expect(all.body.items.every((actor) => typeof actor.allianceCount === 'number')).toBe(true);
      const coordinatorMap = await coordinator.get<Mapped>(`${base}/map`, { hasAlliance: 'true' });
      expect(coordinatorMap.status).toBe(200);
      expect(
        coordinatorMap.body.features.every((feature) => typeof feature.properties.allianceCount === 'number'),
      ).toBe(true);

      const member = f.a.member.api;
      expect((await member.get<Counted>(`${base}/actors/${eco.company}`)).body.allianceCount).toBeNull();
      expect((await member.get<Counted>(`${base}/actors/${eco.association}`)).body.allianceCount).toBeGreaterThan(0);
      const list = await member.get<{ items: Counted[] }>(`${base}/actors`, { limit: '100' });
      expect(list.body.items.length).toBeGreaterThan(2);
      for (const actor of list.body.items) {
        expect({ id: actor.id, hidden: actor.allianceCount === null }).toEqual({
          id: actor.id,
          hidden: actor.id !== eco.association,
        });
      }
      const map = await member.get<Mapped>(`${base}/map`);
      expect(map.body.features.some((feature) => feature.properties.id === eco.association)).toBe(true);
      for (const { properties } of map.body.features) {
        expect({ id: properties.id, hidden: properties.allianceCount === null }).toEqual({
          id: properties.id,
          hidden: properties.id !== eco.association,
        });
      }
      // Filtering by alliance would tell the same thing.
      for (const path of [`${base}/actors`, `${base}/map`]) {
        const filtered = await member.get(path, { hasAlliance: 'false' });
        expect({ path, status: filtered.status, body: filtered.body }).toMatchObject({
          path,
          status: 403,
          body: { code: 'forbidden_filter' },
        });
      }
    });

    it('builds the graph with centrality, components and communities, as of a date', async () => {
      const graph = {
        body: await waitForGraph<{
          stale: boolean;
          nodes: { id: string; degree: number; betweenness: number; component: number; community: number }[];
          alliances: { id: string; status: string }[];
          edges: { source: number[]; target: number[]; alliance: number[] };
        }>(coordinator, f.a.id),
      };
      const association = graph.body.nodes.find((node) => node.id === eco.association);
      const company = graph.body.nodes.find((node) => node.id === eco.company);
      const publicBody = graph.body.nodes.find((node) => node.id === eco.publicBody);
      // The association links the company and the public body: it lies on the only path between them.
      expect(association?.degree).toBe(2);
      expect(association?.betweenness).toBeGreaterThan(0);
      expect(company?.betweenness).toBe(0);
      expect(new Set([association?.component, company?.component, publicBody?.component]).size).toBe(1);
      const statuses = graph.body.alliances.map((alliance) => alliance.status);
      expect(statuses.some((status) => status === 'withdrawn' || status === 'declined')).toBe(false);
      // Every link refers to a listed actor and alliance.
      const { source, target, alliance } = graph.body.edges;
      expect(target).toHaveLength(source.length);
      expect(alliance).toHaveLength(source.length);
      for (const index of [...source, ...target]) expect(graph.body.nodes[index]).toBeDefined();
      for (const index of alliance) expect(graph.body.alliances[index]).toBeDefined();
      const before = await coordinator.get<{ alliances: unknown[]; source: string }>(`${base}/graph`, {
        asOf: '2020-01-01T00:00:00Z',
      });
      expect(before.body).toMatchObject({
        alliances: [],
        edges: { source: [], target: [], alliance: [] },
        source: 'computed',
        asOf: '2020-01-01T00:00:00.000Z',
      });
      expect((await f.a.member.api.get(`${base}/graph`)).status).toBe(403);
    });

    it('counts actors, actions, alliances and evaluations on the dashboard', async () => {
      const dashboard = await coordinator.get<{
        actorsByCategory: Record<string, number>;
        actionsByTypeAndMonth: { month: string; type: string; count: number }[];
        alliancesByMode: Record<string, number>;
        alliancesByStatus: Record<string, number>;
        evaluations: { count: number; averages: { product: number } };
      }>(`${base}/dashboard`);
      expect(dashboard.body.actorsByCategory.association).toBeGreaterThanOrEqual(1);
      expect(dashboard.body.actionsByTypeAndMonth).toEqual(
        expect.arrayContaining([
          { month: '2026-03', type: 'animation', count: 1 },
          { month: '2026-02', type: 'support', count: 1 },
        ]),
      );
      expect(dashboard.body.alliancesByStatus.active).toBe(1);
      expect(dashboard.body.alliancesByMode.patronage).toBeGreaterThanOrEqual(1);
      expect(dashboard.body.evaluations.count).toBe(2);
      expect(dashboard.body.evaluations.averages.product).toBe(3);
    });
  });
  // Last: it adds actors the counts above do not expect.
  describe('directory pages', () => {
    it('records the creation in the audit log with the text exactly as given (sent with the COMMIT)', async () => {
      const name = "L'atelier \\ « $1 » '); drop table actors; -- 🌱";
      const created = await coordinator.post<Actor>(`${base}/actors`, { category: 'association', name });
      expect(created.status).toBe(201);
      const log = await coordinator.get<
        Page<{ entityId: string; action: string; changes: Record<string, { new: unknown }> }>
      >(`${base}/audit-log`, { entity: 'actor' });
      const entry = log.body.items.find((item) => item.entityId === created.body.id);
      expect(entry).toMatchObject({ action: 'create', changes: { name: { new: name } } });
    });

    it('lists each actor exactly as its own page shows it, for coordination and for a member', async () => {
      const full = await coordinator.post<Actor>(`${base}/actors`, {
        category: 'association',
        name: 'Atelier Été « Réparer » & Cie',
        employer: true,
        nafCode: '9511Z',
        communeCode: '69266',
        address: '12 rue de la Soie',
        latitude: 45.766944444,
        longitude: 4.879722,
        website: 'https://atelier.example',
        foundedOn: '1998-03-01',
        fragilities: ['economic', 'social'],
        priorityIds: [eco.priorityId],
        tags: ['réparation', 'économie circulaire'],
        description: 'Guillemets "droits", barre \\ oblique, retour\nà la ligne, émoji 🌱.',
      });
      expect(full.body).toMatchObject({ name: 'Atelier Été « Réparer » & Cie', nafLabel: expect.any(String) });
      const archived = await coordinator.post<Actor>(`${base}/actors`, {
        category: 'association',
        name: 'Ancienne amicale',
      });
      expect((await coordinator.post(`${base}/actors/${archived.body.id}/archive`, {})).status).toBeLessThan(300);
      for (const client of [coordinator, f.a.member.api]) {
        const list = await client.get<Page<Actor & Record<string, unknown>>>(`${base}/actors`, {
          limit: '100',
          includeArchived: 'true',
        });
        expect(list.status).toBe(200);
        expect(list.headers['content-type']).toMatch(/^application\/json/);
        const ids = list.body.items.map((actor) => actor.id);
        expect(ids).toEqual(expect.arrayContaining([full.body.id, archived.body.id, eco.association, eco.company]));
        for (const item of list.body.items) {
          const one = await client.get<Actor>(`${base}/actors/${item.id}`);
          expect(item).toEqual(one.body);
        }
      }
    });
  });
});
