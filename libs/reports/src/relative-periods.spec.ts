import { dayIn, resolveRelativePeriod } from './relative-periods.js';

describe('relative periods of scheduled reports', () => {
  it('covers the month, quarter or year that just ended, across the turn of the year', () => {
    expect(resolveRelativePeriod('previous_month', '2026-03-01')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(resolveRelativePeriod('previous_month', '2028-03-15')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(resolveRelativePeriod('previous_month', '2027-01-01')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(resolveRelativePeriod('previous_quarter', '2026-04-01')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(resolveRelativePeriod('previous_quarter', '2026-12-31')).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(resolveRelativePeriod('previous_quarter', '2027-02-10')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(resolveRelativePeriod('previous_year', '2027-01-01')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(resolveRelativePeriod('year_to_date', '2026-06-30')).toEqual({ from: '2026-01-01', to: '2026-06-30' });
  });

  it('takes the day in the schedule’s timezone, not the server’s', () => {
    // 23:30 UTC on 31 January is already 1 February in Paris: the month that ended is January.
    const at = new Date('2027-01-31T23:30:00Z');
    expect(dayIn('Europe/Paris', at)).toBe('2027-02-01');
    expect(dayIn('America/Cayenne', at)).toBe('2027-01-31');
    expect(resolveRelativePeriod('previous_month', dayIn('Europe/Paris', at))).toEqual({
      from: '2027-01-01',
      to: '2027-01-31',
    });
  });
});
