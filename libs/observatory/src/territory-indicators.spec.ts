import { dynamicStage, monthRange, shiftMonth } from './territory-indicators.js';

describe('territory indicators', () => {
  it('walks months across years', () => {
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthRange('2026-03', '2026-02')).toEqual([]);
    expect(shiftMonth('2026-01', 1)).toBe('2025-12');
    expect(shiftMonth('2026-11', 23)).toBe('2024-12');
    expect(shiftMonth('2025-12', -1)).toBe('2026-01');
  });

  it('reads the stage of the co-construction dynamic from the last twelve months', () => {
    const months = (...counts: number[]) => [...counts, ...Array(12 - counts.length).fill(0)] as number[];
    expect(dynamicStage(0, { actions: months(), experiments: 0 })).toBe('emerging');
    expect(dynamicStage(0, { actions: months(1, 1), experiments: 0 })).toBe('emerging');
    expect(dynamicStage(0, { actions: months(1, 1, 1), experiments: 0 })).toBe('developing');
    expect(dynamicStage(1, { actions: months(), experiments: 0 })).toBe('developing');
    // Structured: 3 active alliances, an experiment, actions in 6 of the 12 months.
    expect(dynamicStage(3, { actions: months(1, 1, 1, 1, 1, 1), experiments: 1 })).toBe('structured');
    expect(dynamicStage(3, { actions: months(2, 2, 2, 0, 0, 0, 0, 0, 0, 1, 1), experiments: 1 })).toBe('developing');
    expect(dynamicStage(2, { actions: months(1, 1, 1, 1, 1, 1), experiments: 1 })).toBe('developing');
    expect(dynamicStage(3, { actions: months(1, 1, 1, 1, 1, 1), experiments: 0 })).toBe('developing');
  });
});
