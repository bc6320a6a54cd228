import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { MailService } from '@maillage/identity';
import {
  createTenancyFixture,
  engineKind,
  joinTerritory,
  login,
  type TenancyFixture,
  type TestApp,
} from '@maillage/testing';
import type { Page } from '@maillage/platform';
import { startApi } from './support/app.js';

interface Territory {
  id: string;
  kind: string;
  code: string | null;
  name: string;
  population: number;
  regionCodes: string[];
  departementCodes: string[];
  epciCode: string | null;
  communeCount: number;
  myRole?: string;
}

describe(`territories, memberships, invitations and audit (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;

  beforeAll(async () => {
    t = await startApi();
    f = await createTenancyFixture(t);
  });
  afterAll(() => t?.close());

  it('creates workspaces from official codes, filled from the official lists', async () => {
    const commune = await f.admin.api.post<Territory>('/territories', { kind: 'commune', code: '38185' });
    expect(commune.status).toBe(201);
    expect(commune.body).toMatchObject({
      kind: 'commune',
      code: '38185',
      name: 'Grenoble',
      regionCodes: ['84'],
      departementCodes: ['38'],
      epciCode: '200040715',
      communeCount: 1,
    });
    const departement = await f.admin.api.post<Territory>('/territories', { kind: 'departement', code: '2A' });
    expect(departement.body).toMatchObject({ name: 'Corse-du-Sud', regionCodes: ['94'] });
    expect(departement.body.communeCount).toBeGreaterThan(100);
    const region = await f.admin.api.post<Territory>('/territories', { kind: 'region', code: '53' });
    expect(region.body).toMatchObject({ name: 'Bretagne', departementCodes: ['22', '29', '35', '56'] });
    expect(region.body.population).toBeGreaterThan(3_000_000);
  });

  it('refuses unknown codes (400), duplicates (409) and malformed bodies', async () => {
    const unknown = await f.admin.api.post('/territories', { kind: 'commune', code: '99999' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'unknown_territory_code' });
    expect((await f.admin.api.post('/territories', { kind: 'region', code: '69' })).status).toBe(400);
    const duplicate = await f.admin.api.post('/territories', { kind: 'epci', code: '200046977' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ code: 'territory_exists' });
    expect((await f.admin.api.post('/territories', { kind: 'canton', code: '01' })).status).toBe(400);
    // A name where the code goes: told how to find the code.
    const byName = await f.admin.api.post<{ errors: { field: string; message: string }[] }>('/territories', {
      kind: 'commune',
      code: 'Grenoble',
    });
    expect(byName.status).toBe(400);
    expect(byName.body.errors).toEqual([
      expect.objectContaining({
        field: 'code',
        message: expect.stringContaining('cherchez le territoire par son nom'),
      }),
    ]);
    expect((await f.admin.api.post('/territories', { kind: 'epci' })).status).toBe(400);
  });

  it('finds official areas by name for whoever creates territories, best first, and refuses bad queries in French', async () => {
    interface Place {
      kind: string;
      code: string;
      name: string;
      departement: { code: string; name: string } | null;
      population: number;
    }
    const search = (query: Record<string, string>) => f.admin.api.get<{ items: Place[] }>('/geography/search', query);
    const grenoble = await search({ q: 'Grenoble' });
    expect(grenoble.status).toBe(200);
    expect(grenoble.body.items[0]).toEqual({
      kind: 'commune',
      code: '38185',
      name: 'Grenoble',
      departement: { code: '38', name: 'Isère' },
      population: expect.any(Number),
    });
    // Picking it gives the official code the creation needs.
    const saint = await search({ q: 'st etienne' });
    expect(saint.body.items[0]).toMatchObject({ code: '42218', name: 'Saint-Étienne' });
    const epcis = await search({ q: 'metropole de lyon', kind: 'epci' });
    expect(epcis.body.items.map((place) => place.code)).toContain('200046977');
    expect(epcis.body.items.every((place) => place.kind === 'epci')).toBe(true);
    const isere = await search({ q: 'ISÈRE', kind: 'departement' });
    expect(isere.body.items).toEqual([
      { kind: 'departement', code: '38', name: 'Isère', departement: null, population: expect.any(Number) },
    ]);
    const many = await search({ q: 'saint', limit: '5' });
    expect(many.body.items).toHaveLength(5);
    expect((await search({ q: 'Villeneuve' })).body.items).toHaveLength(20);

    for (const query of [
      {},
      { q: '' },
      { q: 'x'.repeat(101) },
      { q: 'Lyon', limit: '0' },
      { q: 'Lyon', kind: 'canton' },
    ] as Record<string, string>[]) {
      const refused = await search(query);
      expect(refused.status).toBe(400);
      expect(String(refused.headers['content-type'])).toContain('application/problem+json');
    }
    expect((await f.a.member.api.get('/geography/search', { q: 'Lyon' })).status).toBe(403);
    expect((await f.anonymous.get('/geography/search', { q: 'Lyon' })).status).toBe(401);
  });

  it('creates a custom grouping of communes, and refuses unknown communes', async () => {
    const custom = await f.admin.api.post<Territory>('/territories', {
      kind: 'custom',
      name: 'Bassin de vie du Grésivaudan',
      communes: ['38185', '38151', '38229'],
    });
    expect(custom.status).toBe(201);
    expect(custom.body).toMatchObject({ kind: 'custom', code: null, communeCount: 3, departementCodes: ['38'] });
    const communes = await f.admin.api.get<Page<{ code: string; name: string }>>(
      `/territories/${custom.body.id}/communes`,
    );
    expect(communes.body.items.map((commune) => commune.code)).toEqual(['38151', '38185', '38229']);
    const unknown = await f.admin.api.post('/territories', { kind: 'custom', name: 'X', communes: ['38185', '00000'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'unknown_commune' });
    const withCode = await f.admin.api.post('/territories', {
      kind: 'custom',
      name: 'X',
      code: '38',
      communes: ['38185'],
    });
    expect(withCode.status).toBe(400);
  });

  it('lists every territory to an administrator and only their own to others, with their role', async () => {
    const all = await f.admin.api.get<Page<Territory>>('/territories', { limit: '100' });
    expect(all.body.items.map((territory) => territory.id)).toEqual(expect.arrayContaining([f.a.id, f.b.id]));
    const mine = await f.a.member.api.get<Page<Territory>>('/territories');
    expect(mine.body.items).toEqual([expect.objectContaining({ id: f.a.id, myRole: 'member' })]);
  });

  it('paginates with an opaque cursor and rejects a forged one', async () => {
    const first = await f.admin.api.get<Page<Territory>>(`/territories/${f.a.id}/communes`, { limit: '20' });
    expect(first.body.items).toHaveLength(20);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await f.admin.api.get<Page<Territory>>(`/territories/${f.a.id}/communes`, {
      limit: '20',
      cursor: first.body.nextCursor as string,
    });
    expect(second.body.items[0]).not.toEqual(first.body.items[0]);
    const forged = await f.admin.api.get(`/territories/${f.a.id}/communes`, { cursor: 'not-a-cursor' });
    expect(forged.status).toBe(400);
    expect(forged.body).toMatchObject({ code: 'invalid_cursor' });
    expect((await f.admin.api.get(`/territories/${f.a.id}/communes`, { limit: '1000' })).status).toBe(400);
  });

  it('invites by e-mail, mails the link, and the invitee joins with a new account', async () => {
    const mail = t.app.get(MailService);
    const invitation = await f.a.coordinator.api.post<{ token: string; acceptUrl: string; expiresAt: string }>(
      `/territories/${f.a.id}/invitations`,
      { email: 'Nouvelle.Recrue@Maillage.test', role: 'member' },
    );
    expect(invitation.status).toBe(201);
    expect(invitation.body.acceptUrl).toContain(encodeURIComponent(invitation.body.token));
    expect(new Date(invitation.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect(mail.sentMessages().at(-1)).toMatchObject({ to: 'nouvelle.recrue@maillage.test' });
    expect(mail.sentMessages().at(-1)?.text).toContain(invitation.body.acceptUrl);

    const missingName = await f.anonymous.post(`/invitations/${invitation.body.token}/accept`, {
      password: 'Une-phrase-de-passe-solide',
    });
    expect(missingName.status).toBe(400);
    const accepted = await f.anonymous.post<{ accessToken: string; role: string }>(
      `/invitations/${invitation.body.token}/accept`,
      { name: 'Nouvelle Recrue', password: 'Une-phrase-de-passe-solide' },
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body.role).toBe('member');
    const again = await f.anonymous.post(`/invitations/${invitation.body.token}/accept`, {
      name: 'X',
      password: 'Une-phrase-de-passe-solide',
    });
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ code: 'invalid_invitation' });
  });

  it('says in the invitation e-mail who invites and, when it names one, the organisation to act for', async () => {
    const mail = t.app.get(MailService);
    const coordinator = f.a.coordinator.api;
    const inviter = (await coordinator.get<{ user: { name: string } }>('/me')).body.user.name;
    const territory = (await coordinator.get<Territory>(`/territories/${f.a.id}`)).body.name;
    const actor = await coordinator.post<{ id: string }>(`/territories/${f.a.id}/actors`, {
      category: 'association',
      name: 'Passerelles Emploi',
    });
    expect(actor.status).toBe(201);
    const forOrganisation = await coordinator.post<{ id: string; acceptUrl: string }>(
      `/territories/${f.a.id}/invitations`,
      { email: 'pour.une.organisation@maillage.test', role: 'member', actorId: actor.body.id },
    );
    expect(forOrganisation.status).toBe(201);
    const sent = mail.sentMessages().at(-1);
    expect(sent).toMatchObject({ to: 'pour.une.organisation@maillage.test' });
    expect(sent?.text).toContain(
      `Bonjour,\n\n${inviter} vous invite à rejoindre l’espace « ${territory} » sur Maillage en tant que membre.\n` +
        'Vous y agirez pour le compte de l’organisation « Passerelles Emploi ».\n',
    );
    expect(sent?.text).toContain(forOrganisation.body.acceptUrl);
    // Names, never raw identifiers.
    expect(sent?.text).not.toContain(actor.body.id);
    expect(sent?.text).not.toContain(f.a.coordinator.id);
    const plain = await coordinator.post(`/territories/${f.a.id}/invitations`, {
      email: 'sans.organisation@maillage.test',
      role: 'coordinator',
    });
    expect(plain.status).toBe(201);
    const text = mail.sentMessages().at(-1)?.text;
    expect(text).toContain(
      `${inviter} vous invite à rejoindre l’espace « ${territory} » sur Maillage en tant que coordinateur·rice.`,
    );
    expect(text).not.toContain('pour le compte');
  });

  it('lets an existing account join another territory once signed in, and keeps memberships apart', async () => {
    const invitation = await f.b.coordinator.api.post<{ token: string }>(`/territories/${f.b.id}/invitations`, {
      email: f.a.coordinator.email,
      role: 'member',
    });
    // The public route never checks an existing account's password: it sends the person to sign in.
    const anonymous = await f.anonymous.post(`/invitations/${invitation.body.token}/accept`, {
      name: 'Quelqu’un',
      password: 'Un-mot-de-passe-au-hasard',
    });
    expect(anonymous.status).toBe(409);
    expect(anonymous.body).toMatchObject({ code: 'account_exists' });
    // Someone else, signed in, cannot take it.
    const stranger = await f.b.member.api.post(`/me/invitations/${invitation.body.token}/accept`);
    expect(stranger.status).toBe(404);
    const joined = await f.a.coordinator.api.post<{ territoryId: string; role: string }>(
      `/me/invitations/${invitation.body.token}/accept`,
    );
    expect(joined.status).toBe(200);
    expect(joined.body).toEqual({ territoryId: f.b.id, role: 'member' });
    const me = await f.a.coordinator.api.get<{ memberships: { territoryId: string; role: string }[] }>('/me');
    expect(me.body.memberships).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ territoryId: f.a.id, role: 'coordinator' }),
        expect.objectContaining({ territoryId: f.b.id, role: 'member' }),
      ]),
    );
    // Inside territory A, only A's memberships exist: their B membership does not show there.
    const membersOfA = await f.a.coordinator.api.get<Page<{ userId: string; role: string }>>(
      `/territories/${f.a.id}/members`,
    );
    const own = membersOfA.body.items.filter((member) => member.userId === f.a.coordinator.id);
    expect(own).toEqual([expect.objectContaining({ role: 'coordinator' })]);
    // Their role differs by territory: member in B cannot list B's members.
    expect((await f.a.coordinator.api.get(`/territories/${f.b.id}/members`)).status).toBe(403);
  });

  it('refuses to invite an existing member, and revokes pending invitations', async () => {
    const existing = await f.a.coordinator.api.post(`/territories/${f.a.id}/invitations`, {
      email: f.a.member.email,
      role: 'member',
    });
    expect(existing.status).toBe(409);
    const pending = await f.a.coordinator.api.post<{ id: string; token: string }>(
      `/territories/${f.a.id}/invitations`,
      {
        email: 'a.revoquer@maillage.test',
        role: 'coordinator',
      },
    );
    const list = await f.a.coordinator.api.get<Page<{ id: string; status: string }>>(
      `/territories/${f.a.id}/invitations`,
    );
    expect(list.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: pending.body.id, status: 'pending' })]),
    );
    expect((await f.a.coordinator.api.delete(`/territories/${f.a.id}/invitations/${pending.body.id}`)).status).toBe(
      204,
    );
    expect((await f.a.coordinator.api.delete(`/territories/${f.a.id}/invitations/${pending.body.id}`)).status).toBe(
      404,
    );
    const accept = await f.anonymous.post(`/invitations/${pending.body.token}/accept`, {
      name: 'Trop tard',
      password: 'Une-phrase-de-passe-solide',
    });
    expect(accept.status).toBe(404);
  });

  it('changes roles and removes members, but never the last coordinator', async () => {
    const extra = await joinTerritory(f.a.coordinator.api, f.anonymous, f.a.id, 'second.coord@maillage.test', 'member');
    const promoted = await f.a.coordinator.api.patch<{ role: string }>(`/territories/${f.a.id}/members/${extra.id}`, {
      role: 'coordinator',
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('coordinator');
    expect(
      (await f.a.coordinator.api.get<Page<unknown>>(`/territories/${f.a.id}/members`, { role: 'coordinator' })).body
        .items,
    ).toHaveLength(2);
    expect((await f.a.coordinator.api.delete(`/territories/${f.a.id}/members/${extra.id}`)).status).toBe(204);
    const lastDemote = await f.a.coordinator.api.patch(`/territories/${f.a.id}/members/${f.a.coordinator.id}`, {
      role: 'member',
    });
    expect(lastDemote.status).toBe(409);
    expect(lastDemote.body).toMatchObject({ code: 'last_coordinator' });
    expect((await f.a.coordinator.api.delete(`/territories/${f.a.id}/members/${f.a.coordinator.id}`)).status).toBe(409);
    // The removed member no longer reaches the territory.
    const removed = await login(f.anonymous, extra.email, extra.password);
    expect((await removed.api.get(`/territories/${f.a.id}`)).status).toBe(404);
  });

  it('records every change in the audit log, with author, fields and filters, never secrets', async () => {
    const log = await f.a.coordinator.api.get<
      Page<{
        entity: string;
        action: string;
        actorUserId: string;
        changes: Record<string, { old: unknown; new: unknown }>;
      }>
    >(`/territories/${f.a.id}/audit-log`, { limit: '100' });
    expect(log.status).toBe(200);
    const entities = new Set(log.body.items.map((entry) => `${entry.entity}:${entry.action}`));
    for (const expected of [
      'territory:create',
      'invitation:create',
      'invitation:accept',
      'invitation:revoke',
      'membership:create',
      'membership:update',
      'membership:delete',
    ]) {
      expect(entities).toContain(expected);
    }
    const roleChange = log.body.items.find((entry) => entry.entity === 'membership' && entry.action === 'update');
    expect(roleChange?.changes.role).toEqual({ old: 'member', new: 'coordinator' });
    expect(roleChange?.actorUserId).toBe(f.a.coordinator.id);
    expect(JSON.stringify(log.body)).not.toMatch(/password|token_hash|\$argon2/i);

    const memberships = await f.a.coordinator.api.get<Page<{ entity: string }>>(`/territories/${f.a.id}/audit-log`, {
      entity: 'membership',
    });
    expect(memberships.body.items.length).toBeGreaterThan(0);
    expect(memberships.body.items.every((entry) => entry.entity === 'membership')).toBe(true);
    const byAdmin = await f.a.coordinator.api.get<Page<{ actorUserId: string }>>(`/territories/${f.a.id}/audit-log`, {
      actorId: f.admin.id,
    });
    expect(byAdmin.body.items.length).toBeGreaterThan(0);
    expect(byAdmin.body.items.every((entry) => entry.actorUserId === f.admin.id)).toBe(true);
    const future = await f.a.coordinator.api.get<Page<unknown>>(`/territories/${f.a.id}/audit-log`, {
      from: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(future.body.items).toEqual([]);
    const paged = await f.a.coordinator.api.get<Page<{ id: string }>>(`/territories/${f.a.id}/audit-log`, {
      limit: '2',
    });
    const next = await f.a.coordinator.api.get<Page<{ id: string }>>(`/territories/${f.a.id}/audit-log`, {
      limit: '2',
      cursor: paged.body.nextCursor as string,
    });
    expect(Number(next.body.items[0]?.id)).toBeLessThan(Number(paged.body.items[1]?.id));
    // B's audit log holds none of A's entries.
    const logOfB = await f.b.coordinator.api.get<Page<{ entityId: string }>>(`/territories/${f.b.id}/audit-log`, {
      limit: '100',
    });
    expect(logOfB.body.items.some((entry) => entry.entityId === f.a.id)).toBe(false);
  });

  it('shows what an invitation invites to before it is accepted, and says when it was revoked', async () => {
    const invitation = await f.a.coordinator.api.post<{ id: string; token: string }>(
      `/territories/${f.a.id}/invitations`,
      { email: 'apercu@maillage.test', role: 'member' },
    );
    expect(invitation.status).toBe(201);
    const preview = await f.anonymous.get<Record<string, unknown>>(`/invitations/${invitation.body.token}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      territory: { id: f.a.id, name: expect.any(String) },
      email: 'apercu@maillage.test',
      role: 'member',
      organisation: null,
      invitedBy: expect.any(String),
      status: 'pending',
    });
    expect(JSON.stringify(preview.body)).not.toMatch(/token|hash/i);
    expect((await f.a.coordinator.api.delete(`/territories/${f.a.id}/invitations/${invitation.body.id}`)).status).toBe(
      204,
    );
    const revoked = await f.anonymous.get<{ status: string }>(`/invitations/${invitation.body.token}`);
    expect(revoked.body.status).toBe('revoked');
    // A token of the right shape that names nothing, or one for another territory, is the same 404.
    const forged = `${f.b.id}.${invitation.body.token.split('.')[1]}`;
    expect((await f.anonymous.get(`/invitations/${forged}`)).status).toBe(404);
    expect((await f.anonymous.get('/invitations/pas-un-jeton')).status).toBe(404);
  });

  it('never claims an e-mail went out when none did, and shows the link to whoever may pass it on', async () => {
    // No SMTP_URL in the tests: nothing is sent.
    const invitation = await f.a.coordinator.api.post<{ acceptUrl: string; mailSent: boolean }>(
      `/territories/${f.a.id}/invitations`,
      { email: 'sans-courrier@maillage.test', role: 'member' },
    );
    expect(invitation.status).toBe(201);
    expect(invitation.body).toMatchObject({ mailSent: false, acceptUrl: expect.stringContaining('/invitations/') });
    const observer = await f.admin.api.post<{ passwordSetup: { url: string }; mailSent: boolean }>('/observers', {
      email: 'observatoire-sans-courrier@maillage.test',
      name: 'Observatoire sans courrier',
    });
    expect(observer.status).toBe(201);
    expect(observer.body).toMatchObject({ mailSent: false, passwordSetup: { url: expect.stringContaining('token=') } });
    // A reset request says only that the platform sends no mail, the same for every address, and no link.
    const known = await f.anonymous.post('/auth/password-reset', { email: f.a.member.email });
    const unknown = await f.anonymous.post('/auth/password-reset', { email: 'personne@maillage.test' });
    expect(known.body).toEqual({ status: 'accepted', mailConfigured: false });
    expect(unknown.body).toEqual(known.body);

    // When the message does go out, the answers say so.
    const mail = t.app.get(MailService);
    const send = jest.spyOn(mail, 'send').mockResolvedValue(true);
    try {
      const mailed = await f.a.coordinator.api.post<{ mailSent: boolean }>(`/territories/${f.a.id}/invitations`, {
        email: 'avec-courrier@maillage.test',
        role: 'member',
      });
      expect(mailed.body.mailSent).toBe(true);
      const mailedObserver = await f.admin.api.post<{ mailSent: boolean }>('/observers', {
        email: 'observatoire-avec-courrier@maillage.test',
        name: 'Observatoire avec courrier',
      });
      expect(mailedObserver.body.mailSent).toBe(true);
    } finally {
      send.mockRestore();
    }
  });

  it('lets an administrator create observers, who choose their password through a one-time link', async () => {
    const list = await f.admin.api.get<{ email: string }[]>('/observers');
    expect(list.body.map((observer) => observer.email)).toContain(f.observer.email);
    const duplicate = await f.admin.api.post('/observers', { email: f.observer.email, name: 'Doublon' });
    expect(duplicate.status).toBe(409);
    const me = await f.observer.api.get<{ roles: string[]; memberships: unknown[] }>('/me');
    expect(me.body).toMatchObject({ roles: ['observer'], memberships: [] });
  });

  // The access guard reads the caller's access (account, session, territory, membership) in the round trip that opens
  // the request's transaction (`Transactions.open` with `maillage_access`, migration 1763800000061): the answers are
  // those of the separate statement it replaced.
  describe('the access check, in the transaction’s first round trip', () => {
    it('lets members and coordinators in their territory, and administrators anywhere', async () => {
      expect((await f.a.member.api.get(`/territories/${f.a.id}/actors`)).status).toBe(200);
      expect((await f.a.coordinator.api.get(`/territories/${f.a.id}/members`)).status).toBe(200);
      expect((await f.admin.api.get(`/territories/${f.b.id}/members`)).status).toBe(200);
    });

    it('answers 404 for another territory exactly as for one that does not exist, and 403 for a role', async () => {
      const other = await f.a.member.api.get(`/territories/${f.b.id}/actors`);
      const missing = await f.a.member.api.get(`/territories/${randomUUID()}/actors`);
      expect(other.status).toBe(404);
      expect(missing.status).toBe(404);
      const same = ({ type, title, detail, code }: Record<string, unknown>) => ({ type, title, detail, code });
      expect(same(other.body as Record<string, unknown>)).toEqual(same(missing.body as Record<string, unknown>));
      const role = await f.a.member.api.get(`/territories/${f.a.id}/members`);
      expect(role.status).toBe(403);
      expect(role.body).toMatchObject({ code: 'forbidden' });
    });

    it('refuses a removed member at once, with the token they still hold', async () => {
      const leaving = await joinTerritory(
        f.a.coordinator.api,
        f.anonymous,
        f.a.id,
        'depart.acces@maillage.test',
        'member',
      );
      expect((await leaving.api.get(`/territories/${f.a.id}/actors`)).status).toBe(200);
      expect((await f.a.coordinator.api.delete(`/territories/${f.a.id}/members/${leaving.id}`)).status).toBe(204);
      expect((await leaving.api.get(`/territories/${f.a.id}/actors`)).status).toBe(404);
    });

    it('gives every refused request its connection back, its transaction ended', async () => {
      // More refusals than the pool has connections: one left in its transaction would starve the rest.
      for (let attempt = 0; attempt < 30; attempt += 1) {
        const territoryId = attempt % 2 === 0 ? f.b.id : randomUUID();
        expect((await f.a.member.api.get(`/territories/${territoryId}/actors`)).status).toBe(404);
        expect((await f.a.member.api.get(`/territories/${f.a.id}/invitations`)).status).toBe(403);
      }
      const created = await f.a.coordinator.api.post<{ id: string }>(`/territories/${f.a.id}/actors`, {
        name: 'Recyclerie du Vieux-Lyon',
        category: 'association',
      });
      expect(created.status).toBe(201);
      // Committed, and seen by the next request (another transaction).
      expect((await f.a.member.api.get(`/territories/${f.a.id}/actors/${created.body.id}`)).status).toBe(200);
    });
  });
});
