import { asciiSlug } from '@maillage/platform';
import { z } from 'zod';

/**
 * The typed catalogue of reports: each type, the formats it comes in, and
 * the parameters it takes (validated when it is ordered, and again in the
 * worker, where a bad parameter fails the job at once, without retries).
 */
const csvOptions = {
  /** `;` for French spreadsheet software, `,` elsewhere. */
  delimiter: z.enum([',', ';']).default(';'),
  /** A UTF-8 byte-order mark, so Excel reads accents right. */
  bom: z.boolean().default(true),
  /** Numbers with a fraction written `45,19` (only with `;`: a `,` CSV would split them). */
  decimalComma: z.boolean().default(false),
};

/** A decimal comma needs the `;` delimiter. */
const commaNeedsSemicolon = (value: { delimiter: string; decimalComma: boolean }) =>
  !(value.decimalComma && value.delimiter === ',');
const commaNeedsSemicolonIssue = {
  message: 'la virgule décimale demande le séparateur « ; »',
  path: ['decimalComma'],
};

const period = z
  .object({ from: z.iso.date(), to: z.iso.date() })
  .strict()
  .refine((value) => value.from <= value.to, { message: 'la fin précède le début', path: ['to'] })
  .refine((value) => Date.parse(value.to) - Date.parse(value.from) <= 5 * 366 * 86_400_000, {
    message: 'cinq ans au plus',
    path: ['to'],
  });

export const REPORT_CATALOGUE = {
  territory_activity: {
    fileStem: 'activite',
    label: 'Activité du territoire',
    formats: ['pdf', 'xlsx'] as const,
    params: period,
  },
  actors_export: {
    fileStem: 'acteurs',
    label: 'Export des acteurs',
    formats: ['csv', 'xlsx'] as const,
    params: z
      .object({ ...csvOptions, includeArchived: z.boolean().default(false) })
      .strict()
      .refine(commaNeedsSemicolon, commaNeedsSemicolonIssue),
  },
  actions_export: {
    fileStem: 'actions',
    label: 'Export des actions',
    formats: ['csv', 'xlsx'] as const,
    params: z
      .object({
        ...csvOptions,
        from: z.iso.date().optional(),
        to: z.iso.date().optional(),
      })
      .strict()
      .refine(commaNeedsSemicolon, commaNeedsSemicolonIssue),
  },
  alliances_export: {
    fileStem: 'alliances',
    label: 'Export des alliances',
    formats: ['csv', 'xlsx'] as const,
    params: z
      .object({ ...csvOptions })
      .strict()
      .refine(commaNeedsSemicolon, commaNeedsSemicolonIssue),
  },
  ecosystem_map: {
    fileStem: 'carte',
    label: 'Carte des acteurs (GeoJSON)',
    formats: ['geojson'] as const,
    params: z.object({ includeArchived: z.boolean().default(false) }).strict(),
  },
  ecosystem_graph: {
    fileStem: 'graphe',
    label: 'Graphe des alliances',
    formats: ['json', 'gexf'] as const,
    params: z.object({ asOf: z.iso.datetime({ offset: true }).optional() }).strict(),
  },
} as const;

export type ReportType = keyof typeof REPORT_CATALOGUE;
export type ReportFormat = 'csv' | 'xlsx' | 'pdf' | 'geojson' | 'json' | 'gexf';
export const REPORT_TYPES = Object.keys(REPORT_CATALOGUE) as ReportType[];
export const REPORT_FORMATS: readonly ReportFormat[] = ['csv', 'xlsx', 'pdf', 'geojson', 'json', 'gexf'];

export type ReportParams<T extends ReportType> = z.infer<(typeof REPORT_CATALOGUE)[T]['params']>;

/**
 * A report's file name: what it is, the territory and the period (or the day
 * it was made, in Paris), as an ASCII slug: `acteurs-grenoble-alpes-metropole-2026-12-04.csv`,
 * `activite-lyon-2026-01-01_2026-06-30.pdf`.
 */
export function reportFileName(
  type: ReportType,
  format: ReportFormat,
  params: Record<string, unknown>,
  territoryName: string,
  now = new Date(),
): string {
  const from = typeof params.from === 'string' ? params.from : null;
  const to = typeof params.to === 'string' ? params.to : null;
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris' }).format(now);
  const period = from || to ? `${from ?? 'debut'}_${to ?? today}` : today;
  return `${REPORT_CATALOGUE[type].fileStem}-${asciiSlug(territoryName)}-${period}.${format}`;
}

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  geojson: 'application/geo+json',
  json: 'application/json',
  gexf: 'application/gexf+xml',
};

const FRENCH = z.locales.fr();

export type ParamsCheck =
  { ok: true; params: Record<string, unknown> } | { ok: false; problems: { field: string; message: string }[] };

/** Validates and completes (defaults) the parameters of a report type and format. */
export function checkReportRequest(type: string, format: string, params: unknown): ParamsCheck {
  const entry = REPORT_CATALOGUE[type as ReportType];
  if (!entry) return { ok: false, problems: [{ field: 'type', message: `type de rapport inconnu : ${type}` }] };
  if (!(entry.formats as readonly string[]).includes(format)) {
    return { ok: false, problems: [{ field: 'format', message: `formats possibles : ${entry.formats.join(', ')}` }] };
  }
  // Messages in French: they reach coordinators, in the 400 answer or as a failed report's reason.
  const parsed = entry.params.safeParse(params ?? {}, { error: FRENCH.localeError });
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        field: ['params', ...issue.path.map(String)].join('.'),
        message: issue.message,
      })),
    };
  }
  return { ok: true, params: parsed.data as Record<string, unknown> };
}
