import { randomUUID } from 'node:crypto';
import { MailService } from '@maillage/identity';
import { RUNTIME_ROLE } from '@maillage/platform';
import pg from 'pg';
import type { ApiClient } from '@maillage/testing';
import {
  createTenancyFixture,
  engineKind,
  joinTerritory,
  login,
  ownerQuery,
  seedEcosystem,
  type EcosystemFixture,
  type TenancyFixture,
  type TestApp,
  type TestUser,
} from '@maillage/testing';
import { startApi } from './support/app.js';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const PASSWORD = 'Chene-liege-des-Maures-2026';

describe(`organisations run their own part (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;
  let eco: EcosystemFixture;
  let base: string;

  beforeAll(async () => {
    t = await startApi();
    f = await createTenancyFixture(t);
    eco = await seedEcosystem(f.a.coordinator.api, f.a.id);
    await seedEcosystem(f.b.coordinator.api, f.b.id, 2);
    base = `/territories/${f.a.id}`;
  });
  afterAll(() => t?.close());

  async function notes(api: ApiClient): Promise<string[]> {
    const page = await api.get<Page<{ text: string }>>('/me/notifications');
    expect(page.status).toBe(200);
    return page.body.items.map((item) => item.text);
  }

  async function actorOf(api: ApiClient, territoryId = f.a.id): Promise<string | null | undefined> {
    const me = await api.get<{ memberships: { territoryId: string; actorId: string | null }[] }>('/me');
    return me.body.memberships.find((m) => m.territoryId === territoryId)?.actorId;
  }

  async function auditEntities(entity: string): Promise<{ action: string }[]> {
    const log = await f.a.coordinator.api.get<Page<{ action: string }>>(`${base}/audit-log`, { entity });
    expect(log.status).toBe(200);
    return log.body.items;
  }

  describe('invitations naming the organisation', () => {
    it('links the member to the organisation on acceptance', async () => {
      const invited = await f.a.coordinator.api.post<{ token: string; actorId: string }>(`${base}/invitations`, {
        email: 'benevole.passerelles@maillage.test',
        role: 'member',
        actorId: eco.association,
      });
      expect(invited.status).toBe(201);
      expect(invited.body.actorId).toBe(eco.association);
      const accepted = await f.anonymous.post<{ accessToken: string }>(`/invitations/${invited.body.token}/accept`, {
        name: 'Bénévole Passerelles',
        password: PASSWORD,
      });
      expect(accepted.status).toBe(200);
      expect(await actorOf(f.anonymous.as(accepted.body.accessToken))).toBe(eco.association);
    });

    it('refuses an unknown actor, or an organisation for a coordinator, in French and creates nothing', async () => {
      const unknown = await f.a.coordinator.api.post(`${base}/invitations`, {
        email: 'inconnu@maillage.test',
        role: 'member',
        actorId: '00000000-0000-4000-8000-000000000000',
      });
      expect(unknown.status).toBe(400);
      expect(unknown.headers['content-type']).toMatch(/problem\+json/);
      expect(unknown.body).toMatchObject({ code: 'unknown_actor' });
      const coordinator = await f.a.coordinator.api.post(`${base}/invitations`, {
        email: 'coord@maillage.test',
        role: 'coordinator',
        actorId: eco.association,
      });
      expect(coordinator.status).toBe(400);
      const list = await f.a.coordinator.api.get<Page<{ email: string }>>(`${base}/invitations`);
      expect(list.body.items.map((i) => i.email)).not.toEqual(
        expect.arrayContaining(['inconnu@maillage.test', 'coord@maillage.test']),
      );
    });
  });

  describe('link requests', () => {
    it('lets an unlinked member ask, notifies the coordination only, and links on acceptance', async () => {
      const asked = await f.a.member.api.post<{ id: string; status: string }>(`${base}/link-requests`, {
        actorId: eco.company,
        message: 'Je suis chargée de mission RSE.',
      });
      expect(asked.status).toBe(201);
      expect(asked.body.status).toBe('pending');
      const again = await f.a.member.api.post(`${base}/link-requests`, { actorId: eco.company });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'request_pending' });

      expect((await notes(f.a.coordinator.api)).some((text) => text.includes('demande à être rattaché'))).toBe(true);
      expect((await notes(f.b.coordinator.api)).some((text) => text.includes('demande à être rattaché'))).toBe(false);
      expect((await notes(f.b.member.api)).some((text) => text.includes('rattach'))).toBe(false);

      const queue = await f.a.coordinator.api.get<Page<{ id: string }>>(`${base}/link-requests`, { status: 'pending' });
      expect(queue.body.items.map((item) => item.id)).toContain(asked.body.id);
      // Another member does not see it; the requester sees their own.
      const mine = await f.a.member.api.get<Page<{ id: string }>>(`${base}/link-requests`);
      expect(mine.body.items.map((item) => item.id)).toEqual([asked.body.id]);

      const accepted = await f.a.coordinator.api.post<{ status: string; actorId: string }>(
        `${base}/link-requests/${asked.body.id}/accept`,
        {},
      );
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ status: 'accepted', actorId: eco.company });
      expect(await actorOf(f.a.member.api)).toBe(eco.company);
      expect((await notes(f.a.member.api)).some((text) => text.includes('Vous agissez désormais pour'))).toBe(true);
      expect(
        (await f.a.coordinator.api.post(`${base}/link-requests/${asked.body.id}/refuse`, { reason: 'Non' })).status,
      ).toBe(409);
      const linked = await f.a.member.api.post(`${base}/link-requests`, { message: 'Encore' });
      expect(linked.status).toBe(409);
      expect(linked.body).toMatchObject({ code: 'already_linked' });
      expect((await auditEntities('link_request')).map((entry) => entry.action)).toEqual(
        expect.arrayContaining(['create', 'accept']),
      );
    });

    it('refuses with a reason told to the member; bad input is a French 400 that changes nothing', async () => {
      const newcomer = await joinTerritory(
        f.a.coordinator.api,
        f.anonymous,
        f.a.id,
        'nouveau.venu@maillage.test',
        'member',
      );
      const empty = await newcomer.api.post(`${base}/link-requests`, {});
      expect(empty.status).toBe(400);
      expect(empty.body).toMatchObject({ code: 'invalid_request' });
      expect(String((empty.body as { detail: string }).detail)).toMatch(/organisation/);
      const asked = await newcomer.api.post<{ id: string }>(`${base}/link-requests`, {
        message: 'Collectif des habitants du quartier des Gratte-Ciel',
      });
      expect(asked.status).toBe(201);
      const noReason = await f.a.coordinator.api.post(`${base}/link-requests/${asked.body.id}/refuse`, { reason: '' });
      expect(noReason.status).toBe(400);
      const refused = await f.a.coordinator.api.post<{ status: string; reason: string }>(
        `${base}/link-requests/${asked.body.id}/refuse`,
        { reason: 'Ce collectif n’est pas encore dans l’annuaire : écrivez-nous.' },
      );
      expect(refused.body).toMatchObject({ status: 'refused' });
      expect(await actorOf(newcomer.api)).toBeNull();
      expect((await notes(newcomer.api)).some((text) => text.includes('pas encore dans l’annuaire'))).toBe(true);
      expect((await notes(f.a.member.api)).some((text) => text.includes('pas encore dans l’annuaire'))).toBe(false);
    });
    it('links a described-only request to the actor the coordinator picks; none, or an unknown one, is a French 400', async () => {
      const newcomer = await joinTerritory(
        f.a.coordinator.api,
        f.anonymous,
        f.a.id,
        'decrite.en.mots@maillage.test',
        'member',
      );
      const asked = await newcomer.api.post<{ id: string; actorId: string | null; description: string }>(
        `${base}/link-requests`,
        { message: 'La mission locale, antenne du 1er arrondissement' },
      );
      expect(asked.status).toBe(201);
      expect(asked.body).toMatchObject({
        actorId: null,
        description: 'La mission locale, antenne du 1er arrondissement',
      });
      const accept = `${base}/link-requests/${asked.body.id}/accept`;
      const none = await f.a.coordinator.api.post(accept, {});
      expect(none.status).toBe(400);
      expect(none.body).toMatchObject({ code: 'invalid_request', errors: [{ field: 'actorId' }] });
      const unknown = await f.a.coordinator.api.post(accept, { actorId: randomUUID() });
      expect(unknown.status).toBe(400);
      expect(unknown.body).toMatchObject({ code: 'unknown_actor', errors: [{ field: 'actorId' }] });
      const notUuid = await f.a.coordinator.api.post(accept, { actorId: 'mission-locale' });
      expect(notUuid.status).toBe(400);
      expect(await actorOf(newcomer.api)).toBeNull();
      const linked = await f.a.coordinator.api.post<{ status: string; actorId: string }>(accept, {
        actorId: eco.publicBody,
      });
      expect(linked.status).toBe(200);
      expect(linked.body).toMatchObject({ status: 'accepted', actorId: eco.publicBody });
      expect(await actorOf(newcomer.api)).toBe(eco.publicBody);
    });
  });

  describe('the join link', () => {
    let token: string;

    it('opens a link whose public page names the territory and lists names and communes only', async () => {
      expect((await f.a.member.api.post(`${base}/join-link`)).status).toBe(403);
      const opened = await f.a.coordinator.api.post<{ token: string; url: string; open: boolean }>(`${base}/join-link`);
      expect(opened.status).toBe(201);
      expect(opened.body.url).toContain('/rejoindre/');
      token = opened.body.token;
      expect((await f.a.coordinator.api.get<{ open: boolean }>(`${base}/join-link`)).body.open).toBe(true);

      const page = await f.anonymous.get<{ name: string; territoryId: string }>(`/join/${token}`);
      expect(page.status).toBe(200);
      expect(page.body).toEqual({ territoryId: f.a.id, name: 'Métropole de Lyon' });
      const actors = await f.anonymous.get<Page<Record<string, unknown>>>(`/join/${token}/actors`, {
        q: 'passerelles',
      });
      expect(actors.status).toBe(200);
      expect(actors.body.items).toHaveLength(1);
      expect(Object.keys(actors.body.items[0] ?? {}).sort()).toEqual(['communeName', 'id', 'name']);
      expect(actors.body.items[0]).toMatchObject({ id: eco.association, communeName: 'Villeurbanne' });
      expect((await f.anonymous.get(`/join/${token}/actors`, { limit: '100' })).status).toBe(400);
      // A forged secret for the right territory is as unknown as a missing link.
      expect((await f.anonymous.get(`/join/${f.a.id}.${'x'.repeat(43)}`)).status).toBe(404);
    });

    it('limits the accounts one address creates through join links in an hour (429 in French, nothing created)', async () => {
      const from = { remoteAddress: '203.0.113.7' };
      const ask = (n: number) =>
        f.anonymous.request('POST', `/join/${token}`, {
          ...from,
          body: {
            name: `Visiteur ${n}`,
            email: `visiteur.${n}@maillage.test`,
            password: PASSWORD,
            actorId: eco.company,
          },
        });
      for (let n = 0; n < 20; n += 1) expect((await ask(n)).status).toBe(200);
      const refused = await ask(20);
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('3600');
      expect(refused.body).toMatchObject({ code: 'too_many_accounts' });
      expect(refused.text).toContain('Trop de comptes');
      expect(
        (await f.anonymous.post('/auth/login', { email: 'visiteur.20@maillage.test', password: PASSWORD })).status,
      ).toBe(401);
      // Asking which addresses have an account is held back as much: the limit comes before the answer.
      const probe = await f.anonymous.request('POST', `/join/${token}`, {
        ...from,
        body: { name: 'Curieux', email: f.a.member.email, password: PASSWORD, actorId: eco.company },
      });
      expect(probe.status).toBe(429);
      // Another address is not held back.
      expect(
        (
          await f.anonymous.request('POST', `/join/${token}`, {
            remoteAddress: '203.0.113.8',
            body: { name: 'Autre', email: 'autre.adresse@maillage.test', password: PASSWORD, actorId: eco.company },
          })
        ).status,
      ).toBe(200);
    });

    it('creates an account and a pending request for a described organisation; acceptance makes a member of it', async () => {
      const invalid = await f.anonymous.post(`/join/${token}`, {
        name: 'Léa Martin',
        email: 'lea.martin@maillage.test',
        password: PASSWORD,
        newActor: { category: 'company', name: 'Recyclerie', siren: '123456789' },
      });
      expect(invalid.status).toBe(400);
      expect(invalid.body).toMatchObject({ code: 'invalid_actor' });
      expect(
        (await f.anonymous.post('/auth/login', { email: 'lea.martin@maillage.test', password: PASSWORD })).status,
      ).toBe(401);

      const joined = await f.anonymous.post<{ accessToken: string; request: { id: string; status: string } }>(
        `/join/${token}`,
        {
          name: 'Léa Martin',
          email: 'lea.martin@maillage.test',
          password: PASSWORD,
          newActor: { category: 'citizen_group', name: 'Les Amis du Parc de la Feyssine', communeCode: '69266' },
          message: 'Nous animons un jardin partagé.',
        },
      );
      expect(joined.status).toBe(200);
      expect(joined.body.request.status).toBe('pending');
      const lea = f.anonymous.as(joined.body.accessToken);
      expect((await lea.get(base)).status).toBe(404);
      const mine = await lea.get<{ status: string; territory: { id: string } }[]>('/me/join-requests');
      expect(mine.body).toEqual([
        expect.objectContaining({
          status: 'pending',
          territory: expect.objectContaining({ id: f.a.id }),
          actorName: 'Les Amis du Parc de la Feyssine',
        }),
      ]);
      expect((await lea.post(`/me/join/${token}`, { actorId: eco.company })).status).toBe(409);
      expect((await notes(f.a.coordinator.api)).some((text) => text.includes('demande à rejoindre'))).toBe(true);
      expect((await notes(f.b.coordinator.api)).some((text) => text.includes('demande à rejoindre'))).toBe(false);

      const accepted = await f.a.coordinator.api.post<{ status: string; actorId: string }>(
        `${base}/join-requests/${joined.body.request.id}/accept`,
      );
      expect(accepted.status).toBe(200);
      expect(accepted.body.status).toBe('accepted');
      const actor = await f.a.coordinator.api.get<{ name: string; category: string }>(
        `${base}/actors/${accepted.body.actorId}`,
      );
      expect(actor.body).toMatchObject({ name: 'Les Amis du Parc de la Feyssine', category: 'citizen_group' });
      expect(await actorOf(lea)).toBe(accepted.body.actorId);
      expect((await notes(lea)).some((text) => text.includes('votre demande d’adhésion est acceptée'))).toBe(true);
      expect((await auditEntities('join_request')).map((entry) => entry.action)).toEqual(
        expect.arrayContaining(['create', 'accept']),
      );
    });

    it('refuses with a reason mailed to the requester, then closes the link', async () => {
      const existing = await f.anonymous.post<{ accessToken: string; request: { id: string } }>(`/join/${token}`, {
        name: 'Hugo Bernard',
        email: 'hugo.bernard@maillage.test',
        password: PASSWORD,
        actorId: eco.publicBody,
      });
      expect(existing.status).toBe(200);
      const refused = await f.a.coordinator.api.post(`${base}/join-requests/${existing.body.request.id}/refuse`, {
        reason: 'La mission locale a déjà ses référents.',
      });
      expect(refused.status).toBe(200);
      const mail = t.app.get(MailService).sentMessages().at(-1);
      expect(mail).toMatchObject({ to: 'hugo.bernard@maillage.test' });
      expect(mail?.text).toContain('La mission locale a déjà ses référents.');
      const hugo = f.anonymous.as(existing.body.accessToken);
      // The organisation named is one of the directory: its name is read in its territory, where Hugo is no member.
      expect((await hugo.get<{ status: string; reason: string }[]>('/me/join-requests')).body[0]).toMatchObject({
        actorName: 'Mission locale de Lyon 1',
        status: 'refused',
        reason: 'La mission locale a déjà ses référents.',
      });
      expect((await hugo.get(base)).status).toBe(404);

      expect((await f.a.coordinator.api.delete<{ open: boolean }>(`${base}/join-link`)).body.open).toBe(false);
      expect((await f.anonymous.get(`/join/${token}`)).status).toBe(404);
      expect(
        (
          await f.anonymous.post(`/join/${token}`, {
            name: 'X',
            email: 'x@maillage.test',
            password: PASSWORD,
            actorId: eco.company,
          })
        ).status,
      ).toBe(404);
    });
  });

  describe('the organisation’s own profile', () => {
    it('applies public fields at once and turns identity fields into a reviewed change', async () => {
      const before = await f.a.member.api.get<{ actor: { version: number; name: string } }>(`${base}/my-organisation`);
      expect(before.status).toBe(200);
      expect((await f.a.member.api.patch(`${base}/my-organisation`, { description: 'x' })).status).toBe(428);
      const bad = await f.a.member.api.request('PATCH', `${base}/my-organisation`, {
        body: { description: 'Rien ne change', siren: '123456789' },
        headers: { 'if-match': `"${before.body.actor.version}"` },
      });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ code: 'invalid_actor' });
      const unchanged = await f.a.member.api.get<{ actor: { version: number; description: string } }>(
        `${base}/my-organisation`,
      );
      expect(unchanged.body.actor.version).toBe(before.body.actor.version);

      const edited = await f.a.member.api.request<{
        actor: { description: string; tags: string[]; name: string; version: number };
        pendingChanges: { id: string; changes: Record<string, { old: unknown; new: unknown }> }[];
      }>('PATCH', `${base}/my-organisation`, {
        body: {
          description: 'Atelier de réparation et de formation numérique.',
          tags: ['numérique'],
          name: 'Atelier Numérique',
        },
        headers: { 'if-match': `"${before.body.actor.version}"` },
      });
      expect(edited.status).toBe(200);
      expect(edited.body.actor).toMatchObject({
        description: 'Atelier de réparation et de formation numérique.',
        tags: ['numérique'],
        name: before.body.actor.name,
      });
      expect(edited.body.pendingChanges).toHaveLength(1);
      expect(edited.body.pendingChanges[0]?.changes).toEqual({
        name: { old: before.body.actor.name, new: 'Atelier Numérique' },
      });
      expect((await notes(f.a.coordinator.api)).some((text) => text.includes('demande à modifier sa fiche'))).toBe(
        true,
      );
      // Only members act for their organisation here.
      expect((await f.a.coordinator.api.get(`${base}/my-organisation`)).status).toBe(403);

      const accepted = await f.a.coordinator.api.post<{ status: string }>(
        `${base}/profile-changes/${edited.body.pendingChanges[0]?.id}/accept`,
      );
      expect(accepted.status).toBe(200);
      expect((await f.a.coordinator.api.get<{ name: string }>(`${base}/actors/${eco.company}`)).body.name).toBe(
        'Atelier Numérique',
      );
      expect((await notes(f.a.member.api)).some((text) => text.includes('a appliqué la modification'))).toBe(true);

      const again = await f.a.member.api.get<{ actor: { version: number } }>(`${base}/my-organisation`);
      const category = await f.a.member.api.request<{
        pendingChanges: { id: string; changes: Record<string, unknown> }[];
      }>('PATCH', `${base}/my-organisation`, {
        body: { sizeClass: 'micro', foundedOn: '2019-09-01' },
        headers: { 'if-match': `"${again.body.actor.version}"` },
      });
      expect(category.status).toBe(200);
      // The creation date is identity: it waits for the coordination like the size.
      expect(category.body.pendingChanges[0]).toMatchObject({
        changes: { sizeClass: { old: 'sme', new: 'micro' }, foundedOn: { old: null, new: '2019-09-01' } },
      });
      const refused = await f.a.coordinator.api.post<{ status: string }>(
        `${base}/profile-changes/${category.body.pendingChanges[0]?.id}/refuse`,
        { reason: 'L’entreprise compte 40 salariés selon l’INSEE.' },
      );
      expect(refused.body.status).toBe('refused');
      expect(
        (await f.a.coordinator.api.get<{ sizeClass: string }>(`${base}/actors/${eco.company}`)).body.sizeClass,
      ).toBe('sme');
      expect((await notes(f.a.member.api)).some((text) => text.includes('40 salariés'))).toBe(true);
      expect((await auditEntities('profile_change')).map((entry) => entry.action)).toEqual(
        expect.arrayContaining(['request', 'accept', 'refuse']),
      );
      // The public fields applied at once are in the audit log as the actor's update.
      const updates = await f.a.coordinator.api.get<Page<{ entityId: string; changes: Record<string, unknown> }>>(
        `${base}/audit-log`,
        { entity: 'actor' },
      );
      expect(updates.body.items.some((entry) => entry.entityId === eco.company && 'description' in entry.changes)).toBe(
        true,
      );

      // Every move is in the actor's timeline: who, which fields, the refusal's reason.
      type Entry = { kind: string; type: string; by: string | null; fields: string[]; reason: string | null };
      const timeline = await f.a.member.api.get<Entry[]>(`${base}/actors/${eco.company}/timeline`);
      expect(timeline.status).toBe(200);
      const profile = timeline.body.filter((entry) => entry.kind === 'profile');
      const member = (await f.a.member.api.get<{ user: { name: string } }>('/me')).body.user.name;
      const coordinator = (await f.a.coordinator.api.get<{ user: { name: string } }>('/me')).body.user.name;
      expect(profile[0]).toEqual(
        expect.objectContaining({
          type: 'refused',
          by: coordinator,
          fields: ['foundedOn', 'sizeClass'],
          reason: 'L’entreprise compte 40 salariés selon l’INSEE.',
        }),
      );
      expect(profile.map((entry) => ({ type: entry.type, by: entry.by, fields: [...entry.fields].sort() }))).toEqual(
        expect.arrayContaining([
          { type: 'requested', by: member, fields: ['foundedOn', 'sizeClass'] },
          { type: 'accepted', by: coordinator, fields: ['name'] },
          { type: 'requested', by: member, fields: ['name'] },
          { type: 'edited', by: member, fields: ['description', 'tags'] },
        ]),
      );
      expect(profile).toHaveLength(5);
      // The coordination reads the same history; another territory does not.
      const seen = await f.a.coordinator.api.get<Entry[]>(`${base}/actors/${eco.company}/timeline`);
      expect(seen.body.filter((entry) => entry.kind === 'profile')).toHaveLength(5);
      expect((await f.b.coordinator.api.get(`${base}/actors/${eco.company}/timeline`)).status).toBe(404);
    });

    it('records nothing in the timeline when the public fields sent are the ones already there', async () => {
      const current = await f.a.member.api.get<{ actor: { version: number; website: string | null } }>(
        `${base}/my-organisation`,
      );
      const count = async () =>
        (await f.a.member.api.get<{ kind: string }[]>(`${base}/actors/${eco.company}/timeline`)).body.filter(
          (entry) => entry.kind === 'profile',
        ).length;
      const before = await count();
      const same = await f.a.member.api.request('PATCH', `${base}/my-organisation`, {
        body: { website: current.body.actor.website },
        headers: { 'if-match': `"${current.body.actor.version}"` },
      });
      expect(same.status).toBe(200);
      expect(await count()).toBe(before);
    });
  });

  describe('alliance agreements', () => {
    it('activates an alliance once every party agreed; members agree for their own organisation only', async () => {
      const alliance = `${base}/alliances/${eco.allianceId}`;
      expect((await f.a.coordinator.api.post(`${alliance}/transitions`, { to: 'under_discussion' })).status).toBe(200);
      const company = f.a.member.api; // linked to the company above
      const view = await company.get<{ nextStatuses: string[]; agreements: unknown[] }>(alliance);
      expect(view.body.nextStatuses).not.toContain('active');
      expect(view.body.agreements).toEqual([]);

      const direct = await company.post(`${alliance}/transitions`, { to: 'active' });
      expect(direct.status).toBe(409);
      expect(direct.body).toMatchObject({ code: 'agreement_required' });
      expect(String((direct.body as { detail: string }).detail)).toContain('accord');

      const forOther = await company.post(`${alliance}/agreements`, { actorId: eco.association });
      expect(forOther.status).toBe(403);
      const agreed = await company.post<{ status: string; agreements: { actorId: string; onBehalf: boolean }[] }>(
        `${alliance}/agreements`,
        { actorId: eco.company },
      );
      expect(agreed.status).toBe(200);
      expect(agreed.body.status).toBe('under_discussion');
      expect(agreed.body.agreements).toEqual([expect.objectContaining({ actorId: eco.company, onBehalf: false })]);
      expect((await company.post(`${alliance}/agreements`, { actorId: eco.company })).status).toBe(409);
      expect((await notes(f.a.coordinator.api)).some((text) => text.includes('a donné son accord'))).toBe(true);

      const last = await f.a.coordinator.api.post<{
        status: string;
        agreements: { actorId: string; onBehalf: boolean }[];
        transitions: { to: string; note: string | null }[];
      }>(`${alliance}/agreements`, { actorId: eco.association });
      expect(last.status).toBe(200);
      expect(last.body.status).toBe('active');
      expect(last.body.agreements).toEqual(
        expect.arrayContaining([expect.objectContaining({ actorId: eco.association, onBehalf: true })]),
      );
      expect(last.body.transitions.at(-1)).toMatchObject({
        to: 'active',
        note: 'Toutes les parties ont donné leur accord.',
      });
      const told = await notes(company);
      expect(told.some((text) => text.includes('La coordination a enregistré l’accord'))).toBe(true);
      expect(told.some((text) => text.includes('est désormais active'))).toBe(true);
      expect((await notes(f.b.member.api)).some((text) => text.includes('accord'))).toBe(false);
      expect((await company.post(`${alliance}/agreements`, { actorId: eco.company })).status).toBe(409);
    });

    it('lets the coordination activate directly, with a recorded note naming the parties not heard', async () => {
      const created = await f.a.coordinator.api.post<{ id: string }>(`${base}/alliances`, {
        title: 'Forum de l’emploi',
        parties: [{ actorId: eco.publicBody }, { actorId: eco.company }],
        modes: ['economic_cooperation'],
      });
      const alliance = `${base}/alliances/${created.body.id}`;
      await f.a.coordinator.api.post(`${alliance}/transitions`, { to: 'under_discussion' });
      const forced = await f.a.coordinator.api.post<{ status: string; transitions: { note: string | null }[] }>(
        `${alliance}/transitions`,
        { to: 'active', note: 'Convention signée en mairie.' },
      );
      expect(forced.status).toBe(200);
      expect(forced.body.status).toBe('active');
      expect(forced.body.transitions.at(-1)?.note).toMatch(
        /^Activée par la coordination sans l’accord (de |d’).*Convention signée/,
      );
    });
  });

  it('keeps the new tables tenant tables: row security forced, the territory policy, nothing seen without a territory', async () => {
    const tables = [
      'join_links',
      'join_requests',
      'link_requests',
      'profile_change_requests',
      'profile_edits',
      'alliance_agreements',
    ];
    const rows = await ownerQuery<{ table: string; enabled: boolean; forced: boolean; policies: string[] }>(
      t.runtime,
      `select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
              array_agg(p.qual::text) as policies
       from pg_class c join pg_policies p on p.schemaname = 'public' and p.tablename = c.relname
       where c.relname = any($1::text[]) group by 1, 2, 3 order by 1`,
      [tables],
    );
    expect(rows.map((row) => row.table)).toEqual([...tables].sort());
    for (const row of rows) {
      expect({ table: row.table, enabled: row.enabled, forced: row.forced }).toEqual({
        table: row.table,
        enabled: true,
        forced: true,
      });
      expect(row.policies.some((policy) => policy.includes('app.territory_id'))).toBe(true);
    }
    const client = new pg.Client({ connectionString: t.runtime.migrationUrl });
    await client.connect();
    try {
      for (const table of tables) {
        await client.query('begin');
        await client.query(`select set_config('role', $1, true)`, [RUNTIME_ROLE]);
        const { rows: seen } = await client.query<{ count: string }>(`select count(*)::text as count from ${table}`);
        expect({ table, seen: seen[0]?.count }).toEqual({ table, seen: '0' });
        await client.query('rollback');
      }
    } finally {
      await client.end();
    }
  });

  it('keeps another territory’s people out of every queue', async () => {
    for (const path of ['link-requests', 'join-requests', 'profile-changes', 'join-link', 'my-organisation']) {
      expect((await f.b.coordinator.api.get(`${base}/${path}`)).status).toBe(404);
    }
    const other: TestUser = await login(f.anonymous, f.b.member.email, f.b.member.password);
    expect((await other.api.get('/me/join-requests')).body).toEqual([]);
  });
});
