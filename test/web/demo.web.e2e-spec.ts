import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { ApiClient, login, TEST_ADMIN, type TestUser } from '@maillage/testing';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../apps/api/src/demo/demo.service.js';
import {
  describeInBrowser,
  expectNoConsoleErrors,
  openConsole,
  startWebApp,
  type WebApp,
  WEB_SETUP_TIMEOUT_MS,
} from '../support/browser.js';
import { expectEventually } from '../support/expect-web.js';

describeInBrowser('web console: the demo territory', () => {
  let web: WebApp;
  let coordinator: TestUser;
  let territoryId: string;

  beforeAll(async () => {
    web = await startWebApp();
    const anonymous = new ApiClient(web.t.app);
    const admin = await login(anonymous, TEST_ADMIN.email, TEST_ADMIN.password);
    const created = await admin.api.post<{ territoryId: string }>('/admin/demo');
    if (created.status !== 201) throw new Error(`demo: ${created.status} ${created.text}`);
    territoryId = created.body.territoryId;
    coordinator = await login(anonymous, DEMO_ACCOUNTS[0]!.email, DEMO_PASSWORD);
  }, WEB_SETUP_TIMEOUT_MS);
  afterAll(() => web?.close(), WEB_SETUP_TIMEOUT_MS);

  it(
    'shows the demo banner and content on the dashboard, the map, the graph and the alliances',
    async () => {
      const console = await openConsole(web, { user: coordinator });
      const { page } = console;
      await page.goto(`/t/${territoryId}/tableau-de-bord`);
      await page.getByText('Espace de démonstration : les données sont fictives.').waitFor();
      await page.getByRole('heading', { level: 2, name: 'Acteurs par catégorie' }).waitFor();
      await page.locator('.views-chart .recharts-surface').nth(3).waitFor();

      await page.goto(`/t/${territoryId}/carte`);
      await page.getByText('Espace de démonstration : les données sont fictives.').waitFor();
      await expectEventually(
        () => page.locator('.views-map .views-marker, .views-map .views-cluster').count(),
        (count) => expect(count).toBeGreaterThan(0),
        { label: 'the map’s markers' },
      );

      await page.goto(`/t/${territoryId}/graphe`);
      const graph = page.getByRole('img', { name: /Acteurs : \d+ · liens d’alliance : \d+/ });
      await graph.locator('canvas').first().waitFor();

      await page.goto(`/t/${territoryId}/alliances`);
      await page.getByRole('heading', { level: 1, name: 'Alliances' }).waitFor();
      // A link to one of its alliances (not the proposal form's).
      await page.locator(`a[href^="/t/${territoryId}/alliances/"]:not([href$="/proposer"])`).first().waitFor();
      expectNoConsoleErrors(console, 'demo pages');
      await console.context.close();
    },
    WEB_SETUP_TIMEOUT_MS,
  );
});
