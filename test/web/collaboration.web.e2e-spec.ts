import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  createTenancyFixture,
  joinTerritory,
  seedEcosystem,
  type EcosystemFixture,
  type TenancyFixture,
  type TestUser,
} from '@maillage/testing';
import type { Page } from 'playwright-core';
import { elided } from '@maillage/contract';
import {
  describeInBrowser,
  expectAccessible,
  expectNoConsoleErrors,
  openConsole,
  startWebApp,
  type WebApp,
  WEB_SETUP_TIMEOUT_MS,
} from '../support/browser.js';
import { expectCount, expectEventually, expectTextContaining } from '../support/expect-web.js';
import { SmtpInbox } from '../support/smtp-inbox.js';

/** The header's unread count is polled (every 30 s): a new one may take that long to show. */
const BADGE_POLL_TIMEOUT_MS = 75_000;

/** Signs in through the login form (the journey's people come back with their password). */
async function signIn(page: Page, user: { email: string; password: string }): Promise<void> {
  await page.goto('/connexion');
  await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
  await page.getByLabel('Adresse e-mail').fill(user.email);
  await page.getByLabel('Mot de passe').fill(user.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** Confirms a lifecycle move from its dialog. */
async function confirmMove(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Confirmer' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/**
 * Issue #15's collaboration loop, through the console only (the API sets up
 * the territory and reads the mail): a company proposes an alliance to an
 * association, which hears of it, discusses it and agrees, as the company
 * does, and the alliance is active; then a newcomer asks to join through the
 * territory's join link, waits for the coordination, and is let in.
 */
describeInBrowser('web console: the collaboration loop, from a proposal to an active alliance, and joining', () => {
  const inbox = new SmtpInbox();
  let web: WebApp;
  let fixture: TenancyFixture;
  let eco: EcosystemFixture;
  let territoryId: string;
  let company: TestUser;
  let association: TestUser;

  /** The token of the join confirmation link mailed to `address` (the newest). */
  async function confirmationToken(address: string): Promise<string> {
    let token = '';
    await expectEventually(
      async () => inbox.to(address).map((mail) => mail.text),
      (texts) => {
        const link = /\/rejoindre\/confirmer\?jeton=(\S+)/.exec(texts.at(-1) ?? '');
        expect(link).not.toBeNull();
        token = decodeURIComponent(link?.[1] ?? '');
      },
      { label: `the confirmation mail to ${address}`, timeout: 60_000 },
    );
    return token;
  }

  beforeAll(async () => {
    await inbox.start();
    web = await startWebApp({
      SMTP_URL: inbox.url,
      MAILLAGE_NOTIFICATION_MAIL_DELAY_SECONDS: '0',
      MAILLAGE_NOTIFICATION_SWEEP_SECONDS: '1',
    });
    fixture = await createTenancyFixture(web.t);
    territoryId = fixture.a.id;
    eco = await seedEcosystem(fixture.a.coordinator.api, territoryId);
    const { coordinator } = fixture.a;
    company = await joinTerritory(
      coordinator.api,
      fixture.anonymous,
      territoryId,
      'claire.fontaine@maillage.test',
      'member',
      'Claire Fontaine',
    );
    association = await joinTerritory(
      coordinator.api,
      fixture.anonymous,
      territoryId,
      'awa.diallo@maillage.test',
      'member',
      'Awa Diallo',
    );
    for (const [user, actorId] of [
      [company, eco.company],
      [association, eco.association],
    ] as const) {
      const linked = await coordinator.api.patch(`/territories/${territoryId}/members/${user.id}`, { actorId });
      expect(linked.status).toBe(200);
    }
  }, WEB_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await web?.close();
    await inbox.stop();
  }, WEB_SETUP_TIMEOUT_MS);

  it('a company proposes an alliance to an association; they discuss it, both agree, and it is active', async () => {
    const title = 'Ateliers vélo solidaires';
    const companyName = 'Atelier Numérique Lyonnais 1';
    const associationName = 'Passerelles Emploi Villeurbanne 1';

    // The association's member signs in: nothing new yet.
    const associationSession = await openConsole(web);
    const ap = associationSession.page;
    await signIn(ap, association);
    await ap.getByRole('heading', { level: 1, name: 'Mon organisation' }).waitFor();
    await ap.getByRole('link', { name: 'Notifications, aucune non lue', exact: true }).waitFor();

    // The company's member finds the association in the directory and proposes an alliance from its page.
    const companySession = await openConsole(web, { user: company });
    const cp = companySession.page;
    await cp.goto('/');
    await cp.getByRole('heading', { level: 1, name: 'Mon organisation' }).waitFor();
    await cp.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Annuaire' }).click();
    await cp.getByRole('heading', { level: 1, name: 'Annuaire' }).waitFor();
    await cp.getByLabel('Rechercher un acteur').fill('Passerelles');
    await cp.getByRole('link', { name: associationName, exact: true }).click();
    await cp.getByRole('heading', { level: 1, name: associationName }).waitFor();
    await cp.getByRole('link', { name: 'Proposer une alliance' }).click();
    await cp.getByRole('heading', { level: 1, name: 'Proposer une alliance' }).waitFor();
    // The association is already there as the other party.
    await cp.getByLabel(`Rôle ${elided('de', associationName)}`).fill('Accueil des jeunes');
    await cp.getByLabel(`Rôle ${elided('de', companyName)}`).fill('Mécène de compétences');
    await cp.getByLabel(/^Intitulé/).fill(title);
    await cp.getByLabel('Coopération économique').check();
    await cp.getByLabel(/^Description/).fill('Nos techniciens animent des ateliers de réparation pour vos jeunes.');
    await expectAccessible(cp, 'proposer une alliance (entreprise)');
    await cp.getByRole('button', { name: 'Envoyer la proposition' }).click();
    await cp.getByRole('heading', { level: 1, name: title }).waitFor();
    await cp.getByText(`Votre proposition « ${title} » est envoyée.`).waitFor();
    await cp.getByText('Cette alliance a le statut « Proposée ».').waitFor();
    // Until another party answers, the proposal is the company's to correct.
    await cp.getByRole('link', { name: 'Modifier l’alliance' }).waitFor();

    // The association's header count goes up; the notification opens the alliance.
    const proposed = `${companyName} propose une alliance à votre organisation : « ${title} ».`;
    await ap
      .getByRole('link', { name: 'Notifications, 1 non lue', exact: true })
      .waitFor({ timeout: BADGE_POLL_TIMEOUT_MS });
    await ap.getByRole('link', { name: 'Notifications, 1 non lue', exact: true }).click();
    await ap.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await ap.getByRole('link', { name: proposed }).click();
    await ap.getByRole('heading', { level: 1, name: title }).waitFor();
    await ap.getByRole('link', { name: 'Notifications, aucune non lue', exact: true }).waitFor();
    await ap.getByText('Nos techniciens animent des ateliers de réparation pour vos jeunes.').waitFor();
    // The other party answers and discusses; it does not rewrite the proposal.
    await expectCount(ap.getByRole('link', { name: 'Modifier l’alliance' }), 0);
    await expectTextContaining(
      ap.getByRole('listitem').filter({ hasText: `${companyName} — Entreprise` }),
      'rôle : Mécène de compétences — à l’initiative de la proposition',
    );
    await expectTextContaining(
      ap.getByRole('listitem').filter({ hasText: `${associationName} — Association` }),
      '(votre organisation)',
    );

    // A message in the alliance's thread, citing the company's member chosen from the « @ » list.
    const thread = ap.getByRole('region', { name: 'Discussion' });
    const box = thread.getByRole('combobox', { name: 'Votre message' });
    await box.click();
    await box.pressSequentially('Bonjour @Clai');
    await ap.getByRole('option', { name: /Claire Fontaine/ }).waitFor();
    await box.press('Enter');
    await box.pressSequentially('nous serions ravis d’en discuter, à partir de mars.');
    await thread.getByRole('button', { name: 'Envoyer' }).click();
    const message = thread.getByRole('listitem').filter({ hasText: 'nous serions ravis' });
    await message.getByText('@Claire Fontaine').waitFor();
    await expectAccessible(ap, 'alliance proposée (association)');

    // The association accepts to discuss, then gives its agreement: the company's is awaited.
    await ap.getByRole('button', { name: 'Accepter la discussion' }).click();
    await confirmMove(ap);
    await ap.getByText('Cette alliance a le statut « En discussion ».').waitFor();
    const agreements = ap.getByRole('region', { name: 'Accord des parties' });
    await agreements.getByRole('listitem').filter({ hasText: companyName }).getByText('accord attendu').waitFor();
    await agreements.getByRole('button', { name: 'Donner l’accord de mon organisation' }).click();
    await ap.getByText('Votre accord est enregistré.').waitFor();
    await agreements.getByText('Un accord est encore attendu.').waitFor();
    await agreements.getByRole('listitem').filter({ hasText: associationName }).getByText('accord donné le').waitFor();
    await agreements.getByRole('listitem').filter({ hasText: companyName }).getByText('accord attendu').waitFor();
    await expectAccessible(ap, 'accord des parties (association)');

    // The company's member hears of the reply: the citation and the accepted discussion.
    const cited = `Awa Diallo vous a cité·e dans la discussion « ${title} »`;
    await cp.reload();
    await cp.getByRole('heading', { level: 1, name: title }).waitFor();
    await cp.getByRole('link', { name: /^Notifications, \d+ non lues?$/ }).click();
    await cp.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await cp
      .getByRole('link', { name: `${associationName} a accepté de discuter de l’alliance « ${title} ».` })
      .waitFor();
    await cp.getByRole('link', { name: new RegExp(`^${cited}`) }).click();
    await cp.getByRole('heading', { level: 1, name: title }).waitFor();
    // Answered: no longer the company's to rewrite.
    await expectCount(cp.getByRole('link', { name: 'Modifier l’alliance' }), 0);
    const companyThread = cp.getByRole('region', { name: 'Discussion' });
    await companyThread
      .getByRole('listitem')
      .filter({ hasText: 'nous serions ravis' })
      .getByText('@Claire Fontaine')
      .waitFor();

    // The company agrees last: the alliance is active, both agreements shown.
    const companyAgreements = cp.getByRole('region', { name: 'Accord des parties' });
    await companyAgreements
      .getByRole('listitem')
      .filter({ hasText: associationName })
      .getByText('accord donné le')
      .waitFor();
    await companyAgreements.getByRole('button', { name: 'Donner l’accord de mon organisation' }).click();
    await cp.getByText('Toutes les parties ont donné leur accord : l’alliance est active.').waitFor();
    await cp.getByText('Cette alliance a le statut « Active ».').waitFor();
    await companyAgreements
      .getByRole('listitem')
      .filter({ hasText: companyName })
      .getByText('accord donné le')
      .waitFor();
    await expectAccessible(cp, 'alliance active (entreprise)');

    // The association sees it active too.
    await ap.reload();
    await ap.getByText('Cette alliance a le statut « Active ».').waitFor();

    // The proposal also reached the association's member by mail.
    await expectEventually(
      async () => inbox.to(association.email).map((mail) => mail.subject),
      (subjects) => expect(subjects).toContain(`Maillage – ${proposed}`),
      { label: 'the association’s proposal mail', timeout: 60_000 },
    );
    expectNoConsoleErrors(companySession, 'entreprise');
    expectNoConsoleErrors(associationSession, 'association');
    await companySession.context.close();
    await associationSession.context.close();
  }, 300_000);

  it('a newcomer asks to join through the join link, waits for the coordination, and is let in', async () => {
    const organisation = 'Les Amis du Parc de la Feyssine';
    const newcomer = { email: 'lea.martin@maillage.test', password: 'Chene-liege-des-Maures-2026' };

    // The coordination opens the join link from the members' page.
    const coordinatorSession = await openConsole(web, { user: fixture.a.coordinator });
    const co = coordinatorSession.page;
    await co.goto(`/t/${territoryId}/membres`);
    const panel = co.getByRole('region', { name: 'Lien d’adhésion' });
    await panel.getByText('Le lien est fermé.').waitFor();
    await panel.getByRole('button', { name: 'Ouvrir un lien d’adhésion' }).click();
    await co.getByText('Le lien d’adhésion est ouvert.').waitFor();
    const url = await expectTextContaining(panel.locator('#join-url'), '/rejoindre/');
    const joinPath = new URL(url).pathname;

    // Someone new opens it in their own browser and describes their organisation.
    const newcomerSession = await openConsole(web);
    const np = newcomerSession.page;
    await np.goto(joinPath);
    await np.getByRole('heading', { level: 1, name: 'Rejoindre un territoire' }).waitFor();
    await np.getByText('Demandez à rejoindre l’espace « Métropole de Lyon »', { exact: false }).waitFor();
    await expectAccessible(np, 'rejoindre un territoire');
    await np
      .getByLabel('Votre organisation est-elle déjà dans l’annuaire ?')
      .selectOption({ label: 'Non, je la décris' });
    await np.getByLabel(/^Catégorie/).selectOption({ label: 'Collectif citoyen' });
    await np.getByLabel(/^Nom de l’organisation/).fill(organisation);
    await np.getByLabel(/^Code commune INSEE/).fill('69266');
    await np.getByLabel(/^Un mot pour la coordination/).fill('Nous animons un jardin partagé au bord du parc.');
    await np.getByLabel(/^Nom et prénom/).fill('Léa Martin');
    await np.getByLabel(/^Adresse e-mail/).fill(newcomer.email);
    await np.getByLabel(/^Mot de passe/).fill(newcomer.password);
    await np.getByRole('button', { name: 'Envoyer ma demande' }).click();
    // Nothing exists until the address is confirmed: the page says where the link is on its way to.
    await np.getByRole('heading', { level: 1, name: 'Confirmez votre adresse' }).waitFor();
    await np.getByText(`Un message est en route vers ${newcomer.email}`, { exact: false }).waitFor();
    await expectAccessible(np, 'confirmez votre adresse');

    // The mailed link opens a page that confirms on a click (a mail scanner's visit confirms nothing).
    const confirmation = await confirmationToken(newcomer.email);
    await np.goto(`/rejoindre/confirmer?jeton=${encodeURIComponent(confirmation)}`);
    await np.getByRole('heading', { level: 1, name: 'Confirmer votre demande d’adhésion' }).waitFor();
    // The one-time token leaves the address bar (and the history) at once, kept by the page.
    await np.waitForURL((url) => !url.search.includes('jeton'));
    await np.getByLabel(/^Votre mot de passe/).fill(newcomer.password);
    await expectAccessible(np, 'confirmer sa demande d’adhésion');
    await np.getByRole('button', { name: 'Confirmer mon adresse et envoyer ma demande' }).click();

    // Signed in, with no territory yet: their home says what they wait for, not a dead end.
    const waiting = `Votre demande pour rejoindre « Métropole de Lyon » au nom de « ${organisation} » attend la coordination du territoire.`;
    // The confirmation first: it is said at once and leaves after 6 s, while the next page may still be loading.
    await np.getByText('Votre adresse est confirmée et votre demande transmise').waitFor();
    await np.getByRole('heading', { level: 1, name: 'Mes demandes d’adhésion' }).waitFor();
    await np.getByRole('status').filter({ hasText: waiting }).waitFor();
    const request = np.getByRole('region', { name: 'Toutes mes demandes' }).getByRole('listitem');
    await expectTextContaining(request, `Métropole de Lyon — au nom de « ${organisation} »`);
    await expectTextContaining(request, 'En attente de la coordination');
    await expectAccessible(np, 'mes demandes d’adhésion (en attente)');
    // They sign out, and back in: the same page.
    await np.getByRole('button', { name: 'Se déconnecter' }).click();
    await np.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    await signIn(np, newcomer);
    await np.getByRole('heading', { level: 1, name: 'Mes demandes d’adhésion' }).waitFor();
    await np.getByRole('status').filter({ hasText: waiting }).waitFor();

    // The coordination finds the request in « Demandes » and accepts it.
    await co.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Demandes' }).click();
    await co.getByRole('heading', { level: 1, name: 'Demandes' }).waitFor();
    const queue = co.getByRole('region', { name: /^Demandes d’adhésion/ });
    const item = queue
      .getByRole('listitem')
      .filter({ hasText: `Léa Martin (${newcomer.email}) pour « ${organisation} »` });
    await item
      .getByText('Nouvelle organisation, créée à l’acceptation — Nous animons un jardin partagé', { exact: false })
      .waitFor();
    await expectAccessible(co, 'demandes (adhésion)');
    await item.getByRole('button', { name: /^Accepter/ }).click();
    await co.getByText('La demande est acceptée.').waitFor();
    await queue.getByText('Aucune demande en attente.').waitFor();

    // The newcomer's requests say so, and their territory opens on their organisation.
    await np.reload();
    await np.getByRole('heading', { level: 1, name: 'Mes demandes d’adhésion' }).waitFor();
    await expectTextContaining(request, 'Acceptée');
    await np.getByRole('link', { name: 'Ouvrir l’espace « Métropole de Lyon »' }).click();
    await np.getByRole('heading', { level: 1, name: 'Mon organisation' }).waitFor();
    await np.getByText(`${organisation} — Collectif citoyen`).waitFor();
    await np.goto('/');
    await np.getByRole('heading', { level: 1, name: 'Mon organisation' }).waitFor();
    await np.getByText(`${organisation} — Collectif citoyen`).waitFor();
    await expectAccessible(np, 'mon organisation (nouvelle venue)');

    // Their organisation's name is shortened: the coordination reviews it, in words, not field codes.
    const profile = np.getByRole('region', { name: 'Fiche de mon organisation' });
    await profile.getByRole('textbox', { name: /^Nom/ }).fill('Amis du Parc de la Feyssine');
    await profile.getByRole('button', { name: 'Enregistrer' }).click();
    await np.getByText('Fiche enregistrée ; les changements d’identité attendent la coordination.').waitFor();
    await profile.getByText(`Nom : ${organisation} → Amis du Parc de la Feyssine`).waitFor();
    await co.reload();
    const changes = co.getByRole('region', { name: /^Modifications de fiche/ });
    const change = changes.getByRole('listitem').filter({ hasText: `« ${organisation} », demandé par Léa Martin` });
    await change.getByText(`Nom : ${organisation} → Amis du Parc de la Feyssine`).waitFor();
    await change.getByRole('button', { name: /^Accepter/ }).click();
    await co.getByText('La demande est acceptée.').waitFor();
    await np.reload();
    await np.getByText('Amis du Parc de la Feyssine — Collectif citoyen').waitFor();
    expectNoConsoleErrors(coordinatorSession, 'coordination');
    await coordinatorSession.context.close();
    expectNoConsoleErrors(newcomerSession, 'nouvelle venue');
    await newcomerSession.context.close();
  }, 300_000);

  it('a refused requester reads the coordination’s reason on their home', async () => {
    const base = `/territories/${territoryId}`;
    const opened = await fixture.a.coordinator.api.post<{ token: string }>(`${base}/join-link`);
    expect(opened.status).toBe(201);
    const hugo = { email: 'hugo.bernard@maillage.test', password: 'Chene-liege-des-Maures-2026' };
    const asked = await fixture.anonymous.post(`/join/${opened.body.token}`, {
      name: 'Hugo Bernard',
      ...hugo,
      actorId: eco.publicBody,
    });
    expect(asked.status).toBe(200);
    // The address is confirmed through the mailed link.
    const confirmed = await fixture.anonymous.post('/join-confirmations', {
      token: await confirmationToken(hugo.email),
      password: hugo.password,
    });
    expect(confirmed.status).toBe(200);

    // The coordination refuses from « Demandes », with its reason.
    const coordinatorSession = await openConsole(web, { user: fixture.a.coordinator });
    const co = coordinatorSession.page;
    await co.goto(`/t/${territoryId}/demandes`);
    const item = co
      .getByRole('region', { name: /^Demandes d’adhésion/ })
      .getByRole('listitem')
      .filter({ hasText: 'Hugo Bernard (hugo.bernard@maillage.test) pour « Mission locale de Lyon 1 »' });
    await item.getByRole('button', { name: /^Refuser/ }).click();
    const dialog = co.getByRole('dialog', { name: 'Refuser la demande' });
    await dialog.getByLabel(/^Raison du refus/).fill('La mission locale a déjà ses référents.');
    await dialog.getByRole('button', { name: 'Refuser' }).click();
    await co.getByText('La demande est refusée.').waitFor();
    expectNoConsoleErrors(coordinatorSession, 'refus');
    await coordinatorSession.context.close();

    // Hugo signs in: no territory, his refused request and why.
    const session = await openConsole(web);
    const { page } = session;
    await signIn(page, hugo);
    await page.getByRole('heading', { level: 1, name: 'Mes demandes d’adhésion' }).waitFor();
    const request = page.getByRole('region', { name: 'Toutes mes demandes' }).getByRole('listitem');
    await expectTextContaining(request, 'Métropole de Lyon — au nom de « Mission locale de Lyon 1 »');
    await expectTextContaining(request, 'Refusée');
    await expectTextContaining(
      request,
      'Raison indiquée par la coordination : La mission locale a déjà ses référents.',
    );
    await expectCount(page.getByRole('status').filter({ hasText: 'attend la coordination' }), 0);
    await expectAccessible(page, 'mes demandes d’adhésion (refusée)');
    expectNoConsoleErrors(session, 'demande refusée');
    await session.context.close();
  }, 300_000);
});
