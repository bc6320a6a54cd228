import { LEGACY_EXCEL_TYPES } from '@maillage/platform';
/**
 * What an import may hold, and the bounds that keep reading one flat in memory
 * whatever the file claims: rows and columns for every format, and for XLSX
 * (a ZIP archive) what its parts may unpack to. A file over a bound is refused
 * as soon as the bound is crossed, with a French reason, never half-read.
 */
export const IMPORT_LIMITS = {
  /** Data rows (the header excluded). */
  rows: 20_000,
  /** Columns of the header row. */
  columns: 256,
  /** Parts in an XLSX archive (a workbook has a dozen or so; a few hundred with many sheets or images). */
  zipEntries: 1_000,
  /**
   * Unpacked size of one part. A 20,000-row sheet of 30 filled columns is
   * about 25 MiB of XML; this leaves room for more text without letting one
   * part grow the worker by gigabytes.
   */
  unpackedEntryBytes: 64 * 1024 * 1024,
  /** Unpacked size of the whole archive, as declared by its directory and as actually inflated. */
  unpackedTotalBytes: 128 * 1024 * 1024,
  /** Compression ratio of one part: spreadsheet XML deflates 5 to 30 times; deflate's own maximum is about 1,030. */
  compressionRatio: 100,
  /** Parts smaller than this unpacked are not held to the ratio (tiny XML parts compress very well). */
  ratioExemptBytes: 1024 * 1024,
} as const;

/** Rows an import may hold: beyond, the file is refused rather than half-read. */
export const MAX_IMPORT_ROWS = IMPORT_LIMITS.rows;

/** Why a spreadsheet is refused; the API answers 400 for an unreadable file, 413 for the others. */
export type SpreadsheetProblem =
  'unreadable_file' | 'payload_too_large' | 'too_many_rows' | 'too_many_columns' | 'archive_too_large';

/** A refused spreadsheet; the message is the French reason shown to the user. */
export class SpreadsheetError extends Error {
  constructor(
    message: string,
    readonly code: SpreadsheetProblem = 'unreadable_file',
  ) {
    super(message);
  }
}

const number = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** A count in French (`20 000`). */
export function frenchCount(value: number): string {
  return number.format(value);
}

/** A size in French binary units (`64 Mio`, `1,6 Gio`). */
export function frenchBytes(bytes: number): string {
  const units = ['octets', 'Kio', 'Mio', 'Gio', 'Tio'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${number.format(unit === 0 ? value : Math.floor(value * 10) / 10)} ${units[unit]}`;
}

/** Why an old Excel workbook is refused, and what to do instead (the API answers 415). */
export const LEGACY_EXCEL_MESSAGE =
  'Ce fichier est un classeur Excel 97-2003 (.xls), un format que Maillage ne lit pas. ' +
  'Enregistrez le fichier au format .xlsx (Excel 2007 et suivants) ou .csv, puis importez-le de nouveau.';

/** Whether an upload is an old Excel workbook, by its media type or its file name. */
export function isLegacyExcel(mediaType: string, filename?: string): boolean {
  return LEGACY_EXCEL_TYPES.includes(mediaType.toLowerCase()) || /\.xls$/i.test(filename?.trim() ?? '');
}
