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
  message: 'La virgule décimale demande le séparateur « ; ».',
  path: ['decimalComma'],
};

const period = z
  .object({ from: z.iso.date(), to: z.iso.date() })
  .strict()
  .refine((value) => value.from <= value.to, {
    message: 'La date de fin ne doit pas précéder la date de début.',
    path: ['to'],
  })
  .refine((value) => Date.parse(value.to) - Date.parse(value.from) <= 5 * 366 * 86_400_000, {
    message: 'La période ne doit pas dépasser cinq ans.',
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

/** What zod's `expected` type is, said like the API's other validation messages (« Ce champ … »). */
const EXPECTED: Record<string, string> = {
  string: 'doit être un texte',
  boolean: 'doit valoir true ou false',
  number: 'doit être un nombre',
  int: 'doit être un nombre entier',
  object: 'doit être un objet',
  array: 'doit être une liste',
};

/** What a string format requires, as a predicate (see `EXPECTED`). */
const FORMATS: Record<string, string> = {
  date: 'doit être une date au format ISO 8601 (par exemple 2026-03-12)',
  datetime:
    'doit être une date et une heure au format ISO 8601, avec le fuseau (par exemple 2026-03-12T09:30:00+01:00)',
};

/** Messages for one parameter, whatever the catalogue entry it belongs to. */
const PARAMETER_MESSAGES: Record<string, Partial<Record<string, string>>> = {
  delimiter: { invalid_value: 'Le séparateur doit être « , » ou « ; ».' },
};

/** An accepted value as it is written in JSON, so the caller can copy it. */
const shownValue = (value: unknown): string => (typeof value === 'string' ? `« ${value} »` : String(value));

/**
 * zod's issues said in plain French, like the API's other validation messages (zod's own French
 * says « Entrée invalide : chaîne de caractères attendu, indéfini reçu »). A message set in the
 * catalogue (a refinement's) is kept.
 */
const frenchIssue = (issue: z.core.$ZodRawIssue): string | undefined => {
  const parameter = issue.path?.at(-1);
  const own = typeof parameter === 'string' ? PARAMETER_MESSAGES[parameter]?.[issue.code ?? ''] : undefined;
  if (own) return own;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'Ce champ est obligatoire.';
      return `Ce champ ${EXPECTED[issue.expected] ?? 'n’est pas du type attendu'}.`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `Ce champ doit valoir ${shownValue(issue.values[0])}.`
        : `Ce champ doit être l’une des valeurs acceptées : ${issue.values.map(shownValue).join(', ')}.`;
    case 'invalid_format':
      return `Ce champ ${FORMATS[issue.format] ?? 'n’a pas le format attendu'}.`;
    case 'unrecognized_keys':
      return 'Ce paramètre n’est pas accepté ici.';
    case 'too_small':
    case 'too_big':
      return 'Cette valeur n’est pas dans les limites acceptées.';
    default:
      return 'Cette valeur n’est pas acceptée.';
  }
};

export type ParamsCheck =
  { ok: true; params: Record<string, unknown> } | { ok: false; problems: { field: string; message: string }[] };

/** The problems of an issue, one per parameter: an unknown key is named itself, not its object. */
const problemsOf = (issue: z.core.$ZodIssue): { field: string; message: string }[] => {
  const at = (path: readonly PropertyKey[]) => ['params', ...path.map(String)].join('.');
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map((key) => ({ field: at([...issue.path, key]), message: issue.message }));
  return [{ field: at(issue.path), message: issue.message }];
};

/** Validates and completes (defaults) the parameters of a report type and format. */
export function checkReportRequest(type: string, format: string, params: unknown): ParamsCheck {
  const entry = REPORT_CATALOGUE[type as ReportType];
  if (!entry) return { ok: false, problems: [{ field: 'type', message: 'Ce type de rapport n’existe pas.' }] };
  if (!(entry.formats as readonly string[]).includes(format)) {
    return {
      ok: false,
      problems: [
        {
          field: 'format',
          message: `Ce rapport ne se fait qu’aux formats : ${entry.formats.map((one) => one.toUpperCase()).join(', ')}.`,
        },
      ],
    };
  }
  // Messages in French: they reach coordinators, in the 400 answer or as a failed report's reason.
  const parsed = entry.params.safeParse(params ?? {}, { error: frenchIssue });
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.flatMap(problemsOf) };
  return { ok: true, params: parsed.data as Record<string, unknown> };
}
