import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  createTenancyFixture,
  joinTerritory,
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
  expectTextContaining,
  expectTexts,
  expectValue,
} from '../support/expect-web.js';

/** The day `days` ago on the browser's clock, `AAAA-MM-JJ`, and as the console writes it (« 15 sept. 2026 »). */
function dayAgo(days: number): { iso: string; french: string; slashed: string } {
  const date = new Date(Date.now() - days * 86_400_000);
  const iso = date.toLocaleDateString('sv');
  return {
    iso,
    french: new Date(`${iso}T00:00:00`).toLocaleDateString('fr-FR', { dateStyle: 'medium' }),
    slashed: iso.split('-').reverse().join('/'),
  };
}

/** The card of one alliance (kanban or member home), found by its title link. */
function card(scope: Page | Locator, title: string): Locator {
  const page = 'goto' in scope ? scope : scope.page();
  return scope.locator('article.alliance-card').filter({ has: page.getByRole('link', { name: title, exact: true }) });
}

/**
 * Picks an actor among a search's results, then waits for the focus the form moves after a pick (back
 * to the search field, or to the « Changer » button of the organisation now chosen): a `fill` sent
 * before it lands would type into whichever field takes the focus in between.
 */
async function pickActor(scope: Page | Locator, name: RegExp): Promise<void> {
  const page = 'goto' in scope ? scope : scope.page();
  await scope.getByRole('button', { name }).click();
  await page.waitForFunction(
    () => document.activeElement?.matches('input[type="search"], button[id$="-change"]') ?? false,
  );
}

/** Confirms a lifecycle move from its dialog. */
async function confirmMove(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Confirmer' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describeInBrowser('web console: priorities, actions, alliances and the member views', () => {
  let web: WebApp;
  let fixture: TenancyFixture;
  let eco: EcosystemFixture;
  let territoryId: string;

  beforeAll(async () => {
    web = await startWebApp();
    fixture = await createTenancyFixture(web.t);
    territoryId = fixture.a.id;
    eco = await seedEcosystem(fixture.a.coordinator.api, territoryId);
  }, WEB_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await web?.close();
  }, WEB_SETUP_TIMEOUT_MS);

  it('a coordinator adds a priority, an animation and a collective experiment, and finds them in the list and the calendar', async () => {
    const coordinator = fixture.a.coordinator;
    const session = await openConsole(web, { user: coordinator });
    const { page } = session;

    // Priorities (enjeux): the seeded one, then a new one through the dialog.
    await page.goto(`/t/${territoryId}/enjeux`);
    await page.getByRole('heading', { level: 1, name: 'Enjeux du territoire' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Insertion professionnelle des jeunes' }).waitFor();
    await expectAccessible(page, 'enjeux');
    await page.getByRole('button', { name: 'Ajouter un enjeu' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.locator('.field-error').first().waitFor();
    await dialog.getByLabel('Intitulé de l’enjeu').fill('Mobilité durable dans le périurbain');
    await dialog.getByLabel('Environnementale').check();
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('heading', { level: 2, name: 'Mobilité durable dans le périurbain' }).waitFor();
    const priorities = await coordinator.api.get<{ title: string; fragilities: string[] }[]>(
      `/territories/${territoryId}/priorities`,
    );
    expect(priorities.body.find((p) => p.title === 'Mobilité durable dans le périurbain')?.fragilities).toEqual([
      'environmental',
    ]);
    // Deleting one: its delete button leaves with it, focus goes to a neighbouring priority's heading.
    await page.getByRole('button', { name: 'Ajouter un enjeu' }).click();
    await dialog.getByLabel('Intitulé de l’enjeu').fill('Enjeu provisoire');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('heading', { level: 2, name: 'Enjeu provisoire' }).waitFor();
    await page.getByRole('button', { name: 'Supprimer Enjeu provisoire' }).click();
    await dialog.getByRole('button', { name: 'Supprimer', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Enjeu provisoire' }).waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.matches('.priority-card h2') ?? false);

    // An animation, through its form.
    await page.goto(`/t/${territoryId}/actions`);
    await page.getByRole('heading', { level: 1, name: 'Actions' }).waitFor();
    await page.getByRole('link', { name: 'Forum emploi et entreprises du quartier' }).waitFor();
    await page.getByRole('link', { name: 'Nouvelle action' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nouvelle action' }).waitFor();
    await expectChecked(page.getByRole('radio', { name: /Animation du territoire/ }));
    await page.getByLabel('Intitulé', { exact: false }).fill('Atelier covoiturage et mobilités douces');
    await page.getByLabel('Date (obligatoire)', { exact: true }).fill('2026-05-14');
    await page.getByLabel('Format', { exact: false }).fill('atelier');
    await page.getByLabel('Lieu').fill('Tiers-lieu La Fabrique, Vaulx-en-Velin');
    await page.getByLabel('Nombre de participants').fill('24');
    await page.getByLabel('Ajouter un acteur depuis l’annuaire').fill('Atelier Numérique');
    // The picked result leaves the page: focus is back in the search field.
    await pickActor(page, /Choisir Atelier Numérique Lyonnais 1/);
    await page.getByLabel('Rôle d’Atelier Numérique Lyonnais 1').selectOption('organiser');
    await page.getByLabel('Thèmes abordés').fill('Covoiturage\nVélo à assistance électrique');
    await page.getByLabel('Mobilité durable dans le périurbain').check();
    await page.getByLabel('Suites à donner').fill('Lancer une plateforme de covoiturage interentreprises');
    // An end before the start is refused before sending, in the same words as elsewhere.
    await page.getByLabel('Date de fin').fill('2026-05-01');
    await page.getByRole('button', { name: 'Enregistrer l’action' }).click();
    await page.getByText('La date de fin doit suivre la date de début.').waitFor();
    await page.getByLabel('Date de fin').fill('');
    await expectAccessible(page, 'formulaire d’action (animation)');
    await page
      .getByRole('heading', { level: 2, name: 'Animation du territoire' })
      .evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'action-form');
    await page.getByRole('button', { name: 'Enregistrer l’action' }).click();
    await page.getByRole('heading', { level: 1, name: 'Atelier covoiturage et mobilités douces' }).waitFor();
    await page.getByText('Atelier Numérique Lyonnais 1 — Organisateur').waitFor();
    await page.getByText('Covoiturage, Vélo à assistance électrique').waitFor();
    await expectAccessible(page, 'détail d’une animation');

    // A collective experiment with its stage, then moved to the next stage.
    await page.goto(`/t/${territoryId}/actions/nouvelle`);
    await page.getByRole('heading', { level: 1, name: 'Nouvelle action' }).waitFor();
    // An organiser picked for an animation becomes a partner (the default) when the type changes.
    await page.getByLabel('Ajouter un acteur depuis l’annuaire').fill('Passerelles');
    await pickActor(page, /Choisir Passerelles Emploi Villeurbanne 1/);
    await page.getByLabel('Rôle de Passerelles Emploi Villeurbanne 1').selectOption('organiser');
    await page.getByRole('radio', { name: /Expérimentation collective/ }).check();
    await page.getByLabel('Étape du projet').waitFor();
    await expectValue(page.getByLabel('Rôle de Passerelles Emploi Villeurbanne 1'), 'partner');
    await page.getByLabel('Intitulé', { exact: false }).fill('Navette solidaire intercommunale');
    await page.getByLabel('Date de début').fill('2026-05-20');
    await page.getByLabel('Étape du projet').selectOption('design');
    // The day the project entered its stage: today unless said otherwise.
    const [designed, tooEarly, experimented] = [dayAgo(20), dayAgo(25), dayAgo(10)];
    await expectValue(page.getByLabel('Date du changement d’étape'), dayAgo(0).iso);
    await page.getByLabel('Date du changement d’étape').fill(designed.iso);
    await page.getByLabel('Rôle de Passerelles Emploi Villeurbanne 1').selectOption('pilot');
    await page.getByLabel('Objectifs').fill('Relier les zones d’emploi aux quartiers prioritaires');
    await page.getByRole('button', { name: 'Ajouter un indicateur' }).click();
    await page.getByLabel('Indicateur 1 : nom').fill('Trajets assurés');
    await page.getByLabel('Indicateur 1 : cible').fill('500');
    await expectAccessible(page, 'formulaire d’action (expérimentation)');
    await page.getByRole('button', { name: 'Enregistrer l’action' }).click();
    await page.getByRole('heading', { level: 1, name: 'Navette solidaire intercommunale' }).waitFor();
    await page.getByText('Conception (étape en cours)').waitFor();
    // A day before the previous stage's is refused on its field, in French; then the stage moves on the day chosen.
    await page.getByLabel('Date du changement d’étape').fill(tooEarly.iso);
    await page.getByRole('button', { name: 'Passer à l’étape « Expérimentation »' }).click();
    await page
      .getByText(`La date ne peut pas précéder celle de l’étape précédente (${designed.slashed}).`)
      .first()
      .waitFor();
    await page.getByLabel('Date du changement d’étape').fill(experimented.iso);
    await page.getByRole('button', { name: 'Passer à l’étape « Expérimentation »' }).click();
    await page.getByText('Expérimentation (étape en cours)').waitFor();
    await expectCount(page.locator('.history li'), 2);
    await expectTextContaining(
      page.locator('.history li').first(),
      `Conception — depuis le ${designed.french} (saisi le `,
    );
    await expectTextContaining(
      page.locator('.history li').last(),
      `Expérimentation — depuis le ${experimented.french} (saisi le `,
    );
    await expectAccessible(page, 'détail d’une expérimentation');
    const experimentId = page.url().split('/').pop() as string;
    const experiment = await coordinator.api.get<{
      experiment: { phase: string; phaseHistory: { phase: string; on: string }[] };
    }>(`/territories/${territoryId}/actions/${experimentId}`);
    expect(experiment.body.experiment.phase).toBe('experimentation');
    expect(experiment.body.experiment.phaseHistory.map((h) => [h.phase, h.on])).toEqual([
      ['design', designed.iso],
      ['experimentation', experimented.iso],
    ]);

    // The list, filtered by type (kept in the URL).
    await page.getByRole('link', { name: '← Toutes les actions' }).click();
    await page.getByRole('link', { name: 'Navette solidaire intercommunale' }).waitFor();
    await page.getByLabel('Type d’action').selectOption('animation');
    await page.waitForURL(/type=animation/);
    await page.getByRole('link', { name: 'Atelier covoiturage et mobilités douces' }).waitFor();
    await page.getByRole('link', { name: 'Navette solidaire intercommunale' }).waitFor({ state: 'detached' });
    await expectAccessible(page, 'liste des actions filtrée');
    await page.getByRole('button', { name: 'Effacer tous les filtres' }).click();
    await page.getByRole('link', { name: 'Navette solidaire intercommunale' }).waitFor();

    // The calendar: June, then back to May with the keyboard; each action labelled by its type.
    await page.goto(`/t/${territoryId}/actions/calendrier?mois=2026-06`);
    await page.getByRole('heading', { level: 2, name: 'juin 2026' }).waitFor();
    await page.getByText('0 action en juin 2026.').waitFor();
    // The month change is announced once (the status line), not also by the heading.
    await expectAttribute(page.locator('h2.calendar-title'), 'aria-live', null);
    await page.getByRole('button', { name: 'Mois précédent' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'mai 2026' }).waitFor();
    await page.getByText('2 actions en mai 2026.').waitFor();
    const animation = page.locator('.cal-item', { hasText: 'Atelier covoiturage et mobilités douces' });
    await expectTextContaining(animation, 'Animation du territoire');
    const shuttle = page.locator('.cal-item', { hasText: 'Navette solidaire intercommunale' });
    await expectTextContaining(shuttle.first(), 'Expérimentation collective');
    await expectAccessible(page, 'calendrier des actions');
    await page.locator('.calendar-nav').evaluate((nav) => nav.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'actions-calendar');

    // Deleting an action asks first.
    await page.goto(`/t/${territoryId}/actions/${eco.supportId}`);
    await page.getByRole('heading', { level: 1, name: 'Accompagnement de la stratégie partenariale' }).waitFor();
    await page.getByText('150 min (2,5 h)').waitFor();
    await page.getByRole('button', { name: 'Supprimer' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Supprimer' }).click();
    await page.waitForURL(/\/actions$/);
    await page.getByRole('heading', { level: 1, name: 'Actions' }).waitFor();
    const gone = await coordinator.api.get(`/territories/${territoryId}/actions/${eco.supportId}`);
    expect(gone.status).toBe(404);
    // A missing action or alliance still has its h1 and its document title.
    await page.goto(`/t/${territoryId}/actions/${eco.supportId}`);
    await page.getByRole('heading', { level: 1, name: 'Action' }).waitFor();
    await page.getByRole('alert').waitFor();
    await expectEventually(
      () => page.title(),
      (title) => expect(title).toMatch(/^Action — /),
      { label: 'the document title' },
    );
    await page.goto(`/t/${territoryId}/alliances/00000000-0000-4000-8000-000000000000`);
    await page.getByRole('heading', { level: 1, name: 'Alliance' }).waitFor();
    await page.getByRole('alert').waitFor();
    expectNoConsoleErrors(session, 'actions');
    await session.context.close();
  }, 120_000);

  it('a coordinator edits a support with a partner: the partner is kept, a speaker added, the organisation supported never listed among them', async () => {
    const coordinator = fixture.a.coordinator;
    const base = `/territories/${territoryId}`;
    const name = async (actorId: string) =>
      (await coordinator.api.get<{ name: string }>(`${base}/actors/${actorId}`)).body.name;
    const [association, company, publicBody] = await Promise.all(
      [eco.association, eco.company, eco.publicBody].map(name),
    );
    interface Support {
      version: number;
      title: string;
      participants: { actorId: string; role: string }[];
      support: { supportedActorId: string; diagnosis: string };
    }
    // A support with a partner, recorded through the API (as an import or another tool would).
    const created = await coordinator.api.post<Support & { id: string }>(`${base}/actions`, {
      type: 'support',
      title: 'Accompagnement de l’essaimage',
      startDate: '2026-04-07',
      participants: [{ actorId: eco.company, role: 'partner' }],
      support: {
        supportedActorId: eco.association,
        diagnosis: 'Recherche de partenaires pour essaimer',
        sessions: [{ date: '2026-04-07', minutes: 90 }],
      },
    });
    expect(created.status).toBe(201);
    const path = `${base}/actions/${created.body.id}`;
    const session = await openConsole(web, { user: coordinator });
    const { page } = session;

    await page.goto(`/t/${territoryId}/actions/${created.body.id}/modifier`);
    await page.getByRole('heading', { level: 1, name: 'Modifier « Accompagnement de l’essaimage »' }).waitFor();
    const participants = page.getByRole('group', { name: 'Partenaires et intervenants' });
    await expectTextContaining(participants.locator('.editor-row'), company);
    await expectValue(participants.getByRole('combobox'), 'partner');
    await expectTexts(participants.getByRole('combobox').locator('option'), ['Partenaire', 'Intervenant']);
    // The organisation supported is not offered among the participants.
    const add = participants.getByLabel('Ajouter un acteur depuis l’annuaire');
    await add.fill(association.slice(0, 11));
    await participants.getByText(`Aucun acteur ne correspond à « ${association.slice(0, 11)} ».`).waitFor();
    await add.fill(publicBody);
    await pickActor(participants, new RegExp(`Choisir ${publicBody}`));
    await participants.getByRole('combobox').nth(1).selectOption('speaker');
    await page.getByLabel('Diagnostic').fill('Recherche de partenaires pour essaimer en Isère');
    await expectValue(page.getByLabel('Diagnostic'), 'Recherche de partenaires pour essaimer en Isère');
    await expectAccessible(page, 'formulaire d’action (accompagnement)');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Accompagnement de l’essaimage', exact: true }).waitFor();
    await page.getByText(`${company} — Partenaire`).waitFor();
    await page.getByText(`${publicBody} — Intervenant`).waitFor();
    const saved = (await coordinator.api.get<Support>(path)).body;
    expect(saved.support).toMatchObject({
      supportedActorId: eco.association,
      diagnosis: 'Recherche de partenaires pour essaimer en Isère',
    });
    expect(saved.participants.map(({ actorId, role }) => ({ actorId, role }))).toEqual(
      expect.arrayContaining([
        { actorId: eco.company, role: 'partner' },
        { actorId: eco.publicBody, role: 'speaker' },
      ]),
    );
    expect(saved.participants).toHaveLength(2);

    // The partner made the organisation supported: refused on the participants, in the API's words, nothing sent.
    await page.goto(`/t/${territoryId}/actions/${created.body.id}/modifier`);
    await page.getByRole('button', { name: 'Changer d’organisation' }).click();
    await page.getByLabel('Organisation accompagnée').fill(company);
    await pickActor(page, new RegExp(`Choisir ${company}`));
    await page.getByText(`Organisation accompagnée : ${company}`).waitFor();
    const refusal = `${company} est l’organisation accompagnée : elle ne peut pas figurer aussi parmi les participants.`;
    await participants.getByText(refusal).waitFor();
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    // Not sent: the form focuses the participants' search field, which says why.
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-invalid') === 'true');
    expect((await coordinator.api.get<Support>(path)).body).toEqual(saved);
    await participants.getByRole('button', { name: `Retirer ${company}` }).click();
    await participants.getByText(refusal).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Accompagnement de l’essaimage', exact: true }).waitFor();
    const swapped = (await coordinator.api.get<Support>(path)).body;
    expect(swapped.support.supportedActorId).toBe(eco.company);
    expect(swapped.participants.map(({ actorId, role }) => ({ actorId, role }))).toEqual([
      { actorId: eco.publicBody, role: 'speaker' },
    ]);
    expectNoConsoleErrors(session, 'support form');
    await session.context.close();
  }, 120_000);

  it('a coordinator moves an alliance through the kanban, offered only the moves the lifecycle allows', async () => {
    const coordinator = fixture.a.coordinator;
    const session = await openConsole(web, { user: coordinator });
    const { page } = session;
    await page.goto(`/t/${territoryId}/alliances`);
    await page.getByRole('heading', { level: 1, name: 'Alliances' }).waitFor();
    const proposed = page.getByRole('region', { name: /^Proposée/ });
    const patronage = card(proposed, 'Mécénat de compétences numériques');
    await patronage.waitFor();
    await patronage.getByRole('button', { name: 'Accepter la discussion' }).waitFor();
    await expectTexts(patronage.getByRole('button'), ['Accepter la discussion', 'Décliner', 'Retirer la proposition']);
    // A proposal cannot become active before it is discussed: not offered.
    await expectCount(patronage.getByRole('button', { name: 'Activer l’alliance' }), 0);
    const active = card(page.getByRole('region', { name: /^Active/ }), 'Coopération pour l’insertion');
    await active.waitFor();
    await expectTexts(active.getByRole('button'), ['Terminer l’alliance']);
    await expectAccessible(page, 'kanban des alliances');

    // A cancelled move's note does not come back with the next one.
    await patronage.getByRole('button', { name: 'Accepter la discussion' }).click();
    await page.getByRole('dialog').getByLabel('Note').fill('Brouillon abandonné');
    await page.getByRole('dialog').getByRole('button', { name: 'Annuler' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await patronage.getByRole('button', { name: 'Accepter la discussion' }).click();
    await expectValue(page.getByRole('dialog').getByLabel('Note'), '');
    await page.getByRole('dialog').getByLabel('Note').fill('Rencontre prévue en juin');
    await confirmMove(page);
    // The card leaves its column with the button: focus follows it to its new column.
    await page.waitForFunction(
      () => document.activeElement?.getAttribute('data-alliance-status') === 'under_discussion',
    );
    const discussed = card(page.getByRole('region', { name: /^En discussion/ }), 'Mécénat de compétences numériques');
    await discussed.getByRole('button', { name: 'Activer l’alliance' }).waitFor();
    await expectCount(discussed.getByRole('button', { name: 'Accepter la discussion' }), 0);
    await expectCount(card(proposed, 'Mécénat de compétences numériques'), 0);
    const stored = await coordinator.api.get<{ status: string; transitions: { note: string | null }[] }>(
      `/territories/${territoryId}/alliances/${eco.allianceId}`,
    );
    expect(stored.body.status).toBe('under_discussion');
    expect(stored.body.transitions.at(-1)?.note).toBe('Rencontre prévue en juin');

    // Filtered by mode: the economic cooperation leaves the board.
    await page.getByLabel('Mode d’alliance').selectOption('patronage');
    await page.waitForURL(/mode=patronage/);
    await card(page, 'Coopération pour l’insertion').waitFor({ state: 'detached' });
    await card(page, 'Mécénat de compétences numériques').waitFor();
    await page.getByLabel('Mode d’alliance').selectOption('');
    await card(page, 'Coopération pour l’insertion').waitFor();
    await screenshot(page, 'alliances-kanban');
    expectNoConsoleErrors(session, 'kanban');
    await session.context.close();
  }, 60_000);

  it('a coordinator corrects an alliance: its title and parties while proposed, only its terms once active', async () => {
    const coordinator = fixture.a.coordinator;
    const base = `/territories/${territoryId}/alliances`;
    const created = await coordinator.api.post<{ id: string }>(base, {
      title: 'Ateliers vélo solidares',
      parties: [{ actorId: eco.company }, { actorId: eco.association }],
      modes: ['economic_cooperation'],
    });
    expect(created.status).toBe(201);
    const session = await openConsole(web, { user: coordinator });
    const { page } = session;
    await page.goto(`/t/${territoryId}/alliances/${created.body.id}`);
    await page.getByRole('heading', { level: 1, name: 'Ateliers vélo solidares' }).waitFor();
    await page.getByRole('link', { name: 'Modifier l’alliance' }).click();
    await page.getByRole('heading', { level: 1, name: 'Modifier « Ateliers vélo solidares »' }).waitFor();
    // The form holds the alliance as it is.
    await expectValue(page.getByLabel(/^Intitulé/), 'Ateliers vélo solidares');
    await expectChecked(page.getByLabel('Coopération économique'), true);
    await page.getByLabel(/^Intitulé/).fill('Ateliers vélo solidaires');
    await page.getByLabel('Ajouter une partie').fill('Mission');
    await pickActor(page, /Choisir Mission locale de Lyon 1/);
    await page.getByLabel('Rôle de Mission locale de Lyon 1').fill('orientation des jeunes');
    await page.getByLabel('Début').fill('2026-03-02');
    // A planned end before the start is refused before sending: said at the end date, which takes the focus.
    await page.getByLabel('Fin prévue').fill('2026-03-01');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'endDate');
    await expectCount(page.getByText('La date de fin doit suivre la date de début.'), 1);
    await page.getByLabel('Fin prévue').fill('');
    // The API's refusal is said once, at its field; the summary above points there.
    await page.getByLabel(/^Intitulé/).fill(' ');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await page.getByRole('alert').getByText('Vérifiez les champs signalés ci-dessous.').waitFor();
    await expectCount(page.getByText('Ce champ ne doit pas être vide.'), 1);
    const unchanged = await coordinator.api.get<{ title: string; endDate: string | null }>(
      `${base}/${created.body.id}`,
    );
    expect(unchanged.body).toMatchObject({ title: 'Ateliers vélo solidares', endDate: null });
    await page.getByLabel(/^Intitulé/).fill('Ateliers vélo solidaires');
    await expectAccessible(page, 'modifier une alliance proposée');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    // The confirmation first: it leaves after 6 s, while the alliance's page may still be loading.
    await page.getByText('L’alliance « Ateliers vélo solidaires » est enregistrée.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Ateliers vélo solidaires' }).waitFor();
    await expectTextContaining(
      page.getByRole('listitem').filter({ hasText: 'Mission locale de Lyon 1' }),
      'rôle : orientation des jeunes',
    );
    await page.getByText('depuis le 2 mars 2026').waitFor();

    // Active: the parties are fixed (no search, no removal), the terms still correctable.
    for (const to of ['under_discussion', 'active']) {
      expect((await coordinator.api.post(`${base}/${created.body.id}/transitions`, { to })).status).toBe(200);
    }
    await page.reload();
    await page.getByText('Cette alliance a le statut « Active ».').waitFor();
    await page.getByRole('link', { name: 'Modifier l’alliance' }).click();
    await page.getByRole('heading', { level: 1, name: 'Modifier « Ateliers vélo solidaires »' }).waitFor();
    await page.getByText('Les parties d’une alliance active ou terminée ne changent plus').waitFor();
    await expectCount(page.getByLabel('Ajouter une partie'), 0);
    await expectCount(page.getByRole('button', { name: /^Retirer/ }), 0);
    await page.getByLabel('Fin prévue').fill('2026-12-31');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await page.getByText('L’alliance « Ateliers vélo solidaires » est enregistrée.').waitFor();
    await page.getByText('jusqu’au 31 déc. 2026', { exact: false }).waitFor();
    expectNoConsoleErrors(session, 'modifier une alliance');
    await session.context.close();
  }, 90_000);

  it('members propose, answer and evaluate an alliance; the side-by-side view flags their disagreement', async () => {
    const { coordinator } = fixture.a;
    const link = async (user: TestUser, actorId: string | null) => {
      const response = await coordinator.api.patch(`/territories/${territoryId}/members/${user.id}`, { actorId });
      expect(response.status).toBe(200);
    };
    const company = fixture.a.member;
    await link(company, eco.company);
    const association = await joinTerritory(
      coordinator.api,
      fixture.anonymous,
      territoryId,
      'membre.passerelles@maillage.test',
      'member',
      'Camille Durand',
    );
    await link(association, eco.association);
    const unlinked = await joinTerritory(
      coordinator.api,
      fixture.anonymous,
      territoryId,
      'membre.sans-lien@maillage.test',
      'member',
    );

    // A member linked to no organisation is told why and what to do.
    const nobody = await openConsole(web, { user: unlinked });
    await nobody.page.goto(`/t/${territoryId}`);
    await nobody.page.waitForURL(/mon-organisation/);
    await nobody.page.getByText('Votre compte n’est rattaché à aucune organisation.').waitFor();
    await expectAccessible(nobody.page, 'mon organisation (sans rattachement)');
    expectNoConsoleErrors(nobody, 'sans rattachement');
    await nobody.context.close();

    // The company's member proposes an alliance to the association.
    const companySession = await openConsole(web, { user: company });
    const cp = companySession.page;
    await cp.goto(`/t/${territoryId}/mon-organisation`);
    await cp.getByRole('heading', { level: 1, name: 'Mon organisation' }).waitFor();
    await cp.getByText('Atelier Numérique Lyonnais 1 — Entreprise').waitFor();
    await card(cp, 'Mécénat de compétences numériques').waitFor();
    await expectAccessible(cp, 'mon organisation');
    await cp.getByRole('link', { name: 'Proposer une alliance' }).click();
    await cp.getByRole('heading', { level: 1, name: 'Proposer une alliance' }).waitFor();
    await cp.getByRole('button', { name: 'Envoyer la proposition' }).click();
    // Each of the API's messages is said once, at its field: the summary only points there.
    await cp.getByRole('alert').getByText('Vérifiez les champs signalés ci-dessous.').waitFor();
    await expectCount(cp.getByRole('alert').getByRole('listitem'), 0);
    await expectCount(cp.getByText('Ce champ ne doit pas être vide.'), 1);
    await cp.getByLabel('Avec quelle organisation ?').fill('Passerelles');
    await pickActor(cp, /Choisir Passerelles Emploi Villeurbanne 1/);
    await cp.getByLabel('Rôle de Passerelles Emploi Villeurbanne 1').fill('bénéficiaire');
    await cp.getByLabel('Intitulé', { exact: false }).fill('Parrainage numérique des jeunes');
    await cp.getByLabel('Mécénat', { exact: true }).check();
    await cp.getByLabel('De compétences').check();
    await cp.getByLabel('Description', { exact: false }).fill('Nos développeurs forment les jeunes accompagnés.');
    await expectAccessible(cp, 'proposer une alliance');
    await cp.getByRole('button', { name: 'Envoyer la proposition' }).click();
    await cp.getByRole('heading', { level: 1, name: 'Parrainage numérique des jeunes' }).waitFor();
    await cp.getByText('Cette alliance a le statut « Proposée ».').waitFor();
    await cp.getByRole('button', { name: 'Retirer la proposition' }).waitFor();
    // The proposer cannot accept its own proposal.
    await expectCount(cp.getByRole('button', { name: 'Accepter la discussion' }), 0);
    const allianceId = cp.url().split('/').pop() as string;
    await cp.getByRole('link', { name: '← Mon organisation' }).click();
    const sent = cp.locator('section.member-group', {
      has: cp.getByRole('heading', { level: 2, name: /^Propositions envoyées/ }),
    });
    await card(sent, 'Parrainage numérique des jeunes').waitFor();
    await expectTexts(card(sent, 'Parrainage numérique des jeunes').getByRole('button'), ['Retirer la proposition']);
    await screenshot(cp, 'member-home');
    const created = await coordinator.api.get<{ status: string; proposerActorId: string; patronageKinds: string[] }>(
      `/territories/${territoryId}/alliances/${allianceId}`,
    );
    expect(created.body).toMatchObject({
      status: 'proposed',
      proposerActorId: eco.company,
      patronageKinds: ['skills'],
    });

    // The association's member, on a phone, finds it among the proposals received and accepts to discuss it.
    const associationSession = await openConsole(web, { user: association, width: 390, height: 844 });
    const ap = associationSession.page;
    await ap.goto(`/t/${territoryId}/mon-organisation`);
    await ap.getByRole('heading', { level: 1, name: 'Mon organisation' }).waitFor();
    await ap.getByText('Une proposition attend votre réponse.').waitFor();
    const received = ap.locator('section.member-group', {
      has: ap.getByRole('heading', { level: 2, name: /^Propositions reçues/ }),
    });
    const proposal = card(received, 'Parrainage numérique des jeunes');
    await expectTexts(proposal.getByRole('button'), ['Accepter la discussion', 'Décliner']);
    await expectNoHorizontalOverflow(ap);
    await expectAccessible(ap, 'mon organisation (mobile)');
    await proposal.getByRole('button', { name: 'Accepter la discussion' }).click();
    await confirmMove(ap);
    const discussion = ap.locator('section.member-group', {
      has: ap.getByRole('heading', { level: 2, name: /^En discussion/ }),
    });
    await card(discussion, 'Parrainage numérique des jeunes').waitFor();
    await expectCount(card(received, 'Parrainage numérique des jeunes'), 0);

    // The coordination activates it.
    const coordinatorSession = await openConsole(web, { user: coordinator });
    const co = coordinatorSession.page;
    await co.goto(`/t/${territoryId}/alliances/${allianceId}`);
    await co.getByRole('heading', { level: 1, name: 'Parrainage numérique des jeunes' }).waitFor();
    await co.getByText('L’évaluation est possible une fois l’alliance active.').waitFor();
    await co.getByRole('button', { name: 'Activer l’alliance' }).click();
    await confirmMove(co);
    await co.getByText('Cette alliance a le statut « Active ».').waitFor();
    expectNoConsoleErrors(coordinatorSession, 'activation');
    await coordinatorSession.context.close();

    // Each party evaluates for itself; they disagree on what the alliance produces.
    const evaluate = async (page: Page, scores: Record<string, number>) => {
      await page.goto(`/t/${territoryId}/alliances/${allianceId}`);
      await page.getByRole('heading', { level: 3, name: 'Évaluer l’alliance' }).waitFor();
      await expectCount(page.getByLabel('Partie qui évalue'), 0);
      for (const [object, score] of Object.entries(scores)) {
        await page
          .getByRole('group', { name: object })
          .getByRole('radio', { name: new RegExp(`^${score} `) })
          .check();
      }
      await page.getByRole('button', { name: 'Enregistrer l’évaluation' }).click();
      await page.getByText(/Cette partie a déjà évalué cette période/).waitFor();
    };
    await evaluate(cp, { 'Produit de l’alliance': 5, 'Équilibre de la relation': 4, 'Valeur des contributions': 5 });
    await cp.getByText('Une seule partie a évalué cette période', { exact: false }).waitFor();
    await evaluate(ap, { 'Produit de l’alliance': 2, 'Équilibre de la relation': 4, 'Valeur des contributions': 4 });
    await ap.getByText('Désaccord entre les parties.').waitFor();
    await ap.getByText('Écart de 2 points ou plus sur : Produit de l’alliance.').waitFor();
    const product = ap.getByRole('row', { name: /Produit de l’alliance/ });
    await expectTextContaining(product, 'Désaccord : 3 points d’écart');
    const balance = ap.getByRole('row', { name: /Équilibre de la relation/ });
    await expectTextContaining(balance, '0 point');
    await expectAccessible(ap, 'évaluations (mobile)');
    expectNoConsoleErrors(associationSession, 'association');
    await associationSession.context.close();

    await cp.reload();
    await cp.getByText('Désaccord entre les parties.').waitFor();
    await cp.locator('#evaluation').scrollIntoViewIfNeeded();
    await expectAccessible(cp, 'évaluations');
    await screenshot(cp, 'alliance-evaluations');
    const evaluations = await coordinator.api.get<{ disagreements: string[]; parties: unknown[] }[]>(
      `/territories/${territoryId}/alliances/${allianceId}/evaluations`,
    );
    expect(evaluations.body[0]?.parties).toHaveLength(2);
    expect(evaluations.body[0]?.disagreements).toEqual(['product']);
    expectNoConsoleErrors(companySession, 'entreprise');
    await companySession.context.close();

    // The coordination switches between the parties: each one's saved scores and comment come up.
    const reviewSession = await openConsole(web, { user: coordinator });
    const rp = reviewSession.page;
    await rp.goto(`/t/${territoryId}/alliances/${allianceId}`);
    await rp.getByRole('heading', { level: 3, name: 'Évaluer l’alliance' }).waitFor();
    const productScore = (page: Page, score: number) =>
      page.getByRole('group', { name: 'Produit de l’alliance' }).getByRole('radio', { name: new RegExp(`^${score} `) });
    await rp.getByLabel('Partie qui évalue').selectOption({ label: 'Atelier Numérique Lyonnais 1' });
    await expectChecked(productScore(rp, 5));
    await rp.getByLabel('Partie qui évalue').selectOption({ label: 'Passerelles Emploi Villeurbanne 1' });
    await expectChecked(productScore(rp, 2));
    await rp.getByLabel('Partie qui évalue').selectOption({ label: 'Atelier Numérique Lyonnais 1' });
    await expectChecked(productScore(rp, 5));
    expectNoConsoleErrors(reviewSession, 'coordination');
    await reviewSession.context.close();
  }, 120_000);

  it('parties agree to activate an alliance; an unlinked member asks to be linked, and the coordination accepts', async () => {
    const { coordinator } = fixture.a;
    const base = `/territories/${territoryId}`;
    const member = await joinTerritory(
      coordinator.api,
      fixture.anonymous,
      territoryId,
      'accord.atelier@maillage.test',
      'member',
    );
    expect((await coordinator.api.patch(`${base}/members/${member.id}`, { actorId: eco.company })).status).toBe(200);
    const created = await coordinator.api.post<{ id: string }>(`${base}/alliances`, {
      title: 'Atelier de réparation solidaire',
      parties: [{ actorId: eco.company }, { actorId: eco.association }],
      modes: ['economic_cooperation'],
    });
    await coordinator.api.post(`${base}/alliances/${created.body.id}/transitions`, { to: 'under_discussion' });

    // The company's member gives its organisation's agreement; the association's is awaited.
    const session = await openConsole(web, { user: member });
    const { page } = session;
    await page.goto(`/t/${territoryId}/alliances/${created.body.id}`);
    await page.getByRole('heading', { level: 2, name: 'Accord des parties' }).waitFor();
    await expectCount(page.getByRole('button', { name: 'Activer l’alliance' }), 0);
    await page.getByRole('button', { name: 'Donner l’accord de mon organisation' }).click();
    await page.getByText('Votre accord est enregistré.').waitFor();
    await page.getByText('Un accord est encore attendu.').waitFor();
    await expectCount(page.getByRole('button', { name: 'Donner l’accord de mon organisation' }), 0);
    await expectAccessible(page, 'accord des parties');
    expectNoConsoleErrors(session, 'accord');
    await session.context.close();

    // The coordination records the association's agreement on its behalf: the alliance is active.
    const co = await openConsole(web, { user: coordinator });
    await co.page.goto(`/t/${territoryId}/alliances/${created.body.id}`);
    await co.page.getByRole('button', { name: /Enregistrer l’accord de Passerelles Emploi Villeurbanne 1/ }).click();
    await co.page.getByText('Cette alliance a le statut « Active ».').waitFor();
    await co.page.getByText(/accord enregistré par la coordination/).waitFor();

    // A member linked to no organisation asks, in words; the coordination links them from « Demandes ».
    const newcomer = await joinTerritory(
      coordinator.api,
      fixture.anonymous,
      territoryId,
      'sans.fiche@maillage.test',
      'member',
    );
    const asking = await openConsole(web, { user: newcomer });
    await asking.page.goto(`/t/${territoryId}/mon-organisation`);
    await asking.page.getByLabel('Message à la coordination').fill('Je travaille à la mission locale.');
    const search = asking.page.getByRole('combobox', { name: 'Mon organisation dans l’annuaire' });
    await search.fill('Mission locale');
    await asking.page.getByRole('option', { name: /Mission locale de Lyon 1/ }).click();
    await asking.page.getByRole('button', { name: 'Demander le rattachement' }).click();
    await asking.page.getByText(/attend la coordination/).waitFor();
    await expectAccessible(asking.page, 'mon organisation (demande de rattachement)');
    expectNoConsoleErrors(asking, 'demande de rattachement');
    await asking.context.close();

    await co.page.goto(`/t/${territoryId}/demandes`);
    await co.page.getByRole('heading', { level: 1, name: 'Demandes' }).waitFor();
    const queue = co.page.locator('section', {
      has: co.page.getByRole('heading', { name: /^Demandes de rattachement/ }),
    });
    await queue
      .locator('strong')
      .filter({ hasText: /sans\.fiche pour « Mission locale de Lyon 1 »/ })
      .waitFor();
    await expectAccessible(co.page, 'demandes');
    await queue.getByRole('button', { name: /^Accepter/ }).click();
    await co.page.getByText('La demande est acceptée.').waitFor();
    const me = await newcomer.api.get<{ memberships: { actorId: string | null }[] }>('/me');
    expect(me.body.memberships[0]?.actorId).toBe(eco.publicBody);
    expectNoConsoleErrors(co, 'demandes');
    await co.context.close();
  }, 120_000);

  it('the coordination discusses an alliance: a message with a link and a mention chosen from the autocomplete', async () => {
    const coordinator = fixture.a.coordinator;
    const colleague = await joinTerritory(
      coordinator.api,
      fixture.anonymous,
      territoryId,
      'camille.riviere@maillage.test',
      'coordinator',
      'Camille Rivière',
    );
    const session = await openConsole(web, { user: coordinator });
    const { page } = session;
    await page.goto(`/t/${territoryId}/alliances/${eco.allianceId}`);
    const thread = page.getByRole('region', { name: 'Discussion' });
    await thread.getByText('Aucun message pour l’instant').waitFor();
    const box = thread.getByRole('combobox', { name: 'Votre message' });
    await box.click();
    await box.pressSequentially('Compte rendu : https://exemple.fr/cr. Merci @rivi');
    await page.getByRole('option', { name: /Camille Rivière/ }).waitFor();
    await expectAttribute(box, 'aria-expanded', 'true');
    await box.press('Enter');
    await expectValue(box, 'Compte rendu : https://exemple.fr/cr. Merci @Camille Rivière ');
    await thread.getByRole('button', { name: 'Envoyer' }).click();
    const message = thread.getByRole('listitem').filter({ hasText: 'Compte rendu' });
    await message.waitFor();
    await expectAttribute(
      message.getByRole('link', { name: 'https://exemple.fr/cr' }),
      'rel',
      'noopener noreferrer nofollow',
    );
    await message.getByText('@Camille Rivière').waitFor();
    await expectValue(box, '');
    await expectAccessible(page, 'discussion d’une alliance');
    const stored = await coordinator.api.get<{ items: { body: string }[] }>(
      `/territories/${territoryId}/alliances/${eco.allianceId}/comments`,
    );
    expect(stored.body.items.map((item) => item.body)).toEqual([
      `Compte rendu : https://exemple.fr/cr. Merci @[Camille Rivière](${colleague.id})`,
    ]);
    expectNoConsoleErrors(session, 'discussion');
    await session.context.close();
  }, 120_000);
  it('a member edits its profile: public fields apply at once, the name waits for the coordination, and the timeline tells it all', async () => {
    const { coordinator } = fixture.a;
    const base = `/territories/${territoryId}`;
    const member = await joinTerritory(
      coordinator.api,
      fixture.anonymous,
      territoryId,
      'fiche.atelier@maillage.test',
      'member',
      'Léa Fontaine',
    );
    expect((await coordinator.api.patch(`${base}/members/${member.id}`, { actorId: eco.company })).status).toBe(200);

    const session = await openConsole(web, { user: member });
    const { page } = session;
    await page.goto(`/t/${territoryId}/mon-organisation`);
    const profile = page.locator('section', {
      has: page.getByRole('heading', { level: 2, name: 'Fiche de mon organisation' }),
    });
    await profile.getByRole('textbox', { name: 'Description' }).waitFor();
    // Every field the member may change is offered: the public ones, then those the coordination reviews.
    for (const name of [/^Adresse/, /^Latitude/, /^Longitude/, /^Site web/, /^Mots-clés/, /^Nom/, /^SIRET/]) {
      await profile.getByRole('textbox', { name }).waitFor();
    }
    await profile.getByRole('combobox', { name: /^Catégorie/ }).waitFor();
    await profile.getByRole('group', { name: 'Fragilités', exact: true }).waitFor();
    await profile.getByRole('heading', { name: 'Contacts' }).waitFor();

    // A wrong identifier is caught before anything is sent.
    const siret = profile.getByRole('textbox', { name: /^SIRET/ });
    await siret.fill('123');
    // Leaving the field shows its message (the button moves down): then save.
    await siret.press('Tab');
    await profile.getByText('Le SIRET compte 14 chiffres.').waitFor();
    await profile.getByRole('button', { name: 'Enregistrer' }).click();
    // Said once, at the field: the summary points there.
    await profile.getByRole('alert').getByText('Vérifiez les champs signalés ci-dessous.').waitFor();
    await expectCount(profile.getByText('Le SIRET compte 14 chiffres.'), 1);
    await page.reload();
    await profile.getByRole('textbox', { name: 'Description' }).waitFor();

    await profile
      .getByRole('textbox', { name: 'Description' })
      .fill('Réparation d’ordinateurs et ateliers numériques.');
    await profile.getByRole('textbox', { name: /^Site web/ }).fill('https://atelier-numerique.example.fr');
    await profile.getByRole('textbox', { name: /^Latitude/ }).fill('45,7712');
    await profile.getByRole('textbox', { name: /^Longitude/ }).fill('4,8321');
    await profile.getByRole('button', { name: 'Enregistrer' }).click();
    await profile
      .getByText('Appliqué tout de suite : Description, Site web, Coordonnées (latitude, longitude).')
      .waitFor();
    await expectCount(profile.getByText(/en attente de son examen/), 0);

    await profile.getByRole('textbox', { name: /^Nom/ }).fill('Atelier Numérique des Pentes');
    await profile.getByRole('button', { name: 'Enregistrer' }).click();
    await profile.getByText('Envoyé à la coordination, en attente de son examen : Nom.').waitFor();
    await profile.getByText('Nom : Atelier Numérique Lyonnais 1 → Atelier Numérique des Pentes').waitFor();
    await expectAccessible(page, 'fiche de mon organisation');
    expectNoConsoleErrors(session, 'fiche de mon organisation');
    await session.context.close();

    // The coordination reads the change in words, and accepts it.
    const co = await openConsole(web, { user: coordinator });
    await co.page.goto(`/t/${territoryId}/demandes`);
    const queue = co.page.locator('section', {
      has: co.page.getByRole('heading', { name: /^Modifications de fiche/ }),
    });
    const item = queue.getByRole('listitem').filter({ hasText: 'Atelier Numérique des Pentes' });
    await item.getByText('Nom : Atelier Numérique Lyonnais 1 → Atelier Numérique des Pentes').waitFor();
    await item.getByRole('button', { name: /^Accepter/ }).click();
    await co.page.getByText('La demande est acceptée.').waitFor();

    // The actor's page: the new name, and each move in its timeline (who, which fields, in words).
    await co.page.goto(`/t/${territoryId}/annuaire/${eco.company}`);
    await co.page.getByRole('heading', { level: 1, name: 'Atelier Numérique des Pentes' }).waitFor();
    const timeline = co.page.locator('section', { has: co.page.getByRole('heading', { name: 'Historique' }) });
    const entry = (text: string) => timeline.getByRole('listitem').filter({ hasText: text });
    await entry('Fiche modifiée : Description, Site web, Coordonnées (latitude, longitude)').waitFor();
    await entry('Modification demandée à la coordination : Nom').waitFor();
    await entry('Modification acceptée : Nom').waitFor();
    await expectCount(timeline.getByText(/par Léa Fontaine/), 2);
    await expectCount(timeline.getByText(/description,|website|latitude:|name :/), 0);
    await expectAccessible(co.page, 'historique d’un acteur');
    expectNoConsoleErrors(co, 'demandes et historique');
    await co.context.close();
  }, 120_000);

  it('a link request describing its organisation in words: the coordination picks the actor in the directory, then accepts', async () => {
    const { coordinator } = fixture.a;
    const base = `/territories/${territoryId}`;
    const newcomer = await joinTerritory(
      coordinator.api,
      fixture.anonymous,
      territoryId,
      'decrite.seulement@maillage.test',
      'member',
    );
    const asked = await newcomer.api.post(`${base}/link-requests`, {
      message: 'Je suis conseillère à la mission locale du 1er arrondissement.',
    });
    expect(asked.status).toBe(201);

    const co = await openConsole(web, { user: coordinator });
    await co.page.goto(`/t/${territoryId}/demandes`);
    const queue = co.page.locator('section', {
      has: co.page.getByRole('heading', { name: /^Demandes de rattachement/ }),
    });
    const item = queue.getByRole('listitem').filter({ hasText: 'mission locale du 1er arrondissement' });
    await item.getByText(/choisissez-la dans l’annuaire \(ou créez-la\) avant d’accepter/).waitFor();
    await expectAttribute(
      item.getByRole('link', { name: 'Créer l’organisation dans l’annuaire (nouvel onglet)' }),
      'href',
      `/t/${territoryId}/annuaire/nouveau`,
    );
    // Accepting without an organisation is refused, on the picker.
    await item.getByRole('button', { name: /^Accepter/ }).click();
    await item.getByText('organisation attendue').waitFor();
    await item.getByRole('combobox', { name: /^Organisation à rattacher/ }).fill('Mission locale');
    await co.page.getByRole('option', { name: /Mission locale de Lyon 1/ }).click();
    await expectAccessible(co.page, 'demandes (organisation choisie)');
    await item.getByRole('button', { name: /^Accepter/ }).click();
    await co.page.getByText('La demande est acceptée.').waitFor();
    const me = await newcomer.api.get<{ memberships: { actorId: string | null }[] }>('/me');
    expect(me.body.memberships[0]?.actorId).toBe(eco.publicBody);
    expectNoConsoleErrors(co, 'demande de rattachement décrite');
    await co.context.close();
  }, 120_000);
});
