import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { MultiUndirectedGraph } from 'graphology';
import { write as writeGexf } from 'graphology-gexf';
import ExcelJS from 'exceljs';
import { DomainError, neutraliseFormulaSql, Transactions, type Db } from '@maillage/platform';
import { activityPdf, activityWorkbook } from './activity-documents.js';
import { ACTIVITY_LIST_LIMITS, gatherTerritoryActivity } from './territory-activity.js';
import { EcosystemViewsService, labelListSql, labelSql } from '@maillage/ecosystem';
import type { ReportFormat, ReportType } from './report-catalogue.js';

export interface GenerationContext {
  territoryId: string;
  /** Where to write the file. */
  path: string;
  /**
   * Reports progress (queue job and report row). Never await it inside an
   * open transaction: on the embedded engine the row update would wait for it.
   */
  progress(percent: number): Promise<void>;
  signal: AbortSignal;
}

export interface CsvParams {
  delimiter: ',' | ';';
  bom: boolean;
  /** Decimal comma for numbers with a fraction (`;` CSV only, checked by the catalogue). */
  decimalComma?: boolean;
  includeArchived?: boolean;
  from?: string;
  to?: string;
}

/**
 * What a column holds, which says how it is written: `text` (people's words,
 * French labels, identifiers such as SIRET: quoted and neutralised against
 * formula injection in CSV, string cells in XLSX), `integer` and `decimal`
 * (numbers, never touched), `date` (ISO in CSV, date cells in XLSX).
 */
export type ColumnKind = 'text' | 'integer' | 'decimal' | 'date';

export interface ExportColumn {
  header: string;
  sql: string;
  kind: ColumnKind;
  /** Width in XLSX, in characters. */
  width: number;
}

const text = (header: string, sql: string, width = 20): ExportColumn => ({ header, sql, kind: 'text', width });
const integer = (header: string, sql: string): ExportColumn => ({ header, sql, kind: 'integer', width: 12 });
const decimal = (header: string, sql: string): ExportColumn => ({ header, sql, kind: 'decimal', width: 12 });
const day = (header: string, sql: string): ExportColumn => ({ header, sql, kind: 'date', width: 12 });

/**
 * The columns of each export: French labels for people, the codes in their
 * own columns at the end (`Code …`) for machines and for the import, which
 * reads either.
 */
export function exportColumns(type: ReportType): ExportColumn[] {
  switch (type) {
    case 'actors_export':
      return [
        text('Identifiant', 'a.id', 38),
        text('Catégorie', labelSql('category', 'a.category'), 28),
        text('Nom', 'a.name', 40),
        text('SIREN', 'a.siren', 12),
        text('SIRET', 'a.siret', 16),
        text('RNA', 'a.rna', 12),
        text('Code NAF', 'a.naf_code', 10),
        text('Code commune', 'a.commune_code', 10),
        text('Hors territoire', `case when a.external then 'oui' else 'non' end`, 10),
        text('Association employeuse', `case when a.employer then 'oui' when a.employer = false then 'non' end`, 12),
        text('Taille', labelSql('sizeClass', 'a.size_class'), 24),
        text('Adresse', 'a.address', 40),
        decimal('Latitude', 'a.latitude'),
        decimal('Longitude', 'a.longitude'),
        text('Précision de la position', labelSql('locationPrecision', 'a.location_precision'), 24),
        text('Site web', 'a.website', 30),
        day('Date de création', 'a.founded_on'),
        text('Fragilités', labelListSql('fragility', 'a.fragilities'), 30),
        text('Mots-clés', `array_to_string(a.tags, '|')`, 30),
        day('Créé le', 'a.created_at::date'),
        day('Archivé le', 'a.archived_at::date'),
        text('Code catégorie', 'a.category', 16),
        text('Code taille', 'a.size_class', 10),
        text('Codes fragilités', `array_to_string(a.fragilities, '|')`, 24),
      ];
    case 'actions_export':
      return [
        text('Identifiant', 'x.id', 38),
        text('Type', labelSql('actionType', 'x.type'), 26),
        text('Titre', 'x.title', 40),
        day('Début', 'x.start_date'),
        day('Fin', 'x.end_date'),
        text('Phase', labelSql('phase', 'x.phase'), 16),
        text('Organisation accompagnée', 's.name', 30),
        integer(
          'Participants',
          `(select count(*)::int from action_participants p where p.territory_id = x.territory_id and p.action_id = x.id)`,
        ),
        text('Description', 'x.description', 50),
        text('Code type', 'x.type', 20),
        text('Code phase', 'x.phase', 16),
      ];
    default:
      return [
        text('Identifiant', 'al.id', 38),
        text('Titre', 'al.title', 40),
        text('Statut', labelSql('allianceStatus', 'al.status'), 14),
        text('Modes', labelListSql('allianceMode', 'al.modes'), 36),
        text('Mécénat', labelListSql('patronageKind', 'al.patronage_kinds'), 20),
        day('Début', 'al.start_date'),
        day('Fin', 'al.end_date'),
        text(
          'Parties',
          `(select string_agg(a.name, '|' order by a.name) from alliance_parties p
              join actors a on a.territory_id = p.territory_id and a.id = p.actor_id
            where p.territory_id = al.territory_id and p.alliance_id = al.id)`,
          40,
        ),
        day('Créée le', 'al.created_at::date'),
        text('Code statut', 'al.status', 16),
        text('Codes modes', `array_to_string(al.modes, '|')`, 30),
        text('Codes mécénat', `array_to_string(al.patronage_kinds, '|')`, 20),
      ];
  }
}

/** FROM, WHERE and ORDER BY of each export; territory filtering is row security's, in the export's own transaction. */
function exportSource(type: ReportType, params: CsvParams): string {
  const date = (value: string | undefined) =>
    value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `'${value}'::date` : 'null';
  switch (type) {
    case 'actors_export':
      return `from actors a ${params.includeArchived ? '' : 'where a.archived_at is null'} order by lower(a.name), a.id`;
    case 'actions_export':
      return `from actions x left join actors s on s.territory_id = x.territory_id and s.id = x.supported_actor_id
              where (${date(params.from)} is null or coalesce(x.end_date, x.start_date) >= ${date(params.from)})
                and (${date(params.to)} is null or x.start_date <= ${date(params.to)})
              order by x.start_date, x.id`;
    default:
      return `from alliances al order by al.created_at, al.id`;
  }
}

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The SQL of an export. For CSV, every cell is written as text by the query
 * itself: text columns neutralised against formula injection, dates as French
 * spreadsheets write them (jj/mm/aaaa, which the import reads back),
 * decimals with a comma when asked. For XLSX, raw values, typed in the writer.
 */
export function exportQuery(type: ReportType, params: CsvParams, target: 'csv' | 'xlsx' = 'csv'): string {
  const select = exportColumns(type).map((column) => {
    let sql = column.sql;
    if (target === 'csv') {
      if (column.kind === 'text') sql = neutraliseFormulaSql(`(${sql})::text`);
      else if (column.kind === 'date') sql = `to_char(${sql}, 'DD/MM/YYYY')`;
      else if (column.kind === 'decimal' && params.decimalComma) sql = `replace((${sql})::text, '.', ',')`;
    } else if (column.kind === 'date') sql = `to_char(${sql}, 'YYYY-MM-DD')`;
    return `${sql} as ${quoteIdentifier(column.header)}`;
  });
  return `select ${select.join(',\n       ')}\n${exportSource(type, params)}`;
}

/** An XLSX cell's value from the query's raw value, by the column's kind. */
function xlsxValue(kind: ColumnKind, value: unknown): string | number | Date | null {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'integer':
    case 'decimal':
      return Number(value);
    case 'date':
      return new Date(`${String(value)}T00:00:00Z`);
    default:
      // A string is always written as a string cell by exceljs, never as a formula
      // (formulas are `{ formula }` objects), whatever it starts with.
      return String(value);
  }
}

/** Rows an XLSX sheet holds, header included. */
export const XLSX_MAX_ROWS = 1_048_576;

/** Counts lines as they stream by, to report progress without buffering. */
function lineCounter(total: number, report: (percent: number) => void): Transform {
  let lines = 0;
  let reported = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      for (const byte of chunk) if (byte === 10) lines += 1;
      const percent = total > 0 ? Math.floor((lines / total) * 90) : 0;
      if (percent >= reported + 5) {
        reported = percent;
        report(percent);
      }
      done(null, chunk);
    },
  });
}

/** Writes each report type to a file, with constant memory where the data may be large. */
@Injectable()
export class ReportGenerators {
  constructor(
    private readonly transactions: Transactions,
    private readonly views: EcosystemViewsService,
  ) {}

  async generate(
    type: ReportType,
    format: ReportFormat,
    params: Record<string, unknown>,
    context: GenerationContext,
  ): Promise<void> {
    if (type === 'territory_activity') {
      const data = await this.transactions.tenant((db) =>
        gatherTerritoryActivity(
          db,
          context.territoryId,
          String(params.from),
          String(params.to),
          ACTIVITY_LIST_LIMITS[format === 'pdf' ? 'pdf' : 'xlsx'],
        ),
      );
      void context.progress(60).catch(() => undefined);
      if (format === 'pdf') await writeFile(context.path, await activityPdf(data));
      else await activityWorkbook(data, context.path);
      return;
    }
    if (type === 'ecosystem_map') {
      // The API's own GeoJSON, every actor, streamed page by page to the file.
      const map = await this.views.mapGeoJson({ includeArchived: Boolean(params.includeArchived) });
      await pipeline(Readable.from(map), createWriteStream(context.path), { signal: context.signal });
      return;
    }
    if (type === 'ecosystem_graph') {
      const graph = await this.views.graphAnalysis(params.asOf ? new Date(String(params.asOf)) : undefined);
      if (format === 'json') {
        await writeFile(context.path, JSON.stringify(graph));
        return;
      }
      const gexf = new MultiUndirectedGraph();
      for (const node of graph.nodes) {
        gexf.addNode(node.id, {
          label: node.name,
          category: node.category,
          degree: node.degree,
          betweenness: node.betweenness,
          component: node.component,
          community: node.community,
        });
      }
      graph.edges.source.forEach((sourceIndex, i) => {
        const source = graph.nodes[sourceIndex]!.id;
        const target = graph.nodes[graph.edges.target[i]!]!.id;
        const alliance = graph.alliances[graph.edges.alliance[i]!]!;
        // Keyed `allianceId:source:target`, as before the API's links became columns.
        gexf.addEdgeWithKey(`${alliance.id}:${source}:${target}`, source, target, {
          status: alliance.status,
          modes: alliance.modes.join('|'),
        });
      });
      await writeFile(context.path, writeGexf(gexf, { version: '1.3' }));
      return;
    }
    if (format === 'xlsx') await this.streamXlsx(type, params as unknown as CsvParams, context);
    else await this.copyCsv(type, params as unknown as CsvParams, context);
  }

  /**
   * XLSX through exceljs's streaming writer, fed by a server-side cursor in
   * the territory's transaction. Its memory still grows with the rows (the
   * ZIP is built at the end), and a sheet holds 1,048,576 rows at most:
   * larger exports are refused with the reason, pointing to CSV.
   */
  private async streamXlsx(type: ReportType, params: CsvParams, context: GenerationContext): Promise<void> {
    await this.transactions.tenant(async (db: Db) => {
      const table = type === 'actors_export' ? 'actors' : type === 'actions_export' ? 'actions' : 'alliances';
      const [{ count }] = (await db.query(`select count(*)::int as count from ${table}`)) as [{ count: number }];
      if (count + 1 > XLSX_MAX_ROWS) {
        throw new DomainError('too_large', {
          code: 'report_too_large',
          detail: `L’export compte ${count} lignes : une feuille XLSX en contient ${XLSX_MAX_ROWS - 1} au plus. Choisissez le format CSV.`,
        });
      }
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
        filename: context.path,
        // Styles carry the date format of date cells.
        useStyles: true,
        useSharedStrings: false,
      });
      const columns = exportColumns(type);
      const sheet = workbook.addWorksheet('Export', {
        views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }],
      });
      sheet.columns = columns.map((column) => ({
        header: column.header,
        key: column.header,
        width: column.width,
        style: column.kind === 'date' ? { numFmt: 'dd/mm/yyyy' } : {},
      }));
      sheet.getRow(1).font = { bold: true };
      sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
      await db.query(`declare export_rows no scroll cursor for ${exportQuery(type, params, 'xlsx')}`);
      let written = 0;
      for (;;) {
        if (context.signal.aborted) throw new Error('Export interrompu');
        const rows = (await db.query(`fetch 2000 from export_rows`)) as Record<string, unknown>[];
        if (rows.length === 0) break;
        for (const row of rows)
          sheet.addRow(columns.map((column) => xlsxValue(column.kind, row[column.header]))).commit();
        written += rows.length;
        // Not awaited: inside this transaction, on the embedded engine, a write on another
        // connection waits for it to end (the job's progress in the queue is live anyway).
        void context.progress(Math.floor((written / Math.max(count, 1)) * 90)).catch(() => undefined);
      }
      await db.query(`close export_rows`);
      sheet.commit();
      await workbook.commit();
    });
  }

  /**
   * `COPY (…) TO STDOUT` through pg-copy-streams, inside a transaction of the
   * territory (row security applies to COPY), straight to the file.
   */
  private async copyCsv(type: ReportType, params: CsvParams, context: GenerationContext): Promise<void> {
    await this.transactions.tenant(async (db: Db) => {
      const table = type === 'actors_export' ? 'actors' : type === 'actions_export' ? 'actions' : 'alliances';
      const [{ count }] = (await db.query(`select count(*)::int as count from ${table}`)) as [{ count: number }];
      const delimiter = params.delimiter === ',' ? ',' : ';';
      const out = createWriteStream(context.path);
      if (params.bom) out.write(Buffer.from([0xef, 0xbb, 0xbf]));
      const copy = db.copyTo(
        `copy (${exportQuery(type, params)}) to stdout with (format csv, header true, delimiter '${delimiter}',
           force_quote (${exportColumns(type)
             .filter((column) => column.kind === 'text')
             .map((column) => quoteIdentifier(column.header))
             .join(', ')}))`,
      );
      await pipeline(
        copy,
        lineCounter(count + 1, (percent) => void context.progress(percent)),
        out,
        { signal: context.signal },
      );
    });
  }
}
