import { randomUUID } from 'node:crypto';
import {
  createTenancyFixture,
  engineKind,
  joinTerritory,
  type TenancyFixture,
  type TestApp,
  type TestUser,
} from '@maillage/testing';
import { startApi } from './support/app.js';

/**
 * The access guard reads the caller's access (account, session, territory, membership) in the
 * round trip that opens the request's transaction (`Transactions.open` with the access check's
 * statement, migration 1763800000054): the answers are those of the separate statement it replaced.
 */
describe(`access check in the transaction's first round trip (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;

  beforeAll(async () => {
    t = await startApi();
    f = await createTenancyFixture(t);
  });
  afterAll(() => t?.close());

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
    const leaving: TestUser = await joinTerritory(
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
