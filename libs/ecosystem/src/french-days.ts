/** Today in France, `YYYY-MM-DD`: the default day of a move or a phase change. */
export function todayInFrance(): string {
  // France's day changes on the hour, so on a minute's boundary: the answer is kept for the minute
  // (every write that checks its dates asks it, and formatting it is the costly part).
  const minute = Math.floor(Date.now() / 60_000);
  if (minute !== today.minute) today = { minute, day: dayInFrance(new Date(minute * 60_000)) };
  return today.day;
}
let today = { minute: Number.NaN, day: '' };

/** The day in France (`YYYY-MM-DD`) of an instant. */
export function dayInFrance(instant: Date): string {
  return FRANCE_DAY.format(instant);
}

/** Formatters built once: building one costs far more than formatting with it. */
const FRANCE_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });
const FRANCE_HOUR = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23' });

/** How far ahead an action or an alliance may be dated: planned, not a typo (« 2062 » for « 2026 »). */
export const YEARS_AHEAD = 5;

/** The last day a date may name: today in France, five years on. */
export function latestDay(today = todayInFrance()): string {
  return `${Number(today.slice(0, 4)) + YEARS_AHEAD}${today.slice(4)}`.replace(/-02-29$/, '-02-28');
}

/** `2026-03-14` → « 14/03/2026 ». */
export const frenchDay = (day: string): string => day.split('-').reverse().join('/');

/** The last instant of a `YYYY-MM-DD` day in France (winter or summer time). */
export function endOfFrenchDay(day: string): number {
  const utcMidnightAfter = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
  // Paris is one or two hours ahead of UTC: its offset at that instant, read from Intl.
  const parts = FRANCE_HOUR.formatToParts(new Date(utcMidnightAfter)).find((part) => part.type === 'hour');
  const offsetHours = Number(parts?.value ?? 1);
  return utcMidnightAfter - offsetHours * 3_600_000 - 1;
}
