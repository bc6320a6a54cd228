import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createTenancyFixture, joinTerritory, seedEcosystem, type TenancyFixture } from '@maillage/testing';
import {
  describeInBrowser,
  expectAccessible,
  expectNoConsoleErrors,
  openConsole,
  startWebApp,
  type WebApp,
  WEB_SETUP_TIMEOUT_MS,
} from '../support/browser.js';
import { expectCount, expectNoHorizontalOverflow, expectValue } from '../support/expect-web.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describeInBrowser('web console: the resource centre', () => {
  let web: WebApp;
  let fixture: TenancyFixture;
  let base: string;
  /** A draft case study of A (from its alliance); its action's case study is published. */
  let draftId: string;
  let experimentId: string;

  beforeAll(async () => {
    web = await startWebApp();
    fixture = await createTenancyFixture(web.t);
    const eco = await seedEcosystem(fixture.a.coordinator.api, fixture.a.id);
    experimentId = eco.experimentId;
    const studies = `/territories/${fixture.a.id}/case-studies`;
    const coordinator = fixture.a.coordinator.api;
    const reviewer = await joinTerritory(
      coordinator,
      fixture.anonymous,
      fixture.a.id,
      'relecture@maillage.test',
      'coordinator',
    );
    const published = await coordinator.post<{ id: string }>(studies, { source: 'action', sourceId: eco.actionId });
    for (const [api, step, version] of [
      [coordinator, 'submit', 1],
      [reviewer.api, 'approve', 2],
      [coordinator, 'publish', 3],
    ] as const) {
      const answer = await api.request('POST', `${studies}/${published.body.id}/${step}`, {
        headers: { 'if-match': `"${version}"` },
      });
      expect(answer.status).toBe(200);
    }
    draftId = (await coordinator.post<{ id: string }>(studies, { source: 'alliance', sourceId: eco.allianceId })).body
      .id;
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
    await page.getByRole('link', { name: /^Ressources (de |d’)/ }).click();
    const own = page.getByRole('region', { name: /^Ressources (de |d’)/ });
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

    // Edited in place: its title corrected, its file kept.
    await item.getByRole('button', { name: 'Modifier « Check-list d’évaluation des partenariats »' }).click();
    const edit = page.getByRole('dialog', { name: 'Modifier la ressource' });
    await expectValue(edit.getByLabel(/^Titre/), 'Check-list d’évaluation des partenariats');
    await expectCount(edit.getByLabel(/^Fichier/), 0);
    await edit.getByLabel(/^Titre/).fill('Check-list des questions d’évaluation des partenariats');
    await edit.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await page.getByText('Ressource « Check-list des questions d’évaluation des partenariats » enregistrée.').waitFor();
    await own
      .getByRole('heading', { level: 3, name: 'Check-list des questions d’évaluation des partenariats' })
      .waitFor();
    expectNoConsoleErrors(console, 'ressources');
    await console.context.close();
  });

  it('shows a member the territory’s resources without the publishing form, on a phone too', async () => {
    const console = await openConsole(web, { user: fixture.a.member, width: 390, height: 844 });
    const { page } = console;
    await page.goto(`${base}/territoire`);
    const own = page.getByRole('region', { name: /^Ressources (de |d’)/ });
    await own
      .getByRole('heading', { level: 3, name: 'Fiche outil : animer un groupe de travail territorial' })
      .waitFor();
    await expectCount(page.getByRole('button', { name: 'Ajouter une ressource' }), 0);
    await expectNoHorizontalOverflow(page);
    await expectAccessible(page, 'ressources (membre, téléphone)');
    expectNoConsoleErrors(console, 'ressources (membre)');
    await console.context.close();
  });

  it('starts a case study from an action’s page, prefilled from the action', async () => {
    const console = await openConsole(web, { user: fixture.a.coordinator });
    const { page } = console;
    await page.goto(`/t/${fixture.a.id}/actions/${experimentId}`);
    await page.getByRole('heading', { level: 1, name: 'Garage solidaire partagé' }).waitFor();
    await page.getByRole('button', { name: 'En faire un retour d’expérience' }).click();
    await page.waitForURL(/\/retours-experience\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: 'Garage solidaire partagé' }).waitFor();
    await page.getByRole('form', { name: 'Rédaction' }).waitFor();
    expectNoConsoleErrors(console, 'retour d’expérience depuis une action');
    await console.context.close();
  });

  it('saves a case study’s draft in its editor, and filters the national gallery of case studies', async () => {
    const console = await openConsole(web, { user: fixture.a.coordinator });
    const { page } = console;
    await page.goto(`/t/${fixture.a.id}/retours-experience/${draftId}`);
    await page.getByRole('heading', { level: 1, name: 'Mécénat de compétences numériques' }).waitFor();
    const editor = page.getByRole('form', { name: 'Rédaction' });
    await editor
      .getByLabel('Enseignements')
      .fill('Un mécénat de compétences se prépare avec les salariés volontaires.');
    await editor.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Retour d’expérience enregistré.').waitFor();
    await page.reload();
    await expectValue(
      page.getByLabel('Enseignements'),
      'Un mécénat de compétences se prépare avec les salariés volontaires.',
    );
    await page.getByText('Réponse attendue').first().waitFor();
    await expectAccessible(page, 'retour d’expérience (rédaction)');

    await page.goto(`${base}/retours-experience`);
    const gallery = page.getByRole('region', { name: 'Retours d’expérience des territoires' });
    const forum = gallery.getByRole('heading', { level: 3, name: 'Forum emploi et entreprises du quartier' });
    await forum.waitFor();
    await gallery.getByLabel('Mode d’alliance').selectOption('patronage');
    await gallery.getByText('Aucun retour d’expérience ne correspond.').waitFor();
    await gallery.getByLabel('Mode d’alliance').selectOption('');
    await gallery.getByLabel('Type d’action').selectOption('animation');
    await forum.waitFor();
    await expectAccessible(page, 'ressources (retours d’expérience)');
    await forum.getByRole('link').click();
    await page.getByText('Organisation non nommée — Entreprise, Participant').waitFor();
    expectNoConsoleErrors(console, 'retours d’expérience');
    await console.context.close();

    // An observer reads the gallery in the observatory.
    const observer = await openConsole(web, { user: fixture.observer });
    await observer.page.goto('/observatoire/ressources/retours-experience');
    await observer.page.getByRole('heading', { level: 3, name: 'Forum emploi et entreprises du quartier' }).waitFor();
    expectNoConsoleErrors(observer, 'retours d’expérience (observatoire)');
    await observer.context.close();
  });
});
