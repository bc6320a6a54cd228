import i18n, { INTL_LOCALES, localeOf } from '../i18n';

/** The `Intl` locale of the console's current language (« fr-FR », « en-GB »). */
export const intlLocale = (): string => INTL_LOCALES[localeOf(i18n.resolvedLanguage)];

/**
 * Formatters kept per locale and options: `toLocaleString` builds one on every call, which a
 * list of a hundred dated cards pays a hundred times.
 */
function formatters<O, F>(make: (locale: string, options: O) => F): (options: O) => F {
  const kept = new Map<string, F>();
  return (options) => {
    const locale = intlLocale();
    const key = `${locale} ${JSON.stringify(options)}`;
    let format = kept.get(key);
    if (!format) kept.set(key, (format = make(locale, options)));
    return format;
  };
}
const dateFormat = formatters(
  (locale, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, options),
);
const numberFormat = formatters(
  (locale, options: Intl.NumberFormatOptions | undefined) => new Intl.NumberFormat(locale, options),
);

export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const date = typeof value === 'string' ? new Date(value.length === 10 ? `${value}T00:00:00` : value) : value;
  return Number.isNaN(date.getTime()) ? '—' : dateFormat({ dateStyle: 'medium' }).format(date);
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? '—' : dateFormat({ dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatNumber(value: number | null | undefined, options?: Intl.NumberFormatOptions): string {
  return value === null || value === undefined ? '—' : numberFormat(options).format(value);
}

export function formatPercent(value: number | null | undefined): string {
  return formatNumber(value, { style: 'percent', maximumFractionDigits: 1 });
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  const units = i18n.t('units.bytes', { returnObjects: true }) as string[];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${formatNumber(value, { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${units[unit]}`;
}

/** Today as YYYY-MM-DD in the browser's time zone. */
export function today(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/** "octobre 2026" (or "October 2026") from "2026-10"; `short`: "oct. 2026". */
export function formatMonth(period: string, style: 'long' | 'short' = 'long'): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  if (!year || !month) return period;
  return dateFormat({ month: style, year: 'numeric' }).format(new Date(year, month - 1, 1));
}
