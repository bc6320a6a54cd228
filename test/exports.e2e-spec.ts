import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { MultiUndirectedGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { FRENCH_LABELS } from '@maillage/ecosystem';
import {
  createTenancyFixture,
  engineKind,
  ownerQuery,
  seedEcosystem,
  waitForGraph,
  waitForImport,
  waitForReport,
  withLuhnKey,
  type ApiClient,
  type EcosystemFixture,
  type TenancyFixture,
  type TestApp,
} from '@maillage/testing';
import { startApi } from './support/app.js';

interface Report {
  id: string;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Exports that are safe and faithful in a French office suite: formula
 * injection neutralised, typed XLSX, French labels with the codes beside them,
 * file names, the round trip through the import, the activity report's
 * period, and the graph's communities.
 */
describe(`exports for French office suites (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;
  let eco: EcosystemFixture;
  let coordinator: ApiClient;
  let base: string;
  const siren = withLuhnKey('01234567');
  const siret = withLuhnKey(`${siren}0001`);
  let formulaActor: string;
  let midCap: string;
  let isolated: string;

  beforeAll(async () => {
    t = await startApi();
    f = await createTenancyFixture(t);
    coordinator = f.a.coordinator.api;
    base = `/territories/${f.a.id}`;
    eco = await seedEcosystem(coordinator, f.a.id);
    const created = async (path: string, body: object) => {
      const answer = await coordinator.post<{ id: string }>(`${base}${path}`, body);
      if (answer.status !== 201) throw new Error(`${path}: ${answer.status} ${answer.text}`);
      return answer.body.id;
    };
    // What a member may type: text that a spreadsheet would run as a formula.
    formulaActor = await created('/actors', {
      category: 'association',
      name: '=HYPERLINK("https://evil.example";"Cliquez")',
      communeCode: '69123',
      longitude: -1.5536,
      latitude: 47.2184,
    });
    midCap = await created('/actors', {
      category: 'company',
      name: 'Transports Rhodaniens',
      sizeClass: 'mid_cap',
      siren,
      siret,
      communeCode: '01053',
      foundedOn: '1998-05-04',
    });
    isolated = midCap;
    await created('/actions', {
      type: 'animation',
      title: '@SUM(1+1)',
      startDate: '2026-04-02',
      animation: { format: 'atelier', place: 'Lyon', headcount: 12 },
    });
    await created('/alliances', {
      title: '+33 6 12 34 56 78',
      parties: [
        { actorId: eco.company, role: 'partenaire' },
        { actorId: eco.publicBody, role: 'partenaire' },
      ],
      // Chosen in the reverse of the catalogue's order.
      modes: ['societal_innovation', 'responsible_practices'],
    });
  });
  afterAll(() => t?.close());

  async function produce(
    type: string,
    format: string,
    params: object = {},
  ): Promise<{ body: Buffer; headers: Record<string, unknown> }> {
    const ordered = await coordinator.post<Report>(`${base}/reports`, { type, format, params });
    expect(ordered.status).toBe(202);
    expect(await waitForReport(coordinator, f.a.id, ordered.body.id)).toMatchObject({ status: 'completed' });
    const file = await t.app.inject({
      method: 'GET',
      url: `/api/v1${base}/reports/${ordered.body.id}/file`,
      headers: { authorization: `Bearer ${f.a.coordinator.token}` },
    });
    expect(file.statusCode).toBe(200);
    return { body: file.rawPayload, headers: file.headers };
  }

  const csvRows = (body: Buffer, delimiter = ';') =>
    parseCsv(body, { bom: true, delimiter, columns: true }) as Record<string, string>[];

  async function workbookOf(body: Buffer): Promise<ExcelJS.Workbook> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    return workbook;
  }

  /** The cells of an XLSX sheet's row by header. */
  function rowsByHeader(sheet: ExcelJS.Worksheet): Map<string, ExcelJS.Cell>[] {
    const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const rows: Map<string, ExcelJS.Cell>[] = [];
    sheet.eachRow((row, number) => {
      if (number === 1) return;
      rows.push(new Map(headers.map((header, index) => [header, row.getCell(index + 1)])));
    });
    return rows;
  }

  it('neutralises formula injection in every CSV export, quoting the cell, and leaves negative numbers alone', async () => {
    const actorsCsv = await produce('actors_export', 'csv');
    const actors = csvRows(actorsCsv.body);
    const formula = actors.find((row) => row.Identifiant === formulaActor);
    expect(formula?.Nom).toBe(`'=HYPERLINK("https://evil.example";"Cliquez")`);
    // Numbers stay numbers: a negative longitude is not a formula to neutralise.
    expect(formula?.Longitude).toBe('-1.5536');
    expect(actorsCsv.body.toString('utf8')).toContain(`"'=HYPERLINK(""https://evil.example"";""Cliquez"")"`);
    const actions = csvRows((await produce('actions_export', 'csv')).body);
    expect(actions.map((row) => row.Titre)).toContain(`'@SUM(1+1)`);
    const alliances = csvRows((await produce('alliances_export', 'csv', { delimiter: ',' })).body, ',');
    expect(alliances.map((row) => row.Titre)).toContain(`'+33 6 12 34 56 78`);
  });

  it('writes French labels for people and the codes in their own columns, identifiers as quoted text', async () => {
    const { body } = await produce('actors_export', 'csv');
    const actors = csvRows(body);
    expect(actors.find((row) => row.Identifiant === midCap)).toMatchObject({
      Catégorie: 'Entreprise',
      'Code catégorie': 'company',
      Taille: FRENCH_LABELS.sizeClass.mid_cap,
      'Code taille': 'mid_cap',
      SIREN: siren,
      SIRET: siret,
      'Code commune': '01053',
      // Dates as French spreadsheets write them.
      'Date de création': '04/05/1998',
    });
    expect(actors.find((row) => row.Identifiant === eco.association)).toMatchObject({
      Catégorie: 'Association',
      Fragilités: 'Sociale',
      'Codes fragilités': 'social',
    });
    // Quoted, so that LibreOffice ("Format quoted field as text") keeps the leading zero.
    expect(body.toString('utf8')).toContain(`"${siret}"`);
    const alliances = csvRows((await produce('alliances_export', 'csv')).body);
    expect(alliances.find((row) => row.Identifiant === eco.activeAllianceId)).toMatchObject({
      Statut: 'Active',
      'Code statut': 'active',
      Modes: 'Coopération économique|Innovation sociétale',
      'Codes modes': 'economic_cooperation|societal_innovation',
    });
    const actions = csvRows((await produce('actions_export', 'csv')).body);
    expect(actions.find((row) => row.Identifiant === eco.experimentId)).toMatchObject({
      Type: 'Expérimentation collective',
      'Code type': 'collective_experiment',
      Phase: 'Conception',
    });
  });

  it('writes decimals with a comma when asked, only with semicolons', async () => {
    const actors = csvRows((await produce('actors_export', 'csv', { decimalComma: true })).body);
    expect(actors.find((row) => row.Identifiant === formulaActor)).toMatchObject({
      Latitude: '47,2184',
      Longitude: '-1,5536',
    });
    const refused = await coordinator.post<{ errors?: { field: string }[] }>(`${base}/reports`, {
      type: 'actors_export',
      format: 'csv',
      params: { delimiter: ',', decimalComma: true },
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('virgule décimale');
  });

  it('types XLSX cells: dates as dates, numbers as numbers, identifiers and formula-like text as strings; header frozen and filtered', async () => {
    const workbook = await workbookOf((await produce('actors_export', 'xlsx')).body);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getColumn(3).width).toBeGreaterThan(20);
    const rows = rowsByHeader(sheet);
    const company = rows.find((row) => row.get('Identifiant')?.value === midCap) as Map<string, ExcelJS.Cell>;
    expect(company.get('SIRET')?.type).toBe(ExcelJS.ValueType.String);
    expect(company.get('SIRET')?.value).toBe(siret);
    expect(company.get('Code commune')?.value).toBe('01053');
    expect(company.get('Créé le')?.value).toBeInstanceOf(Date);
    expect(company.get('Date de création')?.value).toEqual(new Date('1998-05-04T00:00:00Z'));
    const formula = rows.find((row) => row.get('Identifiant')?.value === formulaActor) as Map<string, ExcelJS.Cell>;
    expect(formula.get('Nom')?.type).toBe(ExcelJS.ValueType.String);
    expect(formula.get('Nom')?.value).toBe('=HYPERLINK("https://evil.example";"Cliquez")');
    expect(formula.get('Longitude')?.value).toBe(-1.5536);
    const actions = rowsByHeader((await workbookOf((await produce('actions_export', 'xlsx')).body)).worksheets[0]!);
    const forum = actions.find((row) => row.get('Identifiant')?.value === eco.actionId) as Map<string, ExcelJS.Cell>;
    expect(forum.get('Début')?.value).toEqual(new Date('2026-03-12T00:00:00Z'));
    expect(forum.get('Participants')?.value).toBe(2);
    expect(forum.get('Type')?.value).toBe('Animation du territoire');
  });

  it('names files after the territory and the period, in ASCII, with the UTF-8 name beside it', async () => {
    const actors = await produce('actors_export', 'csv');
    expect(String(actors.headers['content-disposition'])).toMatch(
      /^attachment; filename="acteurs-metropole-de-lyon-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''acteurs-metropole-de-lyon-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const activity = await produce('territory_activity', 'pdf', { from: '2026-01-01', to: '2026-06-30' });
    expect(String(activity.headers['content-disposition'])).toContain(
      'filename="activite-metropole-de-lyon-2026-01-01_2026-06-30.pdf"',
    );
  });

  it.each(['csv', 'xlsx'])(
    'takes its own actors export (%s) back through the import: every row valid or a duplicate, none refused',
    async (format) => {
      const { body } = await produce('actors_export', format);
      const upload = await coordinator.upload<{ id: string }>(
        `${base}/imports`,
        body,
        format === 'csv' ? 'text/csv' : XLSX_TYPE,
        { filename: `acteurs.${format}` },
      );
      expect(upload.status).toBe(202);
      const done = await waitForImport(coordinator, f.a.id, upload.body.id, 'analysed');
      const rows = (
        await coordinator.get<{ items: { line: number; outcome: string; errors?: unknown[] }[] }>(
          `${base}/imports/${upload.body.id}/rows`,
          { limit: '100' },
        )
      ).body.items;
      expect(rows.filter((row) => row.outcome === 'invalid')).toEqual([]);
      expect(rows.length).toBeGreaterThanOrEqual(5);
      // Every exported actor is already in the territory: each line is found as a duplicate of it.
      expect(done.summary).toMatchObject({ invalid: 0, duplicates: rows.length });
      const analysed = await coordinator.get<{ mapping: Record<string, string> }>(`${base}/imports/${upload.body.id}`);
      expect(analysed.body.mapping).toMatchObject({ foundedOn: 'Date de création' });
      // Into another territory, where none is known: the actors come back with their fields unchanged.
      const other = f.b.coordinator.api;
      const elsewhere = await other.upload<{ id: string }>(
        `/territories/${f.b.id}/imports`,
        body,
        format === 'csv' ? 'text/csv' : XLSX_TYPE,
        { filename: `acteurs.${format}` },
      );
      expect(elsewhere.status).toBe(202);
      await waitForImport(other, f.b.id, elsewhere.body.id, 'analysed');
      expect((await other.post(`/territories/${f.b.id}/imports/${elsewhere.body.id}/run`, {})).status).toBe(202);
      await waitForImport(other, f.b.id, elsewhere.body.id, 'completed');
      const found = await other.get<{ items: Record<string, unknown>[] }>(`/territories/${f.b.id}/actors`, {
        q: 'Transports Rhodaniens',
      });
      expect(found.body.items).toEqual([
        expect.objectContaining({
          name: 'Transports Rhodaniens',
          category: 'company',
          sizeClass: 'mid_cap',
          siret,
          communeCode: '01053',
          foundedOn: '1998-05-04',
        }),
      ]);
    },
  );

  describe('territory activity over a period', () => {
    const from = '2026-01-01';
    const to = '2026-06-30';

    beforeAll(async () => {
      // Back-date part of the seed into the first half of 2026; the rest stays in December.
      const owner = (sql: string, params: unknown[]) => ownerQuery(t.runtime, sql, params);
      await owner(`update actors set created_at = '2026-01-10' where id = any($1)`, [
        [eco.association, eco.publicBody],
      ]);
      await owner(`update alliances set created_at = '2026-02-01', start_date = '2026-02-01' where id = $1`, [
        eco.activeAllianceId,
      ]);
      await owner(`update priorities set created_at = '2026-01-05' where id = $1`, [eco.priorityId]);
      // Out of the period: an enjeu recorded in December, an evaluation of the second half.
      const later = await coordinator.post(`${base}/priorities`, { title: 'Mobilité rurale', fragilities: [] });
      expect(later.status).toBe(201);
      const evaluated = await coordinator.put(`${base}/alliances/${eco.activeAllianceId}/evaluations`, {
        actorId: eco.association,
        period: '2026-S2',
        product: 1,
        balance: 1,
        contribution: 1,
      });
      expect(evaluated.status).toBeLessThan(300);
      // The December patronage alliance becomes active: it must not count among the period's most connected.
      for (const status of ['under_discussion', 'active']) {
        const moved = await coordinator.post(`${base}/alliances/${eco.allianceId}/transitions`, { to: status });
        expect(moved.status).toBeLessThan(300);
      }
    });

    it('applies the period to every section and agrees with the dashboard for the same period', async () => {
      const workbook = await workbookOf((await produce('territory_activity', 'xlsx', { from, to })).body);
      const values = (name: string) =>
        rowsByHeader(workbook.getWorksheet(name) as ExcelJS.Worksheet).map((row) =>
          Object.fromEntries([...row].map(([header, cell]) => [header, cell.value])),
        );
      const dashboard = (
        await coordinator.get<{
          actorsByCategory: Record<string, number>;
          actionsByTypeAndMonth: { month: string; type: string; count: number }[];
          alliancesByMode: Record<string, number>;
          alliancesByStatus: Record<string, number>;
          evaluations: { count: number; averages: { product: number | null } };
        }>(`${base}/dashboard`, { from, to })
      ).body;
      const labelled = (kind: 'category' | 'allianceMode' | 'allianceStatus', counts: Record<string, number>) =>
        Object.fromEntries(
          Object.entries(counts).map(([code, count]) => [(FRENCH_LABELS[kind] as Record<string, string>)[code], count]),
        );

      // Actors as they stood on 30 June: the December company and actors are not there.
      const actors = Object.fromEntries(values('Acteurs').map((row) => [row.Catégorie, row.Nombre]));
      expect(actors).toEqual({ Association: 1, 'Collectivité / acteur public': 1 });
      expect(actors).toEqual(labelled('category', dashboard.actorsByCategory));

      // Alliances begun in the period: only the back-dated one.
      const byStatus = Object.fromEntries(values('Alliances par statut').map((row) => [row.Statut, row.Nombre]));
      expect(byStatus).toEqual({ Active: 1 });
      expect(byStatus).toEqual(labelled('allianceStatus', dashboard.alliancesByStatus));
      const byMode = Object.fromEntries(values('Alliances par mode').map((row) => [row.Mode, row.Nombre]));
      expect(byMode).toEqual({ 'Coopération économique': 1, 'Innovation sociétale': 1 });
      expect(byMode).toEqual(labelled('allianceMode', dashboard.alliancesByMode));

      const connected = values('Acteurs connectés').map((row) => row.Acteur);
      expect(connected.sort()).toEqual(['Mission locale de Lyon 1', 'Passerelles Emploi Villeurbanne 1']);

      // Every month of the period, those without actions too; the same counts as the dashboard.
      const months = values('Actions');
      expect(months.map((row) => row.Mois)).toEqual([
        'janvier 2026',
        'février 2026',
        'mars 2026',
        'avril 2026',
        'mai 2026',
        'juin 2026',
      ]);
      expect(months.find((row) => row.Mois === 'mai 2026')).toMatchObject({ Total: 0 });
      expect(months.reduce((sum, row) => sum + Number(row.Total), 0)).toBe(
        dashboard.actionsByTypeAndMonth.reduce((sum, row) => sum + row.count, 0),
      );

      // Enjeux recorded by the end of the period, their status in French, counts of the period.
      expect(values('Enjeux')).toEqual([
        { Enjeu: 'Insertion professionnelle des jeunes', Statut: 'En cours', Actions: 1, Alliances: 0 },
      ]);

      // The first half's evaluation only.
      const evaluations = values('Évaluations')[0];
      expect(evaluations).toMatchObject({ Évaluations: 1, Produit: 4 });
      expect(dashboard.evaluations).toMatchObject({ count: 1, averages: { product: 4 } });

      const summary = values('Synthèse');
      expect(summary.find((row) => row.Indicateur === 'Début de la période')?.Valeur).toEqual(
        new Date('2026-01-01T00:00:00Z'),
      );
    });
  });

  it('gives the graph its schema: community -1 without links, only real communities counted; GEXF modes in order with the component', async () => {
    // The snapshot the worker keeps, once it reflects the fixture's last changes.
    const graph = await waitForGraph<{
      stale: boolean;
      nodes: { id: string; degree: number; community: number; component: number }[];
      alliances: { modes: string[] }[];
      communities: number;
    }>(coordinator, f.a.id);
    const alone = graph.nodes.filter((node) => node.degree === 0);
    expect(alone.map((node) => node.id)).toContain(isolated);
    for (const node of alone) expect(node.community).toBe(-1);
    const linked = new Set(graph.nodes.filter((node) => node.degree > 0).map((node) => node.community));
    expect(graph.communities).toBe(linked.size);
    expect([...linked].sort()).toEqual([...Array(linked.size).keys()]);
    expect(graph.alliances.map((alliance) => alliance.modes)).toContainEqual([
      'responsible_practices',
      'societal_innovation',
    ]);

    const gexf = parseGexf(MultiUndirectedGraph, (await produce('ecosystem_graph', 'gexf')).body.toString('utf8'));
    const modes: string[] = [];
    gexf.forEachEdge((_edge, attributes) => modes.push(String(attributes.modes)));
    expect(modes).toContain('responsible_practices|societal_innovation');
    expect(modes).not.toContain('societal_innovation|responsible_practices');
    const company = graph.nodes.find((node) => node.id === eco.company);
    expect(gexf.getNodeAttribute(eco.company, 'component')).toBe(company?.component);
    expect(gexf.getNodeAttribute(isolated, 'community')).toBe(-1);
  });
});
