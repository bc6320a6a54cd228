import { AccessDecisions } from '@maillage/territories';
import {
  createTenancyFixture,
  engineKind,
  login,
  ownerQuery,
  TEST_ADMIN,
  type ApiClient,
  type TenancyFixture,
  type TestApp,
  type TestUser,
} from '@maillage/testing';
import { startApi } from './support/app.js';

/**
 * The access check's answers kept by the API (`AccessDecisions`, migration 1763800000066): reused
 * while nothing the check reads has changed, and never once something has, even when the change
 * comes from elsewhere (another API process, a script): here, SQL run as the owner behind the API's
 * back.
 */
describe(`access answers kept between requests (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;
  let decisions: AccessDecisions;

  const epoch = async (): Promise<string> =>
    (await ownerQuery<{ value: string }>(t.runtime, 'select value::text as value from access_epoch'))[0]!.value;
  const behind = (sql: string, params: unknown[] = []) => ownerQuery(t.runtime, sql, params);
  /** A status, and whether the API answered it from a kept answer. */
  const status = async (api: ApiClient, path: string): Promise<{ status: number; kept: boolean }> => {
    const hits = decisions.hits;
    const response = await api.get(path);
    return { status: response.status, kept: decisions.hits > hits };
  };

  beforeAll(async () => {
    t = await startApi();
    f = await createTenancyFixture(t);
    decisions = t.app.get(AccessDecisions);
  });
  afterAll(() => t?.close());

  it('keeps the answer while nothing it reads changes: new sign-ins and token rotations do not move the epoch', async () => {
    const members = `/territories/${f.a.id}/members`;
    await f.a.coordinator.api.get(members);
    expect(await status(f.a.coordinator.api, members)).toEqual({ status: 200, kept: true });
    const before = await epoch();
    // Another person signs in, the coordinator's session rotates its token, a territory is created.
    await login(f.anonymous, f.b.member.email, f.b.member.password);
    const rotated = await f.anonymous.post<{ accessToken: string }>('/auth/refresh', {
      refreshToken: f.a.coordinator.refreshToken,
    });
    expect(rotated.status).toBe(200);
    const created = await f.admin.api.post('/territories', { kind: 'commune', code: '38185' });
    expect(created.status).toBe(201);
    expect(await epoch()).toBe(before);
    expect(await status(f.a.coordinator.api, members)).toEqual({ status: 200, kept: true });
    // The rotated token belongs to the same session: the same kept answer serves it.
    expect(await status(f.anonymous.as(rotated.body.accessToken), members)).toEqual({ status: 200, kept: true });
  });

  it('sees a role changed behind its back on the next request', async () => {
    const members = `/territories/${f.b.id}/members`;
    await f.b.coordinator.api.get(members);
    expect(await status(f.b.coordinator.api, members)).toEqual({ status: 200, kept: true });
    await behind(`update memberships set role = 'member' where territory_id = $1 and user_id = $2`, [
      f.b.id,
      f.b.coordinator.id,
    ]);
    expect(await status(f.b.coordinator.api, members)).toEqual({ status: 403, kept: false });
    await behind(`update memberships set role = 'coordinator' where territory_id = $1 and user_id = $2`, [
      f.b.id,
      f.b.coordinator.id,
    ]);
    expect((await status(f.b.coordinator.api, members)).status).toBe(200);
  });

  it('sees a membership removed, a session revoked, a password changed and a global role taken away', async () => {
    const actors = (id: string) => `/territories/${id}/actors`;
    const ready = async (user: TestUser, path: string) => {
      await user.api.get(path);
      expect(await status(user.api, path)).toEqual({ status: 200, kept: true });
    };

    await ready(f.a.member, actors(f.a.id));
    await behind(`delete from memberships where territory_id = $1 and user_id = $2`, [f.a.id, f.a.member.id]);
    expect(await status(f.a.member.api, actors(f.a.id))).toEqual({ status: 404, kept: false });

    await ready(f.b.member, actors(f.b.id));
    await behind(`update refresh_tokens set revoked_at = now() where user_id = $1`, [f.b.member.id]);
    expect((await status(f.b.member.api, actors(f.b.id))).status).toBe(401);

    const coordinator = await login(f.anonymous, f.b.coordinator.email, f.b.coordinator.password);
    await ready(coordinator, actors(f.b.id));
    await behind(`update users set password_changed_at = now() + interval '1 second' where id = $1`, [coordinator.id]);
    expect((await status(coordinator.api, actors(f.b.id))).status).toBe(401);

    const admin = await login(f.anonymous, TEST_ADMIN.email, TEST_ADMIN.password);
    await ready(admin, actors(f.a.id));
    await behind(`update users set global_role = null where id = $1`, [admin.id]);
    expect(await status(admin.api, actors(f.a.id))).toEqual({ status: 404, kept: false });
    await behind(`update users set global_role = 'platform_admin' where id = $1`, [admin.id]);
    expect((await status(admin.api, actors(f.a.id))).status).toBe(200);
  });

  it('moves the epoch only for what can change an answer, once committed', async () => {
    const [{ id: sessionToken }] = await ownerQuery<{ id: string }>(
      t.runtime,
      `select id from refresh_tokens where user_id = $1 and revoked_at is null limit 1`,
      [f.a.coordinator.id],
    );
    const cases: { what: string; sql: string; params: unknown[]; moves: boolean }[] = [
      {
        what: 'a name',
        sql: `update users set name = 'Autre nom' where id = $1`,
        params: [f.observer.id],
        moves: false,
      },
      {
        what: 'a token used',
        sql: `update refresh_tokens set used_at = now() where id = $1`,
        params: [sessionToken],
        moves: false,
      },
      {
        what: 'a territory renamed',
        sql: `update territories set name = 'Nouveau nom' where id = $1`,
        params: [f.a.id],
        moves: false,
      },
      {
        what: 'an address',
        sql: `update users set email = 'autre@maillage.test' where id = $1`,
        params: [f.observer.id],
        moves: true,
      },
      {
        what: 'a membership added',
        sql: `insert into memberships (territory_id, user_id, role) values ($1, $2, 'member')`,
        params: [f.a.id, f.observer.id],
        moves: true,
      },
      {
        what: 'its organisation',
        sql: `update memberships set actor_id = null, updated_at = now() where territory_id = $1 and user_id = $2`,
        params: [f.a.id, f.observer.id],
        moves: false,
      },
      {
        what: 'a revoked token removed',
        sql: `delete from refresh_tokens where user_id = $1 and revoked_at is not null`,
        params: [f.b.member.id],
        moves: false,
      },
    ];
    for (const { what, sql, params, moves } of cases) {
      const before = BigInt(await epoch());
      await behind(sql, params);
      expect({ what, moved: BigInt(await epoch()) > before }).toEqual({ what, moved: moves });
    }
    // A change rolled back moves nothing.
    const before = await epoch();
    await behind(`begin; update memberships set role = 'coordinator' where user_id = '${f.observer.id}'; rollback`);
    expect(await epoch()).toBe(before);
  });
});
