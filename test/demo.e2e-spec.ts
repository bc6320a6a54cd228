import {
  engineKind,
  login,
  runObservatoryRollup,
  SETUP_TIMEOUT_MS,
  TEST_ADMIN,
  waitForGraph,
  waitForReport,
  ApiClient,
  type TestApp,
  type TestUser,
} from '@maillage/testing';
import { REPORT_CATALOGUE, type ReportType } from '@maillage/reports';
import { ACTOR_CATEGORIES, luhnValid, rnaValid, sirenValid, siretValid } from '@maillage/contract';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../apps/api/src/demo/demo.service.js';
import { startApi } from './support/app.js';
import {
  expectNoConsoleErrors,
  hasChromium,
  openConsole,
  startWebApp,
  webBuilt,
  type WebApp,
} from './support/browser.js';
import { expectEventually } from './support/expect-web.js';

/** The console's pages are checked in the same app (the demo is generated once), when Chromium is here. */
const inBrowser = hasChromium && webBuilt;

interface Created {
  territoryId: string;
  name: string;
  created: boolean;
  password: string;
  accounts: { email: string; role: string }[];
  counts: { actors: number; priorities: number; actions: number; alliances: number; evaluations: number };
}

interface Actor {
  id: string;
  category: string;
  siren: string | null;
  siret: string | null;
  rna: string | null;
  nafCode: string | null;
  nafLabel: string | null;
  communeCode: string | null;
  location: { latitude: number; longitude: number } | null;
  createdAt: string;
}

/** Every page of a list route. */
async function all<T>(api: ApiClient, path: string, query: Record<string, string> = {}): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.get<{ items: T[]; nextCursor: string | null }>(path, {
      ...query,
      limit: '100',
      ...(cursor ? { cursor } : {}),
    });
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

describe(`demo territory (${engineKind()} engine)`, () => {
  let web: WebApp | undefined;
  let t: TestApp;
  let anonymous: ApiClient;
  let admin: TestUser;
  let demo: Created;
  let coordinator: TestUser;
  let base: string;

  beforeAll(async () => {
    web = inBrowser ? await startWebApp() : undefined;
    t = web ? web.t : await startApi();
    anonymous = new ApiClient(t.app);
    admin = await login(anonymous, TEST_ADMIN.email, TEST_ADMIN.password);
    const created = await admin.api.post<Created>('/admin/demo');
    expect(created.status).toBe(201);
    demo = created.body;
    base = `/territories/${demo.territoryId}`;
    coordinator = await login(anonymous, DEMO_ACCOUNTS[0]!.email, DEMO_PASSWORD);
  }, SETUP_TIMEOUT_MS);
  afterAll(() => (web ? web.close() : t?.close()), SETUP_TIMEOUT_MS);

  it('is a labelled demo workspace of a real EPCI, and only a platform administrator manages it', async () => {
    expect(demo).toMatchObject({ created: true, name: 'Démo — Grenoble-Alpes-Métropole', password: DEMO_PASSWORD });
    const territory = await coordinator.api.get<{
      demo: boolean;
      kind: string;
      epciCode: string;
      communeCount: number;
    }>(base);
    expect(territory.body).toMatchObject({ demo: true, kind: 'custom', epciCode: '200040715', communeCount: 49 });
    // Asked again, it is left as it is.
    const again = await admin.api.post<Created>('/admin/demo', {});
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, territoryId: demo.territoryId });
    expect((await admin.api.get<Created>('/admin/demo')).body.territoryId).toBe(demo.territoryId);
    for (const call of [
      coordinator.api.post('/admin/demo'),
      coordinator.api.delete('/admin/demo'),
      coordinator.api.get('/admin/demo'),
    ]) {
      expect((await call).status).toBe(403);
    }
    expect((await anonymous.post('/admin/demo')).status).toBe(401);
    const bad = await admin.api.post<{ status: number; detail: string }>('/admin/demo', { reset: 'oui' });
    expect(bad.status).toBe(400);
  });

  it('holds a few hundred actors in the DOMAIN.md mix, with valid identifiers and points, over three years', async () => {
    const actors = await all<Actor>(coordinator.api, `${base}/actors`);
    expect(actors.length).toBe(demo.counts.actors);
    expect(actors.length).toBeGreaterThanOrEqual(250);
    const byCategory = new Map<string, number>();
    for (const actor of actors) byCategory.set(actor.category, (byCategory.get(actor.category) ?? 0) + 1);
    for (const category of ACTOR_CATEGORIES) {
      expect(byCategory.get(category) ?? 0).toBeGreaterThan(0);
    }
    expect(byCategory.get('association')!).toBeGreaterThan(byCategory.get('company')!);
    for (const actor of actors) {
      if (actor.siren) expect(sirenValid(actor.siren)).toBe(true);
      if (actor.siret) expect(siretValid(actor.siret) && luhnValid(actor.siret)).toBe(true);
      if (actor.rna) expect(rnaValid(actor.rna)).toBe(true);
      if (actor.nafCode) expect(actor.nafLabel).toBeTruthy();
      expect(actor.communeCode).toMatch(/^38\d{3}$/);
      expect(actor.location).not.toBeNull();
    }
    const created = actors.map((actor) => Date.parse(actor.createdAt)).sort((a, b) => a - b);
    expect(Date.now() - created[0]!).toBeGreaterThan(2.5 * 365 * 86_400_000);
  });

  it('has enjeux, the three action types and alliances in every status, evaluated', async () => {
    expect((await coordinator.api.get<unknown[]>(`${base}/priorities`)).body.length).toBeGreaterThanOrEqual(5);
    const actions = await all<{
      type: string;
      startDate: string;
      experiment?: { phaseHistory: { on: string }[] };
    }>(coordinator.api, `${base}/actions`);
    expect(new Set(actions.map((action) => action.type))).toEqual(
      new Set(['animation', 'collective_experiment', 'support']),
    );
    // Each experiment's phases began on past days, in order, from its start on (not all on the day of generation).
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    const experiments = actions.filter((action) => action.experiment);
    for (const { startDate, experiment } of experiments) {
      const days = experiment?.phaseHistory.map((phase) => phase.on) ?? [];
      expect(days[0] >= startDate).toBe(true);
      expect([...days].sort()).toEqual(days);
      expect(days.every((day) => day < today)).toBe(true);
    }
    expect(
      new Set(experiments.flatMap((action) => action.experiment?.phaseHistory.map((p) => p.on))).size,
    ).toBeGreaterThan(experiments.length);
    const alliances = await all<{ status: string; transitions: { to: string; at: string }[] }>(
      coordinator.api,
      `${base}/alliances`,
    );
    expect(alliances.length).toBe(demo.counts.alliances);
    expect(new Set(alliances.map((alliance) => alliance.status))).toEqual(
      new Set(['proposed', 'under_discussion', 'active', 'ended', 'declined', 'withdrawn']),
    );
    for (const alliance of alliances) {
      expect(alliance.transitions.at(-1)?.to).toBe(alliance.status);
    }
    expect(demo.counts.evaluations).toBeGreaterThan(20);
  });

  it('fills the dashboard, the map, the graph and a timeline', async () => {
    const dashboard = await coordinator.api.get<{
      actorsByCategory: Record<string, number>;
      actionsByTypeAndMonth: unknown[];
      alliancesByStatus: Record<string, number>;
      evaluations: { count: number };
    }>(`${base}/dashboard`);
    expect(dashboard.status).toBe(200);
    expect(Object.keys(dashboard.body.actorsByCategory).length).toBe(7);
    expect(dashboard.body.actionsByTypeAndMonth.length).toBeGreaterThan(12);
    expect(dashboard.body.evaluations.count).toBeGreaterThan(0);
    const map = await coordinator.api.get<{ features: unknown[] }>(`${base}/map`);
    expect(map.body.features.length).toBe(demo.counts.actors);
    const graph = {
      body: await waitForGraph<{ stale: boolean; nodes: unknown[]; edges: { source: number[] } }>(
        coordinator.api,
        demo.territoryId,
      ),
    };
    expect(graph.body.nodes.length).toBeGreaterThan(0);
    expect(graph.body.edges.source.length).toBeGreaterThan(0);
    const member = await login(anonymous, DEMO_ACCOUNTS[1]!.email, DEMO_PASSWORD);
    const mine = await member.api.get<{ actor: { id: string } | null }>(`${base}/my-organisation`);
    const actorId = mine.body.actor?.id;
    expect(actorId).toBeTruthy();
    const timeline = await coordinator.api.get<unknown[]>(`${base}/actors/${actorId}/timeline`);
    expect(timeline.status).toBe(200);
    expect(timeline.body.length).toBeGreaterThan(0);
    expect((await login(anonymous, DEMO_ACCOUNTS[3]!.email, DEMO_PASSWORD)).id).toBeTruthy();
  });

  it('has a closed territorial study whose regard croisé shows every prism', async () => {
    const studies = await coordinator.api.get<{
      items: { id: string; status: string; responseRate: number | null; pendingMails?: number }[];
    }>(`${base}/studies`);
    expect(studies.body.items).toHaveLength(1);
    const study = studies.body.items[0]!;
    expect(study.status).toBe('closed');
    expect(study.responseRate).toBeGreaterThan(0.4);
    const results = await coordinator.api.get<{
      responses: { total: number | null; byPrism: Record<string, number | null> };
      questions: { key: string; byPrism: Record<string, { suppressed: boolean }> }[];
    }>(`${base}/studies/${study.id}/results`);
    expect(results.status).toBe(200);
    for (const prism of ['association', 'company', 'public_body', 'inhabitant']) {
      expect(results.body.responses.byPrism[prism]).toBeGreaterThanOrEqual(5);
    }
    const duty = results.body.questions.find((question) => question.key === 'duty_of_alliances');
    expect(Object.values(duty?.byPrism ?? {}).every((prism) => !prism.suppressed)).toBe(true);
    const detail = await coordinator.api.get<{ pendingMails: number }>(`${base}/studies/${study.id}`);
    expect(detail.body.pendingMails).toBe(0);
  });

  (inBrowser ? it : it.skip)(
    'shows the demo banner and content in the console: dashboard, map, graph and alliances',
    async () => {
      const console = await openConsole(web as WebApp, { user: coordinator });
      const { page } = console;
      await page.goto(`/t/${demo.territoryId}/tableau-de-bord`);
      await page.getByText('Espace de démonstration : les données sont fictives.').waitFor();
      await page.getByRole('heading', { level: 2, name: 'Acteurs par catégorie' }).waitFor();
      await page.locator('.views-chart .recharts-surface').nth(3).waitFor();

      await page.goto(`/t/${demo.territoryId}/carte`);
      await page.getByText('Espace de démonstration : les données sont fictives.').waitFor();
      await expectEventually(
        () => page.locator('.views-map .views-marker, .views-map .views-cluster').count(),
        (count) => expect(count).toBeGreaterThan(0),
        { label: 'the map’s markers' },
      );

      await page.goto(`/t/${demo.territoryId}/graphe`);
      const graph = page.getByRole('img', { name: /Acteurs : \d+ · liens d’alliance : \d+/ });
      await graph.locator('canvas').first().waitFor();

      await page.goto(`/t/${demo.territoryId}/alliances`);
      await page.getByRole('heading', { level: 1, name: 'Alliances' }).waitFor();
      // A link to one of its alliances (not the proposal form's).
      await page.locator(`a[href^="/t/${demo.territoryId}/alliances/"]:not([href$="/proposer"])`).first().waitFor();
      expectNoConsoleErrors(console, 'demo pages');
      await console.context.close();
    },
    SETUP_TIMEOUT_MS,
  );

  it(
    'runs every report type on it',
    async () => {
      const ids: [ReportType, string][] = [];
      for (const [type, entry] of Object.entries(REPORT_CATALOGUE) as [ReportType, { formats: readonly string[] }][]) {
        const params = type === 'territory_activity' ? { from: '2024-01-01', to: '2026-12-31' } : {};
        const ordered = await coordinator.api.post<{ id: string }>(`${base}/reports`, {
          type,
          format: entry.formats[0],
          params,
        });
        expect(ordered.status).toBe(202);
        ids.push([type, ordered.body.id]);
      }
      for (const [type, id] of ids) {
        const report = await waitForReport(coordinator.api, demo.territoryId, id, 120_000);
        expect({ type, status: report.status, error: report.error }).toEqual({
          type,
          status: 'completed',
          error: null,
        });
      }
    },
    SETUP_TIMEOUT_MS,
  );

  it(
    'stays out of the observatory unless asked, even when it shares',
    async () => {
      expect((await coordinator.api.put(`${base}/observatory-sharing`, { sharing: true })).status).toBe(200);
      const rollup = await runObservatoryRollup(admin.api);
      expect(rollup.territories).toBe(0);
    },
    SETUP_TIMEOUT_MS,
  );

  it(
    'is reset, then deleted with its accounts',
    async () => {
      const reset = await admin.api.post<Created>('/admin/demo', { reset: true });
      expect({ status: reset.status, body: reset.status === 201 ? null : reset.text }).toEqual({
        status: 201,
        body: null,
      });
      expect(reset.body.territoryId).not.toBe(demo.territoryId);
      expect(reset.body.counts).toEqual(demo.counts);
      expect((await admin.api.get(`/territories/${demo.territoryId}`)).status).toBe(404);
      const again = await login(anonymous, DEMO_ACCOUNTS[0]!.email, DEMO_PASSWORD);
      expect((await again.api.get(`/territories/${reset.body.territoryId}`)).status).toBe(200);

      expect((await admin.api.delete('/admin/demo')).status).toBe(204);
      expect((await admin.api.get(`/territories/${reset.body.territoryId}`)).status).toBe(404);
      expect((await admin.api.get('/admin/demo')).status).toBe(404);
      expect((await admin.api.delete('/admin/demo')).status).toBe(404);
      const gone = await anonymous.post('/auth/login', { email: DEMO_ACCOUNTS[0]!.email, password: DEMO_PASSWORD });
      expect(gone.status).toBe(401);
    },
    SETUP_TIMEOUT_MS,
  );
});
