/** Today in France, `YYYY-MM-DD`: the default day of a move or a phase change. */
export function todayInFrance(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
}

/** `2026-03-14` → « 14/03/2026 ». */
export const frenchDay = (day: string): string => day.split('-').reverse().join('/');
