import { describe, expect, it } from '@jest/globals';
import { lastEndedQuarter } from './evaluation-reminders.job.js';

describe('evaluation reminders', () => {
  it('reminds of the quarter that ended last, counting its semester, year and months', () => {
    expect(lastEndedQuarter(new Date(Date.UTC(2026, 9, 2)))).toEqual({
      period: '2026-Q3',
      start: '2026-07-01',
      end: '2026-09-30',
      covering: ['2026-Q3', '2026-S2', '2026', '2026-07', '2026-08', '2026-09'],
    });
    expect(lastEndedQuarter(new Date(Date.UTC(2027, 0, 15)))).toMatchObject({
      period: '2026-Q4',
      end: '2026-12-31',
    });
    expect(lastEndedQuarter(new Date(Date.UTC(2026, 4, 1))).end).toBe('2026-03-31');
  });
});
