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
  support?: { supportedActorId: string };
}

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors: { field: string; message: string }[];
}

/**
 * An actor takes part in an action once: listed twice among its participants, or a support's
 * organisation supported listed among them too, the action is refused, named.
 */
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

  const twice = (name: string) => `${name} figure deux fois parmi les participants.`;
  const alsoSupported = (name: string) =>
    `${name} est l’organisation accompagnée : elle ne peut pas figurer aussi parmi les participants.`;

  /** A 400 problem+json refusing the action with this one reason, naming the actor (never by its identifier). */
  function expectRefused(
    response: { status: number; body: unknown; headers: Record<string, unknown> },
    message: string,
  ) {
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
      expectRefused(refused, twice(association));
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
      { field: 'participants', message: twice(association) },
      { field: 'participants', message: twice(company) },
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
    expectRefused(refused, twice(company));
    expect((await coordinator.get<Action>(path)).body).toEqual(before);
  });

  describe('a support, whose organisation supported is not one of its participants', () => {
    let publicBody: string;
    const supportOf = (supportedActorId: string) => ({
      supportedActorId,
      diagnosis: 'Structurer les partenariats',
      sessions: [{ date: '2026-03-02', minutes: 60 }],
    });

    beforeAll(async () => {
      publicBody = (await coordinator.get<{ name: string }>(`${base}/actors/${eco.publicBody}`)).body.name;
    });

    it('refuses to create a support listing its organisation supported among its participants, whatever the role, and creates nothing', async () => {
      const before = await actionTitles();
      for (const role of ['supported', 'partner']) {
        const refused = await coordinator.post<Problem>(`${base}/actions`, {
          type: 'support',
          title: 'Accompagnement de l’essaimage',
          startDate: '2026-03-02',
          participants: [
            { actorId: eco.company, role: 'partner' },
            { actorId: eco.association, role },
          ],
          support: supportOf(eco.association),
        });
        expectRefused(refused, alsoSupported(association));
      }
      expect(await actionTitles()).toEqual(before);
      const created = await coordinator.post<Action>(`${base}/actions`, {
        type: 'support',
        title: 'Accompagnement de l’essaimage',
        startDate: '2026-03-02',
        participants: [{ actorId: eco.company, role: 'partner' }],
        support: supportOf(eco.association),
      });
      expect(created.status).toBe(201);
    });

    it('says every problem of the participants at once: an actor twice, the organisation supported', async () => {
      const refused = await coordinator.post<Problem>(`${base}/actions`, {
        type: 'support',
        title: 'Accompagnement du projet de tiers-lieu',
        startDate: '2026-03-09',
        participants: [
          { actorId: eco.company, role: 'partner' },
          { actorId: eco.company, role: 'speaker' },
          { actorId: eco.association, role: 'supported' },
        ],
        support: supportOf(eco.association),
      });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([
        { field: 'participants', message: twice(company) },
        { field: 'participants', message: alsoSupported(association) },
      ]);
    });

    it('refuses an update that adds the organisation supported to the participants, or makes a participant the one supported, and changes nothing', async () => {
      const created = await coordinator.post<Action>(`${base}/actions`, {
        type: 'support',
        title: 'Accompagnement de la mutualisation',
        startDate: '2026-03-16',
        participants: [{ actorId: eco.publicBody, role: 'partner' }],
        support: supportOf(eco.association),
      });
      expect(created.status).toBe(201);
      const path = `${base}/actions/${created.body.id}`;
      const before = (await coordinator.get<Action>(path)).body;
      const patch = (body: object) =>
        coordinator.request<Problem>('PATCH', path, { body, headers: { 'if-match': `"${before.version}"` } });

      // Only the participants change: compared with the organisation supported as stored.
      expectRefused(
        await patch({
          title: 'Accompagnement renommé',
          participants: [
            { actorId: eco.publicBody, role: 'partner' },
            { actorId: eco.association, role: 'supported' },
          ],
        }),
        alsoSupported(association),
      );
      // Only the organisation supported changes: compared with the participants as stored.
      expectRefused(
        await patch({ title: 'Accompagnement renommé', support: supportOf(eco.publicBody) }),
        alsoSupported(publicBody),
      );
      expect((await coordinator.get<Action>(path)).body).toEqual(before);

      // Both sides changed together, the organisation supported leaving the participants: taken.
      const swapped = await patch({
        participants: [{ actorId: eco.association, role: 'partner' }],
        support: supportOf(eco.publicBody),
      });
      expect(swapped.status).toBe(200);
      expect((swapped.body as unknown as Action).support?.supportedActorId).toBe(eco.publicBody);
    });
  });
});
