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
import { Transactions } from '@maillage/platform';
import { EcosystemViewsService } from '@maillage/ecosystem';
import type { ReportFormat, ReportType } from './report-catalogue.js';

export interface GenerationContext {
  territoryId: string;
  /** Where to write the file. */
  path: string;
  progress(percent: number): Promise<void>;
  signal: AbortSignal;
}

interface CsvParams {
  delimiter: ',' | ';';
  bom: boolean;
  includeArchived?: boolean;
  from?: string;
  to?: string;
}

/** The SQL of each export; territory filtering is row security's, in the export's own transaction. */
function exportQuery(type: ReportType, params: CsvParams): string {
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
    await this.copyCsv(type, params as unknown as CsvParams, context);
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
