import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { MultiUndirectedGraph } from 'graphology';
import { write as writeGexf } from 'graphology-gexf';
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';
import ExcelJS from 'exceljs';
import { PermanentJobError, Transactions } from '@maillage/platform';
import { activityPdf, activityWorkbook } from './activity-documents.js';
import { gatherTerritoryActivity } from './territory-activity.js';
import { EcosystemViewsService } from '@maillage/ecosystem';
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
  includeArchived?: boolean;
  from?: string;
  to?: string;
}

/** The SQL of each export; territory filtering is row security's, in the export's own transaction. */
export function exportQuery(type: ReportType, params: CsvParams): string {
  const date = (value: string | undefined) =>
    value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `'${value}'::date` : 'null';
  switch (type) {
    case 'actors_export':
      return `select a.id as "Identifiant", a.category as "Catégorie", a.name as "Nom", a.siren as "SIREN",
                     a.siret as "SIRET", a.rna as "RNA", a.naf_code as "Code NAF", a.commune_code as "Code commune",
                     case when a.external then 'oui' else 'non' end as "Hors territoire",
                     case when a.employer then 'oui' when a.employer = false then 'non' end as "Association employeuse",
                     a.size_class as "Taille", a.address as "Adresse", a.latitude as "Latitude", a.longitude as "Longitude",
                     a.website as "Site web", array_to_string(a.fragilities, '|') as "Fragilités",
                     array_to_string(a.tags, '|') as "Mots-clés", to_char(a.created_at, 'YYYY-MM-DD') as "Créé le",
                     to_char(a.archived_at, 'YYYY-MM-DD') as "Archivé le"
              from actors a ${params.includeArchived ? '' : 'where a.archived_at is null'}
              order by lower(a.name), a.id`;
    case 'actions_export':
      return `select x.id as "Identifiant", x.type as "Type", x.title as "Titre", x.start_date as "Début",
                     x.end_date as "Fin", x.phase as "Phase", s.name as "Organisation accompagnée",
                     (select count(*) from action_participants p where p.territory_id = x.territory_id and p.action_id = x.id)
                       as "Participants", x.description as "Description"
              from actions x left join actors s on s.territory_id = x.territory_id and s.id = x.supported_actor_id
              where (${date(params.from)} is null or coalesce(x.end_date, x.start_date) >= ${date(params.from)})
                and (${date(params.to)} is null or x.start_date <= ${date(params.to)})
              order by x.start_date, x.id`;
    default:
      return `select al.id as "Identifiant", al.title as "Titre", al.status as "Statut",
                     array_to_string(al.modes, '|') as "Modes", array_to_string(al.patronage_kinds, '|') as "Mécénat",
                     al.start_date as "Début", al.end_date as "Fin",
                     (select string_agg(a.name, '|' order by a.name) from alliance_parties p
                        join actors a on a.territory_id = p.territory_id and a.id = p.actor_id
                      where p.territory_id = al.territory_id and p.alliance_id = al.id) as "Parties",
                     to_char(al.created_at, 'YYYY-MM-DD') as "Créée le"
              from alliances al order by al.created_at, al.id`;
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
      const data = await this.transactions.withTerritory(context.territoryId, (db) =>
        gatherTerritoryActivity(db, context.territoryId, String(params.from), String(params.to)),
      );
      void context.progress(60).catch(() => undefined);
      if (format === 'pdf') await writeFile(context.path, await activityPdf(data));
      else await activityWorkbook(data, context.path);
      return;
    }
    if (type === 'ecosystem_map') {
      const map = await this.views.map({ includeArchived: Boolean(params.includeArchived) });
      await writeFile(context.path, JSON.stringify(map));
      return;
    }
    if (type === 'ecosystem_graph') {
      const graph = await this.views.graph(params.asOf ? new Date(String(params.asOf)) : undefined);
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
          community: node.community,
        });
      }
      for (const edge of graph.edges) {
        gexf.addEdgeWithKey(edge.id, edge.source, edge.target, { status: edge.status, modes: edge.modes.join('|') });
      }
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
    await this.transactions.withTerritory(context.territoryId, async (db: EntityManager) => {
      const table = type === 'actors_export' ? 'actors' : type === 'actions_export' ? 'actions' : 'alliances';
      const [{ count }] = (await db.query(`select count(*)::int as count from ${table}`)) as [{ count: number }];
      if (count + 1 > XLSX_MAX_ROWS) {
        throw new PermanentJobError(
          `L’export compte ${count} lignes : une feuille XLSX en contient ${XLSX_MAX_ROWS - 1} au plus. Choisissez le format CSV.`,
        );
      }
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
        filename: context.path,
        useStyles: false,
        useSharedStrings: false,
      });
      const sheet = workbook.addWorksheet('Export');
      await db.query(`declare export_rows no scroll cursor for ${exportQuery(type, params)}`);
      let written = 0;
      let header = false;
      for (;;) {
        if (context.signal.aborted) throw new Error('Export interrompu');
        const rows = (await db.query(`fetch 2000 from export_rows`)) as Record<string, unknown>[];
        if (rows.length === 0) break;
        if (!header) {
          sheet.addRow(Object.keys(rows[0] as object)).commit();
          header = true;
        }
        for (const row of rows)
          sheet
            .addRow(
              Object.values(row).map((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value)),
            )
            .commit();
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
    await this.transactions.withTerritory(context.territoryId, async (db: EntityManager) => {
      const table = type === 'actors_export' ? 'actors' : type === 'actions_export' ? 'actions' : 'alliances';
      const [{ count }] = (await db.query(`select count(*)::int as count from ${table}`)) as [{ count: number }];
      const client = (db.queryRunner as unknown as { databaseConnection: PoolClient }).databaseConnection;
      const delimiter = params.delimiter === ',' ? ',' : ';';
      const out = createWriteStream(context.path);
      if (params.bom) out.write(Buffer.from([0xef, 0xbb, 0xbf]));
      const copy = client.query(
        copyTo(
          `copy (${exportQuery(type, params)}) to stdout with (format csv, header true, delimiter '${delimiter}')`,
        ),
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
