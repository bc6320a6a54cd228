import ExcelJS from 'exceljs';
import { asciiSlug, neutraliseFormula } from '@maillage/platform';
import type { StudyPrism } from '@maillage/contract';
import type { PrismResult, StudyResults } from './results.js';

/** The prisms as the exports and mails name them. */
export const STUDY_PRISM_LABELS: Record<StudyPrism, string> = {
  association: 'Associations',
  company: 'Entreprises',
  public_body: 'Acteurs publics',
  inhabitant: 'Habitants',
};

export type StudyExportFormat = 'csv' | 'xlsx';

/** A cell: a number, a text, or nothing. */
type Cell = string | number | null;

/**
 * The results as a table: one line per question for its respondents, then one per option (or
 * per scale value, the mean, each free text), with a count and a percent column per prism of the
 * study and for all of them. A suppressed prism's cells hold the marker « < 5 » (the threshold),
 * never a number.
 */
export function resultTable(
  results: StudyResults,
  prisms: readonly StudyPrism[],
): { headers: string[]; rows: Cell[][] } {
  const marker = `< ${results.threshold}`;
  const columns: { label: string; pick: (question: StudyResults['questions'][number]) => PrismResult }[] = [
    ...prisms.map((prism) => ({
      label: STUDY_PRISM_LABELS[prism],
      pick: (q: StudyResults['questions'][number]) => q.byPrism[prism],
    })),
    { label: 'Ensemble', pick: (q: StudyResults['questions'][number]) => q.all },
  ];
  const headers = [
    'Question',
    'Réponse',
    ...columns.flatMap((column) => [`${column.label} (nombre)`, `${column.label} (%)`]),
  ];
  const rows: Cell[][] = [];
  for (const question of results.questions) {
    const line = (answer: string, cells: (result: PrismResult) => [Cell, Cell]) =>
      rows.push([
        question.label,
        answer,
        ...columns.flatMap((column) => {
          const result = column.pick(question);
          return result.suppressed ? [marker, marker] : cells(result);
        }),
      ]);
    line('Répondants', (result) => [result.respondents, null]);
    if (question.kind === 'single' || question.kind === 'multiple') {
      const labels = columns[0]?.pick(question).options ?? [];
      labels.forEach((option, index) =>
        line(option.label, (result) => [
          result.options?.[index]?.count ?? null,
          result.options?.[index]?.percent ?? null,
        ]),
      );
    } else if (question.kind === 'scale') {
      line('Moyenne', (result) => [result.mean ?? null, null]);
      const values = columns[0]?.pick(question).distribution ?? [];
      values.forEach((entry, index) =>
        line(`Note ${entry.value}`, (result) => {
          const count = result.distribution?.[index]?.count ?? null;
          const respondents = result.respondents ?? 0;
          return [count, count === null || respondents === 0 ? null : Math.round((count / respondents) * 1000) / 10];
        }),
      );
    } else {
      for (const column of columns.slice(0, -1)) {
        const result = column.pick(question);
        for (const text of result.texts ?? []) rows.push([question.label, `${column.label} : ${text}`]);
      }
    }
  }
  return { headers, rows };
}

const csvCell = (cell: Cell): string => {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell).replace('.', ',');
  const text = neutraliseFormula(cell);
  return /[";\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The export's file: CSV (UTF-8 with BOM, `;`, decimal comma) or XLSX. */
export async function studyExport(
  results: StudyResults,
  prisms: readonly StudyPrism[],
  title: string,
  format: StudyExportFormat,
): Promise<{ content: Buffer; fileName: string; contentType: string }> {
  const { headers, rows } = resultTable(results, prisms);
  const fileName = `etude-${asciiSlug(title, 'territoriale')}.${format}`;
  if (format === 'csv') {
    const lines = [headers, ...rows].map((row) => row.map(csvCell).join(';'));
    return {
      content: Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8'),
      fileName,
      contentType: 'text/csv; charset=utf-8',
    };
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Maillage';
  const sheet = workbook.addWorksheet('Résultats', { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  sheet.addRow(headers).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.columns.forEach((column, index) => {
    column.width = index < 2 ? 48 : 16;
  });
  return {
    content: Buffer.from(await workbook.xlsx.writeBuffer()),
    fileName,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };
}
