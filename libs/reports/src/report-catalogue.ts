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
    label: 'Activité du territoire',
    formats: ['pdf', 'xlsx'] as const,
    params: period,
  },
  actors_export: {
    label: 'Export des acteurs',
    formats: ['csv', 'xlsx'] as const,
    params: z.object({ ...csvOptions, includeArchived: z.boolean().default(false) }).strict(),
  },
  actions_export: {
    label: 'Export des actions',
    formats: ['csv', 'xlsx'] as const,
    params: z
      .object({
        ...csvOptions,
        from: z.iso.date().optional(),
        to: z.iso.date().optional(),
      })
      .strict(),
  },
  alliances_export: {
    label: 'Export des alliances',
    formats: ['csv', 'xlsx'] as const,
    params: z.object({ ...csvOptions }).strict(),
  },
  ecosystem_map: {
    label: 'Carte des acteurs (GeoJSON)',
    formats: ['geojson'] as const,
    params: z.object({ includeArchived: z.boolean().default(false) }).strict(),
  },
  ecosystem_graph: {
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
