import { JobQueue } from '@maillage/platform';
import {
  createTenancyFixture,
  engineKind,
  joinTerritory,
  ownerQuery,
  pollUntil,
  type TenancyFixture,
  type TestApp,
  type TestUser,
} from '@maillage/testing';
import { startApi } from './support/app.js';
import { SmtpInbox } from './support/smtp-inbox.js';

interface Notification {
  id: string;
  territory: { id: string; name: string };
  kind: string;
  text: string;
  link: string;
  readAt: string | null;
}
interface NotificationPage {
  items: Notification[];
  nextCursor: string | null;
}

const PUBLIC_URL = 'http://maillage.test';

/**
 * The collaboration loop's notifications: a company's member proposes an
 * alliance, the association's member is told in the console and by mail
 * (a real SMTP server in the test process), within the configured delay;
 * who hears what follows the roles; preferences, digests, retries,
 * unsubscribe and readiness. Mail waits 6 s before leaving, and the sweep
 * looks every second.
 */
describe(`notifications (${engineKind()} engine)`, () => {
  const inbox = new SmtpInbox();
  let t: TestApp;
  let f: TenancyFixture;
  /** Acts for the company. */
  let company: TestUser;
  /** Acts for the association. */
  let association: TestUser;
  let companyId: string;
  let associationId: string;
  let base: string;

  /** The notification mails to someone (not the invitation that brought them in). */
  const mailsTo = (address: string) => inbox.to(address).filter((mail) => mail.subject.startsWith('Maillage – '));
  const mine = async (user: TestUser, query: Record<string, string> = {}) =>
    (await user.api.get<NotificationPage>('/me/notifications', query)).body.items;
  const propose = async (title: string) => {
    const created = await company.api.post<{ id: string }>(`${base}/alliances`, {
      title,
      parties: [{ actorId: companyId }, { actorId: associationId }],
      modes: ['economic_cooperation'],
    });
    expect(created.status).toBe(201);
    return created.body.id;
  };
  const mailQueue = (userId: string, allianceId: string) =>
    ownerQuery<{ state: string; kind: string }>(
      t.runtime,
      `select q.state, e.kind from mail_queue q
       join notifications n on n.territory_id = q.territory_id and n.id = q.notification_id
       join domain_events e on e.territory_id = n.territory_id and e.id = n.event_id
       where q.user_id = $1 and e.subject_id = $2 order by q.id`,
      [userId, allianceId],
    );

  beforeAll(async () => {
    await inbox.start();
    t = await startApi({
      SMTP_URL: inbox.url,
      MAILLAGE_PUBLIC_URL: PUBLIC_URL,
      MAILLAGE_NOTIFICATION_MAIL_DELAY_SECONDS: '6',
      MAILLAGE_NOTIFICATION_SWEEP_SECONDS: '1',
      MAILLAGE_MAIL_RETRY_SECONDS: '1',
    });
    f = await createTenancyFixture(t);
    base = `/territories/${f.a.id}`;
    const coordinator = f.a.coordinator.api;
    const actor = async (body: Record<string, unknown>) => {
      const created = await coordinator.post<{ id: string }>(`${base}/actors`, { communeCode: '69266', ...body });
      expect(created.status).toBe(201);
      return created.body.id;
    };
    companyId = await actor({ category: 'company', name: 'Atelier Numérique Lyonnais', sizeClass: 'sme' });
    associationId = await actor({ category: 'association', name: 'Passerelles Emploi', employer: true });
    company = f.a.member;
    association = await joinTerritory(coordinator, f.anonymous, f.a.id, 'asso.a@maillage.test', 'member', 'Awa Diallo');
    for (const [user, actorId] of [
      [company, companyId],
      [association, associationId],
    ] as const) {
      expect((await coordinator.patch(`${base}/members/${user.id}`, { actorId })).status).toBe(200);
    }
  });
  afterAll(async () => {
    await t?.close();
    await inbox.stop();
  });

  it('tells the other organisation and the coordination of a proposal, in the console and by mail; never its author or another territory', async () => {
    const allianceId = await propose('Parcours numériques pour les jeunes');
    const link = `/t/${f.a.id}/alliances/${allianceId}`;

    const [told] = await mine(association);
    expect(told).toMatchObject({
      kind: 'proposals',
      territory: { id: f.a.id, name: 'Métropole de Lyon' },
      text: 'Atelier Numérique Lyonnais propose une alliance à votre organisation : « Parcours numériques pour les jeunes ».',
      link,
      readAt: null,
    });
    expect((await association.api.get('/me/notifications/unread-count')).body).toEqual({ unread: 1 });
    expect((await mine(f.a.coordinator))[0]?.text).toContain('Nouvelle proposition d’alliance');
    expect(await mine(company)).toEqual([]);
    expect(await mine(f.b.member)).toEqual([]);
    // Territory B's coordination heard of its own member joining, nothing of territory A.
    expect((await mine(f.b.coordinator)).filter((item) => item.territory.id !== f.b.id)).toEqual([]);

    const [mail] = await pollUntil(
      'the association’s mail',
      async () => mailsTo(association.email),
      (mails) => mails.length > 0,
    );
    expect(mail?.subject).toBe(
      'Maillage – Atelier Numérique Lyonnais propose une alliance à votre organisation : « Parcours numériques pour les jeunes ».',
    );
    expect(mail?.text).toContain('Bonjour Awa Diallo,');
    expect(mail?.text).toContain(`${PUBLIC_URL}${link}`);
    expect(mail?.html).toContain(`href="${PUBLIC_URL}${link}"`);
    expect(mail?.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail?.headers.get('list-unsubscribe')).toContain(`${PUBLIC_URL}/api/v1/mail/unsubscribe?token=`);
    expect(mailsTo(company.email)).toEqual([]);
    // The server receives the mail before the worker records the delivery: wait for the record.
    const [message] = await pollUntil(
      'the delivery state of the association’s mail',
      () =>
        ownerQuery<{ status: string; sent_at: Date | null }>(
          t.runtime,
          `select status, sent_at from mail_messages where user_id = $1`,
          [association.id],
        ),
      (rows) => rows.length > 0 && rows[0]?.status !== 'queued',
    );
    expect(message?.status).toBe('sent');
    expect(message?.sent_at).not.toBeNull();
  });

  it('drops the mail of a proposal withdrawn within the delay, and of its withdrawal', async () => {
    const allianceId = await propose('Proposition faite par erreur');
    const withdrawn = await company.api.post(`${base}/alliances/${allianceId}/transitions`, { to: 'withdrawn' });
    expect(withdrawn.status).toBe(200);
    // In the console both stay: the proposal and its withdrawal.
    const texts = (await mine(association)).map((item) => item.text);
    expect(texts).toContain('La proposition d’alliance « Proposition faite par erreur » a été retirée.');
    const states = await pollUntil(
      'both mails dropped',
      () => mailQueue(association.id, allianceId),
      (rows) => rows.length === 2 && rows.every((row) => row.state === 'dropped'),
    );
    expect(states.map((row) => row.kind)).toEqual(['alliance.proposed', 'alliance.proposal_withdrawn']);
    expect(inbox.mails.filter((mail) => mail.subject.includes('Proposition faite par erreur'))).toEqual([]);
  });

  it('follows each person’s preferences, refuses unknown ones in French, and unsubscribes in one click', async () => {
    const defaults = await association.api.get<{
      preferences: { kind: string; frequency: string; label: string }[];
    }>('/me/notification-preferences');
    expect(defaults.body.preferences.find((p) => p.kind === 'proposals')).toMatchObject({
      frequency: 'immediate',
      label: 'Propositions d’alliance',
    });
    const wrong = await association.api.put('/me/notification-preferences', {
      preferences: [{ kind: 'everything', frequency: 'immediate' }],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.text).toContain('Type de notification inconnu');

    // One click from the first mail's List-Unsubscribe: proposals stop being mailed.
    const [first] = await pollUntil(
      'a mail to the association',
      async () => mailsTo(association.email),
      (mails) => mails.length > 0,
    );
    const url = new URL(/<([^>]+)>/.exec(first?.headers.get('list-unsubscribe') ?? '')?.[1] ?? '');
    const opened = await t.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toMatch(/^\/desinscription\?token=/);
    const clicked = await t.app.inject({
      method: 'POST',
      url: `${url.pathname}${url.search}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(clicked.statusCode).toBe(200);
    expect(clicked.json()).toEqual({ labels: ['Propositions d’alliance'] });
    const forged = await t.app.inject({
      method: 'POST',
      url: `${url.pathname}?token=${url.searchParams.get('token')}x`,
    });
    expect(forged.statusCode).toBe(404);

    const after = await association.api.get<{ preferences: { kind: string; frequency: string }[] }>(
      '/me/notification-preferences',
    );
    expect(after.body.preferences.find((p) => p.kind === 'proposals')?.frequency).toBe('none');
    const allianceId = await propose('Mécénat de compétences numériques');
    expect((await mine(association)).map((item) => item.link)).toContain(`/t/${f.a.id}/alliances/${allianceId}`);
    expect(await mailQueue(association.id, allianceId)).toEqual([]);
    const restored = await association.api.put('/me/notification-preferences', {
      preferences: [{ kind: 'proposals', frequency: 'immediate' }],
    });
    expect(restored.status).toBe(200);
  });

  it('groups a digest by territory and subject, built when it is sent, and shows a late digest in readiness', async () => {
    // Actions where the association participates: weekly by default.
    for (const title of ['Forum de l’emploi des jeunes', 'Atelier CV et entretiens']) {
      const action = await f.a.coordinator.api.post(`${base}/actions`, {
        type: 'animation',
        title,
        startDate: '2026-11-20',
        participants: [{ actorId: associationId, role: 'participant' }],
        animation: { format: 'forum', place: 'Maison du projet, Villeurbanne', headcount: 40 },
      });
      expect(action.status).toBe(201);
    }
    await ownerQuery(
      t.runtime,
      `update scheduled_runs set registered_at = now() - interval '9 days', last_run_at = null
       where name = 'notifications.digest.weekly'`,
    );
    const ready = await f.anonymous.get<{ checks: { schedules: { status: string; late: { name: string }[] } } }>(
      '/health/ready',
    );
    expect(ready.body.checks.schedules).toMatchObject({
      status: 'late',
      late: [expect.objectContaining({ name: 'notifications.digest.weekly' })],
    });
    const status = await f.admin.api.get<{
      configured: boolean;
      waiting: { weekly: number };
      lateSchedules: unknown[];
    }>('/admin/mail');
    expect(status.body).toMatchObject({ configured: true, lateSchedules: [expect.anything()] });
    expect(status.body.waiting.weekly).toBeGreaterThanOrEqual(2);

    await t.app.get(JobQueue).enqueue('notifications.digest', { system: { reason: 'test' }, frequency: 'weekly' });
    const [digest] = await pollUntil(
      'the weekly digest',
      async () => inbox.to(association.email).filter((mail) => mail.subject.includes('résumé de la semaine')),
      (mails) => mails.length > 0,
    );
    expect(digest?.text).toContain('— Métropole de Lyon —');
    expect(digest?.text).toContain('Votre organisation est inscrite à l’action « Forum de l’emploi des jeunes »');
    expect(digest?.text).toContain('Votre organisation est inscrite à l’action « Atelier CV et entretiens »');
    expect(digest?.text.match(/Forum de l’emploi des jeunes/g)).toHaveLength(1);
    const readyAgain = await pollUntil(
      'the weekly schedule on time',
      () => f.anonymous.get<{ checks: { schedules: { status: string } } }>('/health/ready'),
      (response) => response.body.checks.schedules.status === 'up',
    );
    expect(readyAgain.status).toBe(200);
  });

  it('retries a mail the server refuses, and keeps its delivery state', async () => {
    inbox.refuseOnce(f.a.coordinator.email);
    await propose('Alliance pour la mobilité solidaire');
    await pollUntil(
      'the coordinator’s mail after a refusal',
      async () => inbox.to(f.a.coordinator.email).filter((mail) => mail.text.includes('mobilité solidaire')),
      (mails) => mails.length === 1,
    );
    // The refused message (it may carry other notifications that were due with it) was sent at its retry.
    // The server receives the mail before the worker records the delivery: wait for the record.
    const [message] = await pollUntil(
      'the delivery state of the retried mail',
      () =>
        ownerQuery<{ status: string; attempts: number; last_error: string | null }>(
          t.runtime,
          `select m.status, m.attempts, m.last_error from mail_messages m where m.user_id = $1 and m.attempts > 0`,
          [f.a.coordinator.id],
        ),
      (rows) => rows.length > 0 && rows[0]?.status !== 'queued',
    );
    expect(message).toMatchObject({ status: 'sent', attempts: 1 });
    expect(message?.last_error).toContain('450');
  });

  it('tells whoever started a report that it is ready, though they are its author', async () => {
    const coordinator = f.a.coordinator;
    const ordered = await coordinator.api.post<{ id: string }>(`${base}/reports`, {
      type: 'actors_export',
      format: 'csv',
    });
    expect(ordered.status).toBe(202);
    const told = await pollUntil(
      'the requester told of the report',
      () => mine(coordinator),
      (items) => items.some((item) => item.kind === 'reports'),
    );
    expect(told.find((item) => item.kind === 'reports')).toMatchObject({
      text: expect.stringMatching(/^Votre rapport « .+ » est prêt\.$/),
      link: `/t/${f.a.id}/rapports`,
    });
    // Nobody else in the territory hears of someone else's report.
    expect((await mine(association)).some((item) => item.kind === 'reports')).toBe(false);
  });

  it('pages notifications newest first, marks them read one by one or all at once', async () => {
    const first = await association.api.get<NotificationPage>('/me/notifications', { limit: '1' });
    expect(first.body.items).toHaveLength(1);
    const second = await association.api.get<NotificationPage>('/me/notifications', {
      limit: '1',
      cursor: first.body.nextCursor as string,
    });
    expect(second.body.items[0]?.id).not.toBe(first.body.items[0]?.id);
    const before = (await association.api.get<{ unread: number }>('/me/notifications/unread-count')).body.unread;
    expect((await association.api.post(`/me/notifications/${first.body.items[0]?.id}/read`)).status).toBe(204);
    expect((await association.api.get<{ unread: number }>('/me/notifications/unread-count')).body.unread).toBe(
      before - 1,
    );
    // Someone else's notification is as unknown as a missing one.
    expect((await company.api.post(`/me/notifications/${first.body.items[0]?.id}/read`)).status).toBe(404);
    expect((await association.api.post('/me/notifications/read-all')).status).toBe(200);
    expect((await association.api.get('/me/notifications/unread-count')).body).toEqual({ unread: 0 });
    expect(await mine(association, { unread: 'true' })).toEqual([]);
  });

  it('stops showing an organisation’s notifications to a member who no longer acts for it', async () => {
    expect((await mine(association)).length).toBeGreaterThan(0);
    expect((await f.a.coordinator.api.patch(`${base}/members/${association.id}`, { actorId: null })).status).toBe(200);
    expect(await mine(association)).toEqual([]);
    expect(
      (await f.a.coordinator.api.patch(`${base}/members/${association.id}`, { actorId: associationId })).status,
    ).toBe(200);
  });
});

describe(`notifications without a mail server (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;

  beforeAll(async () => {
    t = await startApi({ MAILLAGE_NOTIFICATION_SWEEP_SECONDS: '1', MAILLAGE_NOTIFICATION_MAIL_DELAY_SECONDS: '0' });
    f = await createTenancyFixture(t);
  });
  afterAll(() => t?.close());

  it('keeps notifications in the console, claims no mail, and says so to the administration', async () => {
    const invited = await joinTerritory(f.a.coordinator.api, f.anonymous, f.a.id, 'nouvelle@maillage.test', 'member');
    const told = await f.a.coordinator.api.get<NotificationPage>('/me/notifications');
    expect(told.body.items.map((item) => item.text)).toContain('nouvelle a rejoint l’espace en tant que membre.');
    expect(invited.id).toBeTruthy();
    const status = await f.admin.api.get<{ configured: boolean; summary: string; waiting: { immediate: number } }>(
      '/admin/mail',
    );
    expect(status.body.configured).toBe(false);
    expect(status.body.summary).toContain('n’est pas configuré');
    expect(status.body.waiting.immediate).toBeGreaterThanOrEqual(1);
    const messages = await ownerQuery<{ n: number }>(t.runtime, `select count(*)::int as n from mail_messages`);
    expect(messages[0]?.n).toBe(0);
    expect(
      (await f.a.coordinator.api.get<{ mailConfigured: boolean }>('/me/notification-preferences')).body,
    ).toMatchObject({ mailConfigured: false });
  });
});
