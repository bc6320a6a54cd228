import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

export type SpreadsheetFormat = 'csv' | 'xlsx';

export interface Sheet {
  columns: string[];
  rows: string[][];
}

/** Rows an import may hold: beyond, the file is refused rather than half-read. */
export const MAX_IMPORT_ROWS = 20_000;

export class SpreadsheetError extends Error {}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('hyperlink' in value && typeof value.hyperlink === 'string') return value.hyperlink;
    return '';
  }
  return String(value);
}

/**
 * Reads the first sheet of a CSV (UTF-8, with or without BOM; `,`, `;` or
 * tab separated, as French spreadsheets export) or XLSX file: a header row,
 * then data rows, blank rows dropped.
 */
export async function readSpreadsheet(content: Buffer, format: SpreadsheetFormat): Promise<Sheet> {
  let table: string[][];
  if (format === 'csv') {
    const text = content.toString('utf8');
    const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
    const delimiter = [';', '\t', ','].reduce((best, candidate) =>
      firstLine.split(candidate).length > firstLine.split(best).length ? candidate : best,
    );
    try {
      table = parse(text, {
        bom: true,
        delimiter,
        relax_column_count: true,
        skip_empty_lines: true,
        trim: true,
      }) as string[][];
    } catch (error) {
      throw new SpreadsheetError(`Fichier CSV illisible : ${(error as Error).message.split('\n')[0]}`);
    }
  } else {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(content as unknown as ArrayBuffer);
    } catch {
      throw new SpreadsheetError('Fichier XLSX illisible.');
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new SpreadsheetError('Le classeur ne contient aucune feuille.');
    table = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const values: string[] = [];
      for (let column = 1; column <= row.cellCount; column += 1)
        values.push(cellText(row.getCell(column).value).trim());
      table.push(values);
    });
  }
  const [header, ...rows] = table.filter((row) => row.some((cell) => cell !== ''));
  if (!header) throw new SpreadsheetError('Le fichier est vide.');
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new SpreadsheetError(`Le fichier compte ${rows.length} lignes : ${MAX_IMPORT_ROWS} au plus par import.`);
  }
  const columns = header.map((name, index) => name.trim() || `Colonne ${index + 1}`);
  return { columns, rows: rows.map((row) => columns.map((_, index) => (row[index] ?? '').trim())) };
}

/**
 * What the API checks of an upload before storing it, without unpacking it:
 * an XLSX file is a ZIP archive; a CSV file is UTF-8 text whose first line is
 * the header (read here, so the mapping can be guessed at once). The whole
 * file is only ever parsed in the worker.
 */
export function sniffSpreadsheet(content: Buffer, format: SpreadsheetFormat): { columns: string[] } {
  if (format === 'xlsx') {
    if (content.length < 4 || content.readUInt32LE(0) !== 0x04034b50)
      throw new SpreadsheetError('Fichier XLSX illisible.');
    return { columns: [] };
  }
  const head = content
    .subarray(0, 64 * 1024)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const firstLine = head.split(/\r?\n/).find((line) => line.trim() !== '');
  if (!firstLine) throw new SpreadsheetError('Le fichier est vide.');
  const delimiter = [';', '\t', ','].reduce((best, candidate) =>
    firstLine.split(candidate).length > firstLine.split(best).length ? candidate : best,
  );
  try {
    const [header] = parse(firstLine, { delimiter, relax_column_count: true, trim: true }) as string[][];
    return { columns: (header ?? []).map((name, index) => name.trim() || `Colonne ${index + 1}`) };
  } catch (error) {
    throw new SpreadsheetError(`Fichier CSV illisible : ${(error as Error).message.split('\n')[0]}`);
  }
}
