import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import pdfmake from 'pdfmake';
import type { TerritoryActivity } from './territory-activity.js';

const require = createRequire(import.meta.url);
pdfmake.setFonts(require('pdfmake/fonts/Roboto.js') as Record<string, Record<string, string>>);
// Nothing in a report is fetched from anywhere: no URL, no local file but the fonts.
pdfmake.setUrlAccessPolicy(() => false);

/** French labels of the values the report shows. */
export const LABELS: Record<string, string> = {
  association: 'Associations',
  company: 'Entreprises',
  public_body: 'Collectivités et acteurs publics',
  foundation: 'Fondations',
  academic: 'Enseignement et recherche',
  support_structure: 'Structures d’accompagnement',
  citizen_group: 'Collectifs citoyens',
  animation: 'Animation du territoire',
  collective_experiment: 'Expérimentation collective',
  support: 'Accompagnement',
  responsible_practices: 'Pratiques responsables',
  patronage: 'Mécénat',
  economic_cooperation: 'Coopération économique',
  societal_innovation: 'Innovation sociétale',
  proposed: 'Proposée',
  under_discussion: 'En discussion',
  active: 'Active',
  ended: 'Terminée',
  declined: 'Déclinée',
  withdrawn: 'Retirée',
  economic: 'Économiques',
  social: 'Sociales',
  environmental: 'Environnementales',
  societal: 'Sociétales',
};
const label = (value: string) => LABELS[value] ?? value;

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
        ...rows.map((row) => row.map((cell) => String(cell ?? '—'))),
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
        text: `Période du ${data.period.from} au ${data.period.to} — produit le ${data.generatedAt.slice(0, 10)}`,
        margin: [0, 0, 0, 12],
      },
      { text: 'Acteurs par catégorie', style: 'h2' },
      {
        svg: barChart(data.actorsByCategory.map((row) => ({ label: label(row.category), value: row.count }))),
        width: 480,
      },
      { text: `Nouveaux acteurs sur la période : ${data.newActors.count}`, style: 'h2' },
      table(
        ['Nom', 'Catégorie', 'Créé le'],
        data.newActors.latest.map((row) => [row.name, label(row.category), row.createdAt]),
      ),
      { text: 'Actions par type et par mois', style: 'h2', pageBreak: 'before' },
      { svg: barChart([...monthly.entries()].map(([month, count]) => ({ label: month, value: count }))), width: 480 },
      table(
        ['Mois', 'Type', 'Nombre'],
        data.actionsByTypeAndMonth.map((row) => [row.month, label(row.type), row.count]),
      ),
      { text: 'Alliances', style: 'h2', pageBreak: 'before' },
      { svg: barChart(data.alliancesByMode.map((row) => ({ label: label(row.mode), value: row.count }))), width: 480 },
      table(
        ['Statut', 'Nombre'],
        data.alliancesByStatus.map((row) => [label(row.status), row.count]),
      ),
      { text: `Nouvelles alliances : ${data.newAlliances} — alliances terminées : ${data.endedAlliances}` },
      { text: 'Acteurs les plus connectés', style: 'h2' },
      table(
        ['Acteur', 'Catégorie', 'Alliances actives'],
        data.mostConnected.map((row) => [row.name, label(row.category), row.alliances]),
      ),
      { text: 'Fragilités et enjeux couverts', style: 'h2', pageBreak: 'before' },
      table(
        ['Fragilités', 'Acteurs', 'Alliances'],
        data.fragilities.map((row) => [label(row.fragility), row.actors, row.alliances]),
      ),
      table(
        ['Enjeu', 'Statut', 'Actions', 'Alliances'],
        data.priorities.map((row) => [row.title, row.status, row.actions, row.alliances]),
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

/** The XLSX: one sheet per section. */
export async function activityWorkbook(data: TerritoryActivity, path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Maillage';
  const sheet = (name: string, headers: string[], rows: (string | number | null)[][]) => {
    const worksheet = workbook.addWorksheet(name);
    worksheet.addRow(headers).font = { bold: true };
    for (const row of rows) worksheet.addRow(row);
    worksheet.columns.forEach((column) => (column.width = 24));
  };
  sheet(
    'Synthèse',
    ['Indicateur', 'Valeur'],
    [
      ['Territoire', data.territory.name],
      ['Période', `${data.period.from} → ${data.period.to}`],
      ['Nouveaux acteurs', data.newActors.count],
      ['Nouvelles alliances', data.newAlliances],
      ['Alliances terminées', data.endedAlliances],
    ],
  );
  sheet(
    'Acteurs',
    ['Catégorie', 'Nombre'],
    data.actorsByCategory.map((row) => [label(row.category), row.count]),
  );
  sheet(
    'Nouveaux acteurs',
    ['Nom', 'Catégorie', 'Créé le'],
    data.newActors.latest.map((row) => [row.name, label(row.category), row.createdAt]),
  );
  sheet(
    'Actions',
    ['Mois', 'Type', 'Nombre'],
    data.actionsByTypeAndMonth.map((row) => [row.month, label(row.type), row.count]),
  );
  sheet(
    'Alliances par mode',
    ['Mode', 'Nombre'],
    data.alliancesByMode.map((row) => [label(row.mode), row.count]),
  );
  sheet(
    'Alliances par statut',
    ['Statut', 'Nombre'],
    data.alliancesByStatus.map((row) => [label(row.status), row.count]),
  );
  sheet(
    'Acteurs connectés',
    ['Acteur', 'Catégorie', 'Alliances actives'],
    data.mostConnected.map((row) => [row.name, label(row.category), row.alliances]),
  );
  sheet(
    'Fragilités',
    ['Fragilités', 'Acteurs', 'Alliances'],
    data.fragilities.map((row) => [label(row.fragility), row.actors, row.alliances]),
  );
  sheet(
    'Enjeux',
    ['Enjeu', 'Statut', 'Actions', 'Alliances'],
    data.priorities.map((row) => [row.title, row.status, row.actions, row.alliances]),
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
