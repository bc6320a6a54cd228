import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { latestDay, todayInFrance } from './french-days.js';

describe('the latest day an action or an alliance may name', () => {
  it('is five years from today, a 29 February becoming the 28th', () => {
    expect(latestDay('2026-12-06')).toBe('2031-12-06');
    expect(latestDay('2028-02-29')).toBe('2033-02-28');
  });
});

describe('today in France', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('changes at midnight in Paris, winter and summer, though it is kept for the minute', () => {
    jest.useFakeTimers();
    // Winter: Paris is UTC+1, so 23:00 UTC is midnight.
    jest.setSystemTime(new Date('2026-12-06T22:59:59.999Z'));
    expect(todayInFrance()).toBe('2026-12-06');
    jest.setSystemTime(new Date('2026-12-06T23:00:00.000Z'));
    expect(todayInFrance()).toBe('2026-12-07');
    // Summer: UTC+2.
    jest.setSystemTime(new Date('2026-07-14T21:59:30Z'));
    expect(todayInFrance()).toBe('2026-07-14');
    jest.setSystemTime(new Date('2026-07-14T22:00:00Z'));
    expect(todayInFrance()).toBe('2026-07-15');
    // Back in time (a clock corrected): the day follows.
    jest.setSystemTime(new Date('2026-07-14T12:00:00Z'));
    expect(todayInFrance()).toBe('2026-07-14');
  });
});
