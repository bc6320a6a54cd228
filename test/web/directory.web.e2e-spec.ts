import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { companyIds, createTenancyFixture, type TenancyFixture } from '@maillage/testing';
import {
  clickUntilGone,
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
  expectNoHorizontalOverflow,
  expectText,
  expectTextContaining,
  expectValue,
} from '../support/expect-web.js';

interface ActorBody {
  id: string;
  name: string;
  siret: string | null;
  tags: string[];
  version: number;
  archivedAt: string | null;
}

describeInBrowser('web console: actor directory, forms, import wizard and merge', () => {
  let web: WebApp;
  let fixture: TenancyFixture;
  let base: string;
  const ids: Record<string, string> = {};
  const seededCompany = companyIds(7);

  beforeAll(async () => {
    web = await startWebApp();
    fixture = await createTenancyFixture(web.t);
    base = `/t/${fixture.a.id}`;
    const coordinator = fixture.a.coordinator.api;
    const actors: Record<string, Record<string, unknown>> = {
      elan: {
        category: 'association',
        name: 'Coopérative L’Élan Solidaire',
        employer: true,
        communeCode: '69123',
        tags: ['insertion'],
        fragilities: ['social'],
        description: 'Accompagnement vers l’emploi des habitants des pentes de la Croix-Rousse.',
      },
      atelier: {
        category: 'company',
        name: 'Atelier Numérique Lyonnais',
        sizeClass: 'sme',
        ...seededCompany,
        communeCode: '69266',
        tags: ['numérique'],
      },
      reseau: { category: 'support_structure', name: 'Réseau Entreprendre Rhône', communeCode: '69123' },
      reseauBis: {
        category: 'support_structure',
        name: 'Reseau Entreprendre du Rhone',
        website: 'https://reseau-entreprendre.example',
        tags: ['création'],
      },
    };
    for (const [key, body] of Object.entries(actors)) {
      const created = await coordinator.post<{ id: string }>(`/territories/${fixture.a.id}/actors`, body);
      if (created.status !== 201) throw new Error(`seed ${key}: ${created.text}`);
      ids[key] = created.body.id;
    }
  }, WEB_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await web?.close();
  }, WEB_SETUP_TIMEOUT_MS);

  it('searches with and without accents, filters through the URL, and opens an actor', async () => {
    const console = await openConsole(web, { user: fixture.a.coordinator });
    const { page } = console;
    await page.goto(`${base}/annuaire`);
    await page.getByRole('heading', { level: 1, name: 'Annuaire des acteurs' }).waitFor();
    await page.getByRole('status').filter({ hasText: '4 acteurs affichés' }).waitFor();
    await expectAccessible(page, 'annuaire');
    await screenshot(page, 'directory');

    const search = page.getByRole('searchbox', { name: 'Rechercher un acteur' });
    const rows = page.locator('table tbody tr');
    // Without accents, the API finds "Élan"; with them too.
    await search.fill('elan solidaire');
    await page.waitForURL(/q=elan\+solidaire/);
    await page.getByRole('status').filter({ hasText: '1 acteur affiché' }).waitFor();
    await expectTextContaining(rows.first(), 'Coopérative L’Élan Solidaire');
    await search.fill('Coopérative élan');
    await page.waitForURL(/q=Coop%C3%A9rative/);
    await page.getByRole('link', { name: 'Coopérative L’Élan Solidaire' }).waitFor();
    await expectCount(rows, 1);
    await search.fill('');
    await page.getByRole('status').filter({ hasText: '4 acteurs affichés' }).waitFor();

    // A filter goes into the URL; the back button restores the previous list.
    await page.getByText('Filtres et tri').click();
    await page.getByLabel('Catégorie').selectOption('company');
    await page.waitForURL(/category=company/);
    await page.getByRole('status').filter({ hasText: '1 acteur affiché' }).waitFor();
    await expectTextContaining(rows.first(), 'Atelier Numérique Lyonnais');
    await expectTextContaining(rows.first(), 'Villeurbanne');
    await expectAccessible(page, 'annuaire filtré');
    await page.goBack();
    await page.getByRole('status').filter({ hasText: '4 acteurs affichés' }).waitFor();
    await page.getByLabel('Mot-clé').fill('insertion');
    await page.waitForURL(/tag=insertion/);
    await page.getByRole('status').filter({ hasText: '1 acteur affiché' }).waitFor();
    await page.getByRole('link', { name: 'Coopérative L’Élan Solidaire' }).click();

    await page.getByRole('heading', { level: 1, name: 'Coopérative L’Élan Solidaire' }).waitFor();
    await page.getByText('Lyon (69123)').waitFor();
    await page.getByText('Aucune action, alliance ni modification de fiche enregistrée pour cet acteur.').waitFor();
    // Contacts: added through the dialog, listed, then removed.
    await page.getByRole('button', { name: 'Ajouter un contact' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Nom et prénom').fill('Camille Martin');
    await dialog.getByLabel('Adresse e-mail').fill('camille@elan.example');
    await dialog.getByLabel('Consentement').fill('Accord oral au forum du 12 mars');
    await dialog.getByRole('button', { name: 'Enregistrer le contact' }).click();
    await page.getByText('camille@elan.example').waitFor();
    await expectAccessible(page, 'fiche acteur');
    await screenshot(page, 'actor');
    await page.getByRole('button', { name: 'Supprimer Camille Martin' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Supprimer', exact: true }).click();
    await page.getByText('Aucun contact enregistré.').waitFor();
    expectNoConsoleErrors(console, 'annuaire');
    await console.context.close();
  }, 60_000);

  it('creates an actor with identifiers checked as you type and the API’s messages on save, then edits it', async () => {
    const console = await openConsole(web, { user: fixture.a.coordinator });
    const { page } = console;
    await page.goto(`${base}/annuaire`);
    await page.getByRole('link', { name: 'Ajouter un acteur' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ajouter un acteur' }).waitFor();
    // Conditional fields: employer for associations, size for companies.
    await page.getByLabel('Association employeuse').waitFor();
    await page.getByLabel('Catégorie').selectOption('company');
    await page.getByLabel('Taille de l’entreprise').selectOption('micro');
    await expectCount(page.getByLabel('Association employeuse'), 0);
    await page.getByRole('textbox', { name: 'Nom (obligatoire)' }).fill('Boulangerie Coopérative des Pentes');

    const siret = page.getByLabel('SIRET', { exact: true });
    await siret.fill('73282932000075');
    await page.getByText('SIRET invalide (14 chiffres, clé de contrôle incorrecte).').waitFor();
    await expectAttribute(siret, 'aria-invalid', 'true');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'actor-form');
    await siret.fill('73282932000074');
    await page.getByText('SIRET invalide').waitFor({ state: 'detached' });
    await page.getByLabel('SIREN').fill('123456789');
    await page.getByText('SIREN invalide (9 chiffres, clé de contrôle incorrecte).').waitFor();
    await page.getByLabel('SIREN').fill('');
    // A well-formed but unknown commune: only the API knows; its message lands on the field.
    await page.getByLabel('Code commune INSEE').fill('99999');
    await page.getByLabel('Code NAF / APE').fill('1071C');
    await page.getByLabel('Date de création').fill('1998-05-04');
    await page.getByLabel('Mots-clés').fill('alimentation, circuits courts');
    await expectAccessible(page, 'formulaire acteur');
    await page.getByRole('button', { name: 'Ajouter l’acteur' }).click();
    // The message is said once, at its field; the summary above the form points there.
    await page.getByRole('alert').filter({ hasText: 'Vérifiez les champs signalés ci-dessous.' }).waitFor();
    await page.getByRole('alert').getByText('Champ concerné : Code commune INSEE.').waitFor();
    await page.locator('.field-error').filter({ hasText: 'Code commune INSEE inconnu.' }).waitFor();
    await expectCount(page.getByText('Code commune INSEE inconnu.'), 1);
    await expectAccessible(page, 'formulaire acteur (erreurs)');
    await page.getByLabel('Code commune INSEE').fill('69123');
    await page.getByRole('button', { name: 'Ajouter l’acteur' }).click();
    await page.waitForURL(/\/annuaire\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: 'Boulangerie Coopérative des Pentes' }).waitFor();
    const actorId = page.url().split('/').pop() as string;
    await page.getByText('10.71C — Boulangerie et boulangerie-pâtisserie').waitFor();
    // The creation date, in French.
    await page.getByText('4 mai 1998').waitFor();

    await page.getByRole('link', { name: 'Modifier' }).click();
    await page.getByRole('heading', { level: 1, name: 'Modifier « Boulangerie Coopérative des Pentes »' }).waitFor();
    await expectValue(page.getByLabel('SIRET', { exact: true }), '73282932000074');
    await page.getByRole('textbox', { name: 'Nom (obligatoire)' }).fill('Boulangerie des Pentes');
    await page.getByLabel('Mots-clés').fill('alimentation, circuits courts, pain');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Boulangerie des Pentes' }).waitFor();
    const saved = await fixture.a.coordinator.api.get<ActorBody>(`/territories/${fixture.a.id}/actors/${actorId}`);
    expect(saved.body).toMatchObject({
      name: 'Boulangerie des Pentes',
      siret: '73282932000074',
      foundedOn: '1998-05-04',
      version: 2,
    });
    expect(saved.body.tags).toEqual(['alimentation', 'circuits courts', 'pain']);
    expectNoConsoleErrors(console, 'formulaire acteur');
    await console.context.close();
  }, 60_000);

  it('imports a CSV through the wizard: mapping, dry-run report with invalid and duplicate rows, run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'maillage-import-'));
    const file = join(dir, 'acteurs-croix-rousse.csv');
    const vaulx = companyIds(31);
    writeFileSync(
      file,
      [
        'nom;catégorie;siret;code commune;mots clés',
        'Maison des Solidarités Croix-Rousse;association;;69123;solidarité',
        `Fabrique Numérique de Vaulx;entreprise;${vaulx.siret};69256;numérique`,
        'Collectif sans catégorie;;;69123;',
        `Atelier Numérique Lyonnais (doublon);entreprise;${seededCompany.siret};69266;`,
      ].join('\n'),
    );
    const console = await openConsole(web, { user: fixture.a.coordinator });
    const { page } = console;
    await page.goto(`${base}/imports`);
    await page.getByRole('heading', { level: 1, name: 'Imports d’acteurs' }).waitFor();
    await page.getByText('Aucun import pour le moment.').waitFor();
    await expectAccessible(page, 'imports (vide)');
    await page.getByRole('link', { name: 'Nouvel import' }).click();
    await page.getByRole('heading', { level: 1, name: 'Importer des acteurs' }).waitFor();
    await page.getByRole('button', { name: 'Envoyer et analyser' }).click();
    await page.getByText('Choisissez un fichier.').waitFor();
    await expectAccessible(page, 'nouvel import');
    await page.getByLabel('Fichier à importer').setInputFiles(file);
    await page.getByRole('button', { name: 'Envoyer et analyser' }).click();
    await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: 'Import « acteurs-croix-rousse.csv »' }).waitFor();

    // The mapping the API guessed from the headers.
    await expectValue(page.getByLabel('Nom (obligatoire)'), 'nom');
    await expectValue(page.getByLabel('Catégorie (obligatoire)'), 'catégorie');
    await expectValue(page.getByLabel('Commune (nom, code postal ou code INSEE)'), 'code commune');
    // Each column's reading, in words.
    await page
      .getByRole('table', { name: 'Comment chaque colonne est lue' })
      .getByRole('row', { name: /code commune.*Commune \(nom, code postal ou code INSEE\)/ })
      .waitFor();
    await page
      .getByRole('heading', { name: 'Rapport d’analyse (rien n’est encore créé)' })
      .waitFor({ timeout: 30_000 });
    const report = page.locator('table.import-rows tbody tr');
    await expectCount(report, 4);
    const invalid = report.filter({ hasText: 'Collectif sans catégorie' });
    await expectText(invalid, /Invalide.*catégorie manquante/);
    const duplicate = report.filter({ hasText: 'Atelier Numérique Lyonnais (doublon)' });
    await expectText(duplicate, /Doublon.*Atelier Numérique Lyonnais.*même SIRET/);
    await expectAccessible(page, 'import : rapport d’analyse');
    const dismiss = page.locator('.notices').getByRole('button', { name: 'Masquer' });
    await clickUntilGone(dismiss);
    await screenshot(page, 'import-dry-run');
    await page.getByLabel('Lignes affichées').selectOption('invalid');
    await page.locator('table.import-rows tbody tr').first().filter({ hasText: 'Collectif' }).waitFor();
    await expectCount(report, 1);

    await page.getByRole('button', { name: 'Importer 2 acteurs' }).click();
    await page.getByRole('heading', { name: 'Import terminé' }).waitFor({ timeout: 30_000 });
    // Finished steps say so with a mark and in words, not by their colour alone.
    const firstStep = page.getByRole('list', { name: 'Étapes de l’import' }).getByRole('listitem').first();
    await expectText(firstStep, /✓\s*Envoi du fichier\s*\(terminée\)/, { inner: true });
    await page.locator('.alert-success').filter({ hasText: '2 acteurs créés.' }).waitFor();
    await expectAccessible(page, 'import terminé');
    const list = await fixture.a.coordinator.api.get<{ items: ActorBody[] }>(`/territories/${fixture.a.id}/actors`, {
      q: 'Fabrique Numérique Vaulx',
    });
    expect(list.body.items.map((actor) => actor.name)).toEqual(['Fabrique Numérique de Vaulx']);
    await page.getByRole('link', { name: '← Tous les imports' }).click();
    await page.getByRole('link', { name: 'acteurs-croix-rousse.csv' }).waitFor();
    await expectTextContaining(page.locator('table tbody tr').first(), 'Terminé');
    expectNoConsoleErrors(console, 'imports');
    await console.context.close();
  }, 90_000);

  it('merges two duplicates side by side and lands on the actor that stays', async () => {
    const console = await openConsole(web, { user: fixture.a.coordinator });
    const { page } = console;
    await page.goto(`${base}/annuaire/${ids.reseau}`);
    await page.getByRole('heading', { level: 1, name: 'Réseau Entreprendre Rhône' }).waitFor();
    await page.getByRole('button', { name: 'Fusionner avec…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('searchbox', { name: 'Rechercher le doublon' }).fill('entreprendre rhone');
    await dialog.getByRole('button', { name: 'Choisir Reseau Entreprendre du Rhone' }).click();
    await dialog.getByRole('table', { name: 'Les deux fiches côte à côte' }).waitFor();
    // The chosen button is gone: focus moves to the comparison, and back to the search on "another".
    await page.waitForFunction(() => document.activeElement?.tagName === 'CAPTION');
    await dialog.getByRole('button', { name: 'Choisir une autre fiche' }).click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('type') === 'search');
    await dialog.getByRole('button', { name: 'Choisir Reseau Entreprendre du Rhone' }).click();
    await dialog.getByRole('table', { name: 'Les deux fiches côte à côte' }).waitFor();
    await expectChecked(dialog.getByRole('radio', { name: 'Réseau Entreprendre Rhône' }));
    await dialog.getByText('https://reseau-entreprendre.example').waitFor();
    await expectAccessible(page, 'fusion');
    await dialog.getByRole('button', { name: 'Fusionner' }).click();
    await page
      .getByText('Fusion effectuée : « Réseau Entreprendre Rhône » regroupe désormais les deux fiches.')
      .waitFor();
    await page.waitForURL(new RegExp(`/annuaire/${ids.reseau}`));
    // The survivor took the duplicate's website; the duplicate is archived.
    await page.getByRole('link', { name: /https:\/\/reseau-entreprendre\.example/ }).waitFor();
    const source = await fixture.a.coordinator.api.get<ActorBody>(
      `/territories/${fixture.a.id}/actors/${ids.reseauBis}`,
    );
    expect(source.body.archivedAt).not.toBeNull();
    expectNoConsoleErrors(console, 'fusion');
    await console.context.close();
  }, 60_000);

  it('lets a member browse the directory on a phone, without create, edit or import controls', async () => {
    const console = await openConsole(web, { user: fixture.a.member, width: 390, height: 844 });
    const { page } = console;
    await page.goto(`${base}/annuaire`);
    await page.getByRole('heading', { level: 1, name: 'Annuaire des acteurs' }).waitFor();
    await page.getByRole('link', { name: 'Atelier Numérique Lyonnais' }).waitFor();
    await expectCount(page.getByRole('link', { name: 'Ajouter un acteur' }), 0);
    await expectCount(page.getByRole('link', { name: 'Importer un fichier' }), 0);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Annuaire' }).waitFor();
    await expectCount(page.getByRole('navigation').getByRole('link', { name: 'Imports' }), 0);
    await page.getByRole('button', { name: 'Menu' }).click();
    await expectNoHorizontalOverflow(page);
    await expectAccessible(page, 'annuaire (membre, mobile)');

    await page.getByRole('link', { name: 'Atelier Numérique Lyonnais' }).click();
    await page.getByRole('heading', { level: 1, name: 'Atelier Numérique Lyonnais' }).waitFor();
    await page.getByText('Les contacts sont visibles par la coordination').waitFor();
    await expectCount(page.getByRole('link', { name: 'Modifier' }), 0);
    await expectCount(page.getByRole('button', { name: 'Fusionner avec…' }), 0);
    await expectCount(page.getByRole('button', { name: 'Archiver' }), 0);
    await expectNoHorizontalOverflow(page);
    await expectAccessible(page, 'fiche acteur (membre, mobile)');

    await page.goto(`${base}/annuaire/nouveau`);
    await page.getByRole('heading', { level: 1, name: 'Accès refusé' }).waitFor();
    expectNoConsoleErrors(console, 'membre');
    await console.context.close();
  }, 60_000);
});
