import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createTenancyFixture, joinTerritory, type TestUser } from '@maillage/testing';
import { BanServer } from '../support/ban-server.js';
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
import { expectCount, expectText } from '../support/expect-web.js';

/**
 * The spreadsheet a coordinator of Grenoble-Alpes-Métropole has, as LibreOffice
 * saves it in France: BOM, `;`, commune names with and without accents, « St »,
 * postal codes, the product's own category labels, a size class in words, a
 * position with decimal commas, addresses.
 */
const SPREADSHEET = [
  'Nom de la structure;Type de structure;Tranche effectif;Adresse;Code postal;Ville;Latitude;Longitude',
  'Maison des habitants de Voiron;Association;;12 rue Sermorens;38500;Voiron;;',
  'Campus des métiers du Voironnais;Enseignement / recherche;;5 avenue Paul Chabert;38340;Voreppe;;',
  'Fondation du Pays Voironnais;Fondation / fonds de dotation;;;38960;St Etienne de Crossey;;',
  'Fabrique solidaire de Moirans;Entreprise;PME;;38430;Moirans;45,3260;5,5660',
  'Épicerie sociale La Passerelle;Association;;;38500;la buisse;;',
].join('\r\n');

/**
 * A coordinator who is not technical, in a workspace just created for their
 * intercommunality: the « Premiers pas » lead to the import of their own
 * spreadsheet, which places every actor on the map (geocoded through a local
 * server speaking the Base Adresse Nationale's protocol), and the first step
 * ticks itself.
 */
describeInBrowser('web console: the first hour of a new coordinator', () => {
  const ban = new BanServer();
  let web: WebApp;
  let coordinator: TestUser;
  let territoryId: string;

  beforeAll(async () => {
    const url = await ban.start();
    ban.places = [
      { match: '12 rue Sermorens', type: 'housenumber', latitude: 45.3642, longitude: 5.5902, citycode: '38563' },
      { match: '5 avenue Paul Chabert', type: 'housenumber', latitude: 45.2953, longitude: 5.6366, citycode: '38565' },
      { match: 'Crossey', type: 'municipality', latitude: 45.3767, longitude: 5.6425, citycode: '38383' },
      { match: 'Buisse', type: 'municipality', latitude: 45.3317, longitude: 5.6214, citycode: '38061' },
    ];
    web = await startWebApp({ MAILLAGE_GEOCODER_URL: url });
    const f = await createTenancyFixture(web.t);
    const created = await f.admin.api.post<{ id: string; name: string }>('/territories', {
      kind: 'epci',
      code: '243800984',
    });
    expect(created.status).toBe(201);
    territoryId = created.body.id;
    coordinator = await joinTerritory(
      f.admin.api,
      f.anonymous,
      territoryId,
      'coordination.voironnais@maillage.test',
      'coordinator',
    );
  }, WEB_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await web?.close();
    await ban.stop();
  }, WEB_SETUP_TIMEOUT_MS);

  it('goes from the empty workspace through the first steps and an import of a French spreadsheet to a populated map', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'maillage-journey-')), 'Acteurs de la métropole.csv');
    writeFileSync(file, `\ufeff${SPREADSHEET}\r\n`, 'utf8');
    const console = await openConsole(web, { user: coordinator });
    const { page } = console;

    // The first screen: the steps, not a dashboard of zeros.
    await page.goto(`/t/${territoryId}`);
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    const steps = page.getByRole('region', { name: 'Premiers pas' });
    await steps.getByText('0 étape sur 5 faite.', { exact: false }).waitFor();
    await steps.getByRole('link', { name: 'importer un tableur' }).click();

    // The import: the file as it is, each column understood, nothing refused.
    await page.getByRole('heading', { level: 1, name: 'Importer des acteurs' }).waitFor();
    await page.getByLabel('Fichier à importer').setInputFiles(file);
    await page.getByRole('button', { name: 'Envoyer et analyser' }).click();
    await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: 'Import « Acteurs de la métropole.csv »' }).waitFor();
    const reading = page.getByRole('table', { name: 'Comment chaque colonne est lue' });
    await reading.getByRole('row', { name: /Ville.*Commune \(nom, code postal ou code INSEE\)/ }).waitFor();
    await reading.getByRole('row', { name: /Adresse.*Adresse/ }).waitFor();
    await page
      .getByRole('heading', { name: 'Rapport d’analyse (rien n’est encore créé)' })
      .waitFor({ timeout: 30_000 });
    const rows = page.locator('table.import-rows tbody tr');
    await expectCount(rows, 5);
    await expectCount(rows.filter({ hasText: 'Invalide' }), 0);
    await expectAccessible(page, 'parcours : rapport d’analyse');
    await page.getByRole('button', { name: 'Importer 5 acteurs' }).click();
    await page.getByRole('heading', { name: 'Import terminé' }).waitFor({ timeout: 30_000 });
    await page.locator('.alert-success').filter({ hasText: '5 acteurs créés.' }).waitFor();

    // The map: every actor placed, the commune-only ones marked approximate.
    await page.goto(`/t/${territoryId}/carte`);
    await page.getByRole('heading', { level: 1, name: 'Carte des acteurs' }).waitFor();
    await page.getByRole('button', { name: 'Géocoder les adresses' }).waitFor();
    const geocoding = page.locator('.views-geocoding-status');
    await geocoding.getByText('Dernier géocodage terminé.', { exact: false }).waitFor({ timeout: 60_000 });
    await expectText(
      geocoding,
      /4 acteurs traités : 2 placés à l’adresse, 2 à la commune \(approximatif\), 0 non placés/,
    );
    await page.getByRole('status').getByText('5 acteurs affichés sur 5').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: /^Fondation du Pays Voironnais .*position approximative/ }).waitFor();
    await page.getByRole('button', { name: /^Maison des habitants de Voiron/ }).waitFor();
    await expectAccessible(page, 'parcours : carte peuplée');
    await screenshot(page, 'journey-map');

    // Back home: the first step ticked itself from the data.
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Tableau de bord' })
      .click();
    await steps.getByText('1 étape sur 5 faite.', { exact: false }).waitFor();
    await expectText(steps.getByRole('listitem').first(), /Fait : 5 acteurs dans l’annuaire/);

    // What the API holds matches what the coordinator saw.
    const map = await coordinator.api.get<{
      features: { properties: { name: string; precision: string | null } }[];
    }>(`/territories/${territoryId}/map`);
    const precision = Object.fromEntries(
      map.body.features.map((feature) => [feature.properties.name, feature.properties.precision]),
    );
    expect(precision).toEqual({
      'Maison des habitants de Voiron': 'address',
      'Campus des métiers du Voironnais': 'address',
      'Fondation du Pays Voironnais': 'commune',
      'Fabrique solidaire de Moirans': expect.not.stringMatching(/commune/),
      'Épicerie sociale La Passerelle': 'commune',
    });
    expectNoConsoleErrors(console, 'parcours');
    await console.context.close();
  }, 180_000);
});
