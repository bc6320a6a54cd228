import { frenchDate, frenchMonth, frenchNumber } from './activity-documents.js';
import { reportFileName } from './report-catalogue.js';
import { monthsOf } from './territory-activity.js';

describe('the activity report in French', () => {
  it('writes numbers and dates the French way', () => {
    expect(frenchNumber(1234)).toBe('1\u00a0234');
    expect(frenchNumber(3.5)).toBe('3,5');
    expect(frenchNumber(null)).toBe('—');
    expect(frenchDate('2026-12-04')).toBe('4 décembre 2026');
    expect(frenchDate('2026-01-01')).toBe('1er janvier 2026');
    expect(frenchMonth('2026-03')).toBe('mars 2026');
  });

  it('lists every month of the period, across years', () => {
    expect(monthsOf('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('names files after the report, the territory and the period', () => {
    const now = new Date('2026-12-03T23:30:00Z'); // already 4 December in Paris
    expect(reportFileName('actors_export', 'csv', {}, 'Grenoble-Alpes Métropole', now)).toBe(
      'acteurs-grenoble-alpes-metropole-2026-12-04.csv',
    );
    expect(
      reportFileName('territory_activity', 'pdf', { from: '2026-01-01', to: '2026-06-30' }, 'Métropole de Lyon', now),
    ).toBe('activite-metropole-de-lyon-2026-01-01_2026-06-30.pdf');
  });
});
