import { randomBytes } from 'node:crypto';
import { ApiClient } from './api-client.js';
import type { TestApp } from './test-app.js';

export const TEST_ADMIN = { email: 'admin@maillage.test', password: 'Ours-brun-du-Vercors-2026' };
/** Environment that makes the app create the test administrator at start. */
export const TEST_ADMIN_ENV = {
  MAILLAGE_ADMIN_EMAIL: TEST_ADMIN.email,
  MAILLAGE_ADMIN_PASSWORD: TEST_ADMIN.password,
};

export interface TestUser {
  id: string;
  email: string;
  password: string;
  token: string;
  refreshToken: string;
  api: ApiClient;
}

export interface TestTerritory {
  id: string;
  coordinator: TestUser;
  member: TestUser;
}

export interface TenancyFixture {
  anonymous: ApiClient;
  admin: TestUser;
  /** Métropole de Lyon (EPCI 200046977). */
  a: TestTerritory;
  /** Grenoble-Alpes Métropole (EPCI 200040715). */
  b: TestTerritory;
  observer: TestUser;
}

function expectStatus(response: { status: number; text: string }, status: number, what: string): void {
  if (response.status !== status)
    throw new Error(`${what}: expected ${status}, got ${response.status}: ${response.text}`);
}

export async function login(anonymous: ApiClient, email: string, password: string): Promise<TestUser> {
  const response = await anonymous.post<{ accessToken: string; refreshToken: string }>('/auth/login', {
    email,
    password,
  });
  expectStatus(response, 200, `login ${email}`);
  const me = await anonymous.as(response.body.accessToken).get<{ user: { id: string } }>('/me');
  return {
    id: me.body.user.id,
    email,
    password,
    token: response.body.accessToken,
    refreshToken: response.body.refreshToken,
    api: anonymous.as(response.body.accessToken),
  };
}

/** Invites `email` into a territory with `role` and accepts as a new account; returns the signed-in user. */
export async function joinTerritory(
  inviter: ApiClient,
  anonymous: ApiClient,
  territoryId: string,
  email: string,
  role: 'coordinator' | 'member',
  name = email.split('@')[0] as string,
): Promise<TestUser> {
  const invitation = await inviter.post<{ token: string }>(`/territories/${territoryId}/invitations`, { email, role });
  expectStatus(invitation, 201, `invite ${email}`);
  const password = `Tilleul-argente-${randomBytes(4).toString('hex')}-2026!`;
  const accepted = await anonymous.post<{ accessToken: string; refreshToken: string; user: { id: string } }>(
    `/invitations/${invitation.body.token}/accept`,
    { name, password },
  );
  expectStatus(accepted, 200, `accept ${email}`);
  return {
    id: accepted.body.user.id,
    email,
    password,
    token: accepted.body.accessToken,
    refreshToken: accepted.body.refreshToken,
    api: anonymous.as(accepted.body.accessToken),
  };
}

async function territory(admin: ApiClient, anonymous: ApiClient, code: string, tag: string): Promise<TestTerritory> {
  const created = await admin.post<{ id: string }>('/territories', { kind: 'epci', code });
  expectStatus(created, 201, `create territory ${code}`);
  const id = created.body.id;
  const coordinator = await joinTerritory(admin, anonymous, id, `coordination.${tag}@maillage.test`, 'coordinator');
  const member = await joinTerritory(coordinator.api, anonymous, id, `membre.${tag}@maillage.test`, 'member');
  return { id, coordinator, member };
}

/**
 * Two territories (A: Métropole de Lyon, B: Grenoble-Alpes Métropole), each
 * with a coordinator and a member, an administrator and an observer — all
 * built through the public API. The app must start with TEST_ADMIN_ENV.
 */
export async function createTenancyFixture(t: TestApp): Promise<TenancyFixture> {
  const anonymous = new ApiClient(t.app);
  const admin = await login(anonymous, TEST_ADMIN.email, TEST_ADMIN.password);
  const a = await territory(admin.api, anonymous, '200046977', 'a');
  const b = await territory(admin.api, anonymous, '200040715', 'b');
  const observerEmail = 'observatoire@maillage.test';
  const created = await admin.api.post<{ passwordSetup: { token: string } }>('/observers', {
    email: observerEmail,
    name: 'Observatoire national',
  });
  expectStatus(created, 201, 'create observer');
  const observerPassword = 'Vigie-nationale-des-alliances-2026';
  const setup = await anonymous.post('/auth/password-reset/confirm', {
    token: created.body.passwordSetup.token,
    newPassword: observerPassword,
  });
  expectStatus(setup, 200, 'observer password setup');
  const observer = await login(anonymous, observerEmail, observerPassword);
  return { anonymous, admin, a, b, observer };
}
