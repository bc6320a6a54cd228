import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { MultiUndirectedGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import {
  createTenancyFixture,
  engineKind,
  ownerQuery,
  pollUntil,
  seedEcosystem,
  waitForReport,
  type ApiClient,
  type EcosystemFixture,
  type TenancyFixture,
  type TestApp,
} from '@maillage/testing';
import { ReportRetention } from '@maillage/reports';
import { JobQueue, TenantContext } from '@maillage/platform';
import { extractText, getDocumentProxy } from 'unpdf';
import { startApi } from './support/app.js';

interface Report {
  id: string;
  status: string;
  progress: number;
  fileName: string | null;
}

describe(`reports and exports (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;
  let eco: EcosystemFixture;
  let coordinator: ApiClient;
  let base: string;

  beforeAll(async () => {
    t = await startApi();
    f = await createTenancyFixture(t);
    coordinator = f.a.coordinator.api;
    base = `/territories/${f.a.id}`;
    eco = await seedEcosystem(coordinator, f.a.id);
  });
  afterAll(() => t?.close());

  async function produce(
    type: string,
    format: string,
    params: object = {},
  ): Promise<{ report: Report; body: Buffer; headers: Record<string, unknown> }> {
    const ordered = await coordinator.post<Report>(`${base}/reports`, { type, format, params });
    expect(ordered.status).toBe(202);
    const done = await waitForReport(coordinator, f.a.id, ordered.body.id);
    expect(done).toMatchObject({ status: 'completed', progress: 100 });
    const file = await t.app.inject({
      method: 'GET',
      url: `/api/v1${base}/reports/${ordered.body.id}/file`,
      headers: { authorization: `Bearer ${f.a.coordinator.token}` },
    });
    expect(file.statusCode).toBe(200);
    return { report: ordered.body, body: file.rawPayload, headers: file.headers };
  }

  it('exports the actors as CSV for French spreadsheets: BOM, semicolons, one line per actor of the territory', async () => {
    const { body, headers } = await produce('actors_export', 'csv');
    expect(headers['content-type']).toMatch(/^text\/csv/);
    expect(String(headers['content-disposition'])).toMatch(
      /attachment; filename="acteurs-metropole-de-lyon-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(body, { bom: true, delimiter: ';', columns: true }) as Record<string, string>[];
    const actors = await coordinator.get<{ items: { id: string }[] }>(`${base}/actors`, { limit: '100' });
    expect(rows.map((row) => row.Identifiant).sort()).toEqual(actors.body.items.map((actor) => actor.id).sort());
    expect(rows.find((row) => row.Identifiant === eco.association)).toMatchObject({
      Catégorie: 'Association',
      'Code catégorie': 'association',
      'Code commune': '69266',
      'Association employeuse': 'oui',
      'Mots-clés': 'insertion|jeunesse',
    });
  });

  it('exports with commas and no BOM when asked, and actions over a period, and alliances', async () => {
    const plain = await produce('alliances_export', 'csv', { delimiter: ',', bom: false });
    expect(plain.body[0]).not.toBe(0xef);
    const alliances = parseCsv(plain.body, { columns: true }) as Record<string, string>[];
    expect(alliances.map((row) => row.Identifiant).sort()).toEqual([eco.allianceId, eco.activeAllianceId].sort());
    expect(alliances.find((row) => row.Identifiant === eco.activeAllianceId)?.Statut).toBe('Active');
    const february = await produce('actions_export', 'csv', { from: '2026-02-01', to: '2026-02-28' });
    const actions = parseCsv(february.body, { bom: true, delimiter: ';', columns: true }) as Record<string, string>[];
    expect(actions.map((row) => row.Identifiant)).toEqual([eco.supportId]);
  });

  it('exports the map as GeoJSON and the graph as JSON and GEXF', async () => {
    const map = JSON.parse((await produce('ecosystem_map', 'geojson')).body.toString('utf8'));
    expect(map.type).toBe('FeatureCollection');
    expect(map.features.map((feature: { properties: { id: string } }) => feature.properties.id)).toEqual(
      expect.arrayContaining([eco.association, eco.company]),
    );
    const graph = JSON.parse((await produce('ecosystem_graph', 'json')).body.toString('utf8'));
    // The API's shape: each alliance once, the links as columns of indexes.
    expect(graph.edges.source.length).toBeGreaterThan(0);
    expect(graph.edges.target).toHaveLength(graph.edges.source.length);
    expect(graph.alliances.length).toBeGreaterThan(0);
    const gexf = (await produce('ecosystem_graph', 'gexf')).body.toString('utf8');
    expect(gexf).toContain('<gexf');
    const parsed = parseGexf(MultiUndirectedGraph, gexf);
    expect(parsed.order).toBe(graph.nodes.length);
    expect(parsed.size).toBe(graph.edges.source.length);
    // GEXF keeps a link's key `allianceId:source:target`.
    const first = graph.edges.alliance[0];
    const key = `${graph.alliances[first].id}:${graph.nodes[graph.edges.source[0]].id}:${graph.nodes[graph.edges.target[0]].id}`;
    expect(parsed.hasEdge(key)).toBe(true);
  });

  it('makes the territory activity report as a document for elected officials, and as a workbook', async () => {
    const pdf = await produce('territory_activity', 'pdf', { from: '2026-01-01', to: '2026-12-31' });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const document = await getDocumentProxy(new Uint8Array(pdf.body));
    const pages = (await extractText(document, { mergePages: false })).text.map((page) => page.replace(/\s+/g, ' '));
    const text = pages.join(' ');
    // The cover: the territory, its kind and official code, the period in French.
    expect(pages[0]).toContain('Métropole de Lyon');
    expect(pages[0]).toContain('Intercommunalité (EPCI) — SIREN 200046977');
    expect(pages[0]).toContain('Période du 1er janvier 2026 au 31 décembre 2026');
    expect(pages[0]).toMatch(/Document produit le \d{1,2}(er)? [a-zéû]+ \d{4}/);
    // The narrative, from the seeded ecosystem (nothing in 2025: everything is new).
    for (const sentence of [
      'À la fin de la période, le territoire compte 3 acteurs, contre aucun à la fin de la période précédente, soit 3 de plus.',
      '3 actions ont commencé pendant la période (1 animation du territoire, 1 expérimentation collective et 1 accompagnement), contre aucune pendant la période précédente, soit 3 de plus.',
      '2 alliances ont débuté pendant la période, contre aucune pendant la période précédente, soit 2 de plus. Parmi elles, 1 est active à ce jour.',
      '3 nouveaux acteurs ont été enregistrés pendant la période. 1 nouvel enjeu a été inscrit : « Insertion professionnelle des jeunes ».',
      'Un seul enjeu est mobilisé par les actions et alliances de la période : « Insertion professionnelle des jeunes » (1 action et 1 alliance).',
      '3 acteurs sont reliés par 2 alliances et forment un seul réseau connecté ; chacun a en moyenne 1,33 partenaire. L’acteur le plus relié est Passerelles Emploi Villeurbanne 1, avec 2 partenaires.',
      '1 évaluation d’alliance porte sur la période : en moyenne, les parties donnent 4 sur 5 au produit de l’alliance, 3 sur 5 à son équilibre et 4 sur 5 à la valeur de leur contribution. Aucun désaccord marqué',
      '2 des 3 acteurs du territoire sont placés sur la carte.',
    ]) {
      expect(text).toContain(sentence.replace(/\u00a0/g, ' '));
    }
    // The period's alliances and actions, their parties and participants, French labels and dates.
    expect(text).toContain(
      'Mécénat de compétences numériques Atelier Numérique Lyonnais 1, Passerelles Emploi Villeurbanne 1 Mécénat Proposée',
    );
    expect(text).toContain('Coopération pour l’insertion Mission locale de Lyon 1, Passerelles Emploi Villeurbanne 1');
    expect(text).toContain(
      'Garage solidaire partagé Expérimentation collective (Conception) Mission locale de Lyon 1, Passerelles Emploi Villeurbanne 1 15 janvier 2026',
    );
    expect(text).toContain(
      'Accompagnement de la stratégie partenariale Accompagnement Passerelles Emploi Villeurbanne 1 1er février 2026',
    );
    expect(text).toContain('Forum emploi et entreprises du quartier');
    // The map's legend, the network's figures, the evaluations.
    expect(text).toContain('Association (1)');
    expect(text).toContain('Entreprise (1)');
    expect(text).toContain('Acteurs reliés par au moins une alliance 3');
    expect(text).toContain('Densité (part des liens possibles qui existent) 66,7 %');
    expect(text).toContain('Évaluations Produit Équilibre Contribution Désaccords 1 4 3 4 0');
    // French only: no ISO date, no identifier, no code.
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}/);
    expect(text).not.toMatch(
      /\b(company|public_body|patronage|proposed|under_discussion|collective_experiment|economic_cooperation|societal_innovation)\b/,
    );
    // No page is nearly empty.
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pages) expect(page.length).toBeGreaterThan(300);

    const xlsx = await produce('territory_activity', 'xlsx', { from: '2026-01-01', to: '2026-12-31' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Synthèse',
      'Acteurs',
      'Nouveaux acteurs',
      'Actions',
      'Actions de la période',
      'Alliances par mode',
      'Alliances par statut',
      'Alliances de la période',
      'Acteurs centraux',
      'Acteurs connectés',
      'Fragilités',
      'Enjeux',
      'Évaluations',
    ]);
    const actions = workbook.getWorksheet('Actions');
    expect(actions?.actualRowCount).toBe(1 + 12); // header + every month, with or without actions
    const periodActions = workbook.getWorksheet('Actions de la période');
    const actionRows = (periodActions?.getSheetValues() ?? []).slice(2).map((row) => (row as unknown[]).slice(1));
    expect(actionRows).toEqual([
      [
        'Forum emploi et entreprises du quartier',
        'Animation du territoire',
        undefined,
        'Atelier Numérique Lyonnais 1, Passerelles Emploi Villeurbanne 1',
        new Date('2026-03-12T00:00:00Z'),
      ],
      [
        'Accompagnement de la stratégie partenariale',
        'Accompagnement',
        undefined,
        'Passerelles Emploi Villeurbanne 1',
        new Date('2026-02-01T00:00:00Z'),
      ],
      [
        'Garage solidaire partagé',
        'Expérimentation collective',
        'Conception',
        'Mission locale de Lyon 1, Passerelles Emploi Villeurbanne 1',
        new Date('2026-01-15T00:00:00Z'),
      ],
    ]);
    const alliances = workbook.getWorksheet('Alliances de la période');
    const allianceRows = (alliances?.getSheetValues() ?? []).slice(2).map((row) => (row as unknown[]).slice(1, 5));
    expect(allianceRows).toEqual(
      expect.arrayContaining([
        [
          'Mécénat de compétences numériques',
          'Atelier Numérique Lyonnais 1, Passerelles Emploi Villeurbanne 1',
          'Mécénat',
          'Proposée',
        ],
        [
          'Coopération pour l’insertion',
          'Mission locale de Lyon 1, Passerelles Emploi Villeurbanne 1',
          'Coopération économique, Innovation sociétale',
          'Active',
        ],
      ]),
    );
    expect(allianceRows).toHaveLength(2);
    expect(alliances?.getRow(2).getCell(5).value).toBeInstanceOf(Date);
    const summary = new Map<string, unknown[]>();
    workbook.getWorksheet('Synthèse')?.eachRow((row) => {
      const [, label, value] = row.values as unknown[];
      summary.set(String(label), [...(summary.get(String(label)) ?? []), value]);
    });
    expect(summary.get('Synthèse')?.[0]).toBe(
      'À la fin de la période, le territoire compte 3 acteurs, contre aucun à la fin de la période précédente, soit 3 de plus. ' +
        '3 actions ont commencé pendant la période (1 animation du territoire, 1 expérimentation collective et 1 accompagnement), contre aucune pendant la période précédente, soit 3 de plus.',
    );
    expect(summary.get('Réseau : acteurs reliés')).toEqual([3]);
    expect(summary.get('Alliances commencées')).toEqual([2]);
    expect(summary.get('Début de la période précédente')).toEqual([new Date('2025-01-01T00:00:00Z')]);
    const bad = await coordinator.post(`${base}/reports`, {
      type: 'territory_activity',
      format: 'pdf',
      params: { from: '2026-12-31', to: '2026-01-01' },
    });
    expect(bad.status).toBe(400);
  });

  it('exports actors as XLSX through the streaming writer, one row per actor', async () => {
    const { body } = await produce('actors_export', 'xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const actors = await coordinator.get<{ items: unknown[] }>(`${base}/actors`, { limit: '100' });
    expect(sheet?.actualRowCount).toBe(actors.body.items.length + 1);
    expect(sheet?.getRow(1).getCell(3).value).toBe('Nom');
  });

  it('returns the same report for the same Idempotency-Key or the same order within two minutes', async () => {
    const first = await coordinator.request<Report>('POST', `${base}/reports`, {
      body: { type: 'actors_export', format: 'csv', params: { delimiter: ',' } },
      headers: { 'idempotency-key': 'export-mensuel-2026-03' },
    });
    const again = await coordinator.request<Report>('POST', `${base}/reports`, {
      body: { type: 'actors_export', format: 'csv', params: { delimiter: ',' } },
      headers: { 'idempotency-key': 'export-mensuel-2026-03' },
    });
    expect(again.body.id).toBe(first.body.id);
    const sameOrder = await coordinator.post<Report>(`${base}/reports`, {
      type: 'actions_export',
      format: 'csv',
      params: { bom: false },
    });
    const sameOrderAgain = await coordinator.post<Report>(`${base}/reports`, {
      type: 'actions_export',
      format: 'csv',
      params: { bom: false },
    });
    expect(sameOrderAgain.body.id).toBe(sameOrder.body.id);
    expect(sameOrderAgain.headers['x-report-reused']).toBe('true');
    const other = await coordinator.post<Report>(`${base}/reports`, {
      type: 'actions_export',
      format: 'csv',
      params: { bom: true },
    });
    expect(other.body.id).not.toBe(sameOrder.body.id);
    await waitForReport(coordinator, f.a.id, other.body.id);
  });

  it('refuses unknown types, formats and parameters with a 400, and members', async () => {
    const badFormat = await coordinator.post(`${base}/reports`, { type: 'actors_export', format: 'pdf' });
    expect(badFormat.status).toBe(400);
    const badParam = await coordinator.post<{ code: string; errors: { field: string }[] }>(`${base}/reports`, {
      type: 'actors_export',
      format: 'csv',
      params: { delimiter: '|', colour: 'red' },
    });
    expect(badParam.status).toBe(400);
    expect(badParam.body.code).toBe('invalid_report_request');
    expect(badParam.body.errors.map((error) => error.field)).toEqual(expect.arrayContaining(['params.delimiter']));
    expect((await f.a.member.api.post(`${base}/reports`, { type: 'actors_export', format: 'csv' })).status).toBe(403);
  });

  it('says what is wrong with each parameter in plain French, for a report and for a schedule', async () => {
    type Problem = { errors: { field: string; message: string }[] };
    const messages = (problem: Problem) =>
      Object.fromEntries(problem.errors.map((error) => [error.field, error.message]));
    const report = await coordinator.post<Problem>(`${base}/reports`, {
      type: 'actors_export',
      format: 'csv',
      params: { delimiter: '|', bom: 'oui', colour: 'red' },
    });
    expect(report.status).toBe(400);
    expect(messages(report.body)).toEqual({
      'params.delimiter': 'Le séparateur doit être « , » ou « ; ».',
      'params.bom': 'Ce champ doit valoir true ou false.',
      'params.colour': 'Ce paramètre n’est pas accepté ici.',
    });
    const period = await coordinator.post<Problem>(`${base}/reports`, {
      type: 'territory_activity',
      format: 'pdf',
      params: { from: '2026-03-32' },
    });
    expect(period.status).toBe(400);
    expect(messages(period.body)).toEqual({
      'params.from': 'Ce champ doit être une date au format ISO 8601 (par exemple 2026-03-12).',
      'params.to': 'Ce champ est obligatoire.',
    });
    const schedule = await coordinator.post<Problem>(`${base}/report-schedules`, {
      type: 'territory_activity',
      format: 'pdf',
      cron: '0 0 6 * * 1',
      timezone: 'Europe/Paris',
      params: { from: '2026-06-01', to: '2026-01-01', unit: 'km' },
    });
    expect(schedule.status).toBe(400);
    expect(messages(schedule.body)).toEqual({
      'params.to': 'La date de fin ne doit pas précéder la date de début.',
      'params.unit': 'Ce paramètre n’est pas accepté ici.',
    });
  });

  it('lists, cancels and deletes reports; a file that is not ready is a 409', async () => {
    const ordered = await coordinator.post<Report>(`${base}/reports`, {
      type: 'ecosystem_map',
      format: 'geojson',
      params: { includeArchived: true },
    });
    const cancelled = await coordinator.post<Report>(`${base}/reports/${ordered.body.id}/cancel`);
    if (cancelled.status === 200) {
      expect(cancelled.body.status).toBe('cancelled');
      expect((await coordinator.get(`${base}/reports/${ordered.body.id}/file`)).status).toBe(409);
    } else {
      // The worker was faster: the report completed before the cancellation.
      expect(cancelled.body).toMatchObject({ code: 'report_finished' });
    }
    const list = await coordinator.get<{ items: Report[] }>(`${base}/reports`, { type: 'ecosystem_map' });
    expect(list.body.items.map((report) => report.id)).toContain(ordered.body.id);
    expect((await coordinator.delete(`${base}/reports/${ordered.body.id}`)).status).toBe(204);
    expect((await coordinator.get(`${base}/reports/${ordered.body.id}`)).status).toBe(404);
    // Another territory's report is as missing as a deleted one.
    const mine = await coordinator.post<Report>(`${base}/reports`, { type: 'alliances_export', format: 'csv' });
    expect((await f.b.coordinator.api.get(`/territories/${f.b.id}/reports/${mine.body.id}`)).status).toBe(404);
    expect((await f.b.coordinator.api.get(`/territories/${f.b.id}/reports/${mine.body.id}/file`)).status).toBe(404);
  });
});

describe(`scheduled reports and retention (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;

  beforeAll(async () => {
    t = await startApi({ MAILLAGE_SCHEDULE_MIN_INTERVAL_SECONDS: '1' });
    f = await createTenancyFixture(t);
  });
  afterAll(() => t?.close());
  /** The nightly sweep, in the system scope the worker host opens for its job. */
  const retention = () =>
    t.app.get(TenantContext).runAsSystem('reports.retention', () => t.app.get(ReportRetention).handle());

  it('runs a schedule in its timezone, keeps each run as a report, and only the last N', async () => {
    const base = `/territories/${f.a.id}`;
    const api = f.a.coordinator.api;
    const invalid = await api.post(`${base}/report-schedules`, {
      type: 'actors_export',
      format: 'csv',
      cron: 'tous les lundis',
      timezone: 'Europe/Atlantide',
    });
    expect(invalid.status).toBe(400);
    expect((invalid.body as { errors: { field: string }[] }).errors.map((error) => error.field).sort()).toEqual([
      'cron',
      'timezone',
    ]);
    const sentAt = Date.now();
    const created = await api.post<{ id: string; nextRunAt: string; keepLast: number }>(`${base}/report-schedules`, {
      type: 'alliances_export',
      format: 'csv',
      cron: '*/2 * * * * *',
      timezone: 'Europe/Paris',
      keepLast: 2,
    });
    expect(created.status).toBe(201);
    // The next run is after the creation (measured before sending, however slow the answer).
    expect(new Date(created.body.nextRunAt).getTime()).toBeGreaterThan(sentAt - 1000);
    // Wait for at least four runs (four reports seen; each stays for two more runs), then for the
    // pruning to leave the last two: a schedule that kept more, or fewer, never gets there.
    const seen = new Set<string>();
    await pollUntil(
      'four runs of the schedule, pruned to the last two',
      async () => {
        const schedules = await api.get<{ lastRunAt: string | null }[]>(`${base}/report-schedules`);
        const reports = await api.get<{ items: { id: string; status: string }[] }>(`${base}/reports`, {
          type: 'alliances_export',
        });
        return { lastRunAt: schedules.body[0]?.lastRunAt ?? null, ids: reports.body.items.map((report) => report.id) };
      },
      ({ lastRunAt, ids }) => {
        for (const id of ids) seen.add(id);
        return lastRunAt !== null && seen.size >= 4 && ids.length === 2;
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    expect((await api.delete(`${base}/report-schedules/${created.body.id}`)).status).toBe(204);
    expect((await api.get<unknown[]>(`${base}/report-schedules`)).body).toEqual([]);
  }, 150_000);

  it('covers, at each run, the period named relative to it (« le mois écoulé »), in the schedule’s timezone', async () => {
    const base = `/territories/${f.a.id}`;
    const api = f.a.coordinator.api;
    const schedule = (params: Record<string, unknown>, type = 'territory_activity') =>
      api.post<{
        id: string;
        params: Record<string, unknown>;
        errors?: { field: string; message: string }[];
      }>(`${base}/report-schedules`, {
        type,
        format: 'xlsx',
        params,
        cron: '*/2 * * * * *',
        timezone: 'Europe/Paris',
        keepLast: 1,
      });
    for (const [params, type, message] of [
      [{ relativePeriod: 'last_week' }, 'territory_activity', 'période inconnue'],
      [{ relativePeriod: 'previous_month' }, 'alliances_export', 'ce rapport ne porte pas sur une période'],
      [
        { relativePeriod: 'previous_month', from: '2026-01-01', to: '2026-01-31' },
        'territory_activity',
        'une période relative ou des dates, pas les deux',
      ],
    ] as const) {
      const refused = await schedule(params, type);
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.find((error) => error.field === 'params.relativePeriod')?.message).toContain(message);
    }
    expect((await api.get<unknown[]>(`${base}/report-schedules`)).body).toEqual([]);

    const created = await schedule({ relativePeriod: 'previous_month' });
    expect(created.status).toBe(201);
    expect(created.body.params).toEqual({ relativePeriod: 'previous_month' });
    const ran = await pollUntil(
      'a run of the monthly activity report',
      async () =>
        (
          await api.get<{ items: { status: string; params: { from: string; to: string } }[] }>(`${base}/reports`, {
            type: 'territory_activity',
          })
        ).body.items,
      (items) => items.length > 0,
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    // The month before the one it is in Paris (read after the run: a run at midnight on the 1st would cover
    // the month before that, but the check is made well within the same day).
    const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' })
      .format(new Date())
      .split('-')
      .map(Number) as [number, number];
    const [y, m] = month === 1 ? [year - 1, 12] : [year, month - 1];
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const pad = (value: number) => String(value).padStart(2, '0');
    expect(ran[0]?.params).toMatchObject({ from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(last)}` });
    expect((await api.delete(`${base}/report-schedules/${created.body.id}`)).status).toBe(204);
  }, 150_000);

  it('purges finished reports older than the retention period, in every territory', async () => {
    const base = `/territories/${f.b.id}`;
    const ordered = await f.b.coordinator.api.post<{ id: string }>(`${base}/reports`, {
      type: 'ecosystem_map',
      format: 'geojson',
    });
    await waitForReport(f.b.coordinator.api, f.b.id, ordered.body.id);
    await ownerQuery(t.runtime, `update reports set finished_at = now() - interval '400 days' where id = $1`, [
      ordered.body.id,
    ]);
    const purged = await retention();
    expect(purged.removed).toBeGreaterThanOrEqual(1);
    expect((await f.b.coordinator.api.get(`${base}/reports/${ordered.body.id}`)).status).toBe(404);
  });

  it('marks failed, with a reason, a report left running for hours whose job the queue no longer has', async () => {
    const base = `/territories/${f.b.id}`;
    const ordered = await f.b.coordinator.api.post<{ id: string }>(`${base}/reports`, {
      type: 'actors_export',
      format: 'csv',
    });
    await waitForReport(f.b.coordinator.api, f.b.id, ordered.body.id);
    // As if its job had stalled twice and been dropped: still "running", two hours old, no job.
    await ownerQuery(
      t.runtime,
      `update reports set status = 'running', finished_at = null, created_at = now() - interval '2 hours' where id = $1`,
      [ordered.body.id],
    );
    const fresh = await f.b.coordinator.api.post<{ id: string }>(`${base}/reports`, {
      type: 'ecosystem_map',
      format: 'geojson',
    });
    await waitForReport(f.b.coordinator.api, f.b.id, fresh.body.id);
    await t.app.get(JobQueue).queue('reports').remove(`report-${ordered.body.id}`);
    const swept = await retention();
    expect(swept.lost).toBe(1);
    const report = await f.b.coordinator.api.get<{ status: string; error: string }>(
      `${base}/reports/${ordered.body.id}`,
    );
    expect(report.body).toMatchObject({ status: 'failed', error: expect.stringContaining('interrompu') });
    // A recent or finished report is left alone.
    expect((await f.b.coordinator.api.get<{ status: string }>(`${base}/reports/${fresh.body.id}`)).body.status).toBe(
      'completed',
    );
  });
});

describe(`fair share of the report workers between territories (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;

  beforeAll(async () => {
    t = await startApi({ MAILLAGE_REPORTS_PER_TERRITORY: '1', MAILLAGE_WORKER_CONCURRENCY: '3' });
    f = await createTenancyFixture(t);
  });
  afterAll(() => t?.close());

  it('does not let one territory queuing many reports starve another', async () => {
    const ordersOfA: string[] = [];
    for (let index = 0; index < 16; index += 1) {
      const ordered = await f.a.coordinator.api.post<{ id: string }>(`/territories/${f.a.id}/reports`, {
        type: 'territory_activity',
        format: 'pdf',
        params: { from: `20${10 + index}-01-01`, to: `20${10 + index}-12-31` },
      });
      ordersOfA.push(ordered.body.id);
    }
    const ofB = await f.b.coordinator.api.post<{ id: string }>(`/territories/${f.b.id}/reports`, {
      type: 'territory_activity',
      format: 'pdf',
      params: { from: '2026-01-01', to: '2026-12-31' },
    });
    await waitForReport(f.b.coordinator.api, f.b.id, ofB.body.id, 60_000);
    const statuses = await Promise.all(
      ordersOfA.map(
        async (id) =>
          (await f.a.coordinator.api.get<{ status: string }>(`/territories/${f.a.id}/reports/${id}`)).body.status,
      ),
    );
    // Ordered after all of A's, B's one report still went through while A's were waiting their turn
    // (first come, first served would have made it last).
    expect(statuses.filter((status) => status !== 'completed').length).toBeGreaterThanOrEqual(4);
    for (const id of ordersOfA)
      expect((await waitForReport(f.a.coordinator.api, f.a.id, id, 60_000)).status).toBe('completed');
  }, 120_000);
});
