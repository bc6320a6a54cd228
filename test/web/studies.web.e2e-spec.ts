import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import { createTenancyFixture, pollUntil, seedEcosystem, type TenancyFixture } from '@maillage/testing';
import {
  describeInBrowser,
  expectAccessible,
  expectNoConsoleErrors,
  openConsole,
  startWebApp,
  type WebApp,
  WEB_SETUP_TIMEOUT_MS,
} from '../support/browser.js';
import {
  expectChecked,
  expectCount,
  expectEventually,
  expectNoHorizontalOverflow,
  expectText,
} from '../support/expect-web.js';
import { SmtpInbox } from '../support/smtp-inbox.js';

/** The contact person `seedEcosystem` gives the association: the only one with an e-mail. */
const CONTACT = 'camille.durand@passerelles.example';
const WILLINGNESS = 'Souhaitez-vous participer à des actions de co-construction dans votre quartier ?';

/** The path of the answer page a link leads to (`/etude/<token>`), and its token. */
function answerLink(text: string): { path: string; token: string } {
  const match = /\/etude\/([^\s"'<>)]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no answer link in: ${text}`);
  return { path: `/etude/${match[1]}`, token: decodeURIComponent(match[1]) };
}

/** Presses Tab until `target` has the focus (the keyboard's way there), at most `limit` times. */
async function tabTo(page: Page, target: Locator, limit = 80): Promise<void> {
  const handle = await target.elementHandle();
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((element) => document.activeElement === element, handle)) return;
  }
  throw new Error(`${String(target)}: not reached with ${limit} presses of Tab`);
}

/**
 * A territorial study through the console: a coordinator creates a PHARE study, adapts a
 * question, opens it and its public link; an inhabitant answers on a phone with the keyboard
 * only; answers arrive through the API (a personal link, other devices); the coordinator reads
 * the regard croisé (a prism under the threshold masked, hand-computed shares) and turns a
 * priority into an enjeu.
 */
describeInBrowser('web console: a territorial study, from the questionnaire to the enjeux', () => {
  const inbox = new SmtpInbox();
  let web: WebApp;
  let fixture: TenancyFixture;
  let territoryId: string;

  beforeAll(async () => {
    await inbox.start();
    web = await startWebApp({ SMTP_URL: inbox.url });
    fixture = await createTenancyFixture(web.t);
    territoryId = fixture.a.id;
    await seedEcosystem(fixture.a.coordinator.api, territoryId);
  }, WEB_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await web?.close();
    await inbox.stop();
  }, WEB_SETUP_TIMEOUT_MS);

  it('runs a PHARE study: adapt, open, answer on a phone, read the regard croisé, create an enjeu', async () => {
    const coordinator = await openConsole(web, { user: fixture.a.coordinator });
    const { page } = coordinator;

    // « Nouvelle étude »: the three shipped questionnaires, each with its source.
    await page.goto(`/t/${territoryId}`);
    // The territory's home redirects to its first page once loaded: a click before that would be overridden.
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    await page.getByRole('link', { name: 'Études', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Études territoriales' }).waitFor();
    // The seeded study: open, its one invitation unanswered (0 %), one answer through its public link.
    const seeded = page.getByRole('row', { name: /^Étude territoriale — regard croisé/ });
    await expectText(seeded.getByRole('cell').nth(0), 'Ouverte (lien public ouvert)');
    await expectText(seeded.getByRole('cell').nth(2), '0 sur 1');
    await expectText(seeded.getByRole('cell').nth(3), /^0\s%$/);
    await expectText(seeded.getByRole('cell').nth(4), '1');
    await page.getByRole('button', { name: 'Nouvelle étude' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nouvelle étude' });
    await dialog.getByRole('button', { name: 'Créer l’étude' }).click();
    await dialog.getByText('Choisissez le questionnaire de départ.').waitFor();
    await dialog
      .getByText(/Source : Kit pratique « co-construction en territoire »/)
      .first()
      .waitFor();
    await dialog.getByLabel('Diagnostic de la structure qui anime le territoire sur les partenariats').waitFor();
    await dialog.getByLabel('Check-list d’évaluation d’un partenariat').waitFor();
    await expectAccessible(page, 'études (nouvelle étude)');
    await dialog.getByLabel('Étude territoriale — regard croisé sur les fragilités et les alliances').check();
    await dialog.getByLabel(/^Titre de l’étude/).fill('Regard croisé 2026 sur la Métropole');
    await dialog.getByRole('button', { name: 'Créer l’étude' }).click();
    await page.waitForURL(/\/etudes\/[0-9a-f-]{36}$/);
    const studyUrl = new URL(page.url()).pathname;

    // « Questionnaire »: the last choice question reworded, saved in place (no answer yet).
    await page
      .getByRole('heading', { level: 1, name: 'Regard croisé 2026 sur la Métropole — Questionnaire' })
      .waitFor();
    await page
      .getByText('Version 1 du questionnaire. Aucune réponse reçue : vos modifications la remplacent.')
      .waitFor();
    const willingness = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Question 9 / }) });
    await willingness.getByLabel(/^Intitulé/).fill(' ');
    await page.getByRole('button', { name: 'Enregistrer le questionnaire' }).click();
    await willingness.getByText('Écrivez l’intitulé de la question.').waitFor();
    await expectEventually(
      () => page.evaluate(() => document.activeElement?.textContent ?? ''),
      (text) => expect(text).toContain('1 point à corriger'),
      { label: 'the summary has the focus' },
    );
    await willingness.getByLabel(/^Intitulé/).fill(WILLINGNESS);
    await page.getByRole('button', { name: 'Enregistrer le questionnaire' }).click();
    await page.getByText('Questionnaire enregistré.').waitFor();
    await expectAccessible(page, 'étude (questionnaire)');

    // « Diffusion »: opened, the actors invited (only the association has a contact with an e-mail), the public link.
    await page.getByRole('link', { name: 'Diffusion' }).click();
    await page.getByRole('button', { name: 'Ouvrir l’étude' }).click();
    await page.getByText(/^L’étude est ouverte depuis le/).waitFor();
    await page.getByRole('button', { name: 'Envoyer les invitations' }).click();
    await page.getByText('1 invitation envoyée.').waitFor();
    await page.getByRole('button', { name: 'Ouvrir le lien public' }).click();
    const publicUrl = page.locator('#study-public-url');
    const publicLink = answerLink(await expectText(publicUrl, /\/etude\//));
    await page.getByText('Le lien public est ouvert.').waitFor();
    await expectAccessible(page, 'étude (diffusion)');

    // An inhabitant, on a phone, with the keyboard only: the required questions first, then the thanks.
    const inhabitant = await openConsole(web, { width: 360, height: 740 });
    const phone = inhabitant.page;
    await phone.goto(publicLink.path);
    await phone.getByRole('heading', { level: 1, name: 'Regard croisé 2026 sur la Métropole' }).waitFor();
    await phone.getByText(/^Une étude menée par ./).waitFor();
    await phone.getByText(/Vos réponses sont anonymes/).waitFor();
    await phone.getByText(/Il faut environ \d+ minutes? pour répondre/).waitFor();
    await phone.getByRole('group', { name: new RegExp(WILLINGNESS.replace(/[?()]/g, '.')) }).waitFor();
    await expectNoHorizontalOverflow(phone);
    await expectAccessible(phone, 'réponse (téléphone)');
    const submit = phone.getByRole('button', { name: 'Envoyer mes réponses' });
    await tabTo(phone, submit, 200);
    await phone.keyboard.press('Enter');
    const summary = phone.getByRole('alert').filter({ hasText: 'Votre réponse n’est pas encore envoyée' });
    await expectText(summary.getByRole('heading'), /6 questions demandent votre attention/);
    await expectEventually(
      () => phone.evaluate(() => document.activeElement?.classList.contains('study-error-summary') ?? false),
      (focused) => expect(focused).toBe(true),
      { label: 'the summary has the focus' },
    );
    await expectAccessible(phone, 'réponse (erreurs)');
    // The summary's first link leads to the first question's first box.
    await phone.keyboard.press('Tab');
    await phone.keyboard.press('Enter');
    const fragilities = phone.getByRole('group', { name: /Quelles fragilités/ });
    await expectEventually(
      () => phone.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value ?? ''),
      (value) => expect(value).toBe('economic'),
      { label: 'the first box has the focus' },
    );
    await phone.keyboard.press('Space');
    await expectChecked(fragilities.getByLabel(/^Économiques/));
    // Each next required question: tabbed to, its first answer taken with the space bar.
    for (const [group, first] of [
      [/Parmi ces enjeux/, /^L’emploi/],
      [/devoir d’alliances/, 'Tout à fait d’accord'],
      [/source d’innovation/, 'Tout à fait d’accord'],
      [/dynamique de co-construction/, 'Oui, une dynamique déjà installée'],
      [/participer à des actions/, 'Oui'],
    ] as const) {
      await tabTo(phone, phone.getByRole('group', { name: group }).getByLabel(first, { exact: true }));
      await phone.keyboard.press('Space');
    }
    await tabTo(phone, phone.getByLabel(/Souhaitez-vous ajouter quelque chose/));
    await phone.keyboard.type('Plus de bus le soir.');
    await tabTo(phone, submit);
    await phone.keyboard.press('Enter');
    await phone.getByRole('heading', { level: 1, name: 'Merci !' }).waitFor();
    await phone.getByText('Merci, votre réponse est enregistrée.').waitFor();
    await expectAccessible(phone, 'réponse (merci)');
    expectNoConsoleErrors(inhabitant, 'réponse');
    await inhabitant.context.close();

    // Other answers through the API: five more inhabitants on other devices, and the association's contact.
    const inhabitants: [string, string, string[]][] = [
      ['agree', 'housing', ['social']],
      ['agree', 'housing', ['social', 'economic']],
      ['agree', 'mobility', ['environmental']],
      ['disagree', 'housing', ['societal']],
      ['strongly_agree', 'employment', ['economic']],
    ];
    for (const [index, [duty, issue, fragilities]] of inhabitants.entries()) {
      const sent = await fixture.anonymous.request('POST', `/study-answers/${encodeURIComponent(publicLink.token)}`, {
        headers: { 'user-agent': `Navigateur de test ${index + 1}` },
        remoteAddress: `192.0.2.${index + 10}`,
        body: {
          answers: {
            perceived_fragilities: fragilities,
            priority_issues: [issue],
            duty_of_alliances: duty,
            partnership_innovation: 'agree',
            territory_dynamic: 'emerging',
            willingness: 'maybe',
          },
        },
      });
      expect(sent.status).toBe(201);
    }
    // The contact was invited to the seeded study too: this study's mail is the one naming it.
    const mails = await pollUntil(
      'the invitation mail',
      async () => inbox.to(CONTACT).filter((mail) => mail.text.includes('Regard croisé 2026 sur la Métropole')),
      (found) => found.length > 0,
    );
    const personal = answerLink(mails[0]!.text);
    const answered = await fixture.anonymous.request('POST', `/study-answers/${encodeURIComponent(personal.token)}`, {
      body: {
        answers: {
          perceived_fragilities: ['social'],
          priority_issues: ['housing'],
          duty_of_alliances: 'strongly_agree',
          partnership_innovation: 'strongly_agree',
          partnership_practice: 'several',
          territory_dynamic: 'emerging',
          willingness: 'yes',
        },
      },
    });
    expect(answered.status).toBe(201);

    // The used personal link, opened again: the API's French word, on the public frame.
    const again = await openConsole(web, { width: 360, height: 740 });
    await again.page.goto(personal.path);
    await again.page.getByText('Vous avez déjà répondu à cette étude. Merci !').waitFor();
    await again.context.close();

    // « Résultats »: inhabitants 6 (shown), associations 1 (masked). Duty of alliances among inhabitants:
    // « Tout à fait d’accord » 2 of 6 (33,3 %), « Plutôt d’accord » 3 of 6 (50 %), « Plutôt pas d’accord » 1 (16,7 %).
    await page.getByRole('link', { name: 'Résultats' }).click();
    // One prism is masked: the total would give it away by subtraction, so it is masked too.
    await page.getByText(/^Le total des réponses est masqué/).waitFor();
    await expectText(page.getByRole('listitem').filter({ hasText: /^Habitants :/ }), 'Habitants : 6 réponses');
    await expectText(
      page.getByRole('listitem').filter({ hasText: /^Associations :/ }),
      'Associations : Moins de 5 réponses : résultat masqué',
    );
    const duty = page.getByRole('region', { name: /Résultats de la question « Face aux fragilités/ });
    const inhabitantsColumn = 4; // Réponse, Associations, Entreprises, Acteurs publics, Habitants
    const cell = (row: string) =>
      duty
        .getByRole('row', { name: new RegExp(`^${row}`) })
        .getByRole('cell')
        .nth(inhabitantsColumn - 1);
    await expectText(cell('Répondants'), '6');
    await expectText(cell('Tout à fait d’accord'), /^2 \(33,3\s%\)$/);
    await expectText(cell('Plutôt d’accord'), /^3 \(50\s%\)$/);
    await expectText(cell('Plutôt pas d’accord'), /^1 \(16,7\s%\)$/);
    await expectText(
      duty
        .getByRole('row', { name: /^Répondants/ })
        .getByRole('cell')
        .first(),
      'Moins de 5 réponses : résultat masqué',
    );
    await expectAccessible(page, 'étude (résultats)');

    // « Créer des enjeux »: housing, chosen by 3 of the 6 inhabitants (the whole is masked), becomes an enjeu.
    const priorities = page.getByRole('region', { name: 'Créer des enjeux' });
    await priorities.getByLabel(/^Le logement — Habitants : 50\s% \(Sociale\)$/).check();
    await priorities.getByRole('button', { name: 'Créer ou compléter les enjeux' }).click();
    await priorities.getByText('Enjeux créés : 1 ; enjeux complétés : 0.').waitFor();
    await priorities.getByRole('link', { name: 'Voir les enjeux du territoire' }).click();
    await page.getByRole('heading', { level: 1, name: /Enjeux/ }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Le logement' }).waitFor();
    // Answers exist now: the questionnaire says that saving it makes version 2.
    await page.goto(studyUrl);
    await page.getByText(/l’enregistrer crée la version 2/).waitFor();
    expectNoConsoleErrors(coordinator, 'étude');
    await coordinator.context.close();

    // A member of the territory does not run studies.
    const member = await openConsole(web, { user: fixture.a.member });
    await member.page.goto(studyUrl);
    await member.page.getByRole('heading', { level: 1, name: 'Accès refusé' }).waitFor();
    await expectCount(
      member.page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Études' }),
      0,
    );
    await member.context.close();
  });
});
