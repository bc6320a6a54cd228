import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import pdfmake from 'pdfmake';
import { ACTION_TYPES, FRENCH_LABELS, frenchLabel } from '@maillage/ecosystem';
import { TERRITORY_KIND_LABELS, type TerritoryKind } from '@maillage/territories';
import { actorsMapSvg, escapeXml } from './activity-map.js';
import { activityNarrative, mapSentence } from './activity-narrative.js';
import { frenchDate, frenchMonth, frenchNumber } from './french-format.js';
import type { TerritoryActivity } from './territory-activity.js';

export { frenchDate, frenchMonth, frenchNumber } from './french-format.js';

const require = createRequire(import.meta.url);
const fonts = require('pdfmake/fonts/Roboto.js') as Record<string, Record<string, string>>;
pdfmake.setFonts(fonts);
// Nothing in a report is fetched from anywhere: no URL, no local file but the fonts.
pdfmake.setUrlAccessPolicy(() => false);
const fontFiles = new Set(Object.values(fonts).flatMap((family) => Object.values(family)));
pdfmake.setLocalAccessPolicy((path) => fontFiles.has(path));

/** What the report counts in its period, said in the document. */
export const PERIOD_NOTES = [
  'Acteurs : ceux qui existaient à la fin de la période (créés avant, non archivés).',
  'Actions : celles qui ont commencé pendant la période.',
  'Alliances : celles qui ont commencé pendant la période (date de début, à défaut date d’enregistrement), selon leur statut actuel.',
  'Évaluations : celles des périodes (année, semestre, trimestre, mois) qui commencent pendant la période.',
  'Ces chiffres sont ceux du tableau de bord pour la même période.',
];

/** One row per month (months without any action too), one column per action type. */
function actionsByMonth(data: TerritoryActivity): (string | number)[][] {
  const months = [...new Set(data.actionsByTypeAndMonth.map((row) => row.month))];
  return months.map((month) => {
    const counts = ACTION_TYPES.map(
      (type) => data.actionsByTypeAndMonth.find((row) => row.month === month && row.type === type)?.count ?? 0,
    );
    return [frenchMonth(month), ...counts, counts.reduce((sum, count) => sum + count, 0)];
  });
}
const ACTION_HEADERS = ['Mois', ...ACTION_TYPES.map((type) => FRENCH_LABELS.actionType[type]), 'Total'];

/** A horizontal bar chart drawn as SVG, server-side (pdfmake renders SVG natively). */
export function barChart(bars: { label: string; value: number }[], width = 480): string {
  const rowHeight = 22;
  const labelWidth = 190;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const height = Math.max(1, bars.length) * rowHeight + 10;
  const rows = bars
    .map((bar, index) => {
      const y = 5 + index * rowHeight;
      const length = Math.round(((width - labelWidth - 40) * bar.value) / max);
      return (
        `<text x="0" y="${y + 15}" font-size="10" fill="#333">${escapeXml(bar.label)}</text>` +
        `<rect x="${labelWidth}" y="${y + 3}" width="${Math.max(length, 1)}" height="${rowHeight - 8}" fill="#2b7a5f"/>` +
        `<text x="${labelWidth + length + 4}" y="${y + 15}" font-size="10" fill="#333">${bar.value}</text>`
      );
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${rows}</svg>`;
}

function table(headers: string[], rows: (string | number | null)[][], widths?: (string | number)[]): object {
  return {
    table: {
      headerRows: 1,
      widths: widths ?? headers.map((_, index) => (index === 0 ? '*' : 'auto')),
      body: [
        headers.map((text) => ({ text, bold: true })),
        ...rows.map((row) =>
          row.map((cell) =>
            typeof cell === 'number' ? { text: frenchNumber(cell), alignment: 'right' } : String(cell ?? '—'),
          ),
        ),
      ],
    },
    layout: 'lightHorizontalLines',
    margin: [0, 4, 0, 12],
  };
}

/** What the network's figures mean (the narrative gives them in words). */
const NETWORK_NOTE = (asOf: string) =>
  `Le réseau au ${frenchDate(asOf)} : deux acteurs y sont reliés quand ils sont parties d’une même alliance, ` +
  'quel que soit son statut, hors alliances déclinées ou retirées.';

/** How alliances are evaluated (the narrative gives the period's results). */
const EVALUATION_NOTE =
  'Chaque partie note son alliance de 1 à 5 sur trois critères : le produit de l’alliance (ce qu’elle apporte), ' +
  'son équilibre entre les parties et la valeur de sa propre contribution. Un désaccord marqué est un écart de ' +
  '2 points ou plus entre les parties d’une même alliance sur un critère, pour une même période.';

const EVALUATION_HEADERS = ['Évaluations', 'Produit', 'Équilibre', 'Contribution', 'Désaccords'];
const evaluationRow = ({ evaluations }: TerritoryActivity) => [
  evaluations.count,
  evaluations.product,
  evaluations.balance,
  evaluations.contribution,
  evaluations.disagreements,
];

/**
 * A section heading, kept with what follows it (see `pageBreakBefore`); inside an
 * unbreakable stack, a plain `h2` instead (a break inside one loses the stack).
 */
const heading = (text: string) => ({ text, style: 'h2', headlineLevel: 1 });

/** The territory as the cover names it: its kind in French and its official code. */
export function territoryLine(territory: TerritoryActivity['territory']): string {
  const kind = TERRITORY_KIND_LABELS[territory.kind as TerritoryKind];
  if (!kind) return '';
  return kind.code && territory.code ? `${kind.label} — ${kind.code} ${territory.code}` : kind.label;
}

/** `du 1er janvier 2026 au 31 décembre 2026`. */
export const periodText = (period: { from: string; to: string }) =>
  `du ${frenchDate(period.from)} au ${frenchDate(period.to)}`;

/**
 * The note under a capped list: how many more there are, and how to get them all (the same
 * report in XLSX lists them), without sending to a workbook that may not have been produced.
 */
function moreNote(total: number, shown: number, what: string, all: 'tous' | 'toutes'): object[] {
  if (total <= shown) return [];
  return [
    {
      text:
        `… et ${frenchNumber(total - shown)} autres ${what}, qui ne figurent pas dans ce document : ` +
        `commandez ce rapport au format XLSX pour les avoir ${all}.`,
      italics: true,
      margin: [0, -6, 0, 12],
    },
  ];
}

/** A list of the period, its most recent first: the whole list, or the first ones and how many more. */
function cappedList(
  total: number,
  headers: string[],
  rows: string[][],
  widths: (string | number)[],
  what: 'actions' | 'alliances',
): object[] {
  return [
    { text: total > rows.length ? `Les ${frenchNumber(rows.length)} plus récentes :` : 'La liste :', bold: true },
    { ...table(headers, rows, widths), fontSize: 8.5 },
    ...moreNote(total, rows.length, what, 'toutes'),
  ];
}

/** Up to six names, then how many more (the XLSX of the report lists them all). */
function names(list: string[], shown = 6): string {
  if (list.length <= shown) return list.join(', ');
  return `${list.slice(0, shown).join(', ')} et ${frenchNumber(list.length - shown)} autres`;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** `+3`, `−1`, `=`. */
const change = (current: number, previous: number) =>
  current === previous ? '=' : `${current > previous ? '+' : '−'}${frenchNumber(Math.abs(current - previous))}`;

/** The figures of the period beside those of the period before. */
function keyFigures(data: TerritoryActivity): object {
  const actors = sum(data.actorsByCategory.map((row) => row.count));
  const rows: [string, number, number][] = [
    ['Acteurs à la fin de la période', actors, data.previous.actors],
    ['Actions commencées', data.actions.total, data.previous.actions],
    ['Alliances commencées', data.alliances.total, data.previous.alliances],
  ];
  return table(
    ['', 'Période', `Période précédente (${periodText(data.previous)})`, 'Évolution'],
    rows.map(([label, current, previous]) => [label, current, previous, change(current, previous)]),
    ['*', 'auto', 'auto', 'auto'],
  );
}

function networkTable(data: TerritoryActivity): object {
  const network = data.network;
  return table(
    ['Le réseau des alliances', 'Valeur'],
    [
      ['Acteurs reliés par au moins une alliance', network.linkedActors],
      ['Alliances qui les relient', network.alliances],
      ['Réseaux distincts (groupes d’acteurs reliés entre eux)', network.components],
      ['Communautés (groupes plus liés entre eux qu’avec les autres)', network.communities],
      ['Partenaires par acteur relié, en moyenne', Math.round(network.meanDegree * 100) / 100],
      [
        'Densité (part des liens possibles qui existent)',
        `${frenchNumber(Math.round(network.density * 1000) / 10)}\u00a0%`,
      ],
    ],
  );
}

/** The PDF: a cover, the narrative and key figures, then each section flowing on. */
export async function activityPdf(data: TerritoryActivity): Promise<Buffer> {
  const map = actorsMapSvg(data.map.points);
  const doc = pdfmake.createPdf({
    info: { title: `Activité du territoire — ${data.territory.name}`, author: 'Maillage' },
    pageMargins: [40, 50, 40, 50],
    footer: (page: number, pages: number) =>
      page === 1
        ? ''
        : {
            text: `Activité du territoire — ${data.territory.name} · ${page} / ${pages}`,
            alignment: 'center',
            fontSize: 8,
            color: '#555555',
            margin: [0, 20, 0, 0],
          },
    // A heading never ends a page: it goes to the next one with what follows it.
    pageBreakBefore: (
      node: { headlineLevel?: number; startPosition: { verticalRatio: number } },
      nodes: { getFollowingNodesOnPage(): unknown[] },
    ) =>
      node.headlineLevel === 1 &&
      (node.startPosition.verticalRatio > 0.85 || nodes.getFollowingNodesOnPage().length === 0),
    styles: {
      h1: { fontSize: 20, bold: true, margin: [0, 0, 0, 6] },
      h2: { fontSize: 14, bold: true, margin: [0, 14, 0, 6], color: '#1d5c46' },
      paragraph: { margin: [0, 0, 0, 8], lineHeight: 1.2 },
    },
    defaultStyle: { fontSize: 10 },
    content: [
      // The cover.
      { text: 'Maillage', fontSize: 11, color: '#2b7a5f', bold: true, margin: [0, 90, 0, 30] },
      { text: 'Activité du territoire', fontSize: 16, color: '#555555' },
      { text: data.territory.name, fontSize: 28, bold: true, margin: [0, 6, 0, 6] },
      { text: territoryLine(data.territory), fontSize: 12, margin: [0, 0, 0, 30] },
      { text: `Période ${periodText(data.period)}`, fontSize: 14, bold: true },
      { text: `Document produit le ${frenchDate(data.generatedAt)}`, fontSize: 11, margin: [0, 6, 0, 60] },
      { text: 'Ce que couvre la période', bold: true, margin: [0, 0, 0, 4] },
      { ul: PERIOD_NOTES, fontSize: 9, color: '#444444' },
      // The narrative and the key figures.
      { text: 'L’essentiel', style: 'h1', pageBreak: 'before' },
      ...activityNarrative(data).map((text) => ({ text, style: 'paragraph' })),
      { ...heading('Chiffres clés'), margin: [0, 8, 0, 6] },
      keyFigures(data),
      {
        unbreakable: true,
        stack: [
          { text: 'Carte des acteurs', style: 'h2' },
          { text: mapSentence(data), style: 'paragraph' },
          ...(map ? [{ svg: map, width: 515 }] : []),
        ],
      },
      heading('Le réseau des alliances'),
      { text: NETWORK_NOTE(data.network.asOf), style: 'paragraph' },
      networkTable(data),
      ...(data.network.central.length
        ? [
            { text: 'Les acteurs les plus reliés (nombre de partenaires directs)', bold: true },
            table(
              ['Acteur', 'Catégorie', 'Partenaires'],
              data.network.central.map((row) => [row.name, frenchLabel('category', row.category), row.partners]),
            ),
          ]
        : []),
      {
        unbreakable: true,
        stack: [
          { text: 'Évaluation des alliances', style: 'h2' },
          { text: EVALUATION_NOTE, style: 'paragraph' },
          table(EVALUATION_HEADERS, [evaluationRow(data)]),
        ],
      },
      heading(`Alliances commencées pendant la période : ${frenchNumber(data.alliances.total)}`),
      ...(data.alliances.total
        ? [
            {
              svg: barChart(
                data.alliancesByMode.map((row) => ({ label: frenchLabel('allianceMode', row.mode), value: row.count })),
              ),
              width: 480,
            },
            table(
              ['Statut actuel', 'Alliances'],
              data.alliancesByStatus.map((row) => [frenchLabel('allianceStatus', row.status), row.count]),
            ),
            ...cappedList(
              data.alliances.total,
              ['Alliance', 'Parties', 'Modes', 'Statut', 'Début'],
              data.alliances.items.map((row) => [
                row.title,
                names(row.parties),
                row.modes.map((mode) => frenchLabel('allianceMode', mode)).join(', '),
                frenchLabel('allianceStatus', row.status),
                frenchDate(row.startDate),
              ]),
              ['*', '*', 80, 'auto', 78],
              'alliances',
            ),
          ]
        : [{ text: 'Aucune alliance n’a débuté pendant la période.', style: 'paragraph' }]),
      heading(`Actions commencées pendant la période : ${frenchNumber(data.actions.total)}`),
      { svg: barChart(actionBars(data)), width: 480 },
      table(ACTION_HEADERS, actionsByMonth(data)),
      ...(data.actions.total
        ? cappedList(
            data.actions.total,
            ['Action', 'Type', 'Participants', 'Début'],
            data.actions.items.map((row) => [
              row.title,
              actionKind(row),
              names(row.participants) || '—',
              frenchDate(row.startDate),
            ]),
            ['*', 100, '*', 78],
            'actions',
          )
        : []),
      heading('Enjeux et fragilités'),
      table(
        ['Enjeu', 'Statut', 'Actions', 'Alliances'],
        data.priorities.map((row) => [
          row.title,
          frenchLabel('priorityStatus', row.status),
          row.actions,
          row.alliances,
        ]),
      ),
      table(
        ['Fragilités', 'Acteurs', 'Alliances'],
        data.fragilities.map((row) => [frenchLabel('fragility', row.fragility), row.actors, row.alliances]),
      ),
      heading('Acteurs par catégorie à la fin de la période'),
      {
        svg: barChart(
          data.actorsByCategory.map((row) => ({ label: frenchLabel('category', row.category), value: row.count })),
        ),
        width: 480,
      },
      heading(`Nouveaux acteurs pendant la période : ${frenchNumber(data.newActors.count)}`),
      ...(data.newActors.count
        ? [
            table(
              ['Nom', 'Catégorie', 'Enregistré le'],
              data.newActors.latest.map((row) => [
                row.name,
                frenchLabel('category', row.category),
                frenchDate(row.createdAt),
              ]),
            ),
            ...moreNote(data.newActors.count, data.newActors.latest.length, 'nouveaux acteurs', 'tous'),
          ]
        : []),
    ],
  } as never);
  return doc.getBuffer();
}

/** Actions per month, or per year beyond two years (a chart that fits on a page). */
function actionBars(data: TerritoryActivity): { label: string; value: number }[] {
  const months = new Set(data.actionsByTypeAndMonth.map((row) => row.month));
  const byYear = months.size > 24;
  const bars = new Map<string, number>();
  for (const row of data.actionsByTypeAndMonth) {
    const label = byYear ? row.month.slice(0, 4) : frenchMonth(row.month);
    bars.set(label, (bars.get(label) ?? 0) + row.count);
  }
  return [...bars.entries()].map(([label, value]) => ({ label, value }));
}

/** `Expérimentation collective (Conception)`. */
const actionKind = (row: { type: string; phase: string | null }) =>
  row.phase
    ? `${frenchLabel('actionType', row.type)} (${frenchLabel('phase', row.phase)})`
    : frenchLabel('actionType', row.type);

const day = (value: string) => new Date(`${value.slice(0, 10)}T00:00:00Z`);

/** The last row of a list cut short: how many are left out, and which export gives them all. */
const capNote = (total: number, shown: number, what: string, source: string, all: 'tous' | 'toutes') =>
  total > shown
    ? [[`… et ${frenchNumber(total - shown)} autres ${what} : l’export des ${source} les donne ${all}.`]]
    : [];

/** The XLSX: one sheet per section; numbers as numbers, dates as dates, header frozen and filtered. */
export async function activityWorkbook(data: TerritoryActivity, path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Maillage';
  const sheet = (name: string, headers: string[], rows: (string | number | Date | null)[][], widths: number[] = []) => {
    const worksheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
    worksheet.addRow(headers).font = { bold: true };
    for (const row of rows) worksheet.addRow(row);
    worksheet.columns.forEach((column, index) => {
      column.width = widths[index] ?? (index === 0 ? 36 : 16);
    });
    worksheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.value instanceof Date) cell.numFmt = 'dd/mm/yyyy';
      }),
    );
    worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
  };
  const network = data.network;
  sheet(
    'Synthèse',
    ['Indicateur', 'Valeur'],
    [
      ['Territoire', data.territory.name],
      ['Nature', territoryLine(data.territory)],
      ['Début de la période', day(data.period.from)],
      ['Fin de la période', day(data.period.to)],
      ['Produit le', day(new Date(data.generatedAt).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' }))],
      ...activityNarrative(data).map((sentence) => ['Synthèse', sentence]),
      ['Acteurs à la fin de la période', sum(data.actorsByCategory.map((row) => row.count))],
      ['Actions commencées', data.actions.total],
      ['Alliances commencées', data.alliances.total],
      ['Début de la période précédente', day(data.previous.from)],
      ['Fin de la période précédente', day(data.previous.to)],
      ['Acteurs à la fin de la période précédente', data.previous.actors],
      ['Actions commencées pendant la période précédente', data.previous.actions],
      ['Alliances commencées pendant la période précédente', data.previous.alliances],
      ['Nouveaux acteurs', data.newActors.count],
      ['Nouveaux enjeux', data.newPriorities.length],
      ['Alliances terminées', data.endedAlliances],
      ['Réseau : date', day(network.asOf)],
      ['Réseau : acteurs reliés', network.linkedActors],
      ['Réseau : alliances', network.alliances],
      ['Réseau : réseaux distincts', network.components],
      ['Réseau : communautés', network.communities],
      ['Réseau : partenaires par acteur relié (moyenne)', Math.round(network.meanDegree * 100) / 100],
      ['Réseau : densité', Math.round(network.density * 10_000) / 10_000],
      ['Acteurs placés sur la carte', data.map.points.length],
      ['Acteurs sans position', data.map.unplaced],
      ...PERIOD_NOTES.map((note) => ['Note', note]),
    ],
    [44, 120],
  );
  sheet(
    'Acteurs',
    ['Catégorie', 'Nombre'],
    data.actorsByCategory.map((row) => [frenchLabel('category', row.category), row.count]),
  );
  sheet(
    'Nouveaux acteurs',
    ['Nom', 'Catégorie', 'Créé le'],
    [
      ...data.newActors.latest.map((row) => [row.name, frenchLabel('category', row.category), day(row.createdAt)]),
      ...capNote(data.newActors.count, data.newActors.latest.length, 'nouveaux acteurs', 'acteurs', 'tous'),
    ],
  );
  sheet('Actions', ACTION_HEADERS, actionsByMonth(data));
  sheet(
    'Actions de la période',
    ['Action', 'Type', 'Phase', 'Participants', 'Début'],
    [
      ...data.actions.items.map((row) => [
        row.title,
        frenchLabel('actionType', row.type),
        row.phase ? frenchLabel('phase', row.phase) : null,
        row.participants.join(', '),
        day(row.startDate),
      ]),
      ...capNote(data.actions.total, data.actions.items.length, 'actions', 'actions', 'toutes'),
    ],
    [44, 26, 16, 60, 12],
  );
  sheet(
    'Alliances par mode',
    ['Mode', 'Nombre'],
    data.alliancesByMode.map((row) => [frenchLabel('allianceMode', row.mode), row.count]),
  );
  sheet(
    'Alliances par statut',
    ['Statut', 'Nombre'],
    data.alliancesByStatus.map((row) => [frenchLabel('allianceStatus', row.status), row.count]),
  );
  sheet(
    'Alliances de la période',
    ['Alliance', 'Parties', 'Modes', 'Statut', 'Début'],
    [
      ...data.alliances.items.map((row) => [
        row.title,
        row.parties.join(', '),
        row.modes.map((mode) => frenchLabel('allianceMode', mode)).join(', '),
        frenchLabel('allianceStatus', row.status),
        day(row.startDate),
      ]),
      ...capNote(data.alliances.total, data.alliances.items.length, 'alliances', 'alliances', 'toutes'),
    ],
    [44, 60, 40, 16, 12],
  );
  sheet(
    'Acteurs centraux',
    ['Acteur', 'Catégorie', 'Partenaires'],
    network.central.map((row) => [row.name, frenchLabel('category', row.category), row.partners]),
  );
  sheet(
    'Acteurs connectés',
    ['Acteur', 'Catégorie', 'Alliances actives'],
    data.mostConnected.map((row) => [row.name, frenchLabel('category', row.category), row.alliances]),
  );
  sheet(
    'Fragilités',
    ['Fragilités', 'Acteurs', 'Alliances'],
    data.fragilities.map((row) => [frenchLabel('fragility', row.fragility), row.actors, row.alliances]),
  );
  sheet(
    'Enjeux',
    ['Enjeu', 'Statut', 'Actions', 'Alliances'],
    data.priorities.map((row) => [row.title, frenchLabel('priorityStatus', row.status), row.actions, row.alliances]),
  );
  sheet('Évaluations', EVALUATION_HEADERS, [evaluationRow(data)]);
  await workbook.xlsx.writeFile(path);
}
