import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import pdfmake from 'pdfmake';
import { ACTION_TYPES, FRENCH_LABELS, frenchLabel } from '@maillage/ecosystem';
import type { TerritoryActivity } from './territory-activity.js';

const require = createRequire(import.meta.url);
pdfmake.setFonts(require('pdfmake/fonts/Roboto.js') as Record<string, Record<string, string>>);
// Nothing in a report is fetched from anywhere: no URL, no local file but the fonts.
pdfmake.setUrlAccessPolicy(() => false);

/** French number formats: `1 234`, `3,5`. */
const numberFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
// Intl groups thousands with a narrow no-break space, which the PDF's font may lack: a no-break space instead.
export const frenchNumber = (value: number | null) =>
  value === null ? '—' : numberFormat.format(value).replace(/\u202f/g, '\u00a0');

/** French dates: `4 décembre 2026` (a `YYYY-MM-DD` day, or an instant read in Paris). */
export function frenchDate(value: string): string {
  const instant = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' })
    .format(instant)
    .replace(/^1 /, '1er ');
}

/** `2026-03` → `mars 2026`. */
export function frenchMonth(month: string): string {
  return new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}

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

const escapeXml = (text: string) =>
  text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string);

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

function table(headers: string[], rows: (string | number | null)[][]): object {
  return {
    table: {
      headerRows: 1,
      widths: headers.map((_, index) => (index === 0 ? '*' : 'auto')),
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

/** The PDF: one section per page group, charts as SVG. */
export async function activityPdf(data: TerritoryActivity): Promise<Buffer> {
  const monthly = new Map<string, number>();
  for (const row of data.actionsByTypeAndMonth) monthly.set(row.month, (monthly.get(row.month) ?? 0) + row.count);
  const doc = pdfmake.createPdf({
    info: { title: `Activité du territoire — ${data.territory.name}`, author: 'Maillage' },
    pageMargins: [40, 50, 40, 50],
    footer: (page: number, pages: number) => ({
      text: `${page} / ${pages}`,
      alignment: 'center',
      fontSize: 8,
      margin: [0, 20, 0, 0],
    }),
    styles: {
      h1: { fontSize: 20, bold: true, margin: [0, 0, 0, 6] },
      h2: { fontSize: 14, bold: true, margin: [0, 12, 0, 6] },
    },
    defaultStyle: { fontSize: 10 },
    content: [
      { text: `Activité du territoire : ${data.territory.name}`, style: 'h1' },
      {
        text: `Période du ${frenchDate(data.period.from)} au ${frenchDate(data.period.to)} — produit le ${frenchDate(data.generatedAt)}`,
        margin: [0, 0, 0, 6],
      },
      { ul: PERIOD_NOTES, fontSize: 8, color: '#555', margin: [0, 0, 0, 12] },
      { text: 'Acteurs par catégorie à la fin de la période', style: 'h2' },
      {
        svg: barChart(
          data.actorsByCategory.map((row) => ({ label: frenchLabel('category', row.category), value: row.count })),
        ),
        width: 480,
      },
      { text: `Nouveaux acteurs sur la période : ${frenchNumber(data.newActors.count)}`, style: 'h2' },
      table(
        ['Nom', 'Catégorie', 'Créé le'],
        data.newActors.latest.map((row) => [
          row.name,
          frenchLabel('category', row.category),
          frenchDate(row.createdAt),
        ]),
      ),
      { text: 'Actions par mois', style: 'h2', pageBreak: 'before' },
      {
        svg: barChart([...monthly.entries()].map(([month, count]) => ({ label: frenchMonth(month), value: count }))),
        width: 480,
      },
      table(ACTION_HEADERS, actionsByMonth(data)),
      { text: 'Alliances commencées sur la période', style: 'h2', pageBreak: 'before' },
      {
        svg: barChart(
          data.alliancesByMode.map((row) => ({ label: frenchLabel('allianceMode', row.mode), value: row.count })),
        ),
        width: 480,
      },
      table(
        ['Statut', 'Nombre'],
        data.alliancesByStatus.map((row) => [frenchLabel('allianceStatus', row.status), row.count]),
      ),
      {
        text: `Nouvelles alliances : ${frenchNumber(data.newAlliances)} — alliances terminées : ${frenchNumber(data.endedAlliances)}`,
      },
      { text: 'Acteurs les plus connectés', style: 'h2' },
      table(
        ['Acteur', 'Catégorie', 'Alliances actives'],
        data.mostConnected.map((row) => [row.name, frenchLabel('category', row.category), row.alliances]),
      ),
      { text: 'Fragilités et enjeux couverts', style: 'h2', pageBreak: 'before' },
      table(
        ['Fragilités', 'Acteurs', 'Alliances'],
        data.fragilities.map((row) => [frenchLabel('fragility', row.fragility), row.actors, row.alliances]),
      ),
      table(
        ['Enjeu', 'Statut', 'Actions', 'Alliances'],
        data.priorities.map((row) => [
          row.title,
          frenchLabel('priorityStatus', row.status),
          row.actions,
          row.alliances,
        ]),
      ),
      { text: 'Évaluation des alliances', style: 'h2' },
      table(
        ['Évaluations', 'Produit', 'Équilibre', 'Contribution', 'Désaccords'],
        [
          [
            data.evaluations.count,
            data.evaluations.product,
            data.evaluations.balance,
            data.evaluations.contribution,
            data.evaluations.disagreements,
          ],
        ],
      ),
    ],
  } as never);
  return doc.getBuffer();
}

const day = (value: string) => new Date(`${value.slice(0, 10)}T00:00:00Z`);

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
  sheet(
    'Synthèse',
    ['Indicateur', 'Valeur'],
    [
      ['Territoire', data.territory.name],
      ['Début de la période', day(data.period.from)],
      ['Fin de la période', day(data.period.to)],
      ['Nouveaux acteurs', data.newActors.count],
      ['Nouvelles alliances', data.newAlliances],
      ['Alliances terminées', data.endedAlliances],
      ...PERIOD_NOTES.map((note) => ['Note', note]),
    ],
    [36, 60],
  );
  sheet(
    'Acteurs',
    ['Catégorie', 'Nombre'],
    data.actorsByCategory.map((row) => [frenchLabel('category', row.category), row.count]),
  );
  sheet(
    'Nouveaux acteurs',
    ['Nom', 'Catégorie', 'Créé le'],
    data.newActors.latest.map((row) => [row.name, frenchLabel('category', row.category), day(row.createdAt)]),
  );
  sheet('Actions', ACTION_HEADERS, actionsByMonth(data));
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
  sheet(
    'Évaluations',
    ['Évaluations', 'Produit', 'Équilibre', 'Contribution', 'Désaccords'],
    [
      [
        data.evaluations.count,
        data.evaluations.product,
        data.evaluations.balance,
        data.evaluations.contribution,
        data.evaluations.disagreements,
      ],
    ],
  );
  await workbook.xlsx.writeFile(path);
}
