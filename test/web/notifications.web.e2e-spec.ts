import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { PreferencesService } from '@maillage/notifications';
import { createTenancyFixture, seedEcosystem, type EcosystemFixture, type TenancyFixture } from '@maillage/testing';
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
import { expectChecked, expectCount, expectEventually, expectNoHorizontalOverflow } from '../support/expect-web.js';

interface Preferences {
  preferences: { kind: string; frequency: string }[];
}

describeInBrowser('web console: notifications, mail preferences, unsubscribe and mail status', () => {
  let web: WebApp;
  let fixture: TenancyFixture;
  let ecosystem: EcosystemFixture;
  let base: string;

  beforeAll(async () => {
    web = await startWebApp();
    fixture = await createTenancyFixture(web.t);
    ecosystem = await seedEcosystem(fixture.a.coordinator.api, fixture.a.id);
    base = `/territories/${fixture.a.id}`;
    // The member acts for the association: what happens to it is news for them.
    const linked = await fixture.a.coordinator.api.patch(`${base}/members/${fixture.a.member.id}`, {
      actorId: ecosystem.association,
    });
    expect(linked.status).toBe(200);
  }, WEB_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await web?.close();
  }, WEB_SETUP_TIMEOUT_MS);

  /** The coordination records an alliance with the member's association (a notification for the member). */
  const recordAlliance = async (title: string): Promise<string> => {
    const created = await fixture.a.coordinator.api.post<{ id: string }>(`${base}/alliances`, {
      title,
      parties: [{ actorId: ecosystem.association }, { actorId: ecosystem.company }],
      modes: ['patronage'],
      patronageKinds: ['skills'],
    });
    expect(created.status).toBe(201);
    return created.body.id;
  };

  const unreadOf = async (): Promise<number> =>
    (await fixture.a.member.api.get<{ unread: number }>('/me/notifications/unread-count')).body.unread;

  it('counts, lists and opens a notification, which becomes read; marks all read', async () => {
    const allianceId = await recordAlliance('Jardin partagé des Pentes');
    await expectEventually(unreadOf, (unread) => expect(unread).toBe(1), { label: 'the member’s unread count' });
    const text =
      'La coordination du territoire a enregistré une alliance avec votre organisation : « Jardin partagé des Pentes ».';

    const console = await openConsole(web, { user: fixture.a.member });
    const { page } = console;
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Mon organisation' }).waitFor();
    // The header says how many are unread, in the link's name.
    await page.getByRole('link', { name: 'Notifications, 1 non lue', exact: true }).waitFor();
    // The home page shows what happened since the last visit.
    const since = page.getByRole('region', { name: 'Depuis votre dernière visite' });
    await since.getByRole('link', { name: text }).waitFor();
    await since.getByText('Métropole de Lyon').waitFor();
    await expectAccessible(page, 'mon organisation (depuis votre dernière visite)');

    await page.getByRole('link', { name: 'Notifications, 1 non lue', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    const item = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: text }) });
    await item.getByText('Métropole de Lyon').waitFor();
    await item.getByText('Non lue', { exact: true }).waitFor();
    await item
      .getByText('à l’instant')
      .or(item.getByText(/il y a \d+ minute/))
      .first()
      .waitFor();
    await page.getByRole('status').filter({ hasText: '1 notification affichée' }).waitFor();
    await expectAccessible(page, 'notifications');
    await screenshot(page, 'notifications');

    // Only the unread ones: it is there.
    await page.getByLabel('Non lues seulement').check();
    await item.waitFor();

    // Opening it marks it read and shows the alliance; the count goes to zero.
    await item.getByRole('link', { name: text }).click();
    await page.waitForURL(new RegExp(`/t/${fixture.a.id}/alliances/${allianceId}$`));
    await page.getByRole('heading', { level: 1, name: 'Jardin partagé des Pentes' }).waitFor();
    await page.getByRole('link', { name: 'Notifications, aucune non lue', exact: true }).waitFor();
    expect(await unreadOf()).toBe(0);

    // Back on the list: read, and gone from the unread ones.
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await page.getByText('Vous avez tout lu : aucune notification non lue.').waitFor();
    await page.getByLabel('Non lues seulement').uncheck();
    await item.getByText('Lue', { exact: true }).waitFor();

    // Two more; "Tout marquer comme lu" clears them and says how many.
    await recordAlliance('Ateliers numériques partagés');
    await recordAlliance('Chantier d’insertion du quai');
    await expectEventually(unreadOf, (unread) => expect(unread).toBe(2), { label: 'two new unread' });
    await page.reload();
    await page.getByRole('link', { name: 'Notifications, 2 non lues', exact: true }).waitFor();
    await page.getByRole('status').filter({ hasText: '3 notifications affichées' }).waitFor();
    await page.getByRole('button', { name: 'Tout marquer comme lu' }).click();
    await page.getByText('2 notifications marquées comme lues.').waitFor();
    await page.getByRole('link', { name: 'Notifications, aucune non lue', exact: true }).waitFor();
    await expectCount(page.getByText('Non lue', { exact: true }), 0);
    expect(await unreadOf()).toBe(0);
    expectNoConsoleErrors(console, 'notifications');
    await console.context.close();

    // On a phone: the header's link is there and nothing overflows sideways.
    const phone = await openConsole(web, { user: fixture.a.member, width: 390, height: 844 });
    await phone.page.goto('/notifications');
    await phone.page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await phone.page.getByRole('link', { name: 'Notifications, aucune non lue', exact: true }).waitFor();
    await phone.page.getByRole('link', { name: text }).waitFor();
    await expectNoHorizontalOverflow(phone.page);
    await expectAccessible(phone.page, 'notifications (mobile)');
    expectNoConsoleErrors(phone, 'notifications (mobile)');
    await phone.context.close();
  });

  it('saves a mail frequency from the account and shows it after a reload', async () => {
    const console = await openConsole(web, { user: fixture.a.member });
    const { page } = console;
    await page.goto('/compte');
    await page.getByRole('link', { name: 'Préférences de notification' }).click();
    await page.getByRole('heading', { level: 1, name: 'Préférences de notification' }).waitFor();
    // No SMTP server in the tests: the page says so plainly.
    await page.getByText('L’envoi d’e-mails n’est pas configuré sur cette instance de Maillage').waitFor();
    const reports = page.getByRole('group', { name: 'Rapports' });
    await reports.getByText('Un rapport que vous avez commandé est prêt').waitFor();
    await expectChecked(reports.getByLabel('Pas d’e-mail'));
    await expectAccessible(page, 'préférences de notification');
    await reports.getByLabel('Résumé hebdomadaire').check();
    await page.getByRole('button', { name: 'Enregistrer mes préférences' }).click();
    await page.getByText('Vos préférences de notification sont enregistrées.').waitFor();
    await expectEventually(
      async () => (await fixture.a.member.api.get<Preferences>('/me/notification-preferences')).body.preferences,
      (preferences) =>
        expect(preferences).toContainEqual(expect.objectContaining({ kind: 'reports', frequency: 'weekly' })),
      { label: 'the saved preference' },
    );
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Préférences de notification' }).waitFor();
    await expectChecked(page.getByRole('group', { name: 'Rapports' }).getByLabel('Résumé hebdomadaire'));
    await expectChecked(page.getByRole('group', { name: 'Rapports' }).getByLabel('Pas d’e-mail'), false);
    expectNoConsoleErrors(console, 'préférences');
    await console.context.close();
  });

  it('unsubscribes from a mail’s link without signing in, and says when a link is bad', async () => {
    const visitor = await openConsole(web);
    const { page } = visitor;
    await page.goto('/desinscription?token=un-lien-abime');
    await page.getByRole('heading', { level: 1, name: 'Se désinscrire des e-mails' }).waitFor();
    // The token leaves the address bar at once.
    await page.waitForURL(/\/desinscription$/);
    await page.getByRole('button', { name: 'Confirmer la désinscription' }).click();
    await page.getByRole('alert').getByText('Ce lien de désinscription n’est pas valide').waitFor();
    await expectAccessible(page, 'désinscription (lien invalide)');

    // A real link (as a mail carries it) stops that kind of mail.
    const token = web.t.app.get(PreferencesService).unsubscribeToken(fixture.a.member.id, ['alliances']);
    await page.goto(`/desinscription?token=${encodeURIComponent(token)}`);
    await page.getByRole('button', { name: 'Confirmer la désinscription' }).click();
    await page.getByText('C’est fait : vous ne recevrez plus d’e-mail pour les notifications suivantes.').waitFor();
    await page.getByRole('list', { name: 'E-mails arrêtés' }).getByText('Vie des alliances').waitFor();
    await page.getByRole('link', { name: 'Gérer toutes mes préférences de notification' }).waitFor();
    await expectAccessible(page, 'désinscription (faite)');
    const preferences = (await fixture.a.member.api.get<Preferences>('/me/notification-preferences')).body;
    expect(preferences.preferences).toContainEqual(expect.objectContaining({ kind: 'alliances', frequency: 'none' }));
    expectNoConsoleErrors(visitor, 'désinscription');
    await visitor.context.close();
  });

  it('shows the platform administrators whether mail leaves', async () => {
    const console = await openConsole(web, { user: fixture.admin });
    const { page } = console;
    await page.goto('/administration');
    await page.getByRole('link', { name: 'Courrier électronique' }).click();
    await page.getByRole('heading', { level: 1, name: 'Courrier électronique' }).waitFor();
    await page.getByText('Envoi non configuré', { exact: true }).waitFor();
    await page.getByText('L’envoi d’e-mails n’est pas configuré (variable SMTP_URL)').waitFor();
    const waiting = page.getByRole('region', { name: 'Notifications en attente d’un e-mail' });
    await waiting.getByRole('rowheader', { name: 'Résumé quotidien' }).waitFor();
    await waiting.getByRole('rowheader', { name: 'Résumé hebdomadaire' }).waitFor();
    await page.getByText('Aucune erreur d’envoi.').waitFor();
    await page.getByText('Aucun résumé en retard').waitFor();
    await expectAccessible(page, 'courrier électronique');
    await screenshot(page, 'admin-mail');
    expectNoConsoleErrors(console, 'courrier électronique');
    await console.context.close();
  });
});
