import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { JobQueue } from '@maillage/platform';
import {
  createTenancyFixture,
  joinTerritory,
  seedEcosystem,
  type EcosystemFixture,
  type TenancyFixture,
} from '@maillage/testing';
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
  expectCount,
  expectEventually,
  expectNoHorizontalOverflow,
  expectText,
  expectTextContaining,
  expectTexts,
  expectValue,
} from '../support/expect-web.js';

interface Member {
  userId: string;
  name: string;
  role: string;
  actorId: string | null;
}

describeInBrowser('web console: reports, members, audit log and observatory sharing', () => {
  let web: WebApp;
  let fixture: TenancyFixture;
  let ecosystem: EcosystemFixture;
  let base: string;

  beforeAll(async () => {
    web = await startWebApp();
    fixture = await createTenancyFixture(web.t);
    ecosystem = await seedEcosystem(fixture.a.coordinator.api, fixture.a.id);
    await joinTerritory(
      fixture.a.coordinator.api,
      fixture.anonymous,
      fixture.a.id,
      'camille.martin@maillage.test',
      'member',
      'Camille Martin',
    );
    base = `/t/${fixture.a.id}`;
  }, WEB_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await web?.close();
  }, WEB_SETUP_TIMEOUT_MS);

  const members = async (): Promise<Member[]> =>
    (await fixture.a.coordinator.api.get<{ items: Member[] }>(`/territories/${fixture.a.id}/members`)).body.items;

  const reportRow = (page: Page, label: string, status?: string) =>
    page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: new RegExp(label) }) })
      .filter({
        ...(status ? { hasText: status } : {}),
      });

  it('orders reports through the form, follows them live, cancels, downloads and deletes', async () => {
    const reports = web.t.app.get(JobQueue).queue('reports');
    const console = await openConsole(web, { user: fixture.a.coordinator });
    const { page } = console;
    await page.goto(`${base}/rapports`);
    await page.getByRole('heading', { level: 1, name: 'Rapports' }).waitFor();
    // The seeded alliances export is there, completed.
    await reportRow(page, 'Export des alliances', 'Terminé').waitFor();

    // The form follows the catalogue: a period for the activity report, CSV options for CSV exports.
    await page.getByLabel('Type de rapport').selectOption('territory_activity');
    await expectTexts(page.getByLabel('Format du fichier').locator('option'), ['PDF', 'Excel (XLSX)']);
    await expectCount(page.getByLabel('Séparateur de colonnes'), 0);
    await page.getByLabel(/^Du( |$)/).fill('2026-06-30');
    await page.getByLabel(/^Au( |$)/).fill('2026-01-01');
    await page.getByRole('button', { name: 'Lancer le rapport' }).click();
    await page.getByText('La date de fin doit suivre la date de début.').waitFor();

    // While the workers are paused, an order stays queued: its progress bar shows, it can be cancelled.
    await reports.pause();
    await page.getByLabel('Type de rapport').selectOption('actors_export');
    await page.getByLabel('Séparateur de colonnes').selectOption(';');
    await page.getByLabel(/^Virgule décimale/).check();
    await page.getByRole('button', { name: 'Lancer le rapport' }).click();
    const actors = reportRow(page, 'Export des acteurs');
    await actors.getByRole('progressbar', { name: 'Avancement du rapport « Export des acteurs »' }).waitFor();
    await actors.getByText('En attente').waitFor();

    await page.getByLabel('Type de rapport').selectOption('ecosystem_map');
    await expectValue(page.getByLabel('Format du fichier'), 'geojson');
    await page.getByRole('button', { name: 'Lancer le rapport' }).click();
    const map = reportRow(page, 'Carte de l’écosystème');
    await map.getByText('En attente').waitFor();
    await expectAccessible(page, 'rapports (en attente)');
    await map.getByRole('button', { name: 'Annuler le rapport « Carte de l’écosystème »' }).click();
    await map.getByText('Annulé').waitFor();
    await page.getByText('Le rapport « Carte de l’écosystème » est annulé.').first().waitFor();

    // The workers resume: the queued export completes, announced politely, and downloads under the server's name.
    await reports.resume();
    await reportRow(page, 'Export des acteurs', 'Terminé').waitFor({ timeout: 30_000 });
    await page.getByRole('status').filter({ hasText: 'Le rapport « Export des acteurs » est terminé' }).waitFor();
    await expectCount(actors.getByRole('progressbar'), 0);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      actors.getByRole('button', { name: 'Télécharger le rapport « Export des acteurs »' }).click(),
    ]);
    const listed = await fixture.a.coordinator.api.get<{ items: { type: string; fileName: string | null }[] }>(
      `/territories/${fixture.a.id}/reports`,
    );
    const fileName = listed.body.items.find((item) => item.type === 'actors_export')?.fileName;
    expect(fileName).toMatch(/^acteurs-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(download.suggestedFilename()).toBe(fileName);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv).toContain('Passerelles Emploi Villeurbanne 1');
    expect(csv.split('\n')[0]).toContain(';');
    expect(csv).toContain(';45,7719;');

    // The activity report as a PDF, over a valid period.
    await page.getByLabel('Type de rapport').selectOption('territory_activity');
    await page.getByLabel(/^Du( |$)/).fill('2026-01-01');
    await page.getByLabel(/^Au( |$)/).fill('2026-12-31');
    await page.getByRole('button', { name: 'Lancer le rapport' }).click();
    await reportRow(page, 'Bilan d’activité du territoire', 'Terminé').waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'rapports');
    await screenshot(page, 'workspace-reports');

    // A finished report is deleted after a confirmation.
    await map.getByRole('button', { name: 'Supprimer le rapport « Carte de l’écosystème »' }).click();
    const dialog = page.getByRole('dialog', { name: 'Supprimer ce rapport ?' });
    await dialog.getByRole('button', { name: 'Supprimer' }).click();
    await page.getByText('Le rapport « Carte de l’écosystème » est supprimé.').waitFor();
    await map.waitFor({ state: 'detached' });
    // Its button gone, focus lands on the list's heading rather than on the page's body.
    await page.waitForFunction(() => document.activeElement?.id === 'reports-title');
    const after = await fixture.a.coordinator.api.get<{ items: { type: string; status: string }[] }>(
      `/territories/${fixture.a.id}/reports`,
    );
    expect(after.body.items.map((item) => `${item.type}:${item.status}`).sort()).toEqual([
      'actors_export:completed',
      'alliances_export:completed',
      'territory_activity:completed',
    ]);
    expectNoConsoleErrors(console, 'rapports');
    await console.context.close();
  });

  it('creates a schedule with a custom cron (the API explains a bad one) and deletes it', async () => {
    const console = await openConsole(web, { user: fixture.a.coordinator });
    const { page } = console;
    await page.goto(`${base}/rapports`);
    await page.getByRole('link', { name: 'Rapports planifiés' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rapports planifiés' }).waitFor();
    await page.getByRole('row', { name: /Chaque année, le 2 janvier à 7 h/ }).waitFor();

    await page.getByLabel('Type de rapport').selectOption('actions_export');
    await page.getByLabel('Fréquence').selectOption({ label: 'Autre fréquence (expression cron)' });
    await page.getByLabel('Expression cron').fill('tous les lundis');
    await page.getByRole('button', { name: 'Planifier' }).click();
    await page.locator('.field-error').getByText('expression cron invalide').waitFor();
    await expectAccessible(page, 'planification (erreur)');
    await page.getByLabel('Expression cron').fill('30 6 * * 1-5');
    await page.getByRole('button', { name: 'Planifier' }).click();
    const row = page.getByRole('row', { name: /Export des actions/ });
    await row.getByRole('cell', { name: /^Expression cron : 30 6 \* \* 1-5/ }).waitFor();
    await expectAccessible(page, 'planification');
    const schedules = await fixture.a.coordinator.api.get<{ type: string; cron: string; timezone: string }[]>(
      `/territories/${fixture.a.id}/report-schedules`,
    );
    expect(schedules.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'actions_export', cron: '30 6 * * 1-5', timezone: 'Europe/Paris' }),
      ]),
    );

    await row.getByRole('button', { name: /^Supprimer la planification « Export des actions »/ }).click();
    await page
      .getByRole('dialog', { name: 'Supprimer cette planification ?' })
      .getByRole('button', { name: 'Supprimer la planification' })
      .click();
    await page.getByText('La planification « Export des actions » est supprimée.').waitFor();
    await row.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.id === 'schedules-title');

    // A monthly activity report covers « le mois écoulé »: no dates to type, the list says what it covers.
    await page.getByLabel('Type de rapport').selectOption('territory_activity');
    await page.getByLabel('Période de chaque exécution').selectOption({ label: 'Le mois écoulé' });
    await expectCount(page.getByLabel('Du', { exact: true }), 0);
    await page.getByLabel('Fréquence').selectOption({ index: 0 });
    await page.getByRole('button', { name: 'Planifier' }).click();
    const monthly = page.getByRole('row', { name: /Couvre : le mois écoulé/ });
    await monthly.waitFor();
    await expectTextContaining(monthly.getByRole('rowheader'), 'Bilan d’activité du territoire');
    await expectAccessible(page, 'planification relative');
    const stored = await fixture.a.coordinator.api.get<{ type: string; params: Record<string, unknown> }[]>(
      `/territories/${fixture.a.id}/report-schedules`,
    );
    expect(stored.body.find((schedule) => schedule.params.relativePeriod)).toMatchObject({
      type: 'territory_activity',
      params: { relativePeriod: 'previous_month' },
    });
    expectNoConsoleErrors(console, 'planification');
    await console.context.close();
  });

  it('invites with a one-time link, revokes, changes a role and links a member to an actor', async () => {
    const console = await openConsole(web, { user: fixture.a.coordinator });
    const { page, context } = console;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.baseUrl });
    await page.goto(`${base}/membres`);
    await page.getByRole('heading', { level: 1, name: 'Membres et invitations' }).waitFor();
    await page.getByRole('row', { name: /Camille Martin/ }).waitFor();

    // Invite: the acceptance link is shown once, with a copy button.
    await page.getByLabel('Adresse e-mail').fill('nouvelle.recrue@maillage.test');
    await page.getByLabel('Rôle').selectOption('coordinator');
    await page.getByRole('button', { name: 'Créer l’invitation' }).click();
    const link = page.locator('#accept-url');
    await link.waitFor();
    // No mail transport in the tests: the console says so, and asks for the link to be passed on.
    await page.getByText(/Aucun e-mail n’a pu être envoyé à nouvelle\.recrue@maillage\.test/).waitFor();
    await expectCount(page.getByText(/Un e-mail a été envoyé/), 0);
    const acceptUrl = await expectText(link, /\/invitations\/[^/]+$/);
    await page.getByRole('button', { name: 'Copier le lien' }).click();
    await page.getByText('Lien copié.').waitFor();
    await expectEventually(
      () => page.evaluate(() => navigator.clipboard.readText()),
      (copied) => expect(copied).toBe(acceptUrl),
      { label: 'the clipboard' },
    );
    const invitation = page.getByRole('row', { name: /nouvelle\.recrue@maillage\.test/ });
    await invitation.getByText('En attente').waitFor();
    await expectAccessible(page, 'membres (invitation)');
    await screenshot(page, 'workspace-members');

    // Revoking is irreversible: it is confirmed first, then focus goes to the list (the button is gone).
    await invitation.getByRole('button', { name: 'Révoquer (nouvelle.recrue@maillage.test)' }).click();
    const revoking = page.getByRole('dialog', { name: 'Révoquer cette invitation ?' });
    await revoking.getByText(/Le lien d’invitation de nouvelle\.recrue@maillage\.test ne fonctionnera plus/).waitFor();
    await revoking.getByRole('button', { name: 'Révoquer' }).click();
    await invitation.getByText('Révoquée').waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'invitations-title');
    await expectCount(invitation.getByRole('button', { name: /Révoquer/ }), 0);

    // Camille becomes a coordinator.
    await page.getByRole('button', { name: 'Modifier Camille Martin' }).click();
    let dialog = page.getByRole('dialog', { name: 'Modifier Camille Martin' });
    await dialog.getByLabel('Rôle').selectOption('coordinator');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Les changements pour Camille Martin sont enregistrés.').waitFor();
    await page
      .getByRole('row', { name: /Camille Martin/ })
      .getByText('Coordination territoriale')
      .waitFor();

    // The member is linked to the organisation they act for, chosen with the keyboard in the actor search.
    await page.getByRole('button', { name: 'Modifier membre.a' }).click();
    dialog = page.getByRole('dialog', { name: 'Modifier membre.a' });
    const search = dialog.getByRole('combobox', { name: 'Organisation représentée' });
    await search.fill('Passerelles');
    await dialog.getByRole('option', { name: /Passerelles Emploi Villeurbanne 1/ }).waitFor();
    await expectAccessible(page, 'membres (recherche d’un acteur)');
    await search.press('ArrowDown');
    await search.press('Enter');
    await dialog.getByText('Organisation choisie : Passerelles Emploi Villeurbanne 1').waitFor();
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Les changements pour membre.a sont enregistrés.').waitFor();
    await page
      .getByRole('row', { name: /membre\.a/ })
      .getByText('Passerelles Emploi Villeurbanne 1')
      .waitFor();

    const saved = await members();
    expect(saved.find((member) => member.name === 'Camille Martin')?.role).toBe('coordinator');
    const linked = saved.find((member) => member.userId === fixture.a.member.id);
    expect(linked).toMatchObject({ role: 'member', actorId: ecosystem.association });

    // Removing someone asks first.
    await page.getByRole('button', { name: 'Retirer Camille Martin' }).click();
    dialog = page.getByRole('dialog', { name: 'Retirer ce membre ?' });
    await dialog.getByText('camille.martin@maillage.test').waitFor();
    await dialog.getByRole('button', { name: 'Retirer du territoire' }).click();
    await page.getByText('Camille Martin a été retiré·e du territoire.').waitFor();
    await page.getByRole('row', { name: /Camille Martin/ }).waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.id === 'members-title');
    expect((await members()).map((member) => member.name).sort()).toEqual(['coordination.a', 'membre.a']);
    expectNoConsoleErrors(console, 'membres');
    await console.context.close();
  });

  it('switches the observatory sharing, asking before it stops', async () => {
    const console = await openConsole(web, { user: fixture.a.coordinator });
    const { page } = console;
    await page.goto(`${base}/partage`);
    await page.getByRole('heading', { level: 1, name: 'Partage avec l’observatoire national' }).waitFor();
    const toggle = page.getByRole('switch', {
      name: 'Partager les indicateurs agrégés du territoire avec l’observatoire national',
    });
    // Seeded as shared: turning it off asks first.
    await page.getByText(/par coordination\.a/).waitFor();
    await expectAttribute(toggle, 'aria-checked', 'true');
    await toggle.click();
    const dialog = page.getByRole('dialog', { name: 'Arrêter le partage ?' });
    await dialog.getByText('seront supprimés tout de suite').waitFor();
    await expectAccessible(page, 'partage (confirmation)');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await expectAttribute(toggle, 'aria-checked', 'true');
    await toggle.click();
    await dialog.getByRole('button', { name: 'Arrêter le partage' }).click();
    await page.getByText('Le partage est arrêté').waitFor();
    await page.locator('[role="switch"][aria-checked="false"]').waitFor();
    const stopped = await fixture.a.coordinator.api.get<{ sharing: boolean }>(
      `/territories/${fixture.a.id}/observatory-sharing`,
    );
    expect(stopped.body.sharing).toBe(false);

    // Turning it on again takes one key press, no confirmation.
    await toggle.focus();
    await page.keyboard.press('Space');
    await page.locator('[role="switch"][aria-checked="true"]').waitFor();
    await page.getByText('Le territoire partage désormais').waitFor();
    await expectCount(dialog, 0);
    await expectAccessible(page, 'partage');
    await screenshot(page, 'workspace-sharing');
    expectNoConsoleErrors(console, 'partage');
    await console.context.close();
  });

  it('lists the changes in the audit log, filtered by entity and author in the URL', async () => {
    const console = await openConsole(web, { user: fixture.a.coordinator });
    const { page } = console;
    await page.goto(`${base}/journal`);
    await page.getByRole('heading', { level: 1, name: 'Journal des modifications' }).waitFor();
    const table = page.getByRole('table', { name: 'Modifications' });
    for (const text of [
      'Rôle ou organisation d’un membre modifiés',
      'Invitation révoquée',
      'Invitation créée',
      'Rapport annulé',
      'Planification de rapport supprimée',
      'Partage avec l’observatoire national modifié',
    ]) {
      await table
        .getByRole('rowheader', { name: new RegExp(text) })
        .first()
        .waitFor();
    }
    const all = await expectEventually(
      () => table.locator(':scope > tbody > tr').count(),
      (count) => expect(count).toBeGreaterThanOrEqual(6),
      { label: 'the audit log’s rows' },
    );
    // Each entry names what it is about, never by its id.
    await table
      .getByRole('rowheader', { name: /Rapport annulé.*Rapport « / })
      .first()
      .waitFor();
    await expectEventually(
      () => table.innerText(),
      (text) => expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i),
      { label: 'the audit log without ids' },
    );

    await page.getByLabel('Objet').selectOption({ label: 'Membre' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/objet=membership/);
    // Every invitation row of the unfiltered page gone (there are several: waitFor would be ambiguous).
    await expectEventually(
      () => table.getByRole('rowheader', { name: /Invitation créée/ }).count(),
      (count) => expect(count).toBe(0),
      { label: 'the unfiltered page replaced' },
    );
    // The filtered page has arrived (not just the old one gone).
    await table
      .getByRole('rowheader', { name: /membre/i })
      .first()
      .waitFor();
    await expectEventually(
      () => table.locator(':scope > tbody > tr > th').allTextContents(),
      (texts) => {
        expect(texts.length).toBeGreaterThan(0);
        expect(texts.length).toBeLessThan(all);
        for (const text of texts) {
          expect(text).toMatch(/membre/i);
          expect(text).not.toMatch(/Invitation|Rapport|Partage/);
        }
      },
      { label: 'the audit log filtered by object' },
    );
    // Each change shows its before and after in a disclosure widget.
    const summaries = table.locator('summary');
    await summaries.first().waitFor();
    for (const summary of await summaries.all()) await summary.click();
    await table.getByRole('cell', { name: 'Coordination territoriale' }).first().waitFor();
    await table.getByRole('cell', { name: 'Passerelles Emploi Villeurbanne 1' }).first().waitFor();
    await expectAccessible(page, 'journal (filtré)');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'workspace-audit-log');

    // The filters live in the URL: a reload keeps them; the author filter narrows further.
    await page.reload();
    await expectValue(page.getByLabel('Objet'), 'membership');
    await page.getByLabel('Auteur').selectOption({ label: 'coordination.a' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(new RegExp(`auteur=${fixture.a.coordinator.id}`));
    await expectValue(page.getByLabel('Objet'), 'membership');
    await expectEventually(
      () => table.locator(':scope > tbody > tr > td:nth-child(2)').allTextContents(),
      (authors) => {
        expect(authors.length).toBeGreaterThan(0);
        for (const author of authors) expect(author).toBe('coordination.a');
      },
      { label: 'the audit log filtered by author' },
    );
    await page.getByLabel('Jusqu’au').fill('2020-01-01');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.getByText('Aucune modification ne correspond à ces filtres.').waitFor();
    await page.waitForURL(/au=2020-01-01/);
    expectNoConsoleErrors(console, 'journal');
    await console.context.close();
  });

  it('explains to a member that these pages are for the coordination, and fits a 390 px phone', async () => {
    const member = await openConsole(web, { user: fixture.a.member });
    await member.page.goto(`${base}/rapports`);
    await member.page.getByRole('heading', { level: 1, name: 'Accès refusé' }).waitFor();
    await member.page.getByText('Votre rôle ne donne pas accès à cette page.').waitFor();
    const nav = member.page.getByRole('navigation', { name: 'Navigation principale' });
    await expectCount(nav.getByRole('link', { name: 'Rapports' }), 0);
    await expectCount(nav.getByRole('link', { name: 'Journal des modifications' }), 0);
    await expectAccessible(member.page, 'rapports (membre)');
    expectNoConsoleErrors(member, 'rapports (membre)');
    await member.context.close();

    const phone = await openConsole(web, { user: fixture.a.coordinator, width: 390, height: 844 });
    const { page } = phone;
    await page.goto(`${base}/rapports`);
    await reportRow(page, 'Export des acteurs', 'Terminé').waitFor();
    await expectNoHorizontalOverflow(page);
    await expectAccessible(page, 'rapports (mobile)');
    await page.goto(`${base}/membres`);
    await page
      .getByRole('row', { name: /membre\.a/ })
      .first()
      .waitFor();
    await expectNoHorizontalOverflow(page);
    expectNoConsoleErrors(phone, 'mobile');
    await phone.context.close();
  });
});
