import { Injectable } from '@nestjs/common';
import { FORMULA_TRIGGERS, neutraliseFormula, notFound, Transactions, type Db } from '@maillage/platform';
import {
  DIMENSION_LABELS,
  INDICATORS,
  LEVEL_LABELS,
  type AreaLevel,
  type IndicatorDefinition,
} from './observatory-catalogue.js';
import { ObservatoryRepository, type CellFilter, type CellRow, type PublicationRow } from './observatory.repository.js';
import { currentMonth } from './observatory-rollup.job.js';
import {
  STUDY_DIMENSION_LABELS,
  STUDY_GROUP_LABELS,
  STUDY_INDICATORS,
  STUDY_REFERENCE,
  STUDY_VIEW_GROUPS,
  studyWindow,
  type StudyViewGroup,
} from './study-indicators.js';
import { shiftMonth } from './territory-indicators.js';
import { FRAGILITIES } from '@maillage/ecosystem';
import { STUDY_PRISMS, type StudyPrism } from '@maillage/contract';

/**
 * The month a reader sees first: the latest published month that is over.
 * The current month is still running (its flows read "0 actions" on the 1st),
 * so it is shown only when asked, or when the publication holds nothing else.
 */
export function lastCompleteMonth(periods: { from: string; to: string }, now = new Date()): string {
  const current = currentMonth(now);
  if (periods.to < current) return periods.to;
  const previous = shiftMonth(current, 1);
  return previous < periods.from ? periods.to : previous;
}

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

const cellView = (row: CellRow): CellView => ({
  indicator: row.indicator,
  dimension: row.dimension,
  period: row.period,
  value: row.value,
  suppressed: row.suppressed,
  share: row.share === null ? null : Number(row.share),
});

export type { CellFilter } from './observatory.repository.js';

/** A published study figure: null when suppressed (or not published), its share of its group's respondents. */
export interface StudyFigure {
  value: number | null;
  suppressed: boolean;
  share: number | null;
}

export interface StudiesView {
  area: AreaView;
  /** The publication's window, which every study figure covers. */
  period: { from: string; to: string };
  threshold: number;
  /** Sharing territories whose studies received answers in the window (published as it is). */
  territories: number;
  dutyOfAlliances: { prism: StudyPrism; label: string; respondents: StudyFigure; agreeing: StudyFigure }[];
  fragilities: {
    prism: StudyPrism;
    label: string;
    respondents: StudyFigure;
    fragilities: { fragility: string; label: string; count: StudyFigure }[];
  }[];
  views: {
    group: StudyViewGroup;
    label: string;
    innovation: { respondents: StudyFigure; agreeing: StudyFigure };
    dynamic: { respondents: StudyFigure; inDynamic: StudyFigure; established: StudyFigure; emerging: StudyFigure };
  }[];
  reference: typeof STUDY_REFERENCE;
}

const FRAGILITY_LABELS: Record<string, string> = Object.fromEntries(
  FRAGILITIES.map((fragility) => [fragility, DIMENSION_LABELS[`fragility:${fragility}`] ?? fragility]),
);

/**
 * The observatory's read path: its own tables only (the latest publication,
 * written by the rollup), read with no territory set, so the connection
 * sees no tenant row at all.
 */
@Injectable()
export class ObservatoryService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: ObservatoryRepository,
  ) {}

  private async latest(db: Db): Promise<PublicationRow> {
    const publication = await this.repository.latest(db);
    if (!publication)
      throw notFound('L’observatoire n’a encore rien publié : la première publication est calculée chaque nuit.');
    return publication;
  }

  /** The latest publication, or undefined when none exists yet. */
  async publication(): Promise<PublicationView | undefined> {
    return this.transactions.withoutTerritory('observatory.read', async (db) => {
      if (!(await this.repository.anyPublication(db))) return undefined;
      const publication = await this.latest(db);
      const counts = await this.repository.areaCounts(db, publication.id);
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
      const rows = await this.repository.areas(db, publication.id, level, parent);
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
      const areas = await this.repository.areasByCode(db, publication.id, filter.level, filter.codes);
      const missing = filter.codes.filter((code) => !areas.some((area) => area.code === code));
      if (missing.length > 0)
        throw notFound(`Aucune donnée publiée pour ${LEVEL_LABELS[filter.level].toLowerCase()} ${missing.join(', ')}.`);
      const rows = await this.repository.cells(db, publication, filter);
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

  /**
   * The study indicators of one area over the publication's window, by prism, with PHARE's
   * reference figures beside them (never mixed in).
   */
  async studies(level: AreaLevel, code: string): Promise<StudiesView> {
    const { publication, rows, area } = await this.transactions.withoutTerritory('observatory.read', async (db) => {
      const publication = await this.latest(db);
      const [area] = await this.repository.areasByCode(db, publication.id, level, [code]);
      if (!area) throw notFound(`Aucune donnée publiée pour ${LEVEL_LABELS[level].toLowerCase()} ${code}.`);
      const window = studyWindow(publication.period_from, publication.period_to);
      return { publication, area, rows: await this.repository.studyCells(db, publication, level, code, window) };
    });
    const cells = new Map(rows.map((row) => [`${row.indicator}|${row.dimension}`, cellView(row)]));
    const figure = (indicator: string, dimension: string): StudyFigure => {
      const cell = cells.get(`${indicator}|${dimension}`);
      return cell
        ? { value: cell.value, suppressed: cell.suppressed, share: cell.share }
        : { value: null, suppressed: false, share: null };
    };
    const label = (group: string) => STUDY_GROUP_LABELS[group] ?? group;
    return {
      area: {
        level,
        code: area.code,
        name: area.name,
        parent: area.parent_level && area.parent_code ? { level: area.parent_level, code: area.parent_code } : null,
      },
      period: { from: publication.period_from, to: publication.period_to },
      threshold: publication.threshold,
      territories: figure('study_territories', 'total').value ?? 0,
      dutyOfAlliances: STUDY_PRISMS.map((prism) => ({
        prism,
        label: label(prism),
        respondents: figure('study_duty_of_alliances', `${prism}:respondents`),
        agreeing: figure('study_duty_of_alliances', `${prism}:agreeing`),
      })),
      fragilities: STUDY_PRISMS.map((prism) => ({
        prism,
        label: label(prism),
        respondents: figure('study_fragilities', `${prism}:respondents`),
        fragilities: FRAGILITIES.map((fragility) => ({
          fragility,
          label: FRAGILITY_LABELS[fragility] as string,
          count: figure('study_fragilities', `${prism}:fragility:${fragility}`),
        })),
      })),
      views: STUDY_VIEW_GROUPS.map((group) => ({
        group,
        label: label(group),
        innovation: {
          respondents: figure('study_innovation', `${group}:respondents`),
          agreeing: figure('study_innovation', `${group}:agreeing`),
        },
        dynamic: {
          respondents: figure('study_dynamic', `${group}:respondents`),
          inDynamic: figure('study_dynamic', `${group}:in_dynamic`),
          established: figure('study_dynamic', `${group}:established`),
          emerging: figure('study_dynamic', `${group}:emerging`),
        },
      })),
      reference: STUDY_REFERENCE,
    };
  }

  /** The month shown when none is asked: the publication's last complete month. */
  async defaultPeriod(): Promise<string> {
    return lastCompleteMonth(await this.periods());
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
    // The codes first (stable, for programs), their French labels last (for people reading the sheet).
    yield line([...CSV_CODE_COLUMNS, ...CSV_LABEL_COLUMNS]);
    const indicatorLabels = new Map(
      [...INDICATORS, ...STUDY_INDICATORS].map((indicator) => [indicator.id, indicator.label]),
    );
    const publication = await this.transactions.withoutTerritory('observatory.read', (db) => this.latest(db));
    let after: string[] = ['', '', '', '', ''];
    for (;;) {
      const rows = await this.transactions.withoutTerritory('observatory.read', (db) =>
        this.repository.cellBatch(db, publication, level, from, to, after),
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
          LEVEL_LABELS[row.level],
          indicatorLabels.get(row.indicator) ?? row.indicator,
          DIMENSION_LABELS[row.dimension] ?? STUDY_DIMENSION_LABELS[row.dimension] ?? row.dimension,
        ]);
      const last = rows[rows.length - 1] as CellRow;
      after = [last.level, last.code, last.indicator, last.dimension, last.period];
    }
  }
}

interface DictionaryIndicator {
  id: string;
  label: string;
  kind: string;
  unit: string;
  dimensions: { id: string; label: string }[];
  share: string | null;
}

const dictionaryIndicator = (indicator: IndicatorDefinition, labels: Record<string, string>): DictionaryIndicator => ({
  id: indicator.id,
  label: indicator.label,
  kind: indicator.kind,
  unit: indicator.unit,
  dimensions: indicator.dimensions.map((dimension) => ({ id: dimension, label: labels[dimension] ?? dimension })),
  share: indicator.share?.label ?? null,
});

const CSV_CODE_COLUMNS = ['niveau', 'code', 'nom', 'indicateur', 'dimension', 'periode', 'valeur', 'secret', 'part'];
const CSV_LABEL_COLUMNS = ['libelle_niveau', 'libelle_indicateur', 'libelle_dimension'];

/** The data dictionary published with the CSV export. */
export function dataDictionary(threshold: number): {
  columns: { name: string; description: string }[];
  indicators: DictionaryIndicator[];
  /** The study indicators, over the publication's whole window (period `AAAA-MM/AAAA-MM`). */
  studyIndicators: DictionaryIndicator[];
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
      {
        name: 'periode',
        description:
          'Mois, AAAA-MM (fin de mois pour un stock, mois entier pour un flux) ; pour les études territoriales, ' +
          'toute la période publiée, AAAA-MM/AAAA-MM',
      },
      { name: 'valeur', description: 'Nombre ; vide quand la valeur est couverte par le secret statistique' },
      { name: 'secret', description: 'oui quand la valeur est couverte par le secret statistique' },
      {
        name: 'part',
        description:
          'Part (0 à 1) rapportée au dénominateur de l’indicateur, publiée seulement quand numérateur et dénominateur le sont et que le dénominateur atteint le seuil',
      },
      { name: 'libelle_niveau', description: 'Le niveau géographique en toutes lettres' },
      { name: 'libelle_indicateur', description: 'L’indicateur en toutes lettres' },
      { name: 'libelle_dimension', description: 'La déclinaison en toutes lettres (« Associations », « Mécénat »…)' },
    ],
    indicators: INDICATORS.map((indicator) => dictionaryIndicator(indicator, DIMENSION_LABELS)),
    studyIndicators: STUDY_INDICATORS.map((indicator) => dictionaryIndicator(indicator, STUDY_DIMENSION_LABELS)),
    levels: Object.entries(LEVEL_LABELS).map(([id, label]) => ({ id, label })),
    disclosure:
      `Toute valeur comprise entre 0 et ${threshold - 1} est couverte par le secret statistique là où au moins un ` +
      'territoire partage ses données (les zéros aussi, sans quoi chaque valeur masquée serait connue pour valoir au ' +
      'moins 1), ainsi que les valeurs ' +
      'qu’il faut masquer en complément pour qu’aucune ne puisse être retrouvée ni encadrée de trop près, en ' +
      'combinant tout ce qui est publié (tous les territoires, indicateurs, dimensions et mois, et les liens qui les ' +
      'unissent) : l’écart entre la plus petite et la plus grande valeur possible d’une valeur masquée reste d’au ' +
      'moins 1, et d’au moins le quart de cette valeur. Le nombre de territoires partageant leurs données et leur stade ne sont pas ' +
      'masqués. Seuls les territoires qui ont accepté de partager leurs agrégats sont comptés, à partir du mois de ' +
      'création de leur espace. Les indicateurs des études territoriales (réponses reçues sur toute la période) ' +
      'suivent la même règle, contrôlés avec tout le reste ; le nombre de territoires dont une étude a reçu des ' +
      'réponses n’est pas masqué.',
  };
}
