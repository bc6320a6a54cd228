import { readFile, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { pipeline, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  companyIds,
  createTenancyFixture,
  engineKind,
  pollUntil,
  seedEcosystem,
  waitForImport,
  type ApiClient,
  type EcosystemFixture,
  type TenancyFixture,
  type TestApp,
} from '@maillage/testing';
import { jest } from '@jest/globals';
import { JobQueue, type Page } from '@maillage/platform';
import { startApi } from './support/app.js';
import { xlsxBomb } from '../bench/lib/zip.mjs';

const MIB = 1024 * 1024;

/**
 * How far this process's resident memory rises above where it stood while
 * `work` runs (the API and its in-process worker both run here): the kernel's
 * peak (VmHWM) is reset to the current level first, so a short spike counts.
 */
async function peakRssGrowth(work: () => Promise<void>): Promise<number> {
  const peak = async () =>
    Number(/^VmHWM:\s+(\d+) kB/m.exec(await readFile('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;
  const before = process.memoryUsage().rss;
  await writeFile('/proc/self/clear_refs', '5');
  await work();
  return Math.max(await peak(), process.memoryUsage().rss) - before;
}

interface RowReport {
  line: number;
  name: string;
  outcome: string;
  errors?: { field: string; message: string }[];
  duplicateOf?: { actorId?: string; line?: number; reason: string };
  actorId?: string;
}

describe(`imports and merges of actors (${engineKind()} engine)`, () => {
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

  async function rows(importId: string): Promise<RowReport[]> {
    return (await coordinator.get<Page<RowReport>>(`${base}/imports/${importId}/rows`, { limit: '100' })).body.items;
  }

  /** Uploads a CSV of test/fixtures as the console does; the upload is accepted (202). */
  async function uploadFixture(name: string) {
    const content = await readFile(new URL(`fixtures/${name}`, import.meta.url));
    const upload = await coordinator.upload<{ id: string; mapping: Record<string, string> }>(
      `${base}/imports`,
      content,
      'text/csv',
      { filename: name },
    );
    expect(upload.status).toBe(202);
    return upload;
  }

  /** A French spreadsheet export: BOM, semicolons, accented headers. */
  function frenchCsv(): Buffer {
    const existing = companyIds(1); // the seeded company's identifiers
    const fresh = companyIds(900);
    const lines = [
      'Raison sociale;Catégorie;SIRET;RNA;Code NAF;Code INSEE;Latitude;Longitude;Taille;Employeuse;Mots clés;Description',
      `Boulangerie Coopérative du Tonkin;entreprise;${fresh.siret};;1071C;69266;45.7746;4.8636;TPE;;alimentation, circuits courts;Pain bio et insertion`,
      `Société inconnue;entreprise;12345678901234;;;69123;;;PME;;;`,
      `Atelier Numérique (nouveau nom);entreprise;${existing.siret};;;;;;;;;`,
      `Les Amis du Parc;association;;W693000001;;69123;;;;oui;;`,
      `Amis du Parc (bis);association;;W693000001;;69123;;;;oui;;`,
      `PASSERELLES EMPLOI VILLEURBANNE 1;association;;;;69266;;;;;;`,
      `Café Solidaire;collectif citoyen;;;;;45.7640;4.8357;;;;`,
      `Café solidaire;collectif citoyen;;;;;45.7655;4.8380;;;;`,
      `;association;;;;;;;;;;`,
    ];
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n'), 'utf8')]);
  }

  it('guesses the mapping from French headers and reports every row in a dry run, changing nothing', async () => {
    const before = (await coordinator.get<Page<unknown>>(`${base}/actors`, { limit: '100' })).body.items.length;
    const upload = await coordinator.upload<{
      id: string;
      status: string;
      columns: string[];
      mapping: Record<string, string>;
    }>(`${base}/imports`, frenchCsv(), 'text/csv; charset=utf-8', { filename: 'acteurs-villeurbanne.csv' });
    expect(upload.status).toBe(202);
    expect(upload.body.status).toBe('analysing');
    expect(upload.body.mapping).toMatchObject({
      name: 'Raison sociale',
      category: 'Catégorie',
      siret: 'SIRET',
      rna: 'RNA',
      nafCode: 'Code NAF',
      communeCode: 'Code INSEE',
      latitude: 'Latitude',
      longitude: 'Longitude',
      sizeClass: 'Taille',
      employer: 'Employeuse',
      tags: 'Mots clés',
      description: 'Description',
    });
    const done = await waitForImport(coordinator, f.a.id, upload.body.id, 'analysed');
    expect(done.progress).toBe(100);
    expect(done.summary).toEqual({ rows: 9, valid: 3, invalid: 2, duplicates: 4, created: 0 });
    const report = await rows(upload.body.id);
    const byLine = Object.fromEntries(report.map((row) => [row.line, row]));
    expect(byLine[2]).toMatchObject({ outcome: 'valid', name: 'Boulangerie Coopérative du Tonkin' });
    expect(byLine[3]).toMatchObject({ outcome: 'invalid' });
    expect(byLine[3]?.errors?.map((error) => error.field)).toContain('siret');
    expect(byLine[4]).toMatchObject({ outcome: 'duplicate', duplicateOf: { actorId: eco.company, reason: 'siret' } });
    expect(byLine[5]).toMatchObject({ outcome: 'valid' });
    expect(byLine[6]).toMatchObject({ outcome: 'duplicate', duplicateOf: { line: 5, reason: 'rna' } });
    expect(byLine[7]).toMatchObject({
      outcome: 'duplicate',
      duplicateOf: { actorId: eco.association, reason: 'name_and_commune' },
    });
    expect(byLine[8]).toMatchObject({ outcome: 'valid' });
    expect(byLine[9]).toMatchObject({ outcome: 'duplicate', duplicateOf: { line: 8, reason: 'name_and_distance' } });
    expect(byLine[10]?.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'name' })]));
    const invalidOnly = await coordinator.get<Page<RowReport>>(`${base}/imports/${upload.body.id}/rows`, {
      outcome: 'invalid',
    });
    expect(invalidOnly.body.items.map((row) => row.line)).toEqual([3, 10]);
    expect((await coordinator.get<Page<unknown>>(`${base}/actors`, { limit: '100' })).body.items).toHaveLength(before);
  });

  it('runs for real, then creates nothing new when run again or when the same file comes back', async () => {
    const upload = await coordinator.upload<{ id: string }>(`${base}/imports`, frenchCsv(), 'text/csv');
    await waitForImport(coordinator, f.a.id, upload.body.id, 'analysed');
    const started = await coordinator.post<{ status: string }>(`${base}/imports/${upload.body.id}/run`, {});
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('running');
    const done = await waitForImport(coordinator, f.a.id, upload.body.id, 'completed');
    expect(done.summary).toMatchObject({ created: 3, invalid: 2, duplicates: 4 });
    const created = (await rows(upload.body.id)).filter((row) => row.outcome === 'created');
    const bakery = await coordinator.get<{
      name: string;
      sizeClass: string;
      tags: string[];
      external: boolean;
      nafCode: string;
    }>(`${base}/actors/${created.find((row) => row.line === 2)?.actorId}`);
    expect(bakery.body).toMatchObject({
      sizeClass: 'micro',
      nafCode: '10.71C',
      external: false,
      tags: ['alimentation', 'circuits courts'],
    });
    const search = await coordinator.get<Page<{ name: string }>>(`${base}/actors`, { q: 'boulangerie cooperative' });
    expect(search.body.items.map((actor) => actor.name)).toEqual(['Boulangerie Coopérative du Tonkin']);

    const count = async () =>
      (await coordinator.get<Page<unknown>>(`${base}/actors`, { limit: '100' })).body.items.length;
    const afterFirst = await count();
    await coordinator.post(`${base}/imports/${upload.body.id}/run`, {});
    const again = await waitForImport(coordinator, f.a.id, upload.body.id, 'completed');
    expect(again.summary).toMatchObject({ created: 3 });
    expect(await count()).toBe(afterFirst);

    const second = await coordinator.upload<{ id: string }>(`${base}/imports`, frenchCsv(), 'text/csv');
    await waitForImport(coordinator, f.a.id, second.body.id, 'analysed');
    await coordinator.post(`${base}/imports/${second.body.id}/run`, {});
    const secondDone = await waitForImport(coordinator, f.a.id, second.body.id, 'completed');
    expect(secondDone.summary).toMatchObject({ created: 0, valid: 0 });
    expect(await count()).toBe(afterFirst);
  });

  it('reads XLSX files, and takes a corrected mapping', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Acteurs');
    sheet.addRow(['Structure', 'Type', 'Commune (code)']);
    sheet.addRow(['Fablab des Gratte-Ciel', 'structure d’accompagnement', '69266']);
    sheet.addRow(['Université Populaire', 'universite', '69123']);
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    const upload = await coordinator.upload<{ id: string; mapping: Record<string, string> }>(
      `${base}/imports`,
      content,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(upload.status).toBe(202);
    // The API only checks the workbook holds a data row: the worker reads its columns and guesses the mapping.
    await waitForImport(coordinator, f.a.id, upload.body.id, 'analysed');
    const analysed = await coordinator.get<{ columns: string[]; mapping: Record<string, string> }>(
      `${base}/imports/${upload.body.id}`,
    );
    expect(analysed.body.columns).toEqual(['Structure', 'Type', 'Commune (code)']);
    expect(analysed.body.mapping).toEqual({ name: 'Structure', category: 'Type', communeCode: 'Commune (code)' });
    const badMapping = await coordinator.post(`${base}/imports/${upload.body.id}/dry-run`, {
      mapping: { name: 'Nope', category: 'Type' },
    });
    expect(badMapping.status).toBe(400);
    expect(badMapping.body).toMatchObject({ code: 'invalid_mapping' });
    const remapped = await coordinator.post(`${base}/imports/${upload.body.id}/dry-run`, {
      mapping: { name: 'Structure', category: 'Type', communeCode: 'Commune (code)' },
    });
    expect(remapped.status).toBe(202);
    const done = await waitForImport(coordinator, f.a.id, upload.body.id, 'analysed');
    expect(done.summary).toMatchObject({ rows: 2, valid: 2 });
    await coordinator.post(`${base}/imports/${upload.body.id}/run`, {});
    await waitForImport(coordinator, f.a.id, upload.body.id, 'completed');
    const fablab = await coordinator.get<Page<{ category: string; communeCode: string }>>(`${base}/actors`, {
      q: 'fablab',
    });
    expect(fablab.body.items).toEqual([
      expect.objectContaining({ category: 'support_structure', communeCode: '69266' }),
    ]);
  });

  it('reads a spreadsheet as French users write it: commune names, postal codes, French labels, decimal commas', async () => {
    // test/fixtures/acteurs-tableur-francais.csv: BOM, `;`, CRLF, no INSEE code anywhere.
    const upload = await uploadFixture('acteurs-tableur-francais.csv');
    expect(upload.body.mapping).toEqual({
      name: 'Nom de la structure',
      category: "Type d'acteur",
      address: 'Adresse',
      postalCode: 'Code postal',
      communeCode: 'Ville',
      latitude: 'Latitude',
      longitude: 'Longitude',
      employer: 'Employeuse',
      sizeClass: 'Taille',
    });
    const done = await waitForImport(coordinator, f.a.id, upload.body.id, 'analysed');
    const report = await rows(upload.body.id);
    const byLine = Object.fromEntries(report.map((row) => [row.line, row]));
    const messages = (line: number) => byLine[line]?.errors?.map((error) => `${error.field}: ${error.message}`);
    expect(messages(9)).toEqual([
      expect.stringMatching(
        /^communeCode: commune ambiguë : « Villeneuve » désigne 6 communes : .*Villeneuve \(04 – Alpes-de-Haute-Provence\).*Précisez le code postal ou le département/,
      ),
    ]);
    expect(messages(10)).toEqual(['employer: oui ou non attendu, lu : « peut-être »']);
    expect(messages(12)).toEqual(expect.arrayContaining(['latitude: latitude invalide : « 1 234,5 »']));
    expect(messages(14)).toEqual(['communeCode: commune introuvable : « Gotham »']);
    expect(report.filter((row) => row.outcome === 'invalid').map((row) => row.line)).toEqual([9, 10, 12, 14]);
    expect(done.summary).toEqual({ rows: 14, valid: 10, invalid: 4, duplicates: 0, created: 0 });

    await coordinator.post(`${base}/imports/${upload.body.id}/run`, {});
    await waitForImport(coordinator, f.a.id, upload.body.id, 'completed');
    const created = Object.fromEntries((await rows(upload.body.id)).map((row) => [row.line, row.actorId]));
    const actor = async (line: number) =>
      (
        await coordinator.get<{
          category: string;
          communeCode: string;
          external: boolean;
          address: string | null;
          location: { latitude: number; longitude: number } | null;
          employer: boolean | null;
          sizeClass: string | null;
        }>(`${base}/actors/${created[line]}`)
      ).body;
    expect(await actor(2)).toMatchObject({
      category: 'association',
      communeCode: '69123',
      external: false,
      address: '12 rue Jacquard, 69004 Lyon 4e',
      location: { latitude: 45.7785, longitude: 4.8271 },
      employer: true,
    });
    expect(await actor(3)).toMatchObject({ category: 'academic', communeCode: '69266' });
    expect(await actor(4)).toMatchObject({ category: 'foundation', communeCode: '42218', external: true });
    expect(await actor(5)).toMatchObject({ communeCode: '69199', employer: false, address: '3 av. Jean Jaurès' });
    expect(await actor(6)).toMatchObject({ category: 'company', communeCode: '69123', sizeClass: 'micro' });
    expect(await actor(7)).toMatchObject({ category: 'citizen_group', communeCode: '51410' });
    expect(await actor(8)).toMatchObject({ category: 'support_structure', communeCode: '38193' });
    expect(await actor(11)).toMatchObject({ category: 'association', communeCode: '38185' });
    expect(await actor(13)).toMatchObject({ category: 'company', communeCode: '13055', sizeClass: 'sme' });
    expect(await actor(15)).toMatchObject({ communeCode: '69034', employer: true });
  });

  it('checks websites as the actor form and the API do: a row whose website is no address is refused, named, and not created', async () => {
    const tooLong = `velo-ecole-gerland.example/${'a'.repeat(480)}`;
    const csv = [
      'Nom;Catégorie;Site web',
      'Jardin Partagé des Brotteaux;association;www.jardin-brotteaux.example',
      'Ressourcerie Capitale;association;HTTPS://RESSOURCERIE-CAPITALE.EXAMPLE/Agenda',
      'Épicerie Solidaire des Pentes;association;contact@epicerie-pentes.example',
      'Repair Café Part-Dieu;association;www.repair.example, www.repair-cafe.example',
      `Vélo-École Gerland;association;${tooLong}`,
    ].join('\r\n');
    const upload = await coordinator.upload<{ id: string; mapping: Record<string, string> }>(
      `${base}/imports`,
      Buffer.from(csv, 'utf8'),
      'text/csv',
      { filename: 'sites-web.csv' },
    );
    expect(upload.status).toBe(202);
    expect(upload.body.mapping).toMatchObject({ website: 'Site web' });
    const done = await waitForImport(coordinator, f.a.id, upload.body.id, 'analysed');
    expect(done.summary).toEqual({ rows: 5, valid: 2, invalid: 3, duplicates: 0, created: 0 });
    const refused = (await rows(upload.body.id))
      .filter((row) => row.outcome === 'invalid')
      .map((row) => [row.line, row.name, row.errors]);
    expect(refused).toEqual([
      [
        4,
        'Épicerie Solidaire des Pentes',
        [
          {
            field: 'website',
            message:
              'adresse web invalide : « contact@epicerie-pentes.example » (par exemple www.exemple.fr ou https://www.exemple.fr)',
          },
        ],
      ],
      [
        5,
        'Repair Café Part-Dieu',
        [
          {
            field: 'website',
            message:
              'adresse web invalide : « www.repair.example, www.repair-cafe.example » (par exemple www.exemple.fr ou https://www.exemple.fr)',
          },
        ],
      ],
      [6, 'Vélo-École Gerland', [{ field: 'website', message: 'adresse web trop longue (500 caractères au plus)' }]],
    ]);
    await coordinator.post(`${base}/imports/${upload.body.id}/run`, {});
    await waitForImport(coordinator, f.a.id, upload.body.id, 'completed');
    const created = (await rows(upload.body.id)).filter((row) => row.outcome === 'created');
    const websites = await Promise.all(
      created.map(
        async (row) =>
          (await coordinator.get<{ website: string | null }>(`${base}/actors/${row.actorId}`)).body.website,
      ),
    );
    expect(websites).toEqual(['https://www.jardin-brotteaux.example', 'HTTPS://RESSOURCERIE-CAPITALE.EXAMPLE/Agenda']);
    for (const q of ['epicerie solidaire des pentes', 'repair cafe part dieu', 'velo ecole gerland']) {
      expect((await coordinator.get<Page<unknown>>(`${base}/actors`, { q })).body.items).toEqual([]);
    }
  });

  it('reads creation dates as French users write them (« Date de création », jj/mm/aaaa, « 5 mars 2021 »), refusing with the value seen', async () => {
    // test/fixtures/acteurs-dates-de-creation.csv: BOM, `;`, CRLF, a SIRENE-like « Date de création » column.
    const upload = await uploadFixture('acteurs-dates-de-creation.csv');
    expect(upload.body.mapping).toEqual({
      name: 'Dénomination',
      category: 'Catégorie',
      communeCode: 'Commune',
      foundedOn: 'Date de création',
    });
    const done = await waitForImport(coordinator, f.a.id, upload.body.id, 'analysed');
    const report = await rows(upload.body.id);
    const byLine = Object.fromEntries(report.map((row) => [row.line, row]));
    expect(byLine[8]?.errors).toEqual([
      { field: 'foundedOn', message: 'date de création attendue (jj/mm/aaaa), lu : « 31/02/2020 »' },
    ]);
    expect(byLine[9]?.errors).toEqual([
      { field: 'foundedOn', message: 'La date de création ne peut pas être dans le futur (lu : « 12/12/2099 »)' },
    ]);
    expect(done.summary).toEqual({ rows: 9, valid: 7, invalid: 2, duplicates: 0, created: 0 });
    await coordinator.post(`${base}/imports/${upload.body.id}/run`, {});
    await waitForImport(coordinator, f.a.id, upload.body.id, 'completed');
    const created = (await rows(upload.body.id)).filter((row) => row.actorId);
    const founded = Object.fromEntries(
      await Promise.all(
        created.map(async (row) => [
          row.line,
          (await coordinator.get<{ foundedOn: string | null }>(`${base}/actors/${row.actorId}`)).body.foundedOn,
        ]),
      ),
    );
    expect(founded).toEqual({
      2: '2021-03-05',
      3: '2021-03-05',
      4: '2021-03-05',
      5: '2021-03-05',
      6: '2021-03-05',
      7: '1901-01-01',
      10: null,
    });
  });

  it('reads a creation date from an XLSX date cell as well as from text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Feuille1');
    sheet.addRow(['Raison sociale', 'Catégorie', 'Date de création de l’unité légale']);
    sheet.addRow(['Menuiserie des Canuts', 'Entreprise', new Date(Date.UTC(2012, 10, 23))]);
    sheet.getCell('C2').numFmt = 'dd/mm/yyyy';
    sheet.addRow(['Imprimerie du Vieux-Lyon', 'Entreprise', '23/11/2012']);
    sheet.addRow(['Serrurerie du Plateau', 'Entreprise', 'le 23 novembre']);
    const upload = await coordinator.upload<{ id: string }>(
      `${base}/imports`,
      Buffer.from(await workbook.xlsx.writeBuffer()),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(upload.status).toBe(202);
    await waitForImport(coordinator, f.a.id, upload.body.id, 'analysed');
    const analysed = await coordinator.get<{ mapping: Record<string, string> }>(`${base}/imports/${upload.body.id}`);
    expect(analysed.body.mapping.foundedOn).toBe('Date de création de l’unité légale');
    const report = await rows(upload.body.id);
    expect(report.map((row) => [row.line, row.outcome, row.errors ?? []])).toEqual([
      [2, 'valid', []],
      [3, 'valid', []],
      [
        4,
        'invalid',
        [{ field: 'foundedOn', message: 'date de création attendue (jj/mm/aaaa), lu : « le 23 novembre »' }],
      ],
    ]);
    await coordinator.post(`${base}/imports/${upload.body.id}/run`, {});
    await waitForImport(coordinator, f.a.id, upload.body.id, 'completed');
    for (const row of (await rows(upload.body.id)).filter((entry) => entry.actorId)) {
      const actor = await coordinator.get<{ foundedOn: string | null }>(`${base}/actors/${row.actorId}`);
      expect(actor.body.foundedOn).toBe('2012-11-23');
    }
  });

  it('reads an XLSX as office suites write it: postal codes and coordinates as numbers, booleans as cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Feuille1');
    sheet.addRow(['Nom', 'Catégorie', 'Code postal', 'Commune', 'Latitude', 'Longitude', 'Employeuse']);
    // A postal code typed in a number cell loses its leading zero (04180 → 4180).
    sheet.addRow(['Ressourcerie des Alpes du Sud', 'Association', 4180, 'Villeneuve', 43.8936, 5.8647, true]);
    sheet.addRow(['Amicale Laïque de Saint-Priest', 'association', 69800, 'St Priest', null, null, false]);
    sheet.addRow(['Lycée du Parc', 'Enseignement / recherche', null, 'Lyon 6e', 45.7719, 4.8466, null]);
    sheet.addRow(['Amicale de Saint-Priest (bis)', 'association', null, 'Saint-Priest', null, null, 'oui']);
    const upload = await coordinator.upload<{ id: string }>(
      `${base}/imports`,
      Buffer.from(await workbook.xlsx.writeBuffer()),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(upload.status).toBe(202);
    const done = await waitForImport(coordinator, f.a.id, upload.body.id, 'analysed');
    expect(done.summary).toMatchObject({ rows: 4, valid: 3, invalid: 1 });
    const report = await rows(upload.body.id);
    expect(report.find((row) => row.line === 5)?.errors?.[0]?.message).toMatch(
      /« Saint-Priest » désigne 3 communes : Saint-Priest \(07 – Ardèche\), Saint-Priest \(23 – Creuse\), Saint-Priest \(69 – Rhône\)/,
    );
    await coordinator.post(`${base}/imports/${upload.body.id}/run`, {});
    await waitForImport(coordinator, f.a.id, upload.body.id, 'completed');
    const created = (await rows(upload.body.id)).filter((row) => row.outcome === 'created');
    const communes = await Promise.all(
      created.map(
        async (row) =>
          (await coordinator.get<{ communeCode: string; employer: boolean | null }>(`${base}/actors/${row.actorId}`))
            .body,
      ),
    );
    expect(communes).toEqual([
      expect.objectContaining({ communeCode: '04242', employer: true }),
      expect.objectContaining({ communeCode: '69290', employer: false }),
      expect.objectContaining({ communeCode: '69123' }),
    ]);
  });

  it('fails an import whose job the queue refused, under a new revision: a job the queue takes late is skipped', async () => {
    const jobs = t.app.get(JobQueue);
    const enqueue = jest.spyOn(jobs, 'enqueue').mockRejectedValueOnce(new Error('queue down'));
    try {
      const refused = await coordinator.upload<{ code: string; detail: string }>(
        `${base}/imports`,
        frenchCsv(),
        'text/csv',
        { filename: 'file-indisponible.csv' },
      );
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ code: 'queue_unavailable' });
    } finally {
      enqueue.mockRestore();
    }
    const list = await coordinator.get<Page<{ id: string; filename: string; status: string }>>(`${base}/imports`);
    const failed = list.body.items.find((item) => item.filename === 'file-indisponible.csv');
    expect(failed?.status).toBe('failed');
    // The queue had taken the job after all, and runs it now: its revision (the first) is no longer the import's.
    await jobs.enqueue(
      'imports.process',
      { territoryId: f.a.id, importId: failed?.id as string, revision: 1, requestedBy: f.a.coordinator.id },
      { jobId: `late-import-${failed?.id}` },
    );
    expect(await jobs.waitUntilFinished('imports', `late-import-${failed?.id}`, 30_000)).toEqual({
      state: 'completed',
      result: { skipped: 'superseded' },
    });
    const after = await coordinator.get<{ status: string }>(`${base}/imports/${failed?.id}`);
    expect(after.body.status).toBe('failed');
  });

  it('refuses unreadable files, other media types and uploads by members', async () => {
    const empty = await coordinator.upload(`${base}/imports`, Buffer.from('\n\n'), 'text/csv');
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ code: 'unreadable_file' });
    const notXlsx = await coordinator.upload(
      `${base}/imports`,
      Buffer.from('not a workbook'),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(notXlsx.status).toBe(400);
    const json = await coordinator.post(`${base}/imports`, { rows: [] });
    expect(json.status).toBe(415);
    expect((await f.a.member.api.upload(`${base}/imports`, frenchCsv(), 'text/csv')).status).toBe(403);
    // An old Excel workbook, by its type or by its name: what to do with it, in French.
    const oldWorkbook = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    for (const [type, filename] of [
      ['application/vnd.ms-excel', 'acteurs.xls'],
      ['text/csv', 'acteurs.xls'],
    ] as const) {
      const refused = await coordinator.upload(`${base}/imports`, oldWorkbook, type, { filename });
      expect(refused.status).toBe(415);
      expect(refused.body).toMatchObject({
        code: 'unsupported_media_type',
        detail: expect.stringContaining('Enregistrez le fichier au format .xlsx (Excel 2007 et suivants) ou .csv'),
      });
    }
  });

  it('reads stray quotes and headcounts, and flags rows whose cells do not line up with the header', async () => {
    const csv = [
      'Nom;Catégorie;Effectif;Code INSEE',
      'Asso "Le Relais" Grenoble;Association;12;38185',
      'Menuiserie des Pentes;Entreprise;250-499;69123',
      'Garage Solidaire des Brotteaux;Entreprise;NN;69123',
      'Café; solidaire;association;;69123',
      'Ressourcerie du Plateau;association',
      'Boulangerie du Gros Caillou;Entreprise;beaucoup;69123',
    ].join('\r\n');
    const upload = await coordinator.upload<{ id: string; mapping: Record<string, string> }>(
      `${base}/imports`,
      Buffer.from(csv, 'utf8'),
      'text/csv',
    );
    expect(upload.status).toBe(202);
    expect(upload.body.mapping).toMatchObject({ sizeClass: 'Effectif' });
    const done = await waitForImport(coordinator, f.a.id, upload.body.id, 'analysed');
    expect(done.summary).toMatchObject({ rows: 6, valid: 3, invalid: 3 });
    const report = Object.fromEntries((await rows(upload.body.id)).map((row) => [row.line, row]));
    expect(report[2]).toMatchObject({ outcome: 'valid', name: 'Asso "Le Relais" Grenoble' });
    expect(report[5]?.errors?.[0]).toEqual({
      field: 'row',
      message:
        '5 valeurs pour 4 colonnes : les valeurs sont sans doute décalées (un « ; » dans une valeur sans ' +
        'guillemets ?) ; en trop : « 69123 »',
    });
    expect(report[6]?.errors).toEqual([
      {
        field: 'row',
        message: '2 valeurs pour 4 colonnes : des séparateurs manquent, les valeurs sont peut-être décalées',
      },
    ]);
    expect(report[7]?.errors).toEqual([
      { field: 'sizeClass', message: expect.stringMatching(/^taille inconnue : « beaucoup » \(attendu : TPE, PME/) },
    ]);
    await coordinator.post(`${base}/imports/${upload.body.id}/run`, {});
    await waitForImport(coordinator, f.a.id, upload.body.id, 'completed');
    const created = Object.fromEntries((await rows(upload.body.id)).map((row) => [row.line, row.actorId]));
    const actor = async (line: number) =>
      (
        await coordinator.get<{ name: string; employer: boolean | null; sizeClass: string | null }>(
          `${base}/actors/${created[line]}`,
        )
      ).body;
    expect(await actor(2)).toMatchObject({ name: 'Asso "Le Relais" Grenoble', employer: true, sizeClass: null });
    expect(await actor(3)).toMatchObject({ sizeClass: 'mid_cap', employer: null });
    expect(await actor(4)).toMatchObject({ sizeClass: 'micro' });
  });

  it('tells in French why a file cannot be read: an unclosed quote at its line, a binary file, a header alone', async () => {
    const unclosed = await coordinator.upload(
      `${base}/imports`,
      Buffer.from('Nom;Catégorie\r\nAtelier;association\r\n"Asso;association\r\nCafé;association\r\n'),
      'text/csv',
    );
    expect(unclosed.status).toBe(400);
    expect(unclosed.body).toMatchObject({
      code: 'unreadable_file',
      detail:
        'Fichier CSV illisible : un guillemet (") ouvert à la ligne 3 n’est jamais refermé. ' +
        'Refermez-le, ou doublez les guillemets qui font partie d’une valeur ("").',
    });
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Acteurs').addRow(['Nom', 'Catégorie']);
    const headerOnly = Buffer.from(await workbook.xlsx.writeBuffer());
    const binary = await coordinator.upload(`${base}/imports`, headerOnly, 'text/csv');
    expect(binary.status).toBe(400);
    expect(binary.body).toMatchObject({
      code: 'unreadable_file',
      detail: expect.stringMatching(/^Fichier CSV illisible : ce n’est pas un fichier texte \(classeur Excel/),
    });
    const onlyHeader =
      'Le fichier ne contient que sa ligne d’en-tête : aucun acteur à importer. ' +
      'Ajoutez un acteur par ligne sous les en-têtes.';
    const csv = await coordinator.upload(`${base}/imports`, Buffer.from('Nom;Catégorie\r\n'), 'text/csv');
    expect(csv.status).toBe(400);
    expect(csv.body).toMatchObject({ code: 'unreadable_file', detail: onlyHeader });
    // An XLSX workbook with its header alone is refused at upload too, the same way; nothing is stored.
    const before = (await coordinator.get<Page<unknown>>(`${base}/imports`, { limit: '100' })).body.items.length;
    const xlsx = await coordinator.upload(
      `${base}/imports`,
      headerOnly,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(xlsx.status).toBe(400);
    expect(xlsx.body).toMatchObject({ code: 'unreadable_file', detail: onlyHeader });
    expect((await coordinator.get<Page<unknown>>(`${base}/imports`, { limit: '100' })).body.items).toHaveLength(before);
  });

  it('reports each row at the line the file shows, blank lines counted', async () => {
    const csv = await coordinator.upload<{ id: string }>(
      `${base}/imports`,
      Buffer.from(
        [
          'Nom;Catégorie',
          '',
          'Ressourcerie du Tonkin;association',
          '',
          '',
          ';association',
          'Jardin partagé;catégorie inconnue',
          '"Atelier',
          'vélo";association',
          ';association',
          '',
        ].join('\r\n'),
      ),
      'text/csv',
    );
    expect(csv.status).toBe(202);
    await waitForImport(coordinator, f.a.id, csv.body.id, 'analysed');
    expect((await rows(csv.body.id)).map((row) => [row.line, row.outcome])).toEqual([
      [3, 'valid'],
      [6, 'invalid'],
      [7, 'invalid'],
      [8, 'valid'],
      [10, 'invalid'],
    ]);
    // An XLSX sheet: its row numbers, blank rows and a header below the first row counted.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Acteurs');
    sheet.getRow(2).values = ['Nom', 'Catégorie'];
    sheet.getRow(3).values = ['Recyclerie des Pentes', 'association'];
    sheet.getRow(6).values = ['', 'association'];
    sheet.getRow(8).values = ['Fablab des Pentes', 'association'];
    const xlsx = await coordinator.upload<{ id: string }>(
      `${base}/imports`,
      Buffer.from(await workbook.xlsx.writeBuffer()),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(xlsx.status).toBe(202);
    await waitForImport(coordinator, f.a.id, xlsx.body.id, 'analysed');
    expect((await rows(xlsx.body.id)).map((row) => [row.line, row.outcome])).toEqual([
      [3, 'valid'],
      [6, 'invalid'],
      [8, 'valid'],
    ]);
  });

  describe('bounded in memory', () => {
    async function importCount(): Promise<number> {
      return (await coordinator.get<Page<unknown>>(`${base}/imports`, { limit: '100' })).body.items.length;
    }

    it('refuses an XLSX decompression bomb at upload, from its directory, without inflating it', async () => {
      // 1.1 MB that inflates to 1.1 GB.
      const bomb = xlsxBomb({ mebibytes: 1100 });
      expect(bomb.length).toBeLessThan(2 * MIB);
      const before = await importCount();
      let refused: { status: number; body: unknown } | undefined;
      const growth = await peakRssGrowth(async () => {
        refused = await coordinator.upload(
          `${base}/imports`,
          bomb,
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        );
      });
      expect(refused?.status).toBe(413);
      expect(refused?.body).toMatchObject({
        code: 'archive_too_large',
        detail:
          'Fichier XLSX refusé : la partie « xl/worksheets/sheet1.xml » occuperait 1 Gio décompressée, 64 Mio au plus.',
      });
      expect(await importCount()).toBe(before);
      expect(growth).toBeLessThan(200 * MIB);
    });

    it('refuses at upload a bomb whose directory lies about its sizes, as soon as it inflates past them', async () => {
      // The upload reads the sheet up to its first data row: this one has none before its gigabyte of spaces.
      const bomb = xlsxBomb({ mebibytes: 1100, declaredBytes: 64 * 1024 });
      const before = await importCount();
      let refused: { status: number; body: unknown } | undefined;
      const growth = await peakRssGrowth(async () => {
        refused = await coordinator.upload(
          `${base}/imports`,
          bomb,
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        );
      });
      expect(refused?.status).toBe(413);
      expect(refused?.body).toMatchObject({
        code: 'archive_too_large',
        detail:
          'Fichier XLSX refusé : la partie « xl/worksheets/sheet1.xml » décompressée dépasse la taille ' +
          'qu’annonce l’archive (64 Kio).',
      });
      expect(await importCount()).toBe(before);
      expect(growth).toBeLessThan(200 * MIB);
    });

    it('refuses a 1,000,000-row CSV while it streams in, at the first row too many', async () => {
      // Short rows: the million (about 8.9 MB) fit within the byte limit, so only counting them refuses the file.
      async function* million(): AsyncGenerator<Buffer> {
        yield Buffer.from('Nom;Catégorie\n');
        for (let block = 0; block < 1_000; block += 1) {
          yield Buffer.from(Array.from({ length: 1_000 }, (_, index) => `${block * 1_000 + index};a\n`).join(''));
        }
      }
      const before = await importCount();
      let refused: { status: number; body: unknown } | undefined;
      const growth = await peakRssGrowth(async () => {
        refused = await coordinator.upload(`${base}/imports`, Readable.from(million()), 'text/csv');
      });
      expect(refused?.status).toBe(413);
      expect(refused?.body).toMatchObject({
        code: 'too_many_rows',
        detail: 'Le fichier compte plus de 20\u202f000 lignes : 20\u202f000 au plus par import.',
      });
      expect(await importCount()).toBe(before);
      expect(growth).toBeLessThan(200 * MIB);
    });

    it('answers a client still sending a refused file over HTTP, and keeps its connection usable', async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const address = t.app.getHttpServer().address();
      const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1`;
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const send = (path: string, method: string, type?: string, body?: Readable) =>
        new Promise<{ status: number; json: { code?: string }; reusedSocket: boolean }>((resolve, reject) => {
          const outgoing = request(`${origin}${path}`, {
            method,
            agent,
            headers: { authorization: `Bearer ${coordinator.token}`, ...(type ? { 'content-type': type } : {}) },
          });
          // The answer counts once the whole body is sent: a server that stops reading would stall it here.
          const sent = new Promise((done) => outgoing.once('finish', done));
          outgoing.once('error', reject);
          outgoing.once('response', (response) => {
            let text = '';
            response.on('data', (data: Buffer) => (text += data.toString()));
            response.once('end', () => {
              void sent.then(() =>
                resolve({
                  status: response.statusCode ?? 0,
                  json: JSON.parse(text),
                  reusedSocket: outgoing.reusedSocket,
                }),
              );
            });
          });
          if (body) pipeline(body, outgoing, (error) => error && reject(error));
          else outgoing.end();
        });
      try {
        async function* rows(): AsyncGenerator<Buffer> {
          yield Buffer.from('Nom;Catégorie\n');
          for (let block = 0; block < 1_000; block += 1)
            yield Buffer.from(Array.from({ length: 1_000 }, (_, index) => `${block * 1_000 + index};a\n`).join(''));
        }
        const refused = await send(`${base}/imports`, 'POST', 'text/csv', Readable.from(rows()));
        expect(refused).toMatchObject({ status: 413, json: { code: 'too_many_rows' } });
        const next = await send(`${base}/imports`, 'GET');
        expect(next).toMatchObject({ status: 200, reusedSocket: true });
      } finally {
        agent.destroy();
      }
    });

    it('refuses an upload over MAILLAGE_IMPORT_MAX_BYTES, announced or streamed', async () => {
      const limit = t.runtime.config.http.importLimit;
      const large = Buffer.alloc(limit + 1, 'a');
      const announced = await coordinator.upload(`${base}/imports`, large, 'text/csv');
      expect(announced.status).toBe(413);
      expect(announced.body).toMatchObject({ code: 'payload_too_large', detail: 'Le fichier dépasse 10 Mio.' });
      const streamed = await coordinator.upload(`${base}/imports`, Readable.from([large]), 'text/csv');
      expect(streamed.status).toBe(413);
      expect(streamed.body).toMatchObject({ code: 'payload_too_large' });
    });
  });

  it('shows progress while a large file runs', async () => {
    const lines = ['Nom;Catégorie;Code INSEE'];
    for (let index = 0; index < 2_000; index += 1) lines.push(`Collectif de quartier ${index};collectif citoyen;69123`);
    const upload = await coordinator.upload<{ id: string }>(
      `${base}/imports`,
      Buffer.from(lines.join('\n')),
      'text/csv',
    );
    await waitForImport(coordinator, f.a.id, upload.body.id, 'analysed', 60_000);
    await coordinator.post(`${base}/imports/${upload.body.id}/run`, {});
    const seen = new Set<number>();
    await pollUntil(
      'the large import to complete',
      () => coordinator.get<{ status: string; progress: number }>(`${base}/imports/${upload.body.id}`),
      (current) => {
        seen.add(current.body.progress);
        return current.body.status === 'completed';
      },
      { timeoutMs: 90_000, intervalMs: 20 },
    );
    expect([...seen].some((progress) => progress > 0 && progress < 100)).toBe(true);
    expect(seen.has(100)).toBe(true);
  }, 180_000);

  it('merges a duplicate into the actor that stays, moving participations, alliances and contacts', async () => {
    const duplicate = await coordinator.post<{ id: string }>(`${base}/actors`, {
      category: 'association',
      name: 'Passerelles Emploi (ancienne fiche)',
      siren: null,
      website: 'https://passerelles.example',
      tags: ['emploi'],
    });
    await coordinator.post(`${base}/actors/${duplicate.body.id}/contacts`, {
      name: 'Alex Petit',
      consentNote: 'Oral, avril 2026',
    });
    const action = await coordinator.post<{ id: string; version: number }>(`${base}/actions`, {
      type: 'animation',
      title: 'Atelier CV',
      startDate: '2026-04-02',
      participants: [
        { actorId: duplicate.body.id, role: 'organiser' },
        { actorId: eco.association, role: 'participant' },
      ],
      animation: { format: 'atelier' },
    });
    // Two supports where the merged pair is both supported and a participant once merged: one of
    // the duplicate, the actor that stays its partner; one of the actor that stays, the duplicate its speaker.
    const supportOf = (supportedActorId: string) => ({
      supportedActorId,
      diagnosis: 'Structurer les partenariats',
      sessions: [{ date: '2026-04-09', minutes: 60 }],
    });
    const supportOfDuplicate = await coordinator.post<{ id: string; version: number }>(`${base}/actions`, {
      type: 'support',
      title: 'Accompagnement de l’ancienne fiche',
      startDate: '2026-04-09',
      participants: [
        { actorId: eco.association, role: 'partner' },
        { actorId: eco.publicBody, role: 'speaker' },
      ],
      support: supportOf(duplicate.body.id),
    });
    const supportOfTarget = await coordinator.post<{ id: string }>(`${base}/actions`, {
      type: 'support',
      title: 'Accompagnement de Passerelles Emploi',
      startDate: '2026-04-16',
      participants: [{ actorId: duplicate.body.id, role: 'speaker' }],
      support: supportOf(eco.association),
    });
    expect([supportOfDuplicate.status, supportOfTarget.status]).toEqual([201, 201]);
    const alliance = await coordinator.post<{ id: string; version: number }>(`${base}/alliances`, {
      title: 'Ancienne alliance',
      parties: [{ actorId: duplicate.body.id }, { actorId: eco.publicBody }],
      modes: ['economic_cooperation'],
    });
    const self = await coordinator.post(`${base}/actors/${eco.association}/merge`, { sourceId: eco.association });
    expect(self.status).toBe(400);

    const merged = await coordinator.post<{ id: string; tags: string[]; website: string }>(
      `${base}/actors/${eco.association}/merge`,
      {
        sourceId: duplicate.body.id,
      },
    );
    expect(merged.status).toBe(200);
    expect(merged.body.tags).toEqual(expect.arrayContaining(['emploi', 'insertion', 'jeunesse']));
    expect(merged.body.website).toBe('https://passerelles.example');

    const actionAfter = await coordinator.get<{ participants: { actorId: string; role: string }[] }>(
      `${base}/actions/${action.body.id}`,
    );
    // The target took part already: its own role stays, the duplicate's row goes.
    expect(actionAfter.body.participants).toEqual([
      expect.objectContaining({ actorId: eco.association, role: 'participant' }),
    ]);
    // The actor that stays is the one supported in both supports, and no longer also one of their participants.
    type Support = { participants: { actorId: string; role: string }[]; support: { supportedActorId: string } };
    const supportsAfter = await Promise.all(
      [supportOfDuplicate, supportOfTarget].map(
        async (created) => (await coordinator.get<Support>(`${base}/actions/${created.body.id}`)).body,
      ),
    );
    expect(
      supportsAfter.map(({ participants, support }) => ({
        supportedActorId: support.supportedActorId,
        participants: participants.map(({ actorId, role }) => ({ actorId, role })),
      })),
    ).toEqual([
      { supportedActorId: eco.association, participants: [{ actorId: eco.publicBody, role: 'speaker' }] },
      { supportedActorId: eco.association, participants: [] },
    ]);
    const allianceAfter = await coordinator.get<{ parties: { actorId: string }[] }>(
      `${base}/alliances/${alliance.body.id}`,
    );
    expect(allianceAfter.body.parties.map((party) => party.actorId).sort()).toEqual(
      [eco.association, eco.publicBody].sort(),
    );
    // What the merge changed has a new version: a form opened before it is refused at its save, not
    // written back over it (the duplicate's row would return, or the save fail on an archived actor).
    for (const [path, before] of [
      [`actions/${action.body.id}`, action.body],
      [`actions/${supportOfDuplicate.body.id}`, supportOfDuplicate.body],
      [`alliances/${alliance.body.id}`, alliance.body],
    ] as const) {
      const stale = await coordinator.request('PATCH', `${base}/${path}`, {
        body: { title: 'Titre d’un formulaire ouvert avant la fusion' },
        headers: { 'If-Match': String(before.version) },
      });
      expect({ path, status: stale.status }).toEqual({ path, status: 412 });
    }
    const contacts = await coordinator.get<{ name: string }[]>(`${base}/actors/${eco.association}/contacts`);
    expect(contacts.body.map((contact) => contact.name)).toEqual(
      expect.arrayContaining(['Alex Petit', 'Camille Durand']),
    );
    const source = await coordinator.get<{ archivedAt: string | null }>(`${base}/actors/${duplicate.body.id}`);
    expect(source.body.archivedAt).toEqual(expect.any(String));
    const log = await coordinator.get<
      Page<{ action: string; entityId: string; changes: Record<string, { new: unknown }> }>
    >(`${base}/audit-log`, { entity: 'actor' });
    const entry = log.body.items.find((item) => item.action === 'merge');
    expect(entry?.entityId).toBe(eco.association);
    expect(entry?.changes.mergedActorId?.new).toBe(duplicate.body.id);
    // The participant rows dropped are counted apart from those moved.
    expect(entry?.changes.moved?.new).toMatchObject({ participations: 0, participationsAsSupported: 2, supports: 1 });
  });
});
