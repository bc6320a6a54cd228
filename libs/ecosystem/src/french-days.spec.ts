import { latestDay } from './french-days.js';

describe('the latest day an action or an alliance may name', () => {
  it('is five years from today, a 29 February becoming the 28th', () => {
    expect(latestDay('2026-12-06')).toBe('2031-12-06');
    expect(latestDay('2028-02-29')).toBe('2033-02-28');
  });
});
