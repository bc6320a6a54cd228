import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createTenancyFixture, joinTerritory, type TenancyFixture, type TestUser } from '@maillage/testing';
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
import { expectAttribute, expectCount, expectNoHorizontalOverflow, expectText } from '../support/expect-web.js';

/** The help's areas, as the console names them in `/aide/<area>`. */
const HELP_AREAS = [
  ['annuaire', 'Annuaire des acteurs'],
  ['enjeux', 'Enjeux du territoire'],
  ['actions', 'Actions de co-construction'],
  ['alliances', 'Alliances'],
  ['carte-et-graphe', 'Carte et graphe'],
  ['rapports', 'Rapports'],
  ['imports', 'Imports d’acteurs'],
  ['membres', 'Membres et organisations'],
  ['observatoire', 'Observatoire national'],
] as const;

/**
 * A new workspace (Échirolles, no actor, no priority, no action, nobody invited)
 * and its coordinator, who is guided by the « Premiers pas ».
 */
describeInBrowser('web console: guidance in an empty workspace', () => {
  let web: WebApp;
  let f: TenancyFixture;
  let coordinator: TestUser;
  let territoryId: string;

  beforeAll(async () => {
    web = await startWebApp();
    f = await createTenancyFixture(web.t);
    const created = await f.admin.api.post<{ id: string }>('/territories', { kind: 'commune', code: '38151' });
    expect(created.status).toBe(201);
    territoryId = created.body.id;
    coordinator = await joinTerritory(
      f.admin.api,
      f.anonymous,
      territoryId,
      'coordination.echirolles@maillage.test',
      'coordinator',
    );
  }, WEB_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await web?.close();
  }, WEB_SETUP_TIMEOUT_MS);

  it('shows a new coordinator the first steps, ticks « Ajouter des acteurs » once an actor is added', async () => {
    const console = await openConsole(web, { user: coordinator });
    const { page } = console;
    await page.goto(`/t/${territoryId}`);
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    const steps = page.getByRole('region', { name: 'Premiers pas' });
    await steps.getByText('0 étape sur 5 faite.', { exact: false }).waitFor();
    // The steps, not a dashboard of zeros.
    await page.getByText('Le tableau de bord se remplira dès que', { exact: false }).waitFor();
    await expectCount(page.getByRole('heading', { name: 'Période' }), 0);
    const items = steps.getByRole('listitem');
    await expectCount(items, 5);
    await expectAttribute(
      steps.getByRole('link', { name: 'Décrire les enjeux du territoire' }),
      'href',
      `/t/${territoryId}/enjeux`,
    );
    await expectAttribute(
      steps.getByRole('link', { name: 'Inviter les organisations' }),
      'href',
      `/t/${territoryId}/membres`,
    );
    await expectAttribute(
      steps.getByRole('link', { name: 'Consigner une première action' }),
      'href',
      `/t/${territoryId}/actions/nouvelle`,
    );
    await expectAttribute(
      steps.getByRole('link', { name: 'Partager avec l’observatoire' }),
      'href',
      `/t/${territoryId}/partage`,
    );
    await expectText(items.first(), /À faire/);
    // The menu: the daily work first, the rest under two headings.
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    await expectText(nav.locator('.nav-group-title').first(), 'Voir et comparer');
    await expectText(nav.locator('.nav-group-title').nth(1), 'Gérer l’espace');
    await expectAccessible(page, 'premiers pas');
    await screenshot(page, 'first-steps');

    await steps.getByRole('link', { name: 'Ajouter des acteurs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ajouter un acteur' }).waitFor();
    await page.getByRole('textbox', { name: 'Nom (obligatoire)' }).fill('Maison des habitants de la Village 2');
    await page.getByRole('button', { name: 'Ajouter l’acteur' }).click();
    await page.waitForURL(/\/annuaire\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: 'Maison des habitants de la Village 2' }).waitFor();

    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Tableau de bord' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    await steps.getByText('1 étape sur 5 faite.', { exact: false }).waitFor();
    await expectText(items.first(), /Fait : 1 acteur dans l’annuaire/);
    await expectText(items.nth(1), /À faire/);
    // With an actor, the dashboard's figures come back below the steps.
    await page.getByRole('heading', { name: 'Période' }).waitFor();
    const steps1 = await coordinator.api.get<{ steps: { key: string; done: boolean }[] }>(
      `/territories/${territoryId}/first-steps`,
    );
    expect(steps1.body.steps.filter((step) => step.done).map((step) => step.key)).toEqual(['actors']);
    expectNoConsoleErrors(console, 'premiers pas');
    await console.context.close();
  }, 90_000);

  it('says what to do next, with a link, on the empty pages of the workspace', async () => {
    const console = await openConsole(web, { user: coordinator });
    const { page } = console;
    const base = `/t/${territoryId}`;
    const cases: [string, string, string][] = [
      ['actions', 'consigner une action', `${base}/actions/nouvelle`],
      ['imports', 'Importer un premier fichier', `${base}/imports/nouveau`],
      ['demandes', 'Inviter des organisations', `${base}/membres`],
      ['carte', 'Ouvrir l’annuaire', `${base}/annuaire`],
    ];
    for (const [path, link, href] of cases) {
      await page.goto(`${base}/${path}`);
      const empty = page.locator('.state-empty, .muted').filter({ has: page.getByRole('link', { name: link }) });
      await expectAttribute(empty.first().getByRole('link', { name: link }), 'href', href);
      await expectAccessible(page, `vide : ${path}`);
    }
    await page.goto(`${base}/enjeux`);
    await page.getByRole('button', { name: 'décrire un premier enjeu' }).click();
    await page.getByRole('dialog').waitFor();
    await page.goto(`${base}/alliances`);
    await expectAttribute(
      page.locator('.kanban-empty').getByRole('link', { name: 'Proposer une alliance' }),
      'href',
      `${base}/alliances/proposer`,
    );
    // One actor, no alliance yet: the graph says how to link actors.
    await page.goto(`${base}/graphe`);
    await expectAttribute(
      page.getByRole('link', { name: 'Enregistrer une alliance' }).first(),
      'href',
      `${base}/alliances/proposer`,
    );
    expectNoConsoleErrors(console, 'états vides');
    await console.context.close();
  }, 90_000);

  it('explains each area in plain French at /aide, from the header and from each area’s page', async () => {
    const console = await openConsole(web, { user: coordinator });
    const { page } = console;
    await page.goto(`/t/${territoryId}/annuaire`);
    await page.getByRole('link', { name: 'Aide : Annuaire des acteurs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Annuaire des acteurs' }).waitFor();
    await page.waitForURL('**/aide/annuaire');
    await page.getByRole('link', { name: 'Aide', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Aide' }).waitFor();
    await expectAccessible(page, 'aide');
    for (const [area, title] of HELP_AREAS) {
      await page.goto(`/aide/${area}`);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await page.locator('.help-text p').nth(1).waitFor();
      await expectAccessible(page, `aide : ${area}`);
    }
    await page.goto('/aide/actions');
    await page.getByText('Expérimentation collective : des acteurs répondent ensemble', { exact: false }).waitFor();
    await page.goto('/aide/nulle-part');
    await page.getByText('Cette page d’aide n’existe pas.', { exact: false }).waitFor();
    const phone = await openConsole(web, { user: coordinator, width: 390, height: 844 });
    await phone.page.goto('/aide/alliances');
    await phone.page.getByRole('heading', { level: 1, name: 'Alliances' }).waitFor();
    await expectNoHorizontalOverflow(phone.page);
    await phone.context.close();
    expectNoConsoleErrors(console, 'aide');
    await console.context.close();
  }, 90_000);
});
