import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  createTenancyFixture,
  ownerQuery,
  seedEcosystem,
  type EcosystemFixture,
  type TenancyFixture,
  type TestUser,
} from '@maillage/testing';
import type { Locator, Page } from 'playwright-core';
import {
  describeInBrowser,
  expectAccessible,
  expectNoConsoleErrors,
  openConsole,
  screenshot,
  startWebApp,
  type WebApp,
  WEB_SETUP_TIMEOUT_MS,
} from '../support/browser.js';
import {
  expectAttribute,
  expectChecked,
  expectCount,
  expectEventually,
  expectNoHorizontalOverflow,
  expectText,
} from '../support/expect-web.js';

interface Dashboard {
  actorsByCategory: Record<string, number>;
  actionsByTypeAndMonth: { month: string; type: string; count: number }[];
  alliancesByStatus: Record<string, number>;
  evaluations: { count: number };
}
interface MapAnswer {
  features: { properties: { id: string; name: string; category: string } }[];
}
interface GraphAnswer {
  nodes: { id: string; name: string; category: string; community: number }[];
  alliances: { id: string; status: string; modes: string[] }[];
  edges: { source: number[]; target: number[]; alliance: number[] };
  communities: number;
  computedAt?: string;
  stale?: boolean;
  betweenness?: { method: string; linkedActors: number; error: number };
}

/**
 * The territory's graph once the worker has stored it up to date (the API serves its stored
 * snapshot, `stale` until the debounced recomputation that follows a change has run).
 */
async function freshGraph(api: TestUser['api'], territoryId: string): Promise<GraphAnswer> {
  const answer = await expectEventually(
    () => api.get<GraphAnswer>(`/territories/${territoryId}/graph`),
    (seen) => {
      expect(seen.status).toBe(200);
      expect(seen.body.stale).toBe(false);
    },
    { label: 'the stored graph, up to date', timeout: 120_000 },
  );
  return answer.body;
}

const total = (values: Record<string, number>): number => Object.values(values).reduce((sum, value) => sum + value, 0);
/** A number as the console prints it in French (narrow no-break space between thousands). */
const fr = (value: number): string => value.toLocaleString('fr-FR');

/** Markers plus the actors inside clusters, once the map has drawn them. */
async function pointsDrawn(page: Page, expected: number): Promise<void> {
  await page.waitForFunction((count) => {
    const markers = document.querySelectorAll('.views-map .views-marker').length;
    const clustered = [...document.querySelectorAll<HTMLElement>('.views-map .views-cluster[data-count]')].reduce(
      (sum, bubble) => sum + Number(bubble.dataset.count),
      0,
    );
    return markers + clustered === count;
  }, expected);
}

/** The value of a key figure on the dashboard. */
function stat(page: Page, key: string): Locator {
  return page.locator(`[data-stat="${key}"] .stat-value`);
}

/** A name (and an attribution) that would run script if a view wrote it as HTML. */
const XSS = '<img src=x onerror="window.__xss=1">';
/** No view ran the markup’s script (checked once the views showing it have been waited for). */
async function expectNoScriptRan(page: Page): Promise<void> {
  await expectEventually(
    () => page.evaluate(() => (window as { __xss?: number }).__xss),
    (ran) => expect(ran).toBeUndefined(),
    { label: 'the injected markup’s script' },
  );
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describeInBrowser('web console: dashboard, map and alliance graph', () => {
  let web: WebApp;
  let fixture: TenancyFixture;
  let seeded: EcosystemFixture;
  let territoryId: string;

  beforeAll(async () => {
    web = await startWebApp();
    fixture = await createTenancyFixture(web.t);
    territoryId = fixture.a.id;
    seeded = await seedEcosystem(fixture.a.coordinator.api, territoryId);
    const coordinator = fixture.a.coordinator.api;
    const base = `/territories/${territoryId}`;
    const foundation = await coordinator.post<{ id: string }>(`${base}/actors`, {
      category: 'foundation',
      name: 'Fondation Confluence Solidaire',
      communeCode: '69123',
      latitude: 45.743,
      longitude: 4.818,
    });
    expect(foundation.status).toBe(201);
    const academic = await coordinator.post<{ id: string }>(`${base}/actors`, {
      category: 'academic',
      name: 'Université Lumière Lyon 2',
      communeCode: '69123',
      latitude: 45.749,
      longitude: 4.837,
    });
    expect(academic.status).toBe(201);
    const alliance = await coordinator.post(`${base}/alliances`, {
      title: 'Chaire partenariale sur l’insertion',
      parties: [
        { actorId: foundation.body.id, role: 'financeur' },
        { actorId: academic.body.id, role: 'porteur' },
        { actorId: seeded.company, role: 'partenaire' },
      ],
      modes: ['responsible_practices'],
    });
    expect(alliance.status).toBe(201);
  }, WEB_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await web?.close();
  }, WEB_SETUP_TIMEOUT_MS);

  it('shows the dashboard’s figures and charts, and the period filter changes them', async () => {
    const api = fixture.a.coordinator.api;
    const all = (await api.get<Dashboard>(`/territories/${territoryId}/dashboard`)).body;
    const console = await openConsole(web, { user: fixture.a.coordinator });
    const { page } = console;
    await page.goto(`/t/${territoryId}/tableau-de-bord`);
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Acteurs par catégorie' }).waitFor();
    const actions = all.actionsByTypeAndMonth.reduce((sum, row) => sum + row.count, 0);
    expect(actions).toBe(3);
    await expectText(stat(page, 'actors'), fr(total(all.actorsByCategory)));
    await expectText(stat(page, 'actions'), fr(actions));
    await expectText(stat(page, 'alliances'), fr(total(all.alliancesByStatus)));
    await expectText(stat(page, 'active'), fr(all.alliancesByStatus.active ?? 0));
    await expectText(stat(page, 'evaluations'), fr(all.evaluations.count));
    // Every chart is drawn (SVG) and has its data table.
    await page.locator('.views-chart .recharts-surface').nth(3).waitFor();
    await screenshot(page, 'dashboard');
    const categories = page.getByRole('region', { name: 'Acteurs par catégorie' });
    await categories.getByText('Voir les données en tableau').click();
    const association = categories.getByRole('row', { name: /^Association/ });
    await expectText(association.getByRole('cell'), fr(all.actorsByCategory.association ?? 0));
    await expectAccessible(page, 'tableau de bord');

    // A custom period: February 2026 holds one action (the support) and no alliance.
    await page.getByLabel('Personnalisée').check();
    await page.getByLabel('Du', { exact: true }).fill('2026-02-01');
    await page.getByLabel('Au', { exact: true }).fill('2026-02-28');
    await page.getByRole('button', { name: 'Appliquer la période' }).click();
    await page.waitForURL(/from=2026-02-01&to=2026-02-28/);
    const february = (
      await api.get<Dashboard>(`/territories/${territoryId}/dashboard`, { from: '2026-02-01', to: '2026-02-28' })
    ).body;
    expect(february.actionsByTypeAndMonth).toEqual([{ month: '2026-02', type: 'support', count: 1 }]);
    await page.locator('[data-stat="actions"] .stat-value', { hasText: /^1$/ }).waitFor();
    await expectText(stat(page, 'alliances'), fr(total(february.alliancesByStatus)));
    await page.getByText('Aucune alliance sur cette période.').first().waitFor();
    await page.getByText('du 1 févr. 2026 au 28 févr. 2026').waitFor();
    await expectAccessible(page, 'tableau de bord (période personnalisée)');

    // A reversed period is refused before any request.
    await page.getByLabel('Du', { exact: true }).fill('2026-03-01');
    await page.getByRole('button', { name: 'Appliquer la période' }).click();
    await page.getByRole('alert').getByText('La date de fin doit suivre la date de début.').waitFor();

    // "This year" is a preset kept in the URL.
    await page.getByLabel('Cette année').check();
    const year = new Date().getFullYear();
    await page.waitForURL(new RegExp(`from=${year}-01-01&to=${year}-12-31`));
    await page.locator('[data-stat="actions"] .stat-value', { hasText: new RegExp(`^${fr(actions)}$`) }).waitFor();
    expectNoConsoleErrors(console, 'tableau de bord');
    await console.context.close();
  });

  it('fits a 390 px phone and keeps the dashboard from members', async () => {
    const console = await openConsole(web, { user: fixture.a.coordinator, width: 390, height: 844 });
    const { page } = console;
    await page.goto(`/t/${territoryId}/tableau-de-bord?from=2026-01-01&to=2026-12-31`);
    await page.getByRole('heading', { level: 2, name: 'Alliances par mode' }).waitFor();
    await page.locator('.views-chart .recharts-surface').first().waitFor();
    await expectChecked(page.getByLabel('Cette année'));
    await expectNoHorizontalOverflow(page);
    await expectAccessible(page, 'tableau de bord (mobile)');
    expectNoConsoleErrors(console, 'tableau de bord (mobile)');
    await console.context.close();

    const member = await openConsole(web, { user: fixture.a.member });
    await member.page.goto(`/t/${territoryId}/tableau-de-bord`);
    await member.page.getByRole('heading', { name: 'Accès refusé' }).waitFor();
    await expectCount(member.page.getByRole('link', { name: 'Tableau de bord' }), 0);
    await expectCount(member.page.getByRole('link', { name: 'Graphe des alliances' }), 0);
    await member.context.close();
  });

  it('maps the located actors offline, clustered and filtered like the directory, with a list', async () => {
    const api = fixture.a.member.api;
    const located = (await api.get<MapAnswer>(`/territories/${territoryId}/map`)).body.features;
    expect(located.length).toBe(4);
    const console = await openConsole(web, { user: fixture.a.member });
    const { page } = console;
    const outside: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(web.baseUrl)) outside.push(request.url());
    });
    await page.goto(`/t/${territoryId}/carte`);
    await page.getByRole('heading', { level: 1, name: 'Carte des acteurs' }).waitFor();
    await page.getByRole('status').getByText('4 acteurs affichés sur 4').waitFor();
    await pointsDrawn(page, 4);
    await page.getByText('Aucun fond de carte n’est configuré').waitFor();
    await expectAccessible(page, 'carte');
    await page.locator('.views-map').scrollIntoViewIfNeeded();
    await screenshot(page, 'map');

    // A marker is a button: Enter opens its popup, whose link names the actor.
    const marker = page.getByRole('button', { name: /^Atelier Numérique Lyonnais 1/ });
    await marker.focus();
    await page.keyboard.press('Enter');
    const link = page.locator('.leaflet-popup').getByRole('link', { name: /Voir la fiche/ });
    await link.waitFor();
    await expectAttribute(link, 'href', `/t/${territoryId}/annuaire/${seeded.company}`);
    await expectEventually(
      () => link.evaluate((node) => node === document.activeElement),
      (focused) => expect(focused).toBe(true),
      { label: 'focus on the popup’s link' },
    );
    await page.keyboard.press('Escape');

    // Zoomed out, the actors cluster into one group; Enter on the group zooms back in to them.
    const zoomOut = page.getByRole('button', { name: 'Zoom arrière' });
    const group = page.getByRole('button', { name: 'Groupe de 4 acteurs : zoomer' });
    for (let step = 0; step < 8; step += 1) {
      await zoomOut.click();
      const grouped = await group.waitFor({ timeout: 1500 }).then(
        () => true,
        () => false,
      );
      if (grouped) break;
    }
    await group.waitFor();
    await pointsDrawn(page, 4);
    await group.focus();
    await page.keyboard.press('Enter');
    await group.waitFor({ state: 'detached' });
    await page.locator('.views-map .views-marker').first().waitFor();
    await pointsDrawn(page, 4);

    // Filtering by category: only the company remains, on the map and in the list.
    await page.getByLabel('Catégorie').selectOption({ label: 'Entreprise' });
    await page.waitForURL(/category=company/);
    await page.getByRole('status').getByText('1 acteur affiché sur 1').waitFor();
    await pointsDrawn(page, 1);
    await page.getByRole('button', { name: 'Voir en liste' }).click();
    const list = page.getByRole('table', { name: 'Acteurs affichés sur la carte' });
    await list.waitFor();
    await expectCount(list.locator('tbody tr'), 1);
    await list.getByRole('link', { name: 'Atelier Numérique Lyonnais 1' }).waitFor();
    await expectAccessible(page, 'carte filtrée avec liste');

    // A search with no match says so.
    await page.getByLabel('Rechercher').fill('introuvable');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.getByText('Aucun acteur localisé ne correspond à ces filtres.').waitFor();
    await page.getByRole('status').getByText('0 acteur affiché sur 0').waitFor();
    expect(outside).toEqual([]);
    expectNoConsoleErrors(console, 'carte');
    await console.context.close();
  });

  it('draws a large territory as count bubbles reached by keyboard, and lists the actors in view a page at a time', async () => {
    // Territory B: 120 actors over a district, in one statement.
    await ownerQuery(
      web.t.runtime,
      `insert into actors (territory_id, category, name, commune_code, search_text, latitude, longitude,
                           location_precision)
       select $1, (array['association', 'company'])[n % 2 + 1], 'Structure ' || to_char(n, 'FM000'), '69123',
              'structure', 45.74 + (n % 12) * 0.002, 4.82 + (n / 12) * 0.002, 'address'
       from generate_series(1, 120) n`,
      [fixture.b.id],
    );
    const console = await openConsole(web, { user: fixture.b.coordinator });
    const { page } = console;
    await page.goto(`/t/${fixture.b.id}/carte`);
    await page.getByRole('status').getByText('120 acteurs affichés sur 120').waitFor();
    await pointsDrawn(page, 120);
    // The bubbles are buttons in the tab order: Tab reaches one, Enter zooms to where it splits (the map takes
    // the focus meanwhile); bubble after bubble, single actors come.
    await page.locator('.views-map .views-cluster').first().waitFor();
    let markers = 0;
    for (let round = 0; round < 8 && markers === 0; round += 1) {
      // From the button before the map: the map itself, then its bubbles and markers.
      await page.getByRole('button', { name: 'Voir en liste' }).focus();
      let reached = false;
      for (let step = 0; step < 10 && !reached; step += 1) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(() => document.activeElement?.classList.contains('views-cluster') ?? false);
      }
      expect(reached).toBe(true);
      // Marked to be followed, if it still has the focus: an answer arriving meanwhile redraws the bubbles and
      // gives the focus to the map (whose text holds the bubbles' names too); the next round tabs to one again.
      const pressed = await page.evaluate(() => {
        for (const stale of document.querySelectorAll('[data-pressed]')) stale.removeAttribute('data-pressed');
        const active = document.activeElement;
        if (!active?.classList.contains('views-cluster')) return null;
        active.setAttribute('data-pressed', '');
        return active.textContent ?? '';
      });
      if (pressed === null) continue;
      expect(pressed).toMatch(/Groupe de \d+ acteurs : zoomer/);
      await page.keyboard.press('Enter');
      // The map takes the focus (Enter zoomed in, or an answer arriving meanwhile redrew the bubbles: the focus
      // then goes to the map too, and the next round tabs to a bubble again), and the pressed bubble goes: every
      // Enter zooms, even pressed while the map still animates a zoom (Leaflet drops a zoom asked then; on a busy
      // machine that left the bubble in place, and this test used to let the next round press again).
      await page.waitForFunction(() => document.activeElement?.classList.contains('views-map') ?? false);
      await page.locator('[data-pressed]').waitFor({ state: 'detached' });
      markers = await page.evaluate(() => document.querySelectorAll('.views-map .views-marker').length);
    }
    expect(markers).toBeGreaterThan(0);
    await page
      .getByRole('status')
      .getByText(/acteurs? affichés? sur 120/)
      .waitFor();

    // The list: the actors in view, 50 rows a page.
    // Back to the first view, every actor in it.
    await page.goto(`/t/${fixture.b.id}/carte`);
    await page.getByRole('status').getByText('120 acteurs affichés sur 120').waitFor();
    await page.getByRole('button', { name: 'Voir en liste' }).click();
    const list = page.getByRole('table', { name: 'Acteurs affichés sur la carte' });
    await list.waitFor();
    await expectCount(list.locator('tbody tr'), 50);
    await page.getByText('Acteurs 1 à 50 sur 120').waitFor();
    await page.getByRole('button', { name: 'Suivants' }).click();
    await page.getByText('Acteurs 51 à 100 sur 120').waitFor();
    await list.getByRole('link', { name: 'Structure 051' }).waitFor();
    await expectAccessible(page, 'carte d’un grand territoire avec liste');
    expectNoConsoleErrors(console, 'carte d’un grand territoire');
    await console.context.close();
  });

  it('gathers actors at the very same place in one bubble whose popup lists them, and counts those with no position', async () => {
    // Territory B: three farms placed at their commune's centre (approximately), on top of one another.
    await ownerQuery(
      web.t.runtime,
      `insert into actors (territory_id, category, name, commune_code, search_text, latitude, longitude,
                           location_precision)
       select $1, 'company', 'Ferme partagée ' || n, '69123', 'ferme partagee', 45.7578, 4.8320, 'commune'
       from generate_series(1, 3) n`,
      [fixture.b.id],
    );
    // And a fourth with no position at all: not on the map, and said so.
    await ownerQuery(
      web.t.runtime,
      `insert into actors (territory_id, category, name, commune_code, search_text)
       values ($1, 'company', 'Ferme sans adresse', '69123', 'ferme sans adresse')`,
      [fixture.b.id],
    );
    const console = await openConsole(web, { user: fixture.b.coordinator });
    const { page } = console;
    await page.goto(`/t/${fixture.b.id}/carte`);
    await page.getByLabel('Rechercher').fill('ferme');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.getByRole('status').getByText('3 acteurs affichés sur 3').waitFor();
    await page
      .getByText(
        '1 acteur sans position n’est pas sur la carte. Complétez l’adresse ou la commune de sa fiche, ou placez-le à la main depuis sa fiche.',
      )
      .waitFor();
    await pointsDrawn(page, 3);
    // Zoomed in as far as the clusters go, the three are still one bubble: one place.
    const stack = page.getByRole('button', { name: '3 acteurs au même endroit : voir la liste' });
    for (let step = 0; step < 6; step += 1) {
      const reached = await stack.waitFor({ timeout: 1500 }).then(
        () => true,
        () => false,
      );
      if (reached) break;
      await page
        .locator('.views-map .views-cluster')
        .first()
        .click()
        .catch(() => undefined);
    }
    await stack.waitFor();
    await expectCount(page.locator('.views-map .views-marker'), 0);
    await stack.focus();
    await page.keyboard.press('Enter');
    const popup = page.locator('.leaflet-popup');
    await popup.getByText('3 acteurs à cet endroit').waitFor();
    await popup.getByText('position approximative : centre de la commune').waitFor();
    for (const n of [1, 2, 3]) await popup.getByRole('link', { name: `Ferme partagée ${n}` }).waitFor();
    await popup.getByRole('link', { name: 'Ferme partagée 2' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ferme partagée 2' }).waitFor();
    expectNoConsoleErrors(console, 'carte, acteurs au même endroit');
    await console.context.close();
  });

  it('draws the alliance graph with WebGL, its legends, search, filters, tables on demand and an "as of" slider', async () => {
    const api = fixture.a.coordinator.api;
    const now = await freshGraph(api, territoryId);
    expect(now.edges.source.length).toBe(5);
    const actors = now.nodes.length;
    const console = await openConsole(web, { user: fixture.a.coordinator });
    const { page } = console;
    await page.goto(`/t/${territoryId}/graphe`);
    await page.getByRole('heading', { level: 1, name: 'Graphe des alliances' }).waitFor();
    const graph = page.getByRole('img', { name: /Acteurs : \d+ · liens d’alliance : 5/ });
    await graph.waitFor();
    // sigma drew its first frame (WebGL, through SwiftShader in this headless Chromium).
    await page.locator(`.views-graph[data-nodes="${actors}"][data-edges="5"] canvas`).first().waitFor();
    await expectAttribute(graph, 'aria-describedby', /.+/);
    await page.getByText('le même contenu est disponible en tableaux', { exact: false }).waitFor();
    await page.getByText(`Affichés : ${fr(actors)} acteurs sur ${fr(actors)}, 5 liens sur 5.`).waitFor();
    // Freshness: when the figures were computed, and how betweenness was obtained (exact on so few actors).
    expect(now.computedAt).toEqual(expect.any(String));
    await page.getByText(/^Chiffres calculés le .+\.$|^Chiffres calculés le .+ — mise à jour en cours\.$/).waitFor();
    expect(now.betweenness).toMatchObject({ method: 'exact', error: 0 });
    await page.getByText(`Intermédiarité exacte (${now.betweenness?.linkedActors} acteurs liés).`).waitFor();
    // Legends: the categories' colours, the links' colours by status.
    const categories = page.locator('.views-legend', { hasText: 'Catégories d’acteurs' });
    await expectCount(categories.locator('li'), 7);
    await categories.getByText('Fondation / fonds de dotation').waitFor();
    await expectCount(page.locator('.views-legend', { hasText: 'statut de l’alliance' }).locator('li'), 6);
    // The tables are not in the page until opened (a canvas of 50,000 actors must not bring 50,000 rows).
    await expectCount(page.locator('table.views-nodes'), 0);
    await expectCount(page.locator('table.views-edges'), 0);
    await expectAccessible(page, 'graphe');

    // Search, accents ignored: the actor is selected, its figures and its page's link shown.
    const search = page.getByRole('combobox', { name: 'Trouver un acteur' });
    await search.fill('universite lumiere');
    await page
      .getByRole('listbox')
      .getByRole('option', { name: /^Université Lumière Lyon 2/ })
      .waitFor();
    await search.press('ArrowDown');
    await search.press('Enter');
    const panel = page.getByRole('region', { name: 'Université Lumière Lyon 2' });
    await panel.waitFor();
    await panel.getByText('Enseignement / recherche').waitFor();
    await expectAttribute(
      panel.getByRole('link', { name: 'Voir la fiche d’Université Lumière Lyon 2' }),
      'href',
      /\/annuaire\//,
    );
    await expectAccessible(page, 'graphe (acteur sélectionné)');
    // The zoom buttons work from the keyboard.
    await page.getByRole('button', { name: 'Zoom arrière' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Vue d’ensemble' }).focus();
    await page.keyboard.press('Enter');
    await panel.getByRole('button', { name: 'Désélectionner' }).click();
    await panel.waitFor({ state: 'detached' });

    // Filters: without the foundations, their actors and links are hidden (counts and tables follow).
    const foundations = new Set(now.nodes.flatMap((node, index) => (node.category === 'foundation' ? [index] : [])));
    expect(foundations.size).toBe(1);
    const kept = now.edges.source.filter(
      (source, i) => !foundations.has(source) && !foundations.has(now.edges.target[i]!),
    ).length;
    await page.getByRole('group', { name: 'Catégorie' }).getByLabel('Fondation / fonds de dotation').uncheck();
    await page.getByText(`Affichés : ${fr(actors - 1)} acteurs sur ${fr(actors)}, ${fr(kept)} liens sur 5.`).waitFor();
    await page.getByRole('button', { name: `Tableau des acteurs (${actors - 1})` }).click();
    await expectCount(page.locator('table.views-nodes tbody tr'), actors - 1);
    await expectCount(page.locator('table.views-nodes').getByText('Fondation Confluence Solidaire'), 0);
    await page.getByRole('button', { name: 'Tout afficher' }).click();
    await expectCount(page.locator('table.views-nodes tbody tr'), actors);
    // By status: only the active alliances' links.
    const active = now.edges.alliance.filter((alliance) => now.alliances[alliance]!.status === 'active').length;
    const statuses = page.getByRole('group', { name: 'Statut' });
    for (const label of ['Proposée', 'En discussion', 'Terminée', 'Déclinée', 'Retirée']) {
      await statuses.getByLabel(label, { exact: true }).uncheck();
    }
    await page.getByText(`Affichés : ${fr(actors)} acteurs sur ${fr(actors)}, ${fr(active)} liens sur 5.`).waitFor();
    await page.getByRole('button', { name: 'Tout afficher' }).click();
    // The links' table, opened from the keyboard.
    const edgesButton = page.getByRole('button', { name: 'Tableau des liens (5)' });
    await edgesButton.focus();
    await page.keyboard.press('Enter');
    await expectAttribute(edgesButton, 'aria-expanded', 'true');
    await expectCount(page.locator('table.views-edges tbody tr'), 5);
    await expectAccessible(page, 'graphe (tableaux ouverts)');

    // Colours by community: the legend names them with their sizes.
    await page.getByLabel('Couleur des acteurs selon').selectOption({ label: 'Communauté' });
    const legend = page.locator('.views-legend', { hasText: 'Communautés' });
    await legend.getByText(/^Communauté 1 \(\d+ acteurs?\)$/).waitFor();
    const unlinked = now.nodes.some((node) => node.community < 0) ? 1 : 0;
    await expectCount(legend.locator('li'), Math.min(now.communities, 10) + unlinked);
    await expectAccessible(page, 'graphe (communautés)');
    await page.locator('.views-graph').scrollIntoViewIfNeeded();
    await screenshot(page, 'graph');

    // One day back, before every alliance was recorded: the links are gone. The first answer is
    // « being computed » (202, as the API answers for a large graph): progress, then the figures.
    let computing = true;
    await page.route(/\/graph\?asOf=/, (route) => {
      if (!computing) return route.continue();
      computing = false;
      return route.fulfill({
        status: 202,
        contentType: 'application/json',
        headers: { 'retry-after': '1' },
        body: JSON.stringify({ status: 'computing', asOf: new Date().toISOString(), progress: 0.4, startedAt: null }),
      });
    });
    const slider = page.getByLabel('Date d’observation');
    await slider.focus();
    await page.keyboard.press('ArrowLeft');
    const yesterday = new Date(Date.now() - 86_400_000);
    const day = `${yesterday.getFullYear()}-${String(yesterday.getMonth() + 1).padStart(2, '0')}-${String(
      yesterday.getDate(),
    ).padStart(2, '0')}`;
    await page.waitForURL(new RegExp(`date=${day}`));
    await page
      .getByRole('status')
      .getByText(/Calcul du graphe au .* en cours : 40 %/)
      .waitFor();
    await expectAttribute(
      page.getByRole('progressbar', { name: 'Avancement du calcul du graphe' }),
      'aria-valuenow',
      '40',
    );
    const before = (
      await api.get<GraphAnswer>(`/territories/${territoryId}/graph`, {
        asOf: new Date(`${day}T23:59:59.999`).toISOString(),
      })
    ).body;
    expect(before.edges).toEqual({ source: [], target: [], alliance: [] });
    await page.getByText('Tableau des liens (0)').waitFor();
    await page.getByRole('img', { name: /liens d’alliance : 0/ }).waitFor();
    await expectAccessible(page, 'graphe (date passée)');
    expectNoConsoleErrors(console, 'graphe');
    await console.context.close();
  });

  it('lets a coordinator place an actor by clicking the map, marked as placed by hand', async () => {
    const coordinator = fixture.a.coordinator.api;
    const base = `/territories/${territoryId}`;
    const created = await coordinator.post<{ id: string }>(`${base}/actors`, {
      category: 'citizen_group',
      name: 'Jardin partagé des Canuts',
      communeCode: '69123',
    });
    expect(created.status).toBe(201);
    const console = await openConsole(web, { user: fixture.a.coordinator });
    const { page } = console;
    await page.goto(`/t/${territoryId}/annuaire/${created.body.id}`);
    await page.getByRole('link', { name: 'Placer sur la carte' }).click();
    await page.waitForURL(/\/carte\?placer=/);
    await page.getByText('Placer « Jardin partagé des Canuts » : cliquez sur la carte').waitFor();
    // A coordinator's map, no geocoder on this server: the panel says so instead of offering a button that cannot work.
    await page.getByText('Le géocodage des adresses n’est pas activé sur ce serveur', { exact: false }).waitFor();
    await expectCount(page.getByRole('button', { name: 'Géocoder les adresses' }), 0);
    const map = page.getByRole('region', { name: 'Carte : cliquez pour placer Jardin partagé des Canuts' });
    await map.waitFor();
    await expectAccessible(page, 'placer un acteur sur la carte');
    // Away from the zoom buttons (top left) and the attribution (bottom right).
    const box = await map.boundingBox();
    await map.click({ position: { x: 40, y: (box?.height ?? 400) - 40 } });
    await page.getByText('« Jardin partagé des Canuts » est placé sur la carte.').waitFor();
    await expectEventually(
      () => Promise.resolve(new URL(page.url()).searchParams.get('placer')),
      (placer) => expect(placer).toBeNull(),
      { label: 'the placing mode left' },
    );
    const actor = await coordinator.get<{ location: unknown; locationPrecision: string | null }>(
      `${base}/actors/${created.body.id}`,
    );
    expect(actor.body.location).not.toBeNull();
    expect(actor.body.locationPrecision).toBe('manual');
    await page.goto(`/t/${territoryId}/annuaire/${created.body.id}`);
    await page.getByText(/\(position placée à la main\)/).waitFor();
    expectNoConsoleErrors(console, 'placer sur la carte');
    await console.context.close();
    // Out of the other tests' counts.
    await coordinator.post(`${base}/actors/${created.body.id}/archive`);
  });
});

describeInBrowser('web console: map with a tile server', () => {
  let web: WebApp;
  let territoryId: string;
  let fixture: TenancyFixture;

  beforeAll(async () => {
    web = await startWebApp({
      MAILLAGE_MAP_TILES: 'https://tiles.example.test/{z}/{x}/{y}.png',
      MAILLAGE_MAP_ATTRIBUTION: `© Contributeurs de test ${XSS.replace('1', '2')}`,
    });
    fixture = await createTenancyFixture(web.t);
    territoryId = fixture.a.id;
    const created = await fixture.a.coordinator.api.post<{ id: string }>(`/territories/${territoryId}/actors`, {
      category: 'association',
      name: 'Jardins partagés de la Croix-Rousse',
      communeCode: '69123',
      latitude: 45.774,
      longitude: 4.832,
    });
    expect(created.status).toBe(201);
    // An actor whose name is markup: every view must show it as text, never run it.
    const hostile = await fixture.a.coordinator.api.post<{ id: string }>(`/territories/${territoryId}/actors`, {
      category: 'company',
      name: XSS,
      communeCode: '69123',
      latitude: 45.76,
      longitude: 4.85,
    });
    expect(hostile.status).toBe(201);
    const alliance = await fixture.a.coordinator.api.post(`/territories/${territoryId}/alliances`, {
      title: 'Alliance de test',
      parties: [
        { actorId: created.body.id, role: 'porteur' },
        { actorId: hostile.body.id, role: 'partenaire' },
      ],
      modes: ['responsible_practices'],
    });
    expect(alliance.status).toBe(201);
  }, WEB_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await web?.close();
  }, WEB_SETUP_TIMEOUT_MS);

  it('loads the configured tiles under their attribution', async () => {
    const console = await openConsole(web, { user: fixture.a.coordinator });
    const { page } = console;
    const tiles: string[] = [];
    await page.route('https://tiles.example.test/**', (route) => {
      tiles.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'image/png', body: PNG });
    });
    await page.goto(`/t/${territoryId}/carte`);
    await page.getByRole('status').getByText('2 acteurs affichés sur 2').waitFor();
    await pointsDrawn(page, 2);
    await page.locator('.views-map img.leaflet-tile-loaded').first().waitFor();
    expect(tiles.length).toBeGreaterThan(0);
    expect(tiles[0]).toMatch(/^https:\/\/tiles\.example\.test\/\d+\/\d+\/\d+\.png$/);
    // The attribution is configured text: its markup is shown, not interpreted.
    await page.locator('.leaflet-control-attribution').getByText(XSS.replace('1', '2')).waitFor();
    await expectCount(page.locator('.leaflet-control-attribution img'), 0);
    await expectCount(page.getByText('Aucun fond de carte n’est configuré'), 0);
    await expectAccessible(page, 'carte avec fond');
    expectNoConsoleErrors(console, 'carte avec fond');
    await console.context.close();
  });

  it('shows an actor named with markup as text on the map, in its list and in the graph', async () => {
    const console = await openConsole(web, { user: fixture.a.coordinator });
    const { page } = console;
    await page.route('https://tiles.example.test/**', (route) =>
      route.fulfill({ status: 200, contentType: 'image/png', body: PNG }),
    );
    await page.goto(`/t/${territoryId}/carte`);
    await pointsDrawn(page, 2);
    // Zoomed in close enough, each actor is its own marker.
    const marker = page.getByRole('button', { name: `${XSS} (Entreprise)` });
    await marker.waitFor();
    await marker.focus();
    await page.keyboard.press('Enter');
    await page.locator('.leaflet-popup .views-popup-name').getByText(XSS, { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Voir en liste' }).click();
    await page.getByRole('table', { name: 'Acteurs affichés sur la carte' }).getByRole('link', { name: XSS }).waitFor();
    await expectNoScriptRan(page);
    expect((await freshGraph(fixture.a.coordinator.api, territoryId)).nodes.length).toBe(2);
    await page.goto(`/t/${territoryId}/graphe`);
    await page.getByRole('button', { name: 'Tableau des acteurs (2)' }).click();
    await page.locator('table.views-nodes').getByText(XSS, { exact: true }).waitFor();
    await page.locator('.views-graph[data-nodes="2"] canvas').first().waitFor();
    // The search lists the name as text.
    await page.getByRole('combobox', { name: 'Trouver un acteur' }).fill('img src');
    await page.getByRole('option').filter({ hasText: XSS }).waitFor();
    await expectNoScriptRan(page);
    await expectCount(page.locator('img[src="x"]'), 0);
    expectNoConsoleErrors(console, 'acteur au nom balisé');
    await console.context.close();
  });
});
