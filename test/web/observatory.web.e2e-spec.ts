import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { currentMonth, shiftMonth } from '@maillage/observatory';
import { createTenancyFixture, ownerQuery, runObservatoryRollup, type TenancyFixture } from '@maillage/testing';
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
  expectNoHorizontalOverflow,
  expectText,
  expectTextNotMatching,
  expectTexts,
  expectValue,
} from '../support/expect-web.js';
import { insertStudy } from '../support/study-answers.js';

interface Cell {
  dimension: string;
  period: string;
  value: number | null;
  suppressed: boolean;
}
interface Indicators {
  area: { name: string };
  period: string;
  indicators: { id: string; values: Cell[] }[];
}

/** "83,3 %": how the console writes a share in French. */
const percent = (share: number): string =>
  share.toLocaleString('fr-FR', { style: 'percent', maximumFractionDigits: 1 });

/** "Octobre 2026": how the console names a month in French. */
function frenchMonth(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const label = new Date(year, month - 1, 1).toLocaleDateString('fr-FR', { month: 'long', year: 'numeric' });
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/**
 * Two sharing workspaces of Auvergne-Rhône-Alpes: Métropole de Lyon (Rhône: 11
 * associations, 6 of them employing, 10 companies, an active alliance, 6
 * animations) and Grenoble-Alpes Métropole (Isère: 8 associations and 2
 * foundations, a count the observatory must hide as "< 5").
 */
// The fixture's figures are this month's; the console opens on the last complete month.
const thisMonth = currentMonth();
const lastMonth = shiftMonth(thisMonth, 1);

describeInBrowser('web console: national observatory and territory benchmark', () => {
  let web: WebApp;
  let f: TenancyFixture;

  async function actors(
    territoryId: string,
    count: number,
    category: string,
    extra: { employer?: boolean; sizeClass?: string } = {},
  ): Promise<string[]> {
    const rows = await ownerQuery<{ id: string }>(
      web.t.runtime,
      `insert into actors (territory_id, category, name, employer, size_class)
       select $1, $2, $2 || ' ' || g, $3, $4 from generate_series(1, $5) g returning id`,
      [territoryId, category, extra.employer ?? null, extra.sizeClass ?? null, count],
    );
    return rows.map((row) => row.id);
  }

  async function indicators(level: string, code: string): Promise<Indicators> {
    const response = await f.observer.api.get<Indicators>(`/observatory/areas/${level}/${code}/indicators`, {
      period: thisMonth,
    });
    expect(response.status).toBe(200);
    return response.body;
  }
  /** The first test publishes through the console; the others need a publication even when run alone. */
  async function ensurePublished(): Promise<void> {
    if ((await f.observer.api.get('/observatory/publication')).status === 404) await runObservatoryRollup(f.admin.api);
  }
  const cellOf = (data: Indicators, indicator: string, dimension: string): Cell | undefined =>
    data.indicators.find((item) => item.id === indicator)?.values.find((value) => value.dimension === dimension);

  beforeAll(async () => {
    web = await startWebApp();
    f = await createTenancyFixture(web.t);
    const associations = await actors(f.a.id, 6, 'association', { employer: true });
    await actors(f.a.id, 5, 'association', { employer: false });
    await actors(f.a.id, 5, 'company', { sizeClass: 'micro' });
    await actors(f.a.id, 5, 'company', { sizeClass: 'sme' });
    const [alliance] = await ownerQuery<{ id: string }>(
      web.t.runtime,
      `insert into alliances (territory_id, title, status, modes) values ($1, 'Alliance', 'active', '{patronage}') returning id`,
      [f.a.id],
    );
    await ownerQuery(
      web.t.runtime,
      `insert into alliance_parties (territory_id, alliance_id, actor_id) select $1, $2, unnest($3::uuid[])`,
      [f.a.id, alliance?.id, associations.slice(0, 2)],
    );
    await ownerQuery(
      web.t.runtime,
      `insert into alliance_transitions (territory_id, alliance_id, from_status, to_status, changed_at)
       values ($1, $2, null, 'proposed', now() - interval '1 minute'), ($1, $2, 'proposed', 'active', now())`,
      [f.a.id, alliance?.id],
    );
    await ownerQuery(
      web.t.runtime,
      `insert into actions (territory_id, type, title, start_date)
       select $1, 'animation', 'Forum ' || g, (now() at time zone 'Europe/Paris')::date from generate_series(1, 6) g`,
      [f.a.id],
    );
    await actors(f.b.id, 8, 'association');
    await actors(f.b.id, 2, 'foundation');
    // A territorial study in Lyon only: 10 associations (8 agreeing), 6 companies (5), 6 mayors (5 see innovation).
    await insertStudy(web.t.runtime, f.a.id, [
      { prism: 'association', n: 8, duty: 'agree' },
      { prism: 'association', n: 2, duty: 'disagree' },
      { prism: 'company', n: 5, duty: 'strongly_agree' },
      { prism: 'company', n: 1, duty: 'no_opinion' },
      { prism: 'public_body', n: 5, mayor: true, duty: 'agree', innovation: 'agree' },
      { prism: 'public_body', n: 1, mayor: true, duty: 'agree', innovation: 'disagree' },
    ]);
    for (const [territory, as] of [
      [f.a.id, f.a.coordinator.api],
      [f.b.id, f.admin.api],
    ] as const) {
      const response = await as.put(`/territories/${territory}/observatory-sharing`, { sharing: true });
      expect(response.status).toBe(200);
    }
  }, WEB_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await web?.close();
  }, WEB_SETUP_TIMEOUT_MS);

  it('lets a platform administrator publish from the empty observatory and follow the job to its end', async () => {
    const console = await openConsole(web, { user: f.admin });
    const { page } = console;
    await page.goto('/observatoire');
    await page.getByRole('heading', { level: 1, name: 'Indicateurs de l’observatoire' }).waitFor();
    await page.getByText('L’observatoire n’a encore rien publié').waitFor();
    await expectAccessible(page, 'observatoire vide');

    await page.getByRole('button', { name: 'Publier maintenant' }).click();
    await page.getByText('Publication terminée').waitFor({ timeout: 60_000 });
    await page.getByText(/2 territoires, [\d\s  ]+ chiffres dont/).waitFor();
    await page.getByText('Nouvelle publication de l’observatoire : 2 territoires pris en compte.').waitFor();
    // The page reloads with the new publication's figures.
    await page.getByRole('heading', { level: 3, name: 'Chiffres clés' }).waitFor();
    const publication = await f.observer.api.get<{ computedAt: string }>('/observatory/publication');
    expect(publication.status).toBe(200);
    await expectAccessible(page, 'observatoire publié (administration)');
    expectNoConsoleErrors(console, 'publication');
    await console.context.close();
  });

  it('shows an observer the national indicators, with small counts as "< 5", and drills down to a département', async () => {
    await ensurePublished();
    const france = await indicators('national', 'FR');
    const rhone = await indicators('departement', '69');
    const console = await openConsole(web, { user: f.observer });
    const { page } = console;
    await page.goto('/');
    await page.waitForURL('**/observatoire');
    await page.getByRole('heading', { level: 1, name: 'Indicateurs de l’observatoire' }).waitFor();
    // The last complete month first; the current one is offered, said to be running.
    await page.getByRole('heading', { level: 2, name: `France — ${frenchMonth(lastMonth)}` }).waitFor();
    const month = page.getByLabel('Mois', { exact: true });
    await expectValue(month, lastMonth);
    await expectText(month.locator(`option[value="${thisMonth}"]`), `${frenchMonth(thisMonth)} (en cours)`);
    await month.selectOption(thisMonth);
    expect(france.period).toBe(thisMonth);
    await page.getByRole('heading', { level: 2, name: `France — ${frenchMonth(thisMonth)} (en cours)` }).waitFor();

    // Key figures, as the API publishes them.
    const actorsCard = page.locator('.obs-stats li', { hasText: 'Acteurs cartographiés' });
    const total = cellOf(france, 'actors', 'total');
    expect(total?.value).toBe(31);
    await expectText(actorsCard.locator('.stat-value'), '31');
    // The detail table of actors: the 2 foundations are secret, shown "< 5", never 0.
    expect(cellOf(france, 'actors', 'category:foundation')).toMatchObject({ value: null, suppressed: true });
    const table = page.getByRole('table', { name: /Acteurs cartographiés/ });
    const foundations = table.getByRole('row', { name: /Fondations et fonds de dotation/ });
    await expectText(foundations.getByRole('cell').first(), /^< 5/, { inner: true });
    await expectAttribute(foundations.locator('.obs-suppressed'), 'title', /Secret statistique/);
    const associations = cellOf(france, 'actors', 'category:association');
    expect(associations?.value).toBe(19);
    await expectText(
      table
        .getByRole('row', { name: /^Associations \d/ })
        .getByRole('cell')
        .first(),
      '19',
    );
    await page.getByText('< 5 : valeur couverte par le secret statistique', { exact: false }).waitFor();
    await expectAccessible(page, 'observatoire (France)');
    await screenshot(page, 'observatory');

    // An observer has no territory menu and no territory switcher.
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    await expectTexts(nav.locator('.nav-section-title'), ['Observatoire national']);
    await expectCount(page.locator('#territory-switcher'), 0);

    // Drill down: région, then département.
    await page.getByLabel('Région').selectOption('84');
    await page.getByRole('heading', { level: 2, name: /^Auvergne-Rhône-Alpes — / }).waitFor();
    await page.getByLabel('Département').selectOption('69');
    await page.getByRole('heading', { level: 2, name: /^Rhône — / }).waitFor();
    await page.waitForURL(/region=84&departement=69/);
    await expectText(actorsCard.locator('.stat-value'), String(cellOf(rhone, 'actors', 'total')?.value));
    const breadcrumb = page.getByRole('navigation', { name: 'Zone affichée' });
    await expectText(breadcrumb, /France entière\s+Auvergne-Rhône-Alpes\s+Rhône/, { inner: true });
    await expectAccessible(page, 'observatoire (Rhône)');

    // Its monthly series, from the detail's link.
    await page.getByRole('link', { name: 'Voir son évolution mensuelle' }).click();
    await page.getByRole('heading', { level: 1, name: 'Évolution mensuelle' }).waitFor();
    await page.getByRole('heading', { level: 2, name: /Acteurs cartographiés .* — Rhône/ }).waitFor();
    const series = await f.observer.api.get<{ points: Cell[] }>('/observatory/areas/departement/69/series', {
      indicator: 'actors',
      dimension: 'total',
    });
    const current = series.body.points.find((point) => point.period === rhone.period);
    expect(current?.value).toBe(21);
    const seriesTable = page.getByRole('table', { name: /Acteurs cartographiés/ });
    await expectText(
      seriesTable.getByRole('row', { name: new RegExp(`^${frenchMonth(rhone.period)}`) }).getByRole('cell'),
      '21',
    );
    await expectAccessible(page, 'évolution mensuelle');
    expectNoConsoleErrors(console, 'observatoire');
    await console.context.close();
  });

  it('compares départements with a sortable table and downloads the CSV with semicolons', async () => {
    await ensurePublished();
    const compared = await f.observer.api.get<{
      period: string;
      areas: { code: string; name: string; values: Cell[] }[];
    }>('/observatory/compare', { level: 'departement', codes: '38,69', indicator: 'actors', period: thisMonth });
    expect(compared.status).toBe(200);
    const totalOf = (code: string) =>
      compared.body.areas.find((area) => area.code === code)?.values.find((cell) => cell.dimension === 'total')?.value;
    const console = await openConsole(web, { user: f.observer });
    const { page } = console;
    await page.goto('/observatoire');
    await page.getByRole('link', { name: 'Comparer des territoires' }).click();
    await page.getByRole('heading', { level: 1, name: 'Comparer des territoires' }).waitFor();
    await expectChecked(page.getByLabel('Isère (38)'));
    await expectChecked(page.getByLabel('Rhône (69)'));
    // The title says which month is compared: the last complete one, until another is chosen.
    await page
      .getByRole('heading', { level: 2, name: new RegExp(`comparaison du mois de ${frenchMonth(lastMonth)}$`, 'i') })
      .waitFor();
    await page.getByLabel('Mois', { exact: true }).selectOption(thisMonth);
    await page
      .getByRole('heading', {
        level: 2,
        name: new RegExp(`comparaison du mois de ${frenchMonth(thisMonth)} \\(en cours\\)$`, 'i'),
      })
      .waitFor();
    const table = page.getByRole('table', { name: /Acteurs cartographiés/ });
    await table.getByRole('row', { name: /Rhône/ }).waitFor();
    const rows = table.locator('tbody th');
    // Sorted by value, largest first: Rhône (21) before Isère (10).
    expect([totalOf('69'), totalOf('38')]).toEqual([21, 10]);
    await expectTexts(rows, ['Rhône', 'Isère']);
    await expectText(table.getByRole('row', { name: /Rhône/ }).getByRole('cell').nth(1), '21');
    await table.getByRole('button', { name: /Valeur/ }).click();
    await expectAttribute(table.getByRole('columnheader', { name: /Valeur/ }), 'aria-sort', 'ascending');
    await expectTexts(rows, ['Isère', 'Rhône']);
    await page.getByRole('heading', { level: 2, name: /^Acteurs cartographiés/ }).scrollIntoViewIfNeeded();
    await screenshot(page, 'observatory-compare');
    // Foundations: Isère's 2 are secret.
    await page.getByLabel('Déclinaison').selectOption('category:foundation');
    await table.getByRole('row', { name: /Isère/ }).getByText('< 5').waitFor();
    await expectAccessible(page, 'comparaison');

    // Fewer than two areas: an explanation instead of a chart.
    // (The address holds the choice: the box follows once the navigation is done, hence click, not uncheck.)
    await page.getByLabel('Isère (38)').click();
    await page.getByText('Cochez au moins deux zones pour les comparer.').waitFor();
    await page.getByLabel('Isère (38)').click();
    await table.getByRole('row', { name: /Isère/ }).waitFor();

    await expectValue(page.getByLabel('Séparateur'), ';');
    // One month (the whole publication takes long to stream on the embedded engine).
    await page.getByLabel('Du mois', { exact: true }).selectOption(compared.body.period);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page.getByRole('button', { name: 'Télécharger le CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('observatoire-maillage-departement.csv');
    const csv = await readFile((await download.path()) as string, 'utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'niveau;code;nom;indicateur;dimension;periode;valeur;secret;part;libelle_niveau;libelle_indicateur;libelle_dimension',
    );
    expect(
      lines.some(
        (line) =>
          line.startsWith('departement;69;Rhône;actors;total;') && line.includes(';21;non;') && line.endsWith(';Total'),
      ),
    ).toBe(true);
    await page.getByText('Le fichier CSV est téléchargé.').waitFor();
    expectNoConsoleErrors(console, 'comparaison');
    await console.context.close();
  });

  it('shows the territorial studies by prism beside PHARE’s reference values, and says when an area has none', async () => {
    await ensurePublished();
    const console = await openConsole(web, { user: f.observer });
    const { page } = console;
    await page.goto('/observatoire');
    await page.getByRole('link', { name: 'Études territoriales' }).click();
    await page.getByRole('heading', { level: 1, name: 'Études territoriales' }).waitFor();
    await page.getByRole('heading', { level: 2, name: /^France — réponses reçues de / }).waitFor();
    const duty = page.getByRole('table', { name: /devoir d’alliances/ });
    // Lyon's 10 associations, 8 agreeing (80 %), beside PHARE's 86 %; 5 of 6 companies (83,3 %) beside 81 %.
    await expectTexts(duty.getByRole('row', { name: /^Associations/ }).getByRole('cell'), [
      '10',
      '8',
      percent(0.8),
      percent(0.86),
    ]);
    await expectTexts(duty.getByRole('row', { name: /^Entreprises/ }).getByRole('cell'), [
      '6',
      '5',
      percent(5 / 6),
      percent(0.81),
    ]);
    // No inhabitant answered: a zero where a study ran is secret like a small count.
    await expectText(
      duty
        .getByRole('row', { name: /^Habitants/ })
        .getByRole('cell')
        .first(),
      /^< 5/,
      { inner: true },
    );
    await expectText(duty.getByRole('columnheader').last(), 'Référence PHARE 2015–2016');
    // Mayors: 5 of 6 see partnerships as a source of innovation, beside PHARE-Institutions' 87 %.
    const views = page.getByRole('table', { name: /regard des maires/ });
    await expectText(
      views
        .getByRole('row', { name: /source d’innovation/ })
        .getByRole('cell')
        .first(),
      `5 / 6 (${percent(5 / 6)})`,
    );
    await expectText(
      views
        .getByRole('row', { name: /source d’innovation/ })
        .getByRole('cell')
        .last(),
      percent(0.87),
    );
    await page.getByText('ne sont pas calculées à partir des données de Maillage', { exact: false }).waitFor();
    await expectAccessible(page, 'études territoriales (France)');
    await screenshot(page, 'observatory-studies');
    // Isère shares, but ran no study.
    await page.getByLabel('Région').selectOption('84');
    await page.getByLabel('Département').selectOption('38');
    await page.getByRole('heading', { level: 2, name: /^Isère — / }).waitFor();
    await page
      .getByText('Aucun territoire partageant ses données avec l’observatoire n’a encore recueilli de réponses')
      .waitFor();
    await expectAccessible(page, 'études territoriales (sans étude)');
    expectNoConsoleErrors(console, 'études territoriales');
    await console.context.close();
  });

  it('keeps an observer out of territory workspaces, and fits a 390 px phone', async () => {
    await ensurePublished();
    const console = await openConsole(web, { user: f.observer, width: 390, height: 844 });
    const { page } = console;
    // A territory's pages: « Espace introuvable » (as for any space one is not part of, existing or not),
    // never its rows; the way back leads to the observatory.
    for (const path of ['annuaire', 'se-comparer']) {
      await page.goto(`/t/${f.a.id}/${path}`);
      await page.getByRole('heading', { level: 1, name: 'Espace introuvable' }).waitFor();
      await expectTextNotMatching(page.locator('main'), /Métropole de Lyon|association 1/, { inner: true });
    }
    await page.getByRole('link', { name: 'Revenir à l’accueil' }).click();
    await page.waitForURL('**/observatoire');
    await page.getByRole('heading', { level: 1, name: 'Indicateurs de l’observatoire' }).waitFor();
    await expectTextNotMatching(page.locator('main'), /Métropole de Lyon|association 1/, { inner: true });
    await page.locator('.obs-stats').waitFor();
    // One address per page: the former `indicateurs` leads to the observatory's home.
    await page.goto('/observatoire/indicateurs');
    await page.waitForURL('**/observatoire');
    await page.locator('.obs-stats').waitFor();
    await expectNoHorizontalOverflow(page);
    await expectAccessible(page, 'observatoire (mobile)');
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Comparer des territoires' }).click();
    await page.getByRole('heading', { level: 1, name: 'Comparer des territoires' }).waitFor();
    await page.getByRole('table', { name: /Acteurs cartographiés/ }).waitFor();
    await expectNoHorizontalOverflow(page);
    // Open data: the export form and the data dictionary.
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Données ouvertes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Données ouvertes' }).waitFor();
    await page.getByRole('row', { name: /^engaged_actors Acteurs engagés/ }).waitFor();
    await page
      .getByText('Toute valeur comprise entre 0 et 4 est couverte par le secret statistique', { exact: false })
      .waitFor();
    await expectAccessible(page, 'données ouvertes (mobile)');
    await expectNoHorizontalOverflow(page);
    expectNoConsoleErrors(console, 'observatoire mobile');
    await console.context.close();
  });

  it('shows a coordinator the benchmark against similar territories, and explains when the territory does not share', async () => {
    await ensurePublished();
    const benchmark = await f.a.coordinator.api.get<{
      peerGroup: { name: string };
      lines: { indicator: string; dimension: string; own: number }[];
    }>(`/territories/${f.a.id}/benchmark`, { period: thisMonth });
    expect(benchmark.status).toBe(200);
    const own = benchmark.body.lines.find((line) => line.indicator === 'actors' && line.dimension === 'total')?.own;
    expect(own).toBe(21);
    const console = await openConsole(web, { user: f.a.coordinator });
    const { page } = console;
    await page.goto(`/t/${f.a.id}`);
    // The territory's home redirects to its first page once loaded: a click before that would be overridden.
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    await page.getByRole('link', { name: 'Se comparer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Se comparer à des territoires semblables' }).waitFor();
    await page.getByText('Votre territoire partage ses agrégats avec l’observatoire depuis le').waitFor();
    await page.getByText(benchmark.body.peerGroup.name).waitFor();
    // The last complete month first, said in the title; then this month's figures.
    await page
      .getByRole('heading', { level: 2, name: new RegExp(`mois de ${frenchMonth(lastMonth)}$`, 'i') })
      .waitFor();
    await page.getByLabel('Mois', { exact: true }).selectOption(thisMonth);
    await page
      .getByRole('heading', { level: 2, name: new RegExp(`mois de ${frenchMonth(thisMonth)} \\(en cours\\)$`, 'i') })
      .waitFor();
    const table = page.getByRole('table', { name: /Acteurs cartographiés/ });
    await expectText(
      table
        .getByRole('row', { name: /^Total/ })
        .getByRole('cell')
        .first(),
      String(own),
    );
    await expectAccessible(page, 'benchmark');
    await screenshot(page, 'benchmark');
    await page.getByLabel('Indicateur').selectOption('actions');
    await page
      .getByRole('table', { name: /Actions de co-construction/ })
      .getByRole('row', { name: /Animation/ })
      .waitFor();
    expectNoConsoleErrors(console, 'benchmark');
    await console.context.close();

    // Grenoble stops sharing: its coordinator is told, with the way to the sharing page.
    expect(
      (await f.b.coordinator.api.put(`/territories/${f.b.id}/observatory-sharing`, { sharing: false })).status,
    ).toBe(200);
    const other = await openConsole(web, { user: f.b.coordinator });
    await other.page.goto(`/t/${f.b.id}/se-comparer`);
    await other.page.getByText('Votre territoire ne partage pas ses agrégats avec l’observatoire national.').waitFor();
    await expectAttribute(
      other.page.getByRole('link', { name: 'Gérer le partage avec l’observatoire' }),
      'href',
      `/t/${f.b.id}/partage`,
    );
    await expectAccessible(other.page, 'benchmark (sans partage)');
    expectNoConsoleErrors(other, 'benchmark sans partage');
    await other.context.close();

    // A member does not see the entry.
    const member = await openConsole(web, { user: f.a.member });
    await member.page.goto(`/t/${f.a.id}/se-comparer`);
    await member.page.getByText('Votre rôle ne donne pas accès à cette page.').waitFor();
    await member.context.close();
  });
});
