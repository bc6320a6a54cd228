import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { activityPdf, activityWorkbook, frenchDate, frenchMonth, frenchNumber } from './activity-documents.js';
import { activityNarrative, mapSentence } from './activity-narrative.js';
import { countOf } from './french-format.js';
import { reportFileName } from './report-catalogue.js';
import { monthsOf, previousPeriod, type TerritoryActivity } from './territory-activity.js';

/** A small territory's year, written by hand: every figure below is counted from it. */
function sample(): TerritoryActivity {
  return {
    territory: { name: 'Grenoble-Alpes-Métropole', kind: 'epci', code: '200040715' },
    period: { from: '2026-01-01', to: '2026-12-31' },
    generatedAt: '2026-12-04T09:30:00.000Z',
    actorsByCategory: [
      { category: 'association', count: 3 },
      { category: 'company', count: 1 },
    ],
    newActors: {
      count: 2,
      latest: [
        { name: 'Recyclerie de l’Oisans', category: 'association', createdAt: '2026-05-02' },
        { name: 'Fablab des Écrins', category: 'company', createdAt: '2026-02-14' },
      ],
    },
    actionsByTypeAndMonth: monthsOf('2026-01-01', '2026-12-31').flatMap((month) => [
      { month, type: 'animation', count: month === '2026-03' ? 2 : 0 },
      { month, type: 'collective_experiment', count: month === '2026-06' ? 1 : 0 },
      { month, type: 'support', count: 0 },
    ]),
    alliancesByMode: [{ mode: 'patronage', count: 1 }],
    alliancesByStatus: [{ status: 'active', count: 1 }],
    newAlliances: 1,
    endedAlliances: 0,
    mostConnected: [],
    fragilities: [{ fragility: 'social', actors: 2, alliances: 1 }],
    priorities: [
      { title: 'Mobilité solidaire', status: 'active', actions: 2, alliances: 1 },
      { title: 'Alimentation durable', status: 'active', actions: 1, alliances: 0 },
      { title: 'Logement des jeunes', status: 'achieved', actions: 0, alliances: 0 },
    ],
    previous: { from: '2025-01-01', to: '2025-12-31', actors: 2, actions: 3, alliances: 0 },
    newPriorities: ['Mobilité solidaire'],
    alliances: {
      total: 1,
      items: [
        {
          title: 'Atelier vélo partagé',
          status: 'active',
          modes: ['patronage', 'societal_innovation'],
          startDate: '2026-04-01',
          parties: ['Fablab des Écrins', 'Recyclerie de l’Oisans'],
        },
      ],
    },
    actions: {
      total: 3,
      items: [
        {
          title: 'Garage solidaire',
          type: 'collective_experiment',
          phase: 'design',
          startDate: '2026-06-10',
          participants: ['Recyclerie de l’Oisans'],
        },
        { title: 'Forum mobilité', type: 'animation', phase: null, startDate: '2026-03-12', participants: [] },
        { title: 'Café des associations', type: 'animation', phase: null, startDate: '2026-03-01', participants: [] },
      ],
    },
    map: {
      points: [
        { latitude: 45.188, longitude: 5.7245, category: 'association', approximate: false },
        { latitude: 45.1667, longitude: 5.7167, category: 'association', approximate: true },
        { latitude: 45.2, longitude: 5.68, category: 'company', approximate: false },
      ],
      unplaced: 1,
      external: 0,
    },
    network: {
      asOf: '2026-12-04',
      linkedActors: 2,
      alliances: 1,
      components: 1,
      communities: 1,
      meanDegree: 1,
      density: 1,
      central: [
        { name: 'Fablab des Écrins', category: 'company', partners: 1 },
        { name: 'Recyclerie de l’Oisans', category: 'association', partners: 1 },
      ],
    },
    evaluations: { count: 2, product: 4, balance: 3.5, contribution: 2.5, disagreements: 1 },
  };
}

const pdfText = async (buffer: Buffer, mergePages = true) =>
  (await extractText(await getDocumentProxy(new Uint8Array(buffer)), { mergePages })).text;

describe('the activity report in French', () => {
  it('writes numbers and dates the French way', () => {
    expect(frenchNumber(1234)).toBe('1\u00a0234');
    expect(frenchNumber(3.5)).toBe('3,5');
    expect(frenchNumber(null)).toBe('—');
    expect(frenchDate('2026-12-04')).toBe('4 décembre 2026');
    expect(frenchDate('2026-01-01')).toBe('1er janvier 2026');
    expect(frenchMonth('2026-03')).toBe('mars 2026');
  });

  it('lists every month of the period, across years', () => {
    expect(monthsOf('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('names files after the report, the territory and the period', () => {
    const now = new Date('2026-12-03T23:30:00Z'); // already 4 December in Paris
    expect(reportFileName('actors_export', 'csv', {}, 'Grenoble-Alpes Métropole', now)).toBe(
      'acteurs-grenoble-alpes-metropole-2026-12-04.csv',
    );
    expect(
      reportFileName('territory_activity', 'pdf', { from: '2026-01-01', to: '2026-06-30' }, 'Métropole de Lyon', now),
    ).toBe('activite-metropole-de-lyon-2026-01-01_2026-06-30.pdf');
  });

  it('says how many in French words, singular and plural', () => {
    const alliance = { one: 'alliance', many: 'alliances', feminine: true };
    expect(countOf(0, alliance)).toBe('aucune alliance');
    expect(countOf(1, alliance)).toBe('1 alliance');
    expect(countOf(1234, alliance)).toBe('1\u00a0234 alliances');
    expect(countOf(0, { one: 'acteur', many: 'acteurs' })).toBe('aucun acteur');
    expect(previousPeriod('2026-01-01', '2026-12-31')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(previousPeriod('2026-03-01', '2026-03-31')).toEqual({ from: '2026-01-29', to: '2026-02-28' });
  });

  it('tells the period in sentences computed from the figures', () => {
    const narrative = activityNarrative(sample());
    expect(narrative).toEqual([
      'À la fin de la période, le territoire compte 4 acteurs, contre 2 à la fin de la période précédente, soit 2 de plus. ' +
        '3 actions ont commencé pendant la période (2 animations du territoire et 1 expérimentation collective), autant qu’au cours de la période précédente.',
      '1 alliance a débuté pendant la période, contre aucune pendant la période précédente, soit 1 de plus. Elle est active à ce jour.',
      '2 nouveaux acteurs ont été enregistrés pendant la période. 1 nouvel enjeu a été inscrit : «\u00a0Mobilité solidaire\u00a0».',
      'Les enjeux les plus mobilisés par les actions et alliances de la période sont «\u00a0Mobilité solidaire\u00a0» (2 actions et 1 alliance) et «\u00a0Alimentation durable\u00a0» (1 action).',
      'Au 4 décembre 2026, 2 acteurs sont reliés par 1 alliance et forment un seul réseau connecté ; chacun a en moyenne 1 partenaire. ' +
        'Les acteurs les plus reliés sont Fablab des Écrins et Recyclerie de l’Oisans, avec 1 partenaire chacun.',
      '2 évaluations d’alliances portent sur la période : en moyenne, les parties donnent 4 sur 5 au produit de l’alliance, ' +
        '3,5 sur 5 à son équilibre et 2,5 sur 5 à la valeur de leur contribution. ' +
        'On relève 1 désaccord marqué entre les parties d’une même alliance (un écart de 2 points ou plus sur un critère, pour une même période).',
    ]);
    const quiet = { ...sample(), alliances: { total: 0, items: [] }, alliancesByStatus: [] };
    expect(activityNarrative(quiet)[1]).toBe(
      'Aucune alliance n’a débuté pendant la période, pas plus qu’au cours de la période précédente.',
    );
    const steady = { ...sample(), actorsByCategory: [{ category: 'association', count: 2 }] };
    expect(activityNarrative(steady)[0]).toMatch(
      /^À la fin de la période, le territoire compte 2 acteurs, autant qu’à la fin de la période précédente\. /,
    );
  });

  it('makes a PDF with a cover, the narrative, the lists, the map and the evaluations, in French only', async () => {
    const buffer = await activityPdf(sample());
    const pages = (await pdfText(buffer, false)) as unknown as string[];
    expect(pages[0]).toContain('Grenoble-Alpes-Métropole');
    expect(pages[0]).toContain('Intercommunalité (EPCI) — SIREN 200040715');
    expect(pages[0]).toContain('Période du 1er janvier 2026 au 31 décembre 2026');
    expect(pages[0]).toContain('Document produit le 4 décembre 2026');
    const text = ((await pdfText(buffer)) as string).replace(/\s+/g, ' ');
    expect(text).toContain('L’essentiel');
    expect(text).toContain('soit 2 de plus');
    expect(text).toContain('Atelier vélo partagé');
    expect(text).toContain(
      'Atelier vélo partagé Fablab des Écrins, Recyclerie de l’Oisans Mécénat, Innovation sociétale Active 1er avril 2026',
    );
    expect(text).toContain(
      'Garage solidaire Expérimentation collective (Conception) Recyclerie de l’Oisans 10 juin 2026',
    );
    expect(text).toContain('10 juin 2026');
    // The map: its legend, with counts, and the hollow circle of approximate positions.
    expect(text).toContain('Carte des acteurs');
    expect(text).toContain('Association (2)');
    expect(text).toContain('Entreprise (1)');
    expect(text).toContain('Position approximative (centre de la commune)');
    expect(text).toContain('3 des 4 acteurs du territoire sont placés sur la carte. 1 est placé approximativement');
    expect(text).toContain('3,5 sur 5');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(text).not.toMatch(
      /\b(collective_experiment|societal_innovation|public_body|under_discussion|epci|design)\b/,
    );
    // No page is nearly empty but the cover's end.
    for (const page of pages) expect(page.replace(/\s+/g, ' ').length).toBeGreaterThan(300);
  });

  it('says so when no actor has a point, instead of drawing an empty frame', async () => {
    const data = { ...sample(), map: { points: [], unplaced: 4, external: 1 } };
    expect(mapSentence(data)).toBe(
      'Aucun des 4 acteurs du territoire n’a de position connue : la carte ne peut pas être dessinée. 1 acteur situé hors du territoire n’y figure pas.',
    );
    const everywhere = sample().map.points.map((point) => ({ ...point, approximate: true }));
    expect(mapSentence({ ...data, map: { points: everywhere, unplaced: 0, external: 0 } })).toBe(
      'Les 3 acteurs du territoire sont placés sur la carte. Tous le sont approximativement, au centre de leur commune (cercles vides).',
    );
    const alone = { ...data, map: { points: [], unplaced: 1, external: 0 } };
    expect(mapSentence(alone)).toBe(
      'L’unique acteur du territoire n’a pas de position connue : la carte ne peut pas être dessinée.',
    );
    const [first] = everywhere;
    expect(mapSentence({ ...data, map: { points: first ? [first] : [], unplaced: 0, external: 0 } })).toBe(
      'L’unique acteur du territoire est placé sur la carte. Il l’est approximativement, au centre de sa commune (cercle vide).',
    );
    const text = (await pdfText(await activityPdf(data))) as string;
    expect(text).toContain('Aucun des 4 acteurs du territoire n’a de position connue');
    expect(text).not.toContain('Position approximative');
    expect(text).not.toContain('Association (2)');
  });

  it('caps long lists in the PDF and keeps them whole in the workbook, with real dates', async () => {
    const data = sample();
    const many = Array.from({ length: 45 }, (_, index) => ({
      title: `Alliance n° ${index + 1}`,
      status: 'proposed',
      modes: ['economic_cooperation'],
      startDate: `2026-${String((index % 12) + 1).padStart(2, '0')}-15`,
      parties: ['Fablab des Écrins', 'Recyclerie de l’Oisans'],
    }));
    const capped = { ...data, alliances: { total: 45, items: many.slice(0, 30) } };
    const text = (await pdfText(await activityPdf(capped))) as string;
    expect(text).toContain('Les 30 plus récentes');
    // Only the PDF was ordered: it says how to get the rest, never that a workbook is there.
    expect(text.replace(/\s+/g, ' ')).toContain(
      '… et 15 autres alliances, qui ne figurent pas dans ce document : commandez ce rapport au format XLSX pour les avoir toutes.',
    );
    expect(text).not.toMatch(/voir le classeur|du même rapport/);
    expect(text).toContain('Alliance n° 30');
    expect(text).not.toContain('Alliance n° 31');
    const directory = await mkdtemp(join(tmpdir(), 'activite-'));
    try {
      const path = join(directory, 'activite.xlsx');
      const whole = { ...data, alliances: { total: 45, items: many }, newActors: { ...data.newActors, count: 5 } };
      await activityWorkbook(whole, path);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(path);
      const alliances = workbook.getWorksheet('Alliances de la période');
      expect(alliances?.actualRowCount).toBe(1 + 45);
      expect(alliances?.getRow(2).values).toEqual([
        undefined,
        'Alliance n° 1',
        'Fablab des Écrins, Recyclerie de l’Oisans',
        'Coopération économique',
        'Proposée',
        new Date('2026-01-15T00:00:00Z'),
      ]);
      const actions = workbook.getWorksheet('Actions de la période');
      expect(actions?.getRow(2).values).toEqual([
        undefined,
        'Garage solidaire',
        'Expérimentation collective',
        'Conception',
        'Recyclerie de l’Oisans',
        new Date('2026-06-10T00:00:00Z'),
      ]);
      const newcomers = workbook.getWorksheet('Nouveaux acteurs');
      expect(newcomers?.actualRowCount).toBe(1 + 2 + 1);
      expect(newcomers?.getRow(4).values).toEqual([
        undefined,
        '… et 3 autres nouveaux acteurs : l’export des acteurs les donne tous.',
      ]);
      const summary = workbook.getWorksheet('Synthèse');
      const rows = new Map<string, unknown[]>();
      summary?.eachRow((row) => {
        const [, label, value] = row.values as unknown[];
        rows.set(String(label), [...(rows.get(String(label)) ?? []), value]);
      });
      expect(rows.get('Nature')).toEqual(['Intercommunalité (EPCI) — SIREN 200040715']);
      expect(rows.get('Synthèse')).toEqual(activityNarrative(whole));
      expect(rows.get('Réseau : acteurs reliés')).toEqual([2]);
      expect(rows.get('Acteurs à la fin de la période précédente')).toEqual([2]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
