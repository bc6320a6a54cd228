import { randomUUID } from 'node:crypto';
import {
  createTenancyFixture,
  databaseSnapshot,
  engineKind,
  joinTerritory,
  login,
  ownerQuery,
  seedEcosystem,
  type ApiClient,
  type EcosystemFixture,
  type TenancyFixture,
  type TestApp,
  type TestUser,
} from '@maillage/testing';
import type { Page } from '@maillage/platform';
import type { CommentView } from '@maillage/ecosystem';
import { startApi } from './support/app.js';

type Comment = CommentView;
interface Notification {
  kind: string;
  text: string;
  link: string;
}
interface Problem {
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

const mention = (user: { id: string; name: string }) => `@[${user.name}](${user.id})`;

describe(`discussion (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;
  let eco: EcosystemFixture;
  let coordinator: ApiClient;
  let base: string;
  /** Members of the alliance's two parties, and of an organisation that is not a party. */
  let association: TestUser;
  let company: TestUser;
  let outsider: TestUser;
  const names = { association: 'Léa Passerelles', company: 'Hélène Atelier', outsider: 'Omar Mission' };

  async function memberOf(actorId: string, email: string, name: string): Promise<TestUser> {
    const joined = await joinTerritory(coordinator, f.anonymous, f.a.id, email, 'member', name);
    expect((await coordinator.patch(`${base}/members/${joined.id}`, { actorId })).status).toBe(200);
    return login(f.anonymous, email, joined.password);
  }

  /** The caller's notifications whose link names `subjectId`. */
  async function notificationsAbout(user: TestUser, subjectId: string): Promise<Notification[]> {
    const page = await user.api.get<Page<Notification>>('/me/notifications', { limit: '100' });
    expect(page.status).toBe(200);
    return page.body.items.filter((item) => item.link.includes(subjectId));
  }

  const thread = (collection: string, id: string) => `${base}/${collection}/${id}/comments`;

  beforeAll(async () => {
    t = await startApi();
    f = await createTenancyFixture(t);
    coordinator = f.a.coordinator.api;
    base = `/territories/${f.a.id}`;
    eco = await seedEcosystem(coordinator, f.a.id);
    association = await memberOf(eco.association, 'lea@passerelles.example', names.association);
    company = await memberOf(eco.company, 'helene@atelier.example', names.company);
    outsider = await memberOf(eco.publicBody, 'omar@mission.example', names.outsider);
  });
  afterAll(() => t?.close());

  describe('alliance threads', () => {
    let posted: Comment;

    it('lets a party post, mentioning someone who may read it; the thread names authors and mentions', async () => {
      const body = `  Bonjour ${mention({ id: company.id, name: 'Hélène' })}, on en parle jeudi ? https://exemple.fr/ordre-du-jour  `;
      const response = await association.api.post<Comment>(thread('alliances', eco.allianceId), { body });
      expect(response.status).toBe(201);
      posted = response.body;
      expect(posted).toMatchObject({
        body: body.trim(),
        author: { id: association.id, name: names.association, organisation: expect.stringMatching(/^Passerelles/) },
        mentions: [{ userId: company.id, name: names.company }],
        editedAt: null,
        deletedAt: null,
        canEdit: true,
        canDelete: true,
      });
      const seen = await coordinator.get<Page<Comment>>(thread('alliances', eco.allianceId));
      expect(seen.status).toBe(200);
      expect(seen.body.items).toEqual([expect.objectContaining({ id: posted.id, canEdit: false, canDelete: true })]);
      const byCompany = await company.api.get<Page<Comment>>(thread('alliances', eco.allianceId));
      expect(byCompany.body.items).toEqual([expect.objectContaining({ id: posted.id, canDelete: false })]);
    });

    it('tells the mentioned person (mentions), the other readers (comments), never the author nor outsiders', async () => {
      expect(await notificationsAbout(company, eco.allianceId)).toEqual([
        expect.objectContaining({
          kind: 'mentions',
          text: expect.stringContaining(
            `${names.association} vous a cité·e dans la discussion « Mécénat de compétences numériques »`,
          ),
          link: `/t/${f.a.id}/alliances/${eco.allianceId}`,
        }),
      ]);
      const toCoordination = await notificationsAbout(f.a.coordinator, eco.allianceId);
      expect(toCoordination.filter((n) => n.kind === 'comments')).toEqual([
        expect.objectContaining({ text: expect.stringContaining('@Hélène Atelier, on en parle jeudi') }),
      ]);
      expect((await notificationsAbout(association, eco.allianceId)).filter((n) => n.kind === 'comments')).toEqual([]);
      expect(await notificationsAbout(outsider, eco.allianceId)).toEqual([]);
      expect(await notificationsAbout(f.b.member, eco.allianceId)).toEqual([]);
      expect(await notificationsAbout(f.b.coordinator, eco.allianceId)).toEqual([]);
    });

    it('answers 404 to a member of another organisation or territory, on every thread route, and changes nothing', async () => {
      const before = await databaseSnapshot(t.runtime);
      const path = thread('alliances', eco.allianceId);
      for (const caller of [outsider, f.b.member, f.b.coordinator]) {
        const calls = [
          caller.api.get(path),
          caller.api.get(`${path}/mentionable`),
          caller.api.post(path, { body: 'Je m’invite' }),
          caller.api.patch(`${path}/${posted.id}`, { body: 'Modifié' }),
          caller.api.delete(`${path}/${posted.id}`),
          caller.api.get(`${base}/alliances/${eco.allianceId}/contacts`),
        ];
        for (const response of await Promise.all(calls)) {
          expect({ email: caller.email, status: response.status }).toEqual({ email: caller.email, status: 404 });
        }
      }
      expect((await coordinator.get(thread('alliances', randomUUID()))).status).toBe(404);
      expect(await databaseSnapshot(t.runtime)).toEqual(before);
    });

    it('offers as mentionable only those who may read the thread, searched without accents', async () => {
      const all = await association.api.get<{ userId: string; name: string; role: string }[]>(
        `${thread('alliances', eco.allianceId)}/mentionable`,
      );
      expect(all.status).toBe(200);
      const ids = all.body.map((person) => person.userId);
      expect(ids).toEqual(expect.arrayContaining([f.a.coordinator.id, association.id, company.id]));
      expect(ids).not.toContain(outsider.id);
      const searched = await association.api.get<{ userId: string }[]>(
        `${thread('alliances', eco.allianceId)}/mentionable`,
        { q: 'helene' },
      );
      expect(searched.body.map((person) => person.userId)).toEqual([company.id]);
    });

    it('refuses, in French and naming the field, empty or too long messages and mentions of people who may not read it', async () => {
      const before = await databaseSnapshot(t.runtime);
      const path = thread('alliances', eco.allianceId);
      const cases: [unknown, string][] = [
        [{ body: '   \n ' }, 'invalid_comment'],
        [{ body: 'x'.repeat(5001) }, 'validation_failed'],
        [{ body: '' }, 'validation_failed'],
        [{}, 'validation_failed'],
        [{ body: `Voyez ${mention({ id: outsider.id, name: 'Omar' })}` }, 'invalid_mention'],
        [{ body: `Voyez ${mention({ id: randomUUID(), name: 'Fantôme' })}` }, 'invalid_mention'],
        [{ body: `Voyez ${mention({ id: f.b.member.id, name: 'Voisin' })}` }, 'invalid_mention'],
      ];
      for (const [body, code] of cases) {
        const response = await association.api.post<Problem>(path, body);
        expect({ body, status: response.status, code: response.body.code }).toEqual({ body, status: 400, code });
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body.errors?.map((error) => error.field)).toContain('body');
        expect(response.body.detail).toMatch(/[éèàù’]|message|invalides/);
      }
      const empty = await association.api.post<Problem>(path, { body: '   ' });
      expect(empty.body.detail).toBe('Le message est vide.');
      const foreign = await association.api.post<Problem>(path, { body: mention({ id: outsider.id, name: 'Omar' }) });
      expect(foreign.body.detail).toBe('Vous ne pouvez citer que des personnes qui ont accès à cette discussion.');
      expect(await databaseSnapshot(t.runtime)).toEqual(before);
    });

    it('lets the author edit within 15 minutes only, and nobody else', async () => {
      const path = `${thread('alliances', eco.allianceId)}/${posted.id}`;
      const edited = await association.api.patch<Comment>(path, { body: 'Bonjour à tous, rendez-vous jeudi.' });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ body: 'Bonjour à tous, rendez-vous jeudi.', mentions: [] });
      expect(edited.body.editedAt).not.toBeNull();
      const byOther = await company.api.patch<Problem>(path, { body: 'Pas le mien' });
      expect(byOther.status).toBe(403);
      expect(byOther.body.code).toBe('comment_not_editable');
      const byCoordination = await coordinator.patch<Problem>(path, { body: 'Pas le mien non plus' });
      expect(byCoordination.status).toBe(403);
      await ownerQuery(t.runtime, `update comments set created_at = now() - interval '16 minutes' where id = $1`, [
        posted.id,
      ]);
      const late = await association.api.patch<Problem>(path, { body: 'Trop tard' });
      expect(late.status).toBe(409);
      expect(late.body).toMatchObject({ code: 'comment_not_editable', detail: expect.stringContaining('15 minutes') });
      const listed = await association.api.get<Page<Comment>>(thread('alliances', eco.allianceId));
      expect(listed.body.items[0]).toMatchObject({ body: 'Bonjour à tous, rendez-vous jeudi.', canEdit: false });
    });

    it('lets the author or the coordination delete a message, which stays in the thread as a trace', async () => {
      const path = thread('alliances', eco.allianceId);
      const second = await company.api.post<Comment>(path, { body: 'Un message à retirer.' });
      expect(second.status).toBe(201);
      const notTheirs = await association.api.delete<Problem>(`${path}/${second.body.id}`);
      expect(notTheirs.status).toBe(403);
      expect(notTheirs.body.code).toBe('comment_not_deletable');
      const own = await company.api.delete<Comment>(`${path}/${second.body.id}`);
      expect(own.status).toBe(200);
      const moderated = await coordinator.delete<Comment>(`${path}/${posted.id}`);
      expect(moderated.status).toBe(200);
      expect(moderated.body).toMatchObject({
        body: '',
        mentions: [],
        deletedBy: { id: f.a.coordinator.id },
        canEdit: false,
        canDelete: false,
      });
      expect(moderated.body.deletedAt).not.toBeNull();
      const again = await coordinator.delete<Problem>(`${path}/${posted.id}`);
      expect(again.status).toBe(409);
      const listed = await association.api.get<Page<Comment>>(path);
      expect(listed.body.items.map((c) => [c.id, c.body, c.deletedBy?.id])).toEqual([
        [posted.id, '', f.a.coordinator.id],
        [second.body.id, '', company.id],
      ]);
      expect(await ownerQuery(t.runtime, `select 1 from comments where body like '%retirer%'`)).toEqual([]);
      const events = await ownerQuery<{ kind: string }>(
        t.runtime,
        `select kind from domain_events where subject_type = 'comment' and subject_id = $1 order by id`,
        [second.body.id],
      );
      expect(events.map((event) => event.kind)).toEqual(['comment.posted', 'comment.deleted']);
    });
  });

  describe('action and priority threads', () => {
    it('keeps action threads to the coordination, like the action itself, and notifies the other coordinators', async () => {
      const path = thread('actions', eco.actionId);
      const second = await joinTerritory(
        coordinator,
        f.anonymous,
        f.a.id,
        'seconde.coordination@maillage.test',
        'coordinator',
      );
      const posted = await coordinator.post<Comment>(path, {
        body: `Compte rendu à relire, ${mention({ id: second.id, name: 'Seconde' })}.`,
      });
      expect(posted.status).toBe(201);
      for (const member of [association, company]) {
        expect((await member.api.get(`${base}/actions/${eco.actionId}`)).status).toBe(403);
        expect((await member.api.get(path)).status).toBe(403);
      }
      const refused = await coordinator.post<Problem>(path, { body: mention({ id: association.id, name: 'Léa' }) });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('invalid_mention');
      expect(await notificationsAbout(second, eco.actionId)).toEqual([
        expect.objectContaining({ kind: 'mentions', link: `/t/${f.a.id}/actions/${eco.actionId}` }),
      ]);
      expect(await notificationsAbout(association, eco.actionId)).toEqual([]);
    });

    it('opens priority threads to every member, pages them oldest first, and tells the coordination', async () => {
      const path = thread('priorities', eco.priorityId);
      for (const [i, author] of [association, outsider, company].entries()) {
        expect((await author.api.post(path, { body: `Message ${i + 1}` })).status).toBe(201);
      }
      const first = await outsider.api.get<Page<Comment>>(path, { limit: '2' });
      expect(first.body.items.map((c) => c.body)).toEqual(['Message 1', 'Message 2']);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const rest = await outsider.api.get<Page<Comment>>(path, { limit: '2', cursor: first.body.nextCursor as string });
      expect(rest.body.items.map((c) => c.body)).toEqual(['Message 3']);
      expect(rest.body.nextCursor).toBeNull();
      const mentioned = await outsider.api.post(path, {
        body: `Qu’en pense ${mention({ id: company.id, name: 'Hélène' })} ?`,
      });
      expect(mentioned.status).toBe(201);
      expect((await notificationsAbout(f.a.coordinator, eco.priorityId)).length).toBe(4);
      expect((await notificationsAbout(company, eco.priorityId)).map((n) => n.kind)).toEqual(['mentions']);
      expect(await notificationsAbout(association, eco.priorityId)).toEqual([]);
      expect((await f.b.member.api.get(path)).status).toBe(404);
    });

    it('deletes a thread with its subject', async () => {
      const priority = await coordinator.post<{ id: string }>(`${base}/priorities`, { title: 'Mobilité rurale' });
      await coordinator.post(thread('priorities', priority.body.id), { body: 'À discuter' });
      expect((await coordinator.delete(`${base}/priorities/${priority.body.id}`)).status).toBe(204);
      expect(await ownerQuery(t.runtime, `select 1 from comments where subject_id = $1`, [priority.body.id])).toEqual(
        [],
      );
    });
  });

  describe('contacts of the parties', () => {
    const contacts = (caller: TestUser | { api: ApiClient }) =>
      caller.api.get<{ actorId: string; contacts: { name: string; consentNote: string | null }[] }[]>(
        `${base}/alliances/${eco.allianceId}/contacts`,
      );

    it('are shared with the parties only once the alliance is under discussion', async () => {
      const early = await association.api.get<Problem>(`${base}/alliances/${eco.allianceId}/contacts`);
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('contacts_not_shared');
      const moved = await coordinator.post(`${base}/alliances/${eco.allianceId}/transitions`, {
        to: 'under_discussion',
      });
      expect(moved.status).toBe(200);
      for (const reader of [company, association, f.a.coordinator]) {
        const response = await contacts(reader);
        expect(response.status).toBe(200);
        const ofAssociation = response.body.find((party) => party.actorId === eco.association);
        expect(ofAssociation?.contacts).toEqual([
          expect.objectContaining({ name: 'Camille Durand', consentNote: expect.stringContaining('Accord') }),
        ]);
      }
      // Still hidden from a member of another organisation, and from the directory route.
      expect((await contacts(outsider)).status).toBe(404);
      expect((await company.api.get(`${base}/actors/${eco.association}/contacts`)).status).toBe(403);
    });
  });
});
