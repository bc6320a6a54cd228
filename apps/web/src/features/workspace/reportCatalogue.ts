import type { Schemas } from '../../api/client';
import { today } from '../../ui/format';
import type { RelativePeriod } from '@maillage/contract';

export type ReportType = Schemas['ReportType'];
export type ReportFormat = Schemas['ReportFormat'];
export type ReportStatus = Schemas['ReportStatus'];

/** The kinds of parameters a report type takes (mirrors `libs/reports/src/report-catalogue.ts`). */
type ParamKind = 'period' | 'optionalPeriod' | 'csv' | 'includeArchived' | 'asOf';

/** Each report type, its formats (the first is the default) and its parameters, as the API's catalogue has them. */
export const REPORT_CATALOGUE: Record<ReportType, { formats: ReportFormat[]; params: ParamKind[] }> = {
  territory_activity: { formats: ['pdf', 'xlsx'], params: ['period'] },
  actors_export: { formats: ['csv', 'xlsx'], params: ['csv', 'includeArchived'] },
  actions_export: { formats: ['csv', 'xlsx'], params: ['csv', 'optionalPeriod'] },
  alliances_export: { formats: ['csv', 'xlsx'], params: ['csv'] },
  ecosystem_map: { formats: ['geojson'], params: ['includeArchived'] },
  ecosystem_graph: { formats: ['json', 'gexf'], params: ['asOf'] },
};

export const REPORT_TYPES = Object.keys(REPORT_CATALOGUE) as ReportType[];

/** The order form's values, for every parameter any type may take. */
export interface ReportDraft {
  type: ReportType;
  format: ReportFormat;
  from: string;
  to: string;
  delimiter: ',' | ';';
  bom: boolean;
  /** Decimal comma (`;` only). */
  decimalComma: boolean;
  includeArchived: boolean;
  /** `datetime-local` value. */
  asOf: string;
  /** A schedule's period relative to each run (« le mois écoulé »); empty: the dates above. */
  relativePeriod: '' | RelativePeriod;
}

/** Periods a schedule may name relative to each run (from the contract shared with the API). */
export { RELATIVE_PERIODS, type RelativePeriod } from '@maillage/contract';

export function newDraft(type: ReportType = 'actors_export'): ReportDraft {
  return {
    type,
    format: REPORT_CATALOGUE[type].formats[0] as ReportFormat,
    from: `${today().slice(0, 4)}-01-01`,
    to: today(),
    // French spreadsheets by default: `;` and decimal commas, so they read coordinates as numbers.
    delimiter: ';',
    bom: true,
    decimalComma: true,
    includeArchived: false,
    asOf: '',
    relativePeriod: '',
  };
}

/**
 * The draft with another delimiter: `;` (French spreadsheets) comes with decimal commas, which
 * French Excel needs to read `45,19` as a number; `,` cannot have them (they would split the column).
 */
export function withDelimiter(draft: ReportDraft, delimiter: ReportDraft['delimiter']): ReportDraft {
  return { ...draft, delimiter, decimalComma: delimiter === ';' };
}

/** Which parameter fields the draft's type and format show. */
export function visibleParams(draft: ReportDraft): Set<ParamKind> {
  const kinds = new Set(REPORT_CATALOGUE[draft.type].params);
  if (draft.format !== 'csv') kinds.delete('csv');
  return kinds;
}

/** The `params` object the API expects for the draft (only the fields its type takes). */
export function draftParams(draft: ReportDraft): Record<string, unknown> {
  const kinds = visibleParams(draft);
  const params: Record<string, unknown> = {};
  const periodic = kinds.has('period') || kinds.has('optionalPeriod');
  if (periodic && draft.relativePeriod) params.relativePeriod = draft.relativePeriod;
  else if (kinds.has('period')) Object.assign(params, { from: draft.from, to: draft.to });
  else if (kinds.has('optionalPeriod')) {
    if (draft.from) params.from = draft.from;
    if (draft.to) params.to = draft.to;
  }
  if (kinds.has('csv'))
    Object.assign(params, {
      delimiter: draft.delimiter,
      bom: draft.bom,
      decimalComma: draft.delimiter === ';' && draft.decimalComma,
    });
  if (kinds.has('includeArchived')) params.includeArchived = draft.includeArchived;
  if (kinds.has('asOf') && draft.asOf) {
    const date = new Date(draft.asOf);
    if (!Number.isNaN(date.getTime())) params.asOf = date.toISOString();
  }
  return params;
}

/**
 * The checks the API makes on a period, with its wording, so the form answers
 * before sending: both dates for the activity report, the end not before the start.
 */
export function draftProblems(
  draft: ReportDraft,
  messages: { required: string; endBeforeStart: string },
): Record<string, string[]> {
  const kinds = visibleParams(draft);
  const problems: Record<string, string[]> = {};
  if (draft.relativePeriod) return problems;
  if (kinds.has('period')) {
    if (!draft.from) problems['params.from'] = [messages.required];
    if (!draft.to) problems['params.to'] = [messages.required];
  }
  if ((kinds.has('period') || kinds.has('optionalPeriod')) && draft.from && draft.to && draft.from > draft.to) {
    problems['params.to'] = [messages.endBeforeStart];
  }
  return problems;
}

export const isActive = (status: ReportStatus): boolean => status === 'queued' || status === 'running';

export const STATUS_TONE: Record<ReportStatus, 'neutral' | 'info' | 'success' | 'error' | 'warning'> = {
  queued: 'neutral',
  running: 'info',
  completed: 'success',
  failed: 'error',
  cancelled: 'warning',
};
