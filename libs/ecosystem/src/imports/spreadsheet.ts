import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { CsvError, parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { frenchBytes, frenchCount, IMPORT_LIMITS, SpreadsheetError } from './import-limits.js';
import { ZipArchive } from './zip-archive.js';

export type SpreadsheetFormat = 'csv' | 'xlsx';

export interface Sheet {
  columns: string[];
  rows: string[][];
  /**
   * Where each row of `rows` stands in the file, as its user sees it: the line where it starts
   * in a CSV file (blank lines counted), the row number in an XLSX sheet.
   */
  lines: number[];
  /** Index in `rows` → why that row's cells do not line up with the header's columns (French). */
  misaligned: Map<number, string>;
}

/** Slices of a stored file, as a stream of chunks (the parsers read them one at a time). */
const CHUNK = 64 * 1024;
async function* chunksOf(content: Buffer): AsyncGenerator<Buffer> {
  for (let start = 0; start < content.length; start += CHUNK) yield content.subarray(start, start + CHUNK);
}

/**
 * Collects a sheet's rows as they are read: blank rows dropped, the first
 * other one is the header; refuses the file as soon as it has too many
 * columns or rows, before reading further. With `keep` false it only counts.
 * A kept row with values beyond the header's columns, or a CSV row with
 * fewer cells than it, is noted as misaligned (its values may be shifted).
 */
class SheetCollector {
  private header: string[] | undefined;
  /** The header's cells up to its last named one (a CSV header may end with empty ones). */
  private width = 0;
  private count = 0;
  readonly rows: string[][] = [];
  readonly lines: number[] = [];
  readonly misaligned = new Map<number, string>();

  /** `enough`: the data rows after which the reader may stop (the file is then not read to its end). */
  constructor(
    private readonly keep: boolean,
    private readonly enough = Infinity,
  ) {}

  /** Whether the rows seen so far are all that was asked for. */
  get full(): boolean {
    return this.count >= this.enough;
  }

  /**
   * One row's cells, and `line`, where the row stands in the file (shown in the report);
   * `delimiter` for a CSV row, whose cells must match the header's.
   */
  add(cells: string[], line: number, delimiter?: string): void {
    if (!cells.some((cell) => cell !== '')) return;
    if (!this.header) {
      if (cells.length > IMPORT_LIMITS.columns) {
        throw new SpreadsheetError(
          `Le fichier compte plus de ${frenchCount(IMPORT_LIMITS.columns)} colonnes : ` +
            `${frenchCount(IMPORT_LIMITS.columns)} au plus.`,
          'too_many_columns',
        );
      }
      this.header = cells;
      this.width = cells.findLastIndex((cell) => cell !== '') + 1;
      return;
    }
    this.count += 1;
    if (this.count > IMPORT_LIMITS.rows) {
      throw new SpreadsheetError(
        `Le fichier compte plus de ${frenchCount(IMPORT_LIMITS.rows)} lignes : ` +
          `${frenchCount(IMPORT_LIMITS.rows)} au plus par import.`,
        'too_many_rows',
      );
    }
    if (!this.keep) return;
    const problem = this.misalignment(cells, delimiter);
    if (problem) this.misaligned.set(this.rows.length, problem);
    // Cells beyond the header's columns are never read: they are not kept.
    this.rows.push(cells.slice(0, this.header.length));
    this.lines.push(line);
  }

  /** Why a row's cells do not line up with the header's columns, if they do not. */
  private misalignment(cells: string[], delimiter: string | undefined): string | undefined {
    const columns = this.header?.length ?? 0;
    const beyond = cells.slice(columns).filter((cell) => cell !== '');
    if (beyond.length > 0) {
      const values = beyond.map((cell) => `« ${cell.slice(0, 50)} »`).join(', ');
      if (delimiter === undefined) return `valeur hors des colonnes de l’en-tête, ignorée : ${values}`;
      const filled = cells.findLastIndex((cell) => cell !== '') + 1;
      const separator = delimiter === '\t' ? 'une tabulation' : `un « ${delimiter} »`;
      return (
        `${frenchCount(filled)} valeurs pour ${frenchCount(columns)} colonnes : les valeurs sont sans doute ` +
        `décalées (${separator} dans une valeur sans guillemets ?) ; en trop : ${values}`
      );
    }
    if (delimiter !== undefined && cells.length < this.width) {
      return (
        `${frenchCount(cells.length)} valeurs pour ${frenchCount(this.width)} colonnes : des séparateurs manquent, ` +
        'les valeurs sont peut-être décalées'
      );
    }
    return undefined;
  }

  sheet(): Sheet {
    if (!this.header) throw new SpreadsheetError('Le fichier est vide.');
    if (this.count === 0) {
      throw new SpreadsheetError(
        'Le fichier ne contient que sa ligne d’en-tête : aucun acteur à importer. ' +
          'Ajoutez un acteur par ligne sous les en-têtes.',
      );
    }
    const columns = this.header.map((name, index) => name || `Colonne ${index + 1}`);
    return {
      columns,
      rows: this.rows.map((row) => columns.map((_, index) => row[index] ?? '')),
      lines: this.lines,
      misaligned: this.misaligned,
    };
  }
}

function guessDelimiter(firstLine: string): string {
  return [';', '\t', ','].reduce((best, candidate) =>
    firstLine.split(candidate).length > firstLine.split(best).length ? candidate : best,
  );
}

/** How far the delimiter is looked for: the header line, within this many bytes. */
const HEAD_BYTES = 64 * 1024;

/**
 * Whether bytes read so far are UTF-8 (a sequence cut at the end is allowed).
 * Excel's « CSV (séparateur : point-virgule) » writes Windows-1252 instead.
 */
function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Windows-1252 chunks as UTF-8 (one byte, one character: chunks convert on their own). */
async function* fromWindows1252(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder('windows-1252');
  for await (const chunk of chunks) yield Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8');
}

/** A text file never holds a NUL byte; binary files (XLSX, XLS, PDF, images) and UTF-16 text always do. */
async function* textOnly(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    if (chunk.includes(0)) {
      throw new SpreadsheetError(
        'Fichier CSV illisible : ce n’est pas un fichier texte (classeur Excel, PDF, image ou texte UTF-16 ?). ' +
          'Enregistrez-le au format « CSV UTF-8 », ou envoyez le classeur en XLSX.',
      );
    }
    yield chunk;
  }
}

/** Newlines, spaces and tabs: what the parser passes over between records. */
function isBlank(byte: number): boolean {
  return byte === 0x0a || byte === 0x0d || byte === 0x20 || byte === 0x09;
}

/**
 * The line of the file where the CSV parser stands: fed what the parser is
 * fed, told where each record ends (`\r\n`, `\n` and `\r` each end a line;
 * the parser's own count takes `\r\n` for two). Holds only what the parser
 * has not passed yet.
 */
class LineCounter {
  private readonly chunks: Buffer[] = [];
  /** Bytes of chunks[0] already counted, and of the whole text. */
  private at = 0;
  private offset = 0;
  private line = 1;
  private afterCr = false;

  feed(chunk: Buffer): Buffer {
    this.chunks.push(chunk);
    return chunk;
  }

  /** Counts the lines before `offset` (where a record ends, as the parser tells it). */
  moveTo(offset: number): void {
    this.advance(offset, false);
  }

  /**
   * The line where the record ending at `end` starts (past the blank lines the parser skipped
   * before it), then moves to its end.
   */
  record(end: number): number {
    this.advance(end, true);
    const line = this.line;
    this.moveTo(end);
    return line;
  }

  /** The line where the next record starts, past the blank lines the parser skips. */
  nextLine(): number {
    this.advance(Infinity, true);
    return this.line;
  }

  /** Counts the lines up to `offset`, or with `blankOnly` up to the first byte that is not blank before it. */
  private advance(offset: number, blankOnly: boolean): void {
    for (let chunk = this.chunks[0]; chunk && this.offset < offset; chunk = this.chunks[0]) {
      const end = Math.min(chunk.length, this.at + offset - this.offset);
      let index = this.at;
      for (; index < end; index += 1) {
        const byte = chunk[index] ?? 0;
        if (blankOnly && !isBlank(byte)) break;
        this.count(byte);
      }
      this.offset += index - this.at;
      this.at = index;
      if (this.at === chunk.length) {
        this.chunks.shift();
        this.at = 0;
      } else if (index < end) {
        return;
      }
    }
  }

  private count(byte: number): void {
    if (byte === 0x0d || (byte === 0x0a && !this.afterCr)) this.line += 1;
    this.afterCr = byte === 0x0d;
  }
}

/** Why the parser stopped, in French, at the line of the file where the record it could not read starts. */
function csvProblem(error: CsvError, line: number): string {
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return (
      `Fichier CSV illisible : un guillemet (") ouvert à la ligne ${frenchCount(line)} n’est jamais refermé. ` +
      'Refermez-le, ou doublez les guillemets qui font partie d’une valeur ("").'
    );
  }
  return `Fichier CSV illisible à la ligne ${frenchCount(line)} : vérifiez ses guillemets (") et ses séparateurs.`;
}

/**
 * Feeds a CSV file (UTF-8, with or without BOM, or Windows-1252 as Excel
 * writes it when its first line is not UTF-8; `,`, `;` or tab separated, as
 * French spreadsheets export), chunk by chunk, to `collector`: nothing but the
 * collected rows is held, and reading stops at the first refusal.
 */
async function readCsv(chunks: AsyncIterable<Buffer>, collector: SheetCollector): Promise<void> {
  const iterator = chunks[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let firstLine: string | undefined;
  try {
    // The delimiter is the one the header line uses most. Lines are split only as newlines arrive,
    // so a file sent a byte at a time costs no more than one sent at once.
    const decoder = new StringDecoder('utf8');
    let pending = '';
    for (let size = 0; firstLine === undefined && size < HEAD_BYTES;) {
      const next = await iterator.next();
      if (next.done) break;
      head.push(next.value);
      size += next.value.length;
      const text = decoder.write(next.value);
      if (!text.includes('\n')) {
        pending += text;
        continue;
      }
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      firstLine = lines.map((line) => line.replace(/^\uFEFF/, '')).find((line) => line.trim() !== '');
    }
    const headBytes = Buffer.concat(head);
    const utf8 = isUtf8(headBytes);
    firstLine ??= headBytes.toString('utf8').replace(/^\uFEFF/, '');
    // The delimiters are ASCII: the first line found as UTF-8 tells them in Windows-1252 too.
    const rest = async function* (): AsyncGenerator<Buffer> {
      yield* head;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    };
    const counter = new LineCounter();
    const counted = async function* (): AsyncGenerator<Buffer> {
      for await (const chunk of utf8 ? rest() : fromWindows1252(rest())) yield counter.feed(chunk);
    };
    const source = Readable.from(textOnly(counted()));
    const delimiter = guessDelimiter(firstLine);
    /** Lines of the records parsed and not yet read (the parser reads a little ahead). */
    const starts: number[] = [];
    const parser = parse({
      bom: true,
      delimiter,
      // A quote inside a value (« Asso "Le Relais" Grenoble ») is part of it, as spreadsheet users write them.
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // Not rtrim: it refuses a quoted word that starts a value (« "Le Relais" Grenoble »); cells are trimmed below.
      ltrim: true,
      // The line of the file where each record starts, in the order records come out.
      on_record: (record: string[], { bytes }) => {
        starts.push(counter.record(bytes));
        return record;
      },
    });
    source.once('error', (error) => parser.destroy(error));
    try {
      for await (const record of source.pipe(parser)) {
        collector.add(
          (record as string[]).map((cell) => cell.trim()),
          starts.shift() ?? 0,
          delimiter,
        );
      }
    } catch (error) {
      if (error instanceof CsvError) throw new SpreadsheetError(csvProblem(error, counter.nextLine()));
      throw error;
    } finally {
      source.destroy();
    }
  } finally {
    // Not awaited: a read still pending on the source (an upload's next chunk) must not hold the refusal.
    void iterator.return?.()?.catch(() => undefined);
  }
}

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

interface Relationship {
  Id: string;
  Target: string;
  Type: string;
}

/**
 * The parsers exceljs's streaming WorkbookReader runs on each part of the
 * archive. Its own `parse()` reads the archive front to back with no bound on
 * what the parts inflate to, and writes a sheet that comes before the shared
 * strings (as exceljs itself writes them) to a temporary file; here the parts
 * come from a ZipArchive, bounded, in the order the parsers need them.
 */
interface WorkbookParts {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(entry: Readable, sheetNo: string): Generator<{ eventType: string; value: unknown }>;
  workbookRels?: Relationship[];
  model?: { sheets?: { rId: string }[] };
}

/** A relationship's target as a path in the archive (`worksheets/sheet1.xml` → `xl/worksheets/sheet1.xml`). */
function partPath(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
}

/**
 * Feeds the first sheet of an XLSX file, row by row, to `collector`, until it has all it asked
 * for; parts are inflated as streams, bounded.
 */
async function readXlsx(content: Buffer, collector: SheetCollector): Promise<void> {
  const archive = await ZipArchive.inspect(content);
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    }) as unknown as WorkbookParts;
    const part = async (path: string) => {
      const stream = await archive.read(path);
      if (!stream) throw new SpreadsheetError('Fichier XLSX illisible.');
      return stream;
    };
    await reader._parseRels(await part('xl/_rels/workbook.xml.rels'));
    await reader._parseWorkbook(await part('xl/workbook.xml'));
    const related = (type: string, fallback: string) => {
      const relationship = reader.workbookRels?.find((rel) => rel.Type.endsWith(`/${type}`));
      return relationship ? partPath(relationship.Target) : fallback;
    };
    const styles = related('styles', 'xl/styles.xml');
    if (archive.has(styles)) await reader._parseStyles(await part(styles));
    const sharedStrings = related('sharedStrings', 'xl/sharedStrings.xml');
    if (archive.has(sharedStrings)) for await (const _ of reader._parseSharedStrings(await part(sharedStrings)));
    const first = reader.model?.sheets?.[0];
    const target = reader.workbookRels?.find((rel) => rel.Id === first?.rId)?.Target;
    if (!target) throw new SpreadsheetError('Le classeur ne contient aucune feuille.');
    const path = partPath(target);
    const [{ value: sheet } = { value: undefined }] = reader._parseWorksheet(
      await part(path),
      /sheet(\d+)\.xml$/.exec(path)?.[1] ?? '1',
    );
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        // One past the limit is enough to refuse a header that wide.
        if (column <= IMPORT_LIMITS.columns + 1) cells[column - 1] = cellText(cell.value).trim();
      });
      // The row's number in the sheet, as the spreadsheet shows it (blank rows counted).
      collector.add(
        Array.from(cells, (cell) => cell ?? ''),
        row.number,
      );
      if (collector.full) break;
    }
  } catch (error) {
    if (error instanceof SpreadsheetError) throw error;
    throw new SpreadsheetError('Fichier XLSX illisible.');
  } finally {
    archive.close();
  }
}

/**
 * Reads the first sheet of a stored CSV or XLSX file, as a stream: a header
 * row, then data rows, blank rows dropped. Refused (SpreadsheetError) as soon
 * as it crosses a bound of IMPORT_LIMITS.
 */
export async function readSpreadsheet(content: Buffer, format: SpreadsheetFormat): Promise<Sheet> {
  const collector = new SheetCollector(true);
  if (format === 'csv') await readCsv(chunksOf(content), collector);
  else await readXlsx(content, collector);
  return collector.sheet();
}

/**
 * Takes an upload as it arrives, refusing it as soon as it crosses a bound:
 * its size, for CSV its rows and columns (counted as they stream in, never
 * held as rows), for XLSX what its archive's directory declares. An XLSX
 * sheet is then read as a stream only until its first data row (a file
 * that is empty or holds its header alone is refused here, as a CSV one is);
 * the rest is read in the worker. Returns the bytes to store and, for CSV,
 * the header's columns (an XLSX file's are read in the worker).
 */
export async function receiveSpreadsheet(
  body: AsyncIterable<Buffer | string>,
  format: SpreadsheetFormat,
  maxBytes: number,
): Promise<{ content: Buffer; columns: string[] }> {
  const received: Buffer[] = [];
  const bounded = async function* (): AsyncGenerator<Buffer> {
    let size = 0;
    const iterator = body[Symbol.asyncIterator]();
    try {
      for (;;) {
        let next: IteratorResult<Buffer | string>;
        try {
          next = await iterator.next();
        } catch {
          // The sender went away mid-file (a client aborting): nothing was stored.
          throw new SpreadsheetError('Le fichier n’a pas été reçu en entier : l’envoi s’est interrompu.');
        }
        if (next.done) return;
        const bytes = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
        size += bytes.length;
        if (size > maxBytes) {
          throw new SpreadsheetError(`Le fichier dépasse ${frenchBytes(maxBytes)}.`, 'payload_too_large');
        }
        received.push(bytes);
        yield bytes;
      }
    } finally {
      // Lets go of the body (a request's stream is left open, for the rest to be drained).
      await iterator.return?.();
    }
  };
  if (format === 'csv') {
    const collector = new SheetCollector(false);
    await readCsv(bounded(), collector);
    return { content: Buffer.concat(received), columns: collector.sheet().columns };
  }
  for await (const _ of bounded());
  const content = Buffer.concat(received);
  const collector = new SheetCollector(false, 1);
  await readXlsx(content, collector);
  collector.sheet();
  return { content, columns: [] };
}
