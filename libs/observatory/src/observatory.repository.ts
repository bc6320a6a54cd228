import { Injectable } from '@nestjs/common';
import type { Db } from '@maillage/platform';
import type { TerritoryKind } from '@maillage/territories';
import { FIGURE_KEYS, INDICATORS, type AreaLevel } from './observatory-catalogue.js';
import type { PublishedCell, RollupResult } from './observatory-rollup.js';
import { STUDY_FIGURE_KEYS, STUDY_INDICATORS, studyWindow } from './study-indicators.js';
import { monthRange } from './territory-indicators.js';

export interface PublicationRow {
  id: string;
  threshold: number;
  period_from: string;
  period_to: string;
  computed_at: Date;
}

export interface AreaRow {
  level: AreaLevel;
  code: string;
  name: string;
  parent_level: AreaLevel | null;
  parent_code: string | null;
}

/** Which cells to read: `level`, `codes`, optionally one indicator, one dimension, a month range. */
export interface CellFilter {
  level: AreaLevel;
  codes: string[];
  indicator?: string;
  dimension?: string;
  from?: string;
  to?: string;
}

export interface CellRow {
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
      ? `(g.indicator = '${indicator.id}' and d.indicator = '${over.indicator}' and d.dimension = g.dimension)`
      : `(g.indicator = '${indicator.id}' and g.dimension <> '${over.dimension}' and d.indicator = g.indicator
          and d.dimension = '${over.dimension}')`,
  ];
})
  .concat(
    // A study figure over its group's respondents (« association:agreeing » over « association:respondents »).
    STUDY_INDICATORS.filter((indicator) => indicator.share).map(
      (indicator) => `(g.indicator = '${indicator.id}' and g.dimension not like '%:respondents'
          and d.indicator = g.indicator and d.dimension = split_part(g.dimension, ':', 1) || ':respondents')`,
    ),
  )
  .join(' or ');

/** What the cells' queries need of a publication. */
export type PublicationCells = Pick<PublicationRow, 'id' | 'threshold' | 'period_from' | 'period_to'>;

/**
 * A publication's grid: every figure key of every month, and every study figure key of the window,
 * as three arrays (indicator, dimension, period) for `unnest`. Every published area has them all.
 */
export function publicationGrid(publication: Pick<PublicationRow, 'period_from' | 'period_to'>): string[][] {
  const entries = [
    ...monthRange(publication.period_from, publication.period_to).flatMap((period) =>
      FIGURE_KEYS.map((key) => [...key.split('|'), period]),
    ),
    ...STUDY_FIGURE_KEYS.map((key) => [...key.split('|'), studyWindow(publication.period_from, publication.period_to)]),
  ];
  return [0, 1, 2].map((column) => entries.map((entry) => entry[column] as string));
}

/**
 * Published cells with their shares. Only the cells that are not zero are stored (and the withheld
 * ones): the grid of every area and figure (`publicationGrid`, parameters `$grid`..`$grid+2`) is
 * joined with them, an absent cell read as a published zero. `where` filters `g` (its areas, `a`
 * inside, with `areaWhere`), parameters from $3 on.
 */
function cellsSql(where: string, grid: number, areaWhere = 'true'): string {
  return `select g.level, g.code, g.name, g.indicator, g.dimension, g.period,
                 case when c.suppressed then null else coalesce(c.value, 0) end as value,
                 coalesce(c.suppressed, false) as suppressed,
                 case when c.suppressed is not true and d.value >= $2
                      then round(coalesce(c.value, 0)::numeric / d.value, 4) end as share
          from (select a.level, a.code, a.name, k.indicator, k.dimension, k.period
                from observatory_areas a
                cross join unnest($${grid}::text[], $${grid + 1}::text[], $${grid + 2}::text[]) as k(indicator, dimension, period)
                where a.publication_id = $1 and ${areaWhere}) g
          left join observatory_cells c on c.publication_id = $1 and c.level = g.level and c.code = g.code
               and c.indicator = g.indicator and c.dimension = g.dimension and c.period = g.period
          left join observatory_cells d on d.publication_id = $1 and d.level = g.level
               and d.code = g.code and d.period = g.period and (${SHARE_JOIN})
          where ${where}`;
}

/** SQL of the observatory's published tables (publications, areas, cells), read with no territory set. */
@Injectable()
export class ObservatoryRepository {
  /** The latest publication, or undefined when none exists yet. */
  async latest(db: Db): Promise<PublicationRow | undefined> {
    const rows: PublicationRow[] = await db.query(
      `select id, threshold, period_from, period_to, computed_at from observatory_publications order by id desc limit 1`,
    );
    return rows[0];
  }

  /** The cells a publication withheld, as the rollup names them: `level:code|period|indicator|dimension`. */
  async withheldCells(db: Db, publicationId: string): Promise<Set<string>> {
    const rows: { key: string }[] = await db.query(
      `select level || ':' || code || '|' || period || '|' || indicator || '|' || dimension as key
       from observatory_cells where publication_id = $1 and suppressed`,
      [publicationId],
    );
    return new Set(rows.map((row) => row.key));
  }

  /** Whether anything was ever published. */
  async anyPublication(db: Db): Promise<boolean> {
    const rows: { id: string }[] = await db.query(`select id from observatory_publications limit 1`);
    return rows.length > 0;
  }

  areaCounts(db: Db, publicationId: string): Promise<{ level: string; n: number }[]> {
    return db.query(
      `select level, count(*)::int as n from observatory_areas where publication_id = $1 group by level`,
      [publicationId],
    );
  }

  areas(
    db: Db,
    publicationId: string,
    level: AreaLevel,
    parent: { level: AreaLevel; code: string } | undefined,
  ): Promise<AreaRow[]> {
    return db.query(
      `select level, code, name, parent_level, parent_code from observatory_areas
           where publication_id = $1 and level = $2 and ($3::text is null or (parent_level = $3 and parent_code = $4))
           order by code`,
      [publicationId, level, parent?.level ?? null, parent?.code ?? null],
    );
  }

  /** The areas of a level among `codes` (those published). */
  areasByCode(db: Db, publicationId: string, level: AreaLevel, codes: string[]): Promise<Omit<AreaRow, 'level'>[]> {
    return db.query(
      `select code, name, parent_level, parent_code from observatory_areas
           where publication_id = $1 and level = $2 and code = any($3::text[])`,
      [publicationId, level, codes],
    );
  }

  cells(db: Db, publication: PublicationCells, filter: CellFilter): Promise<CellRow[]> {
    return db.query(
      cellsSql(
        `($5::text is null or g.indicator = $5) and ($6::text is null or g.dimension = $6)
         and ($7::text is null or g.period >= $7) and ($8::text is null or g.period <= $8)
         order by g.code, g.indicator, g.dimension, g.period`,
        9,
        `a.level = $3 and a.code = any($4::text[])`,
      ),
      [
        publication.id,
        publication.threshold,
        filter.level,
        filter.codes,
        filter.indicator ?? null,
        filter.dimension ?? null,
        filter.from ?? null,
        filter.to ?? null,
        ...publicationGrid(publication),
      ],
    );
  }

  /** The study cells of one area, for the publication's window. */
  studyCells(
    db: Db,
    publication: PublicationCells,
    level: AreaLevel,
    code: string,
    window: string,
  ): Promise<CellRow[]> {
    return db.query(cellsSql(`g.period = $5 order by g.indicator, g.dimension`, 6, `a.level = $3 and a.code = $4`), [
      publication.id,
      publication.threshold,
      level,
      code,
      window,
      ...publicationGrid(publication),
    ]);
  }

  /**
   * The next 5,000 published cells (with their area's name) after the keyset `after`; a cell is in
   * the months `from`..`to` when all its months are (the study window only when the range covers it).
   */
  cellBatch(
    db: Db,
    publication: PublicationCells,
    level: AreaLevel | undefined,
    from: string | undefined,
    to: string | undefined,
    after: string[],
  ): Promise<(CellRow & { name: string })[]> {
    // The grid's entries in the months asked, so that the batch spans only the next few areas.
    const [indicators, dimensions, periods] = publicationGrid(publication) as [string[], string[], string[]];
    const keep = periods.map((period) => {
      const [first, last = first] = period.split('/') as [string, string?];
      return (from === undefined || first >= from) && (to === undefined || (last as string) <= to);
    });
    const perArea = keep.filter(Boolean).length;
    if (perArea === 0) return Promise.resolve([]);
    const pick = (column: string[]) => column.filter((_, index) => keep[index]);
    return db.query(
      cellsSql(
        `(g.level, g.code, g.indicator, g.dimension, g.period) > ($4, $5, $6, $7, $8)
         order by g.level, g.code, g.indicator, g.dimension, g.period limit 5000`,
        9,
        `(a.level, a.code) in (select level, code from observatory_areas
                               where publication_id = $1 and ($3::text is null or level = $3) and (level, code) >= ($4, $5)
                               order by level, code limit $12)`,
      ),
      [
        publication.id,
        publication.threshold,
        level ?? null,
        ...after,
        pick(indicators),
        pick(dimensions),
        pick(periods),
        Math.ceil(5000 / perArea) + 1,
      ],
    );
  }

  /**
   * Every territory, with what places it in the hierarchy and its first month (French time);
   * demo territories only when `includeDemo` (MAILLAGE_DEMO_IN_OBSERVATORY).
   */
  territories(
    db: Db,
    includeDemo = false,
  ): Promise<
    {
      id: string;
      kind: TerritoryKind;
      code: string | null;
      name: string;
      population: number | null;
      created: string;
      demo: boolean;
    }[]
  > {
    return db.query(
      `select id, kind, code, name, population, demo,
                to_char(created_at at time zone 'Europe/Paris', 'YYYY-MM') as created
         from territories where $1 or not demo order by id`,
      [includeDemo],
    );
  }

  async insertPublication(
    db: Db,
    threshold: number,
    periodFrom: string,
    periodTo: string,
    reason: string,
    requestedBy: string | null,
  ): Promise<{ id: string }> {
    const [publication] = (await db.query(
      `insert into observatory_publications (threshold, period_from, period_to, reason, requested_by)
         values ($1, $2, $3, $4, $5) returning id`,
      [threshold, periodFrom, periodTo, reason, requestedBy],
    )) as [{ id: string }];
    return publication;
  }

  async insertAreas(db: Db, publicationId: string, areas: RollupResult['areas']): Promise<void> {
    await db.query(
      `insert into observatory_areas (publication_id, level, code, name, parent_level, parent_code)
         select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
      [
        publicationId,
        areas.map((area) => area.level),
        areas.map((area) => area.code),
        areas.map((area) => area.name),
        areas.map((area) => area.parent?.level ?? null),
        areas.map((area) => area.parent?.code ?? null),
      ],
    );
  }

  /** The cells through COPY FROM STDIN (PostgreSQL only): hundreds of thousands of rows, streamed. */
  async copyCells(db: Db, publicationId: string, cells: readonly PublishedCell[]): Promise<void> {
    await db.copyFrom(
      `copy observatory_cells (publication_id, level, code, indicator, dimension, period, value, suppressed)
           from stdin`,
      cellLines(publicationId, cells),
    );
  }

  /** One batch of cells by INSERT (the embedded engine takes no COPY FROM STDIN). */
  async insertCells(
    db: Db,
    publicationId: string,
    batch: {
      level: string;
      code: string;
      indicator: string;
      dimension: string;
      period: string;
      value: number | null;
    }[],
  ): Promise<void> {
    await db.query(
      `insert into observatory_cells (publication_id, level, code, indicator, dimension, period, value, suppressed)
             select $1, l, c, i, d, p, v, v is null
             from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[]) as u(l, c, i, d, p, v)`,
      [
        publicationId,
        ...(['level', 'code', 'indicator', 'dimension', 'period', 'value'] as const).map((column) =>
          batch.map((cell) => cell[column]),
        ),
      ],
    );
  }

  /** Keeps the newest `keep` publications (their areas and cells go with them). */
  async prune(db: Db, keep: number): Promise<void> {
    await db.query(
      `delete from observatory_publications where id not in
           (select id from observatory_publications order by id desc limit $1)`,
      [keep],
    );
  }
}

/** COPY's text format: tab-separated, `\N` for null, backslash, tab and newline escaped. */
const copyText = (value: string): string =>
  value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] as string);

/** The cells as COPY lines, a thousand to a chunk. */
function* cellLines(publicationId: string, cells: readonly PublishedCell[]): Generator<string> {
  let chunk = '';
  for (const [index, cell] of cells.entries()) {
    const [level, code] = cell.area.split(/:(.*)/s) as [string, string];
    const [indicator, dimension] = cell.key.split('|') as [string, string];
    chunk += `${publicationId}\t${copyText(level)}\t${copyText(code)}\t${copyText(indicator)}\t${copyText(dimension)}\t${
      cell.period
    }\t${cell.value === null ? '\\N' : cell.value}\t${cell.value === null ? 't' : 'f'}\n`;
    if (index % 1000 === 999) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
