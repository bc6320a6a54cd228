import {
  createTenancyFixture,
  engineKind,
  joinTerritory,
  type ApiClient,
  type TenancyFixture,
  type TestApp,
} from '@maillage/testing';
import { startApi } from './support/app.js';

interface FirstSteps {
  steps: { key: string; done: boolean; count: number }[];
  remaining: number;
}

describe(`first steps of a workspace (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;
  let coordinator: ApiClient;
  let territoryId: string;

  async function steps(): Promise<Record<string, { done: boolean; count: number }>> {
    const response = await coordinator.get<FirstSteps>(`/territories/${territoryId}/first-steps`);
    expect(response.status).toBe(200);
    expect(response.body.steps.map((step) => step.key)).toEqual([
      'actors',
      'priorities',
      'organisations',
      'actions',
      'observatory',
    ]);
    expect(response.body.remaining).toBe(response.body.steps.filter((step) => !step.done).length);
    return Object.fromEntries(response.body.steps.map((step) => [step.key, { done: step.done, count: step.count }]));
  }

  beforeAll(async () => {
    t = await startApi();
    f = await createTenancyFixture(t);
    const created = await f.admin.api.post<{ id: string }>('/territories', { kind: 'commune', code: '38185' });
    expect(created.status).toBe(201);
    territoryId = created.body.id;
    const user = await joinTerritory(
      f.admin.api,
      f.anonymous,
      territoryId,
      'coordination.neuve@maillage.test',
      'coordinator',
    );
    coordinator = user.api;
  });
  afterAll(() => t?.close());

  it('starts with nothing done in an empty workspace, the coordinator not counting as an organisation', async () => {
    const response = await coordinator.get<FirstSteps>(`/territories/${territoryId}/first-steps`);
    expect(response.body.remaining).toBe(5);
    expect(Object.values(await steps())).toEqual(Array(5).fill({ done: false, count: 0 }));
  });

  it('ticks each step as its data appears', async () => {
    const base = `/territories/${territoryId}`;
    const actor = await coordinator.post<{ id: string }>(`${base}/actors`, {
      category: 'association',
      name: 'Maison des habitants de l’Abbaye',
    });
    expect(actor.status).toBe(201);
    expect((await steps()).actors).toEqual({ done: true, count: 1 });

    expect((await coordinator.post(`${base}/priorities`, { title: 'Mobilité', fragilities: ['social'] })).status).toBe(
      201,
    );
    expect((await steps()).priorities).toEqual({ done: true, count: 1 });

    const invitation = await coordinator.post(`${base}/invitations`, {
      email: 'asso.abbaye@maillage.test',
      role: 'member',
    });
    expect(invitation.status).toBe(201);
    expect((await steps()).organisations).toEqual({ done: true, count: 1 });

    const action = await coordinator.post(`${base}/actions`, {
      type: 'animation',
      title: 'Rencontre des acteurs du quartier',
      startDate: '2026-03-12',
      participants: [{ actorId: actor.body.id, role: 'organiser' }],
      animation: { format: 'meeting', place: 'Maison des habitants', headcount: 20 },
    });
    expect(action.status).toBe(201);
    expect((await steps()).actions).toEqual({ done: true, count: 1 });

    expect((await coordinator.put(`${base}/observatory-sharing`, { sharing: true })).status).toBe(200);
    const all = await steps();
    expect(all.observatory).toEqual({ done: true, count: 1 });
    const response = await coordinator.get<FirstSteps>(`${base}/first-steps`);
    expect(response.body.remaining).toBe(0);
  });

  it('counts a revoked invitation no more, and a stopped sharing no more', async () => {
    const base = `/territories/${territoryId}`;
    const invitations = await coordinator.get<{ items: { id: string; email: string }[] }>(`${base}/invitations`);
    const pending = invitations.body.items.find((item) => item.email === 'asso.abbaye@maillage.test');
    expect(pending).toBeDefined();
    expect([200, 204]).toContain((await coordinator.delete(`${base}/invitations/${pending?.id}`)).status);
    expect((await steps()).organisations).toEqual({ done: false, count: 0 });
    expect((await coordinator.put(`${base}/observatory-sharing`, { sharing: false })).status).toBe(200);
    expect((await steps()).observatory).toEqual({ done: false, count: 0 });
  });

  it('is for coordinators: a member gets 403, another territory’s coordinator 404', async () => {
    expect((await f.a.member.api.get(`/territories/${f.a.id}/first-steps`)).status).toBe(403);
    expect((await f.a.coordinator.api.get(`/territories/${f.a.id}/first-steps`)).status).toBe(200);
    expect((await f.b.coordinator.api.get(`/territories/${f.a.id}/first-steps`)).status).toBe(404);
    expect((await f.a.coordinator.api.get(`/territories/${territoryId}/first-steps`)).status).toBe(404);
  });
});
