import i18n from '../../i18n';
import { formatDateTime, intlLocale } from '../../ui/format';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * When a notification came, as people say it: « il y a 5 minutes », « hier », and the full
 * date past a week (the full date and time are always in the `<time>`'s title).
 */
export function relativeTime(value: string, now = Date.now()): string {
  const date = new Date(value);
  const elapsed = now - date.getTime();
  if (Number.isNaN(elapsed)) return '—';
  if (elapsed < MINUTE) return i18n.t('notifications:time.justNow');
  const format = new Intl.RelativeTimeFormat(intlLocale(), { numeric: 'auto' });
  if (elapsed < HOUR) return format.format(-Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return format.format(-Math.floor(elapsed / HOUR), 'hour');
  if (elapsed < 7 * DAY) return format.format(-Math.floor(elapsed / DAY), 'day');
  return formatDateTime(date);
}
