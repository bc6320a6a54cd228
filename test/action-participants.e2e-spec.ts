import {
  createTenancyFixture,
  engineKind,
  seedEcosystem,
  type ApiClient,
  type EcosystemFixture,
  type TenancyFixture,
  type TestApp,
} from '@maillage/testing';
import type { Page } from '@maillage/platform';
import { startApi } from './support/app.js';

interface Action {
  id: string;
  version: number;
  title: string;
  participants: { actorId: string; name: string; role: string }[];
}

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors: { field: string; message: string }[];
}

/** An actor takes part in an action once: listed twice among its participants, the action is refused, named. */
describe(`an action's participants, each actor once (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;
  let eco: EcosystemFixture;
  let coordinator: ApiClient;
  let base: string;
  let association: string;
  let company: string;

  beforeAll(async () => {
    t = await startApi();
    f = await createTenancyFixture(t);
    coordinator = f.a.coordinator.api;
    base = `/territories/${f.a.id}`;
    eco = await seedEcosystem(coordinator, f.a.id);
    association = (await coordinator.get<{ name: string }>(`${base}/actors/${eco.association}`)).body.name;
    company = (await coordinator.get<{ name: string }>(`${base}/actors/${eco.company}`)).body.name;
  });
  afterAll(() => t?.close());

  async function actionTitles(): Promise<string[]> {
    const page = await coordinator.get<Page<Action>>(`${base}/actions`, { limit: '100' });
    return page.body.items.map((action) => action.title).sort();
  }

  function expectRefused(response: { status: number; body: unknown; headers: Record<string, unknown> }, name: string) {
    const message = `${name} figure deux fois parmi les participants.`;
    expect(response.status).toBe(400);
    expect(String(response.headers['content-type'])).toContain('application/problem+json');
    expect(response.body).toMatchObject({
      status: 400,
      code: 'invalid_action',
      detail: message,
      errors: [{ field: 'participants', message }],
    });
    // Named, never by its identifier.
    expect(JSON.stringify([(response.body as Problem).detail, (response.body as Problem).errors])).not.toMatch(
      /[0-9a-f]{8}-[0-9a-f]{4}-/,
    );
  }

  it('refuses to create an action naming the same actor twice, whatever the roles, and creates nothing', async () => {
    const before = await actionTitles();
    for (const roles of [
      ['organiser', 'participant'],
      ['participant', 'participant'],
    ]) {
      const refused = await coordinator.post<Problem>(`${base}/actions`, {
        type: 'animation',
        title: 'Atelier recrutement inclusif',
        startDate: '2026-04-02',
        participants: [
          { actorId: eco.association, role: roles[0] },
          { actorId: eco.company, role: 'participant' },
          { actorId: eco.association, role: roles[1] },
        ],
        animation: { format: 'workshop' },
      });
      expectRefused(refused, association);
    }
    expect(await actionTitles()).toEqual(before);
    // Once each, the same action is recorded.
    const created = await coordinator.post<Action>(`${base}/actions`, {
      type: 'animation',
      title: 'Atelier recrutement inclusif',
      startDate: '2026-04-02',
      participants: [
        { actorId: eco.association, role: 'organiser' },
        { actorId: eco.company, role: 'participant' },
      ],
      animation: { format: 'workshop' },
    });
    expect(created.status).toBe(201);
  });

  it('names every actor listed twice', async () => {
    const refused = await coordinator.post<Problem>(`${base}/actions`, {
      type: 'animation',
      title: 'Forum des métiers',
      startDate: '2026-04-09',
      participants: [
        { actorId: eco.association, role: 'organiser' },
        { actorId: eco.company, role: 'participant' },
        { actorId: eco.association, role: 'participant' },
        { actorId: eco.company, role: 'organiser' },
      ],
      animation: { format: 'forum' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { field: 'participants', message: `${association} figure deux fois parmi les participants.` },
      { field: 'participants', message: `${company} figure deux fois parmi les participants.` },
    ]);
  });

  it('refuses an update naming the same actor twice, and changes nothing', async () => {
    const path = `${base}/actions/${eco.actionId}`;
    const before = (await coordinator.get<Action>(path)).body;
    const refused = await coordinator.request<Problem>('PATCH', path, {
      body: {
        title: 'Forum emploi renommé',
        participants: [
          { actorId: eco.company, role: 'participant' },
          { actorId: eco.company, role: 'organiser' },
        ],
      },
      headers: { 'if-match': `"${before.version}"` },
    });
    expectRefused(refused, company);
    expect((await coordinator.get<Action>(path)).body).toEqual(before);
  });
});
