import { createHash, randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { JobQueue } from '@maillage/platform';
import {
  createTenancyFixture,
  engineKind,
  joinTerritory,
  ownerQuery,
  pollUntil,
  seedEcosystem,
  type EcosystemFixture,
  type TenancyFixture,
  type TestApp,
} from '@maillage/testing';
import { startApi } from './support/app.js';
import { SmtpInbox } from './support/smtp-inbox.js';

const PASSWORD = 'Chene-liege-des-Maures-2026';
const PUBLIC_URL = 'http://maillage.test';

interface Joined {
  outcome: 'joined';
  accessToken: string;
  user: { id: string; email: string; name: string };
  territoryId: string;
  request: { id: string; status: string };
}
interface Sent {
  outcome: 'confirmation_sent';
  email: string;
  validHours: number;
}
interface Problem {
  code: string;
  detail: string;
}

/**
 * Where mail can leave, a join request from a new address creates nothing until the address is
 * confirmed: the same answer whether or not the address has an account (the mail tells which),
 * the account and the request made by the mailed one-time link, which cannot be used twice,
 * late, or after the join link closed. The mail is sent by a job that retries a refusal and
 * mints the link's secret itself (no secret waits in the queue).
 */
describe(`join requests confirmed by mail (${engineKind()} engine)`, () => {
  const inbox = new SmtpInbox();
  let t: TestApp;
  let f: TenancyFixture;
  let eco: EcosystemFixture;
  let token: string;

  const mailsTo = (address: string) => inbox.to(address);
  /** The confirmation link's token, from the newest mail to `address`. */
  async function mailedToken(address: string): Promise<string> {
    const mails = await pollUntil(
      `the mail to ${address}`,
      async () => mailsTo(address),
      (list) => list.length > 0,
    );
    const link = /\/rejoindre\/confirmer\?jeton=(\S+)/.exec(mails.at(-1)?.text ?? '');
    expect(link).not.toBeNull();
    return decodeURIComponent(link?.[1] ?? '');
  }
  const accounts = async (email: string) =>
    (await ownerQuery<{ n: number }>(t.runtime, `select count(*)::int as n from users where email = $1`, [email]))[0]
      ?.n;
  const requests = async () =>
    (
      await ownerQuery<{ n: number }>(
        t.runtime,
        `select count(*)::int as n from join_requests where territory_id = $1`,
        [f.a.id],
      )
    )[0]?.n;

  beforeAll(async () => {
    await inbox.start();
    // Retries one second after a refused delivery (then doubling), instead of half a minute.
    t = await startApi({ SMTP_URL: inbox.url, MAILLAGE_PUBLIC_URL: PUBLIC_URL, MAILLAGE_MAIL_RETRY_SECONDS: '1' });
    f = await createTenancyFixture(t);
    eco = await seedEcosystem(f.a.coordinator.api, f.a.id);
    const opened = await f.a.coordinator.api.post<{ token: string }>(`/territories/${f.a.id}/join-link`);
    expect(opened.status).toBe(201);
    token = opened.body.token;
  });
  afterAll(async () => {
    await t?.close();
    await inbox.stop();
  });

  it('creates nothing until the address is confirmed, then the account, the request and a session', async () => {
    const before = await requests();
    const asked = await f.anonymous.post<Sent>(`/join/${token}`, {
      name: 'Léa Martin',
      email: 'Lea.Martin@Maillage.test',
      password: PASSWORD,
      actorId: eco.association,
      message: 'Bénévole du jardin partagé',
    });
    expect(asked.status).toBe(200);
    expect(asked.body).toEqual({ outcome: 'confirmation_sent', email: 'lea.martin@maillage.test', validHours: 24 });
    expect(await accounts('lea.martin@maillage.test')).toBe(0);
    expect(await requests()).toBe(before);

    const mail = (
      await pollUntil(
        'the confirmation mail',
        async () => mailsTo('lea.martin@maillage.test'),
        (list) => list.length > 0,
      )
    )[0];
    expect(mail?.subject).toBe('Confirmez votre adresse pour rejoindre Métropole de Lyon sur Maillage');
    expect(mail?.text).toContain('Bonjour Léa Martin,');
    expect(mail?.text).toContain(`${PUBLIC_URL}/rejoindre/confirmer?jeton=`);
    const confirmation = await mailedToken('lea.martin@maillage.test');

    // Whoever opens the mail must give the password chosen in the request.
    const wrong = await f.anonymous.post<Problem & { errors: { field: string; message: string }[] }>(
      '/join-confirmations',
      { token: confirmation, password: 'Pas-le-bon-mot-de-passe-2026' },
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([
      { field: 'password', message: 'Ce n’est pas le mot de passe choisi dans la demande (encore 4 essais).' },
    ]);
    expect(await accounts('lea.martin@maillage.test')).toBe(0);
    const joined = await f.anonymous.post<Joined>('/join-confirmations', { token: confirmation, password: PASSWORD });
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({
      outcome: 'joined',
      user: { email: 'lea.martin@maillage.test', name: 'Léa Martin' },
      territoryId: f.a.id,
      request: { status: 'pending' },
    });
    // Signed in with the password chosen in the form, and the request waits for the coordination.
    const mine = await f.anonymous
      .as(joined.body.accessToken)
      .get<{ actorName: string; status: string }[]>('/me/join-requests');
    expect(mine.body).toMatchObject([{ status: 'pending', actorName: 'Passerelles Emploi Villeurbanne 1' }]);
    const login = await f.anonymous.post('/auth/login', { email: 'lea.martin@maillage.test', password: PASSWORD });
    expect(login.status).toBe(200);
    const queue = await f.a.coordinator.api.get<{ items: { id: string; message: string }[] }>(
      `/territories/${f.a.id}/join-requests`,
    );
    expect(queue.body.items.find((item) => item.id === joined.body.request.id)?.message).toBe(
      'Bénévole du jardin partagé',
    );

    // The link works once.
    const again = await f.anonymous.post<Problem>('/join-confirmations', { token: confirmation, password: PASSWORD });
    expect(again.status).toBe(410);
    expect(again.body).toMatchObject({ code: 'invalid_join_confirmation' });
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(await accounts('lea.martin@maillage.test')).toBe(1);
  });

  it('answers an address that has an account exactly as a new one, and tells its owner by mail', async () => {
    const owner = await joinTerritory(
      f.b.coordinator.api,
      f.anonymous,
      f.b.id,
      'deja.inscrite@maillage.test',
      'member',
      'Déjà Inscrite',
    );
    const existing = await f.anonymous.post<Sent>(`/join/${token}`, {
      name: 'Quelqu’un d’autre',
      email: owner.email,
      password: PASSWORD,
      actorId: eco.company,
    });
    const fresh = await f.anonymous.post<Sent>(`/join/${token}`, {
      name: 'Nouvelle Personne',
      email: 'nouvelle.personne@maillage.test',
      password: PASSWORD,
      actorId: eco.company,
    });
    expect(existing.status).toBe(fresh.status);
    expect(Object.keys(existing.body).sort()).toEqual(Object.keys(fresh.body).sort());
    expect(existing.body).toEqual({ ...fresh.body, email: owner.email });

    const told = (
      await pollUntil(
        'the owner’s mail',
        async () => mailsTo(owner.email),
        (list) => list.some((m) => m.subject.startsWith('Votre demande pour rejoindre')),
      )
    ).find((m) => m.subject.startsWith('Votre demande pour rejoindre'));
    expect(told?.subject).toBe('Votre demande pour rejoindre Métropole de Lyon sur Maillage');
    expect(told?.text).toContain('Bonjour Déjà Inscrite,');
    expect(told?.text).toContain('a déjà un compte');
    expect(told?.text).toContain(`${PUBLIC_URL}/connexion`);
    // Neither a confirmation link nor the join link's token (kept hashed only, never in a mail job).
    expect(told?.text).not.toContain('confirmer?jeton=');
    expect(told?.text).not.toContain(token.split('.')[1]);
    // A row is kept as for a new address (the same work, the same time), but it never gets a link;
    // the owner's password is unchanged.
    expect(
      await ownerQuery<{ tokenless: boolean }>(
        t.runtime,
        `select token_hash is null as tokenless from join_confirmations where email = $1`,
        [owner.email],
      ),
    ).toEqual([{ tokenless: true }]);
    expect((await f.anonymous.post('/auth/login', { email: owner.email, password: owner.password })).status).toBe(200);
  });

  it('mails through a job that retries a refused delivery: one mail, whose link works, the same link if sent again, and no secret in the queue', async () => {
    const address = 'boite.occupee@maillage.test';
    // The relay refuses the first delivery (450), as a busy one does: the job tries again.
    inbox.refuseOnce(address);
    const asked = await f.anonymous.post<Sent>(`/join/${token}`, {
      name: 'Boîte Occupée',
      email: address,
      password: PASSWORD,
      actorId: eco.company,
      message: 'Après un premier refus du serveur',
    });
    expect(asked.status).toBe(200);
    expect(asked.body).toEqual({ outcome: 'confirmation_sent', email: address, validHours: 24 });
    const confirmation = await mailedToken(address);

    const row = async () =>
      (
        await ownerQuery<{ id: string; token_hash: string | null; mailed: boolean }>(
          t.runtime,
          `select id, token_hash, mailed_at is not null as mailed from join_confirmations where email = $1`,
          [address],
        )
      )[0];
    const id = (await row())?.id as string;
    const jobs = t.app.get(JobQueue);
    const jobId = `join-confirmation-${id}`;
    // The mail arrives before the job records it: wait for the job.
    expect(await jobs.waitUntilFinished('system', jobId, 30_000)).toEqual({
      state: 'completed',
      result: { status: 'sent' },
    });
    // The job's payload names the row, not the secret, which the job minted and only stored hashed.
    const job = await jobs.getJob('system', jobId);
    expect(job?.data).toEqual({ territoryId: f.a.id, confirmationId: id });
    const secret = confirmation.split('.')[1] as string;
    expect(JSON.stringify(job?.data)).not.toContain(secret);
    // Every attempt writes the same link: the row holds the hash of the one that left.
    expect(await row()).toEqual({
      id,
      token_hash: createHash('sha256').update(secret).digest('base64url'),
      mailed: true,
    });

    /** The job for this row run again, under another job id; how it finished. */
    const runAgain = async (jobId: string) => {
      await jobs.enqueue('join.confirmation-mail', { territoryId: f.a.id, confirmationId: id }, { jobId });
      return jobs.waitUntilFinished('system', jobId, 30_000);
    };
    // A repeated job sends nothing more: the mail that left is recorded.
    expect(await runAgain('join-confirmation-repeated')).toEqual({
      state: 'completed',
      result: { status: 'skipped' },
    });
    expect(mailsTo(address)).toHaveLength(1);

    // A worker that stopped after the mail left, before recording it: the job runs again and the
    // mail leaves twice, with the same link, so the first one still works.
    await ownerQuery(t.runtime, `update join_confirmations set mailed_at = null where id = $1`, [id]);
    expect(await runAgain('join-confirmation-after-a-stop')).toEqual({
      state: 'completed',
      result: { status: 'sent' },
    });
    expect(mailsTo(address)).toHaveLength(2);
    expect(await mailedToken(address)).toBe(confirmation);

    // What the person asked is kept whole through the retry: one account, one request, as asked.
    const joined = await f.anonymous.post<Joined>('/join-confirmations', { token: confirmation, password: PASSWORD });
    expect(joined.status).toBe(200);
    expect(await accounts(address)).toBe(1);
    const queue = await f.a.coordinator.api.get<{ items: { id: string; message: string; user: { email: string } }[] }>(
      `/territories/${f.a.id}/join-requests`,
    );
    expect(queue.body.items.filter((item) => item.user.email === address).map((item) => item.message)).toEqual([
      'Après un premier refus du serveur',
    ]);
  });

  it('says so when the mail cannot be queued (503 in French), keeping nothing, and works once the queue is back', async () => {
    const address = 'file.indisponible@maillage.test';
    const ask = () =>
      f.anonymous.post<Problem>(`/join/${token}`, {
        name: 'File Indisponible',
        email: address,
        password: PASSWORD,
        actorId: eco.company,
      });
    const enqueue = jest.spyOn(t.app.get(JobQueue), 'enqueue').mockRejectedValueOnce(new Error('queue down'));
    try {
      const refused = await ask();
      expect(refused.status).toBe(503);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ code: 'queue_unavailable' });
      expect(refused.body.detail).toContain('réessayez dans un moment');
    } finally {
      enqueue.mockRestore();
    }
    expect(await ownerQuery(t.runtime, `select 1 from join_confirmations where email = $1`, [address])).toHaveLength(0);
    // The refused request's hits are given back: no count is left on the address.
    expect(
      await ownerQuery<{ hits: number }>(t.runtime, `select hits from rate_limits where key = $1 and hits > 0`, [
        `join-mails:${address}`,
      ]),
    ).toHaveLength(0);
    expect((await ask()).status).toBe(200);
    await mailedToken(address);
  });

  it('refuses a link that is unknown, expired, or whose join link was closed, and one whose address got an account since', async () => {
    const confirm = (token: string, password = PASSWORD) =>
      f.anonymous.post<Problem>('/join-confirmations', { token, password });
    expect((await confirm('pas-un-jeton')).status).toBe(410);
    expect((await confirm(`${f.a.id}.${'x'.repeat(43)}`)).status).toBe(410);
    // A name of spaces is refused, whatever the address (before anything is looked up).
    for (const email of ['nom.vide@maillage.test', f.a.coordinator.email]) {
      const blank = await f.anonymous.post<Problem>(`/join/${token}`, {
        name: '   ',
        email,
        password: PASSWORD,
        actorId: eco.company,
      });
      expect(blank.status).toBe(400);
      expect(blank.body.detail).toBe('Indiquez votre nom.');
    }

    // Five wrong passwords spend the link.
    await f.anonymous.post(`/join/${token}`, {
      name: 'Mauvaise Mémoire',
      email: 'memoire@maillage.test',
      password: PASSWORD,
      actorId: eco.company,
    });
    const forgotten = await mailedToken('memoire@maillage.test');
    for (let attempt = 1; attempt <= 4; attempt += 1)
      expect((await confirm(forgotten, `Autre-mot-de-passe-${attempt}-2026`)).status).toBe(400);
    expect((await confirm(forgotten, 'Autre-mot-de-passe-5-2026')).status).toBe(410);
    expect((await confirm(forgotten)).status).toBe(410);
    expect(await accounts('memoire@maillage.test')).toBe(0);
    expect((await f.anonymous.post<Problem>('/join-confirmations', {})).status).toBe(400);

    // Expired.
    await f.anonymous.post(`/join/${token}`, {
      name: 'Retardataire',
      email: 'retard@maillage.test',
      password: PASSWORD,
      actorId: eco.company,
    });
    const late = await mailedToken('retard@maillage.test');
    await ownerQuery(
      t.runtime,
      `update join_confirmations set expires_at = now() - interval '1 minute' where email = 'retard@maillage.test'`,
    );
    const expired = await confirm(late);
    expect(expired.status).toBe(410);
    expect(expired.body.detail).toContain('refaites votre demande');
    expect(await accounts('retard@maillage.test')).toBe(0);

    // The address got an account meanwhile (an invitation): sign in instead; nothing created twice.
    await f.anonymous.post(`/join/${token}`, {
      name: 'Invitée Entre-temps',
      email: 'invitee@maillage.test',
      password: PASSWORD,
      actorId: eco.company,
    });
    const overtaken = await mailedToken('invitee@maillage.test');
    await joinTerritory(f.b.coordinator.api, f.anonymous, f.b.id, 'invitee@maillage.test', 'member', 'Invitée');
    const exists = await confirm(overtaken);
    expect(exists.status).toBe(409);
    expect(exists.body.code).toBe('account_exists');
    expect(await accounts('invitee@maillage.test')).toBe(1);

    // The join link closed since: no account, no request; the link stays unspent.
    await f.anonymous.post(`/join/${token}`, {
      name: 'Trop Tard',
      email: 'ferme@maillage.test',
      password: PASSWORD,
      actorId: eco.company,
    });
    const closedToken = await mailedToken('ferme@maillage.test');
    expect((await f.a.coordinator.api.delete(`/territories/${f.a.id}/join-link`)).status).toBe(200);
    const closed = await confirm(closedToken);
    expect(closed.status).toBe(404);
    expect(closed.body.code).toBe('invalid_join_link');
    expect(await accounts('ferme@maillage.test')).toBe(0);
    // Reopened (a new link, as after a leak): what came through the old one stays dead.
    const reopened = await f.a.coordinator.api.post<{ token: string }>(`/territories/${f.a.id}/join-link`);
    expect(reopened.status).toBe(201);
    expect((await confirm(closedToken)).status).toBe(404);
    token = reopened.body.token;

    // One address is mailed a few times an hour at most, whoever asks.
    const ask = () =>
      f.anonymous.post<Problem>(`/join/${token}`, {
        name: 'Boîte Inondée',
        email: 'inondee@maillage.test',
        password: PASSWORD,
        actorId: eco.company,
      });
    for (let time = 1; time <= 3; time += 1) expect((await ask()).status).toBe(200);
    const flooded = await ask();
    expect(flooded.status).toBe(429);
    expect(flooded.body.detail).toContain('réessayez dans une heure');
  });

  it('keeps a territory’s pending confirmations out of another territory’s reach', async () => {
    const rows = await ownerQuery<{ territory_id: string }>(t.runtime, `select territory_id from join_confirmations`);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((row) => row.territory_id))).toEqual(new Set([f.a.id]));
  });

  it('deletes the expired confirmations of every territory daily, keeping the live ones', async () => {
    const jobs = t.app.get(JobQueue);
    // Registered at start, daily in French time.
    expect(await jobs.queue('system').getJobScheduler('join-confirmations-cleanup')).toMatchObject({
      name: 'join.confirmations-cleanup',
      pattern: '0 40 3 * * *',
      tz: 'Europe/Paris',
    });
    const plant = (territoryId: string, email: string, expiresIn: string) =>
      ownerQuery(
        t.runtime,
        `insert into join_confirmations (territory_id, token_hash, link_hash, email, name, password_hash, request,
                                         expires_at)
         values ($1, $2, 'lien', $3, 'Demande Oubliée', 'hash', '{}', now() + $4::interval)`,
        [territoryId, randomUUID(), email, expiresIn],
      );
    for (const [territoryId, code] of [
      [f.a.id, 'a'],
      [f.b.id, 'b'],
    ] as const) {
      await plant(territoryId, `expiree.${code}@maillage.test`, '-1 minute');
      await plant(territoryId, `vivante.${code}@maillage.test`, '1 hour');
    }
    const remaining = () =>
      ownerQuery<{ territory_id: string; email: string }>(
        t.runtime,
        `select territory_id, email from join_confirmations where email like any (array['expiree.%', 'vivante.%'])
         order by email`,
      );
    const expiredBefore = (
      await ownerQuery<{ n: number }>(
        t.runtime,
        `select count(*)::int as n from join_confirmations where expires_at < now()`,
      )
    )[0]?.n;
    const live = (
      await ownerQuery<{ n: number }>(
        t.runtime,
        `select count(*)::int as n from join_confirmations where expires_at > now()`,
      )
    )[0]?.n;

    const run = async (jobId: string) => {
      await jobs.enqueue('join.confirmations-cleanup', { system: { reason: 'test' } }, { jobId });
      return jobs.waitUntilFinished('system', jobId, 30_000);
    };
    expect(await run('join-cleanup-test-1')).toEqual({ state: 'completed', result: { deleted: expiredBefore } });
    expect(await remaining()).toEqual([
      { territory_id: f.a.id, email: 'vivante.a@maillage.test' },
      { territory_id: f.b.id, email: 'vivante.b@maillage.test' },
    ]);
    expect(
      (await ownerQuery<{ n: number }>(t.runtime, `select count(*)::int as n from join_confirmations`))[0]?.n,
    ).toBe(live);
    // Again: nothing more to delete.
    expect(await run('join-cleanup-test-2')).toEqual({ state: 'completed', result: { deleted: 0 } });
    expect(await remaining()).toHaveLength(2);
  });
});
