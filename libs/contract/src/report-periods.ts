/**
 * Periods a scheduled report may name relative to each of its runs (« le mois écoulé »), shared
 * by the API (libs/reports resolves them) and the console's schedule form.
 */
export const RELATIVE_PERIODS = ['previous_month', 'previous_quarter', 'previous_year', 'year_to_date'] as const;
export type RelativePeriod = (typeof RELATIVE_PERIODS)[number];
