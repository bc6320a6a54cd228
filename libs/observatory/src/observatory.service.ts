import { Injectable } from '@nestjs/common';
import { FORMULA_TRIGGERS, neutraliseFormula, notFound, Transactions, type Db } from '@maillage/platform';
import { DIMENSION_LABELS, INDICATORS, LEVEL_LABELS, type AreaLevel } from './observatory-catalogue.js';

export interface PublicationView {
  id: string;
  computedAt: string;
  threshold: number;
  periodFrom: string;
  periodTo: string;
  areas: Record<string, number>;
}

export interface AreaView {
  level: AreaLevel;
  code: string;
  name: string;
  parent: { level: AreaLevel; code: string } | null;
}

export interface CellView {
  indicator: string;
  dimension: string;
  period: string;
  /** Null when suppressed. */
  value: number | null;
  suppressed: boolean;
  /** Share over the indicator's denominator, only when both are published and the denominator reaches the threshold. */
  share: number | null;
}

interface CellRow {
  level: AreaLevel;
  code: string;
  indicator: string;
  dimension: string;
  period: string;
  value: number | null;
  suppressed: boolean;
  share: string | null;
}

/** Which cell each share divides by, from the catalogue. */
const SHARE_JOIN = INDICATORS.flatMap((indicator) => {
  if (!indicator.share) return [];
  const over = indicator.share.over;
  return [
    'indicator' in over
      ? `(c.indicator = '${indicator.id}' and d.indicator = '${over.indicator}' and d.dimension = c.dimension)`
      : `(c.indicator = '${indicator.id}' and c.dimension <> '${over.dimension}' and d.indicator = c.indicator
          and d.dimension = '${over.dimension}')`,
  ];
}).join(' or ');

/** Published cells with their shares; `where` filters `c`, parameters from $3 on. */
function cellsSql(where: string): string {
  return `select c.level, c.code, c.indicator, c.dimension, c.period, c.value, c.suppressed,
                 case when c.value is not null and d.value >= $2 then round(c.value::numeric / d.value, 4) end as share
          from observatory_cells c
          left join observatory_cells d on d.publication_id = c.publication_id and d.level = c.level
               and d.code = c.code and d.period = c.period and (${SHARE_JOIN})
          where c.publication_id = $1 and ${where}`;
}

const cellView = (row: CellRow): CellView => ({
  indicator: row.indicator,
  dimension: row.dimension,
  period: row.period,
  value: row.value,
  suppressed: row.suppressed,
  share: row.share === null ? null : Number(row.share),
});

export interface CellFilter {
  level: AreaLevel;
  codes: string[];
  indicator?: string;
  dimension?: string;
  from?: string;
  to?: string;
}

/**
 * The observatory's read path: its own tables only (the latest publication,
 * written by the rollup), read with no territory set, so the connection
 * sees no tenant row at all.
 */
@Injectable()
export class ObservatoryService {
  constructor(private readonly transactions: Transactions) {}

  private async latest(
    db: Db,
  ): Promise<{ id: string; threshold: number; period_from: string; period_to: string; computed_at: Date }> {
    const rows: { id: string; threshold: number; period_from: string; period_to: string; computed_at: Date }[] =
      await db.query(
        `select id, threshold, period_from, period_to, computed_at from observatory_publications order by id desc limit 1`,
      );
    if (!rows[0])
      throw notFound('L’observatoire n’a encore rien publié : la première publication est calculée chaque nuit.');
    return rows[0];
  }

  /** The latest publication, or undefined when none exists yet. */
  async publication(): Promise<PublicationView | undefined> {
    return this.transactions.withoutTerritory('observatory.read', async (db) => {
      const rows: { id: string }[] = await db.query(`select id from observatory_publications limit 1`);
      if (rows.length === 0) return undefined;
      const publication = await this.latest(db);
      const counts: { level: string; n: number }[] = await db.query(
        `select level, count(*)::int as n from observatory_areas where publication_id = $1 group by level`,
        [publication.id],
      );
      return {
        id: String(publication.id),
        computedAt: publication.computed_at.toISOString(),
        threshold: publication.threshold,
        periodFrom: publication.period_from,
        periodTo: publication.period_to,
        areas: Object.fromEntries(counts.map((row) => [row.level, row.n])),
      };
    });
  }

  async areas(level: AreaLevel, parent?: { level: AreaLevel; code: string }): Promise<AreaView[]> {
    return this.transactions.withoutTerritory('observatory.read', async (db) => {
      const publication = await this.latest(db);
      const rows: {
        level: AreaLevel;
        code: string;
        name: string;
        parent_level: AreaLevel | null;
        parent_code: string | null;
      }[] = await db.query(
        `select level, code, name, parent_level, parent_code from observatory_areas
           where publication_id = $1 and level = $2 and ($3::text is null or (parent_level = $3 and parent_code = $4))
           order by code`,
        [publication.id, level, parent?.level ?? null, parent?.code ?? null],
      );
      return rows.map((row) => ({
        level: row.level,
        code: row.code,
        name: row.name,
        parent: row.parent_level && row.parent_code ? { level: row.parent_level, code: row.parent_code } : null,
      }));
    });
  }

  /** Cells of some areas, with the areas' names; an unknown area is a 404. */
  async cells(filter: CellFilter): Promise<{
    publication: { id: string; threshold: number };
    areas: Map<string, AreaView>;
    rows: (CellView & { code: string })[];
  }> {
    return this.transactions.withoutTerritory('observatory.read', async (db) => {
      const publication = await this.latest(db);
      const areas: { code: string; name: string; parent_level: AreaLevel | null; parent_code: string | null }[] =
        await db.query(
          `select code, name, parent_level, parent_code from observatory_areas
           where publication_id = $1 and level = $2 and code = any($3::text[])`,
          [publication.id, filter.level, filter.codes],
        );
      const missing = filter.codes.filter((code) => !areas.some((area) => area.code === code));
      if (missing.length > 0)
        throw notFound(`Aucune donnée publiée pour ${LEVEL_LABELS[filter.level].toLowerCase()} ${missing.join(', ')}.`);
      const rows: CellRow[] = await db.query(
        cellsSql(`c.level = $3 and c.code = any($4::text[]) and ($5::text is null or c.indicator = $5)
                  and ($6::text is null or c.dimension = $6) and ($7::text is null or c.period >= $7)
                  and ($8::text is null or c.period <= $8)
                  order by c.code, c.indicator, c.dimension, c.period`),
        [
          publication.id,
          publication.threshold,
          filter.level,
          filter.codes,
          filter.indicator ?? null,
          filter.dimension ?? null,
          filter.from ?? null,
          filter.to ?? null,
        ],
      );
      return {
        publication: { id: String(publication.id), threshold: publication.threshold },
        areas: new Map(
          areas.map((area) => [
            area.code,
            {
              level: filter.level,
              code: area.code,
              name: area.name,
              parent:
                area.parent_level && area.parent_code ? { level: area.parent_level, code: area.parent_code } : null,
            },
          ]),
        ),
        rows: rows.map((row) => ({ ...cellView(row), code: row.code })),
      };
    });
  }

  /** The latest publication's month range (for defaults). */
  async periods(): Promise<{ from: string; to: string }> {
    return this.transactions.withoutTerritory('observatory.read', async (db) => {
      const publication = await this.latest(db);
      return { from: publication.period_from, to: publication.period_to };
    });
  }

  /**
   * Every published cell of a level (or all levels), as CSV lines, read in
   * keyset-paged batches so the export never holds the whole table.
   */
  async *csvRows(
    level: AreaLevel | undefined,
    from: string | undefined,
    to: string | undefined,
    delimiter: ',' | ';',
  ): AsyncGenerator<string> {
    // Text cells (names come from people: a custom territory's name) are neutralised against
    // formula injection and then quoted; numbers are written as they are.
    const quote = (value: string) =>
      /[",;\n\r]/.test(value) || FORMULA_TRIGGERS.test(value)
        ? `"${neutraliseFormula(value).replaceAll('"', '""')}"`
        : value;
    const line = (values: (string | number | null)[]) =>
      `${values.map((value) => (value === null ? '' : typeof value === 'number' ? String(value) : quote(value))).join(delimiter)}\r\n`;
    yield line(['niveau', 'code', 'nom', 'indicateur', 'dimension', 'periode', 'valeur', 'secret', 'part']);
    const publication = await this.transactions.withoutTerritory('observatory.read', (db) => this.latest(db));
    let after: string[] = ['', '', '', '', ''];
    for (;;) {
      const rows: (CellRow & { name: string })[] = await this.transactions.withoutTerritory('observatory.read', (db) =>
        db.query(
          `select x.*, a.name from (
             ${cellsSql(`($3::text is null or c.level = $3) and ($4::text is null or c.period >= $4)
                         and ($5::text is null or c.period <= $5)
                         and (c.level, c.code, c.indicator, c.dimension, c.period) > ($6, $7, $8, $9, $10)
                         order by c.level, c.code, c.indicator, c.dimension, c.period limit 5000`)}
           ) x join observatory_areas a on a.publication_id = $1 and a.level = x.level and a.code = x.code
           order by x.level, x.code, x.indicator, x.dimension, x.period`,
          [publication.id, publication.threshold, level ?? null, from ?? null, to ?? null, ...after],
        ),
      );
      if (rows.length === 0) return;
      for (const row of rows)
        yield line([
          row.level,
          row.code,
          row.name,
          row.indicator,
          row.dimension,
          row.period,
          row.value,
          row.suppressed ? 'oui' : 'non',
          row.share,
        ]);
      const last = rows[rows.length - 1] as CellRow;
      after = [last.level, last.code, last.indicator, last.dimension, last.period];
    }
  }
}

/** The data dictionary published with the CSV export. */
export function dataDictionary(threshold: number): {
  columns: { name: string; description: string }[];
  indicators: {
    id: string;
    label: string;
    kind: string;
    unit: string;
    dimensions: { id: string; label: string }[];
    share: string | null;
  }[];
  levels: { id: string; label: string }[];
  disclosure: string;
} {
  return {
    columns: [
      { name: 'niveau', description: 'Niveau géographique : national, region, departement, epci, commune, peer_group' },
      {
        name: 'code',
        description:
          'Code officiel (INSEE pour régions, départements et communes ; SIREN pour les EPCI ; FR pour la France ; nature:tranche pour un groupe de territoires comparables)',
      },
      { name: 'nom', description: 'Nom officiel de la zone' },
      { name: 'indicateur', description: 'Identifiant de l’indicateur (voir la liste des indicateurs)' },
      { name: 'dimension', description: 'Déclinaison de l’indicateur (total, catégorie, mode, type…)' },
      { name: 'periode', description: 'Mois, AAAA-MM (fin de mois pour un stock, mois entier pour un flux)' },
      { name: 'valeur', description: 'Nombre ; vide quand la valeur est couverte par le secret statistique' },
      { name: 'secret', description: 'oui quand la valeur est couverte par le secret statistique' },
      {
        name: 'part',
        description:
          'Part (0 à 1) rapportée au dénominateur de l’indicateur, publiée seulement quand numérateur et dénominateur le sont et que le dénominateur atteint le seuil',
      },
    ],
    indicators: INDICATORS.map((indicator) => ({
      id: indicator.id,
      label: indicator.label,
      kind: indicator.kind,
      unit: indicator.unit,
      dimensions: indicator.dimensions.map((dimension) => ({
        id: dimension,
        label: DIMENSION_LABELS[dimension] ?? dimension,
      })),
      share: indicator.share?.label ?? null,
    })),
    levels: Object.entries(LEVEL_LABELS).map(([id, label]) => ({ id, label })),
    disclosure:
      `Toute valeur comprise entre 1 et ${threshold - 1} est couverte par le secret statistique, ainsi que les valeurs ` +
      'qu’il faut masquer en complément pour qu’aucune ne puisse être retrouvée ni encadrée de trop près, en ' +
      'combinant tout ce qui est publié (tous les territoires, indicateurs, dimensions et mois, et les liens qui les ' +
      'unissent) : l’écart entre la plus petite et la plus grande valeur possible d’une valeur masquée reste d’au ' +
      'moins 1, et d’au moins le quart de cette valeur. Le nombre de territoires partageant leurs données et leur stade ne sont pas ' +
      'masqués. Seuls les territoires qui ont accepté de partager leurs agrégats sont comptés, à partir du mois de ' +
      'création de leur espace.',
  };
}
