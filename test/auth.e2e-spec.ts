import { createHmac, randomBytes } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { LoginThrottle, MailService, TokensService } from '@maillage/identity';
import {
  type ApiClient,
  createTenancyFixture,
  engineKind,
  login,
  pollUntil,
  TEST_ADMIN,
  type TenancyFixture,
  type TestApp,
} from '@maillage/testing';
import { APP_CONFIG, Transactions, type AppConfig } from '@maillage/platform';
import { startApi } from './support/app.js';

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The longest delay failures on one account from every address may impose, in these tests. */
const ACCOUNT_DELAY_CAP = 20;

/** The session id an access token carries. */
function sessionOf(accessToken: string): string {
  const payload = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString()) as { sid: string };
  return payload.sid;
}

function problem(body: unknown): Record<string, unknown> {
  const { requestId: _requestId, instance: _instance, ...rest } = body as Record<string, unknown>;
  return rest;
}

describe(`authentication and sessions (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;
  let anonymous: ApiClient;

  beforeAll(async () => {
    t = await startApi({
      AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      AUTH_LOGIN_MAX_FAILURES_PER_IP: '40',
      AUTH_LOGIN_MAX_ACCOUNT_DELAY_SECONDS: String(ACCOUNT_DELAY_CAP),
    });
    f = await createTenancyFixture(t);
    anonymous = f.anonymous;
  });
  afterAll(() => t?.close());

  it('signs in with e-mail and password and describes the account at /me', async () => {
    const response = await anonymous.post<{ accessToken: string; refreshToken: string; expiresIn: number }>(
      '/auth/login',
      { email: TEST_ADMIN.email.toUpperCase(), password: TEST_ADMIN.password },
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ expiresIn: 900, tokenType: 'Bearer' });
    const me = await anonymous.as(response.body.accessToken).get<{ user: object; roles: string[] }>('/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: TEST_ADMIN.email, globalRole: 'platform_admin' });
    expect(me.body.roles).toEqual(['platform_admin']);

    const member = await f.a.member.api.get<{ memberships: { territoryId: string; role: string }[]; roles: string[] }>(
      '/me',
    );
    expect(member.body.memberships).toEqual([expect.objectContaining({ territoryId: f.a.id, role: 'member' })]);
    expect(member.body.roles).toEqual(['member']);
  });

  it('answers an unknown e-mail and a wrong password with the same status and body', async () => {
    const unknown = await anonymous.post('/auth/login', { email: 'personne@maillage.test', password: 'x'.repeat(14) });
    const wrong = await anonymous.post('/auth/login', { email: f.b.member.email, password: 'x'.repeat(14) });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(problem(unknown.body)).toEqual(problem(wrong.body));
    expect(unknown.body).toMatchObject({ code: 'invalid_credentials' });
  });

  it('rejects malformed login bodies with a 400 problem, before checking anything', async () => {
    for (const body of [{}, { email: 'not-an-email', password: 'x' }, { email: 'a@b.fr', password: 12 }, [1, 2]]) {
      const response = await anonymous.post('/auth/login', body);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
    }
    const extra = await anonymous.post('/auth/login', {
      email: TEST_ADMIN.email,
      password: TEST_ADMIN.password,
      role: 'x',
    });
    expect(extra.status).toBe(400);
  });

  it('refuses requests without a token, with an expired one, one signed with another key, or alg none', async () => {
    const tokens = t.app.get(TokensService);
    const jwt = t.app.get(JwtService);
    const claims = { typ: 'access' };
    const signWith = (secret: Buffer | string, extra: object) =>
      jwt.sign(claims, {
        secret,
        algorithm: 'HS256',
        subject: f.admin.id,
        issuer: 'maillage',
        audience: 'maillage-api',
        ...extra,
      });
    const expired = signWith(tokens.accessKey, { expiresIn: -10 });
    const foreign = signWith(randomBytes(32), { expiresIn: 600 });
    const header = base64url({ alg: 'none', typ: 'JWT' });
    const payload = base64url({
      ...claims,
      sub: f.admin.id,
      iss: 'maillage',
      aud: 'maillage-api',
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    const algNone = `${header}.${payload}.`;
    const hs512 = (() => {
      const h = base64url({ alg: 'HS512', typ: 'JWT' });
      const signature = createHmac('sha512', tokens.accessKey).update(`${h}.${payload}`).digest('base64url');
      return `${h}.${payload}.${signature}`;
    })();

    const none = await anonymous.get('/me');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    const expiredResponse = await anonymous.as(expired).get('/me');
    expect(expiredResponse.status).toBe(401);
    expect(expiredResponse.body).toMatchObject({ code: 'token_expired' });
    for (const token of [foreign, algNone, hs512, 'not.a.jwt', f.admin.refreshToken]) {
      const response = await anonymous.as(token).get('/me');
      expect({ token: token.slice(0, 16), status: response.status }).toEqual({
        token: token.slice(0, 16),
        status: 401,
      });
    }
    // Without the session it belongs to, a token could not be revoked: refused too.
    expect((await anonymous.as(signWith(tokens.accessKey, { expiresIn: 600 })).get('/me')).status).toBe(401);
    // The same key and claims, with an open session, correctly signed, are accepted: the refusals above are about the token.
    // With `ims` (milliseconds), as the API's own tokens: from `iat` alone (whole seconds), a token made
    // in the second the admin's password was set would read as older than it, and be refused for that.
    const withSession = jwt.sign(
      { ...claims, sid: sessionOf(f.admin.token), ims: Date.now() },
      {
        secret: tokens.accessKey,
        algorithm: 'HS256',
        subject: f.admin.id,
        issuer: 'maillage',
        audience: 'maillage-api',
        expiresIn: 600,
      },
    );
    expect((await anonymous.as(withSession).get('/me')).status).toBe(200);
  });

  it('rotates refresh tokens, and a reused one revokes the whole session family', async () => {
    const user = await login(anonymous, f.a.coordinator.email, f.a.coordinator.password);
    const first = await anonymous.post<{ refreshToken: string; accessToken: string }>('/auth/refresh', {
      refreshToken: user.refreshToken,
    });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(user.refreshToken);
    const second = await anonymous.post<{ refreshToken: string }>('/auth/refresh', {
      refreshToken: first.body.refreshToken,
    });
    expect(second.status).toBe(200);

    // The first token again: a leak. Its family (including the newest token) is revoked.
    const reuse = await anonymous.post('/auth/refresh', { refreshToken: user.refreshToken });
    expect(reuse.status).toBe(401);
    expect(reuse.body).toMatchObject({ code: 'refresh_token_reused' });
    const newest = await anonymous.post('/auth/refresh', { refreshToken: second.body.refreshToken });
    expect(newest.status).toBe(401);
    // Every access token of the family stops working at once, not when it expires.
    for (const token of [user.token, first.body.accessToken]) {
      expect((await anonymous.as(token).get('/me')).status).toBe(401);
      expect((await anonymous.as(token).get(`/territories/${f.a.id}`)).status).toBe(401);
    }

    // Other sessions of the same account are not touched.
    expect((await anonymous.post('/auth/refresh', { refreshToken: f.a.coordinator.refreshToken })).status).toBe(200);
  });

  it('ends a session at logout, its access token included', async () => {
    const user = await login(anonymous, f.b.coordinator.email, f.b.coordinator.password);
    expect((await user.api.get(`/territories/${f.b.id}`)).status).toBe(200);
    expect((await anonymous.post('/auth/logout', { refreshToken: user.refreshToken })).status).toBe(204);
    expect((await anonymous.post('/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(401);
    const after = await user.api.get('/me');
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ code: 'unauthenticated' });
    expect((await user.api.get(`/territories/${f.b.id}`)).status).toBe(401);
    expect((await user.api.get('/territories/not-a-uuid')).status).toBe(401);
    // The account's other sessions go on.
    expect((await f.b.coordinator.api.get(`/territories/${f.b.id}`)).status).toBe(200);
  });

  it('slows failures per (account, address): the owner still signs in from another address', async () => {
    const email = f.a.coordinator.email;
    const from = (remoteAddress: string, password: string) =>
      anonymous.request('POST', '/auth/login', { body: { email, password }, remoteAddress });
    // 3 free failures from one address, then that pair waits (progressively longer).
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await from('198.51.100.1', `mauvais-${attempt}-mot-de-passe`)).status).toBe(401);
    }
    const blocked = await from('198.51.100.1', f.a.coordinator.password);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.body).toMatchObject({ code: 'too_many_login_attempts' });
    // The owner, from another address, is not locked out by the failures from the first.
    expect((await from('198.51.100.2', f.a.coordinator.password)).status).toBe(200);
    // Another account from the throttled address is still allowed (the per-address limit is higher).
    expect(
      (
        await anonymous.request('POST', '/auth/login', {
          body: { email: f.a.member.email, password: f.a.member.password },
          remoteAddress: '198.51.100.1',
        })
      ).status,
    ).toBe(200);
  });

  it('slows a guess spread over many addresses with bounded delays, never locking the owner out', async () => {
    const email = f.b.member.email;
    const from = (remoteAddress: string, password: string) =>
      anonymous.request('POST', '/auth/login', { body: { email, password }, remoteAddress });
    // One failure from each of 12 addresses: every one is checked (no lock-out of the account)…
    for (let host = 1; host <= 12; host += 1) {
      expect((await from(`192.0.2.${host}`, `essai-distribue-${host}`)).status).toBe(401);
    }
    // …but each address must now wait before guessing again, at most the bounded account delay.
    const again = await from('192.0.2.12', 'essai-distribue-encore');
    expect(again.status).toBe(429);
    const wait = Number(again.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(ACCOUNT_DELAY_CAP);
    // The owner, from an address of their own, signs in at once with the right password.
    expect((await from('192.0.2.200', f.b.member.password)).status).toBe(200);
  });

  it('keeps the counts in the database: another API process (or a restarted one) sees them', async () => {
    const body = { email: f.b.coordinator.email, password: 'pas-le-bon-mot-de-passe' };
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const response = await anonymous.request('POST', '/auth/login', { body, remoteAddress: '198.51.100.9' });
      expect(response.status).toBe(401);
    }
    // A throttle of its own, as in another process or after a restart: nothing is kept in memory.
    const fresh = new LoginThrottle(t.app.get(Transactions), t.app.get<AppConfig>(APP_CONFIG));
    expect(await fresh.attempt({ account: f.b.coordinator.email, ip: '198.51.100.9' })).toBeGreaterThan(0);
    expect(await fresh.attempt({ account: f.b.coordinator.email, ip: '198.51.100.10' })).toBe(0);
  });

  it('counts parallel attempts before checking passwords, so they cannot all slip under the limit', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        anonymous.post('/auth/login', { email: f.observer.email, password: `essai-parallele-${index}` }),
      ),
    );
    const statuses = attempts.map((attempt) => attempt.status);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(3);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(5);
  });

  it('changes the password after checking the current one, refusing weak ones, and ends the sessions', async () => {
    const session = await login(anonymous, f.a.member.email, f.a.member.password);
    const wrongCurrent = await session.api.put('/me/password', {
      currentPassword: 'nope',
      newPassword: 'Un-nouveau-mot-de-passe-sûr',
    });
    expect(wrongCurrent.status).toBe(400);
    expect(wrongCurrent.body).toMatchObject({ code: 'wrong_current_password' });
    for (const weak of ['court', 'password123456', 'aaaaaaaaaaaaaaaa']) {
      const response = await session.api.put('/me/password', {
        currentPassword: f.a.member.password,
        newPassword: weak,
      });
      expect({ weak, status: response.status, code: (response.body as { code: string }).code }).toEqual({
        weak,
        status: 400,
        code: 'weak_password',
      });
    }
    const changed = await session.api.put('/me/password', {
      currentPassword: f.a.member.password,
      newPassword: 'Châtaignier-des-Cévennes-1789',
    });
    expect(changed.status).toBe(204);
    expect((await anonymous.post('/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
    // Access tokens issued before the change stop working at once, in every session.
    for (const user of [session, f.a.member]) {
      expect((await user.api.get('/me')).status).toBe(401);
      expect((await user.api.get(`/territories/${f.a.id}`)).status).toBe(401);
    }
    expect(
      (await anonymous.post('/auth/login', { email: f.a.member.email, password: f.a.member.password })).status,
    ).toBe(401);
    f.a.member = await login(anonymous, f.a.member.email, 'Châtaignier-des-Cévennes-1789');
  });

  it('resets a forgotten password with a one-time mailed token, without telling which e-mails exist', async () => {
    const mail = t.app.get(MailService);
    const before = mail.sentMessages().length;
    const unknown = await anonymous.post('/auth/password-reset', { email: 'personne@maillage.test' });
    const known = await anonymous.post('/auth/password-reset', { email: f.b.coordinator.email });
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(problem(unknown.body)).toEqual(problem(known.body));
    // The mail goes out after the answer (so the answer takes as long either way): wait for it.
    // Whether to send is decided before answering, and the unknown address was answered first, so a
    // mail to it would have been handed to the transport, and kept, before the known one's.
    await pollUntil(
      'the reset mail',
      async () => mail.sentMessages().length,
      (count) => count > before,
    );
    const sent = mail.sentMessages().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toBe(f.b.coordinator.email);
    const token = decodeURIComponent(/token=([^\s]+)/.exec(sent[0]?.text ?? '')?.[1] ?? '');
    const newPassword = 'Genêt-des-Landes-de-Gascogne';
    // Choosing the password signs the person in (a new session; the old ones end below).
    const confirmed = await anonymous.post<{ accessToken: string; refreshToken: string }>(
      '/auth/password-reset/confirm',
      { token, newPassword },
    );
    expect(confirmed.status).toBe(200);
    expect((await anonymous.post('/auth/refresh', { refreshToken: confirmed.body.refreshToken })).status).toBe(200);
    const again = await anonymous.post('/auth/password-reset/confirm', {
      token,
      newPassword: 'Encore-un-autre-mot-2026',
    });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ code: 'invalid_password_token' });
    // The old session is gone.
    expect((await anonymous.post('/auth/refresh', { refreshToken: f.b.coordinator.refreshToken })).status).toBe(401);
  });

  it('checks roles: a member cannot invite, an observer cannot read a territory, only administrators create territories', async () => {
    const invite = await f.a.member.api.post(`/territories/${f.a.id}/invitations`, {
      email: 'x@maillage.test',
      role: 'member',
    });
    expect(invite.status).toBe(403);
    expect(invite.body).toMatchObject({ code: 'forbidden' });
    expect((await f.a.member.api.get(`/territories/${f.a.id}/members`)).status).toBe(403);
    expect((await f.a.member.api.get(`/territories/${f.a.id}`)).status).toBe(200);

    expect((await f.observer.api.get(`/territories/${f.a.id}`)).status).toBe(404);
    expect((await f.observer.api.get('/territories')).status).toBe(403);
    expect((await f.observer.api.get('/me')).status).toBe(200);

    expect((await f.a.coordinator.api.post('/territories', { kind: 'commune', code: '38185' })).status).toBe(403);
    expect((await f.a.coordinator.api.post('/observers', { email: 'o@maillage.test', name: 'O' })).status).toBe(403);
  });
  it('throttles failed logins per address, across accounts', async () => {
    let status = 0;
    // 40 free failures with distinct unknown accounts, then the address waits (5, 10, 20 … seconds).
    for (let attempt = 0; attempt < 45 && status !== 429; attempt += 1) {
      const response = await anonymous.request('POST', '/auth/login', {
        body: { email: `inconnu${attempt}@maillage.test`, password: 'mot-de-passe-faux' },
        remoteAddress: '203.0.113.7',
      });
      status = response.status;
    }
    expect(status).toBe(429);
    // Even with the right password, from that address.
    const owner = await anonymous.request('POST', '/auth/login', {
      body: { email: f.a.member.email, password: f.a.member.password },
      remoteAddress: '203.0.113.7',
    });
    expect(owner.status).toBe(429);
    // Other addresses are not concerned.
    const elsewhere = await anonymous.request('POST', '/auth/login', {
      body: { email: f.a.member.email, password: f.a.member.password },
      remoteAddress: '203.0.113.8',
    });
    expect(elsewhere.status).toBe(200);
  });
});
