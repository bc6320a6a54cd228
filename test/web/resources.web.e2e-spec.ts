import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createTenancyFixture, seedEcosystem, type TenancyFixture } from '@maillage/testing';
import {
  describeInBrowser,
  expectAccessible,
  expectNoConsoleErrors,
  openConsole,
  startWebApp,
  type WebApp,
  WEB_SETUP_TIMEOUT_MS,
} from '../support/browser.js';
import { expectCount, expectNoHorizontalOverflow } from '../support/expect-web.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describeInBrowser('web console: the resource centre', () => {
  let web: WebApp;
  let fixture: TenancyFixture;
  let base: string;

  beforeAll(async () => {
    web = await startWebApp();
    fixture = await createTenancyFixture(web.t);
    await seedEcosystem(fixture.a.coordinator.api, fixture.a.id);
    await fixture.observer.api.post('/resources', {
      kind: 'link',
      title: 'Évaluation de l’utilité sociale des partenariats',
      url: 'https://www.lerameau.fr/',
      axis: 'method',
      author: 'Le RAMEAU',
    });
    base = `/t/${fixture.a.id}/ressources`;
  }, WEB_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await web?.close();
  }, WEB_SETUP_TIMEOUT_MS);

  it('shows the kit, searches the national centre, and lets a coordinator publish a file in the territory’s', async () => {
    const console = await openConsole(web, { user: fixture.a.coordinator });
    const { page } = console;
    await page.goto(base);
    await page.getByRole('heading', { level: 1, name: 'Centre de ressources' }).waitFor();
    await page.getByText('Les quatre axes du « Kit pratique sur la co-construction en territoire »').click();
    await page.getByText('Boîte à outils', { exact: true }).first().waitFor();
    // The national centre: searched without accents or plural.
    const national = page.getByRole('region', { name: 'Centre national' });
    await national.getByRole('heading', { level: 3, name: /Évaluation de l’utilité sociale/ }).waitFor();
    await national.getByRole('searchbox', { name: 'Rechercher' }).fill('evaluations');
    await national.getByRole('heading', { level: 3, name: /Évaluation de l’utilité sociale/ }).waitFor();
    await national.getByRole('searchbox', { name: 'Rechercher' }).fill('diagnostic');
    await national.getByText('Aucune ressource ne correspond.').waitFor();
    // A coordinator does not publish nationally.
    await expectCount(national.getByRole('button', { name: 'Ajouter une ressource' }), 0);
    await expectAccessible(page, 'ressources (centre national)');

    // The territory's centre: the seeded sheet, then a new file published through the form.
    await page.getByRole('link', { name: /^Ressources de / }).click();
    const own = page.getByRole('region', { name: /^Ressources de / });
    await own
      .getByRole('heading', { level: 3, name: 'Fiche outil : animer un groupe de travail territorial' })
      .waitFor();
    await own.getByRole('button', { name: 'Ajouter une ressource' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ajouter une ressource' });
    await dialog.getByRole('button', { name: 'Publier la ressource' }).click();
    await dialog.getByText('Donnez un titre à la ressource.').waitFor();
    await dialog.getByLabel(/^Titre/).fill('Check-list d’évaluation des partenariats');
    await dialog
      .getByLabel(/^Fichier/)
      .setInputFiles({ name: 'check-list.pdf', mimeType: 'application/pdf', buffer: PDF });
    await dialog.getByLabel(/^Type de fiche/).selectOption('tool');
    await dialog.getByRole('group', { name: 'Fragilités' }).getByLabel('Sociale').check();
    await expectAccessible(page, 'ressources (ajout)');
    await dialog.getByRole('button', { name: 'Publier la ressource' }).click();
    await page.getByText('Ressource « Check-list d’évaluation des partenariats » publiée.').waitFor();
    const item = own.getByRole('listitem').filter({
      has: page.getByRole('heading', { name: 'Check-list d’évaluation des partenariats' }),
    });
    await item.getByText('PDF', { exact: true }).waitFor();
    await item.getByText('Fiches outil', { exact: true }).waitFor();

    // Filtered by its tag, then downloaded under its name.
    await own.getByText('Filtrer par étiquette').click();
    await own.getByRole('group', { name: 'Fragilités' }).getByLabel('Sociale').check();
    await item.waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      item.getByRole('button', { name: 'Télécharger « Check-list d’évaluation des partenariats »' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('check-list.pdf');
    expect(
      readFileSync(await download.path())
        .subarray(0, 8)
        .toString(),
    ).toBe('%PDF-1.4');
    await expectAccessible(page, 'ressources (territoire)');
    expectNoConsoleErrors(console, 'ressources');
    await console.context.close();
  });

  it('shows a member the territory’s resources without the publishing form, on a phone too', async () => {
    const console = await openConsole(web, { user: fixture.a.member, width: 390, height: 844 });
    const { page } = console;
    await page.goto(`${base}/territoire`);
    const own = page.getByRole('region', { name: /^Ressources de / });
    await own
      .getByRole('heading', { level: 3, name: 'Fiche outil : animer un groupe de travail territorial' })
      .waitFor();
    await expectCount(page.getByRole('button', { name: 'Ajouter une ressource' }), 0);
    await expectNoHorizontalOverflow(page);
    await expectAccessible(page, 'ressources (membre, téléphone)');
    expectNoConsoleErrors(console, 'ressources (membre)');
    await console.context.close();
  });
});
