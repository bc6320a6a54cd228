import fc from 'fast-check';
import { applyDisclosureControl, type Relation } from './disclosure.js';

/**
 * The attack disclosure control must defeat: take any relation where exactly
 * one term is unknown, and compute it from the published ones (total minus
 * the published parts); repeat with what was learnt until nothing new comes.
 * Returns the suppressed cells recovered exactly.
 */
function subtractionAttack(
  published: ReadonlyMap<string, number | null>,
  relations: readonly Relation[],
): Map<string, number> {
  const known = new Map<string, number>();
  for (const [key, value] of published) if (value !== null) known.set(key, value);
  const recovered = new Map<string, number>();
  for (let progress = true; progress;) {
    progress = false;
    for (const relation of relations) {
      if ((relation.hidden ?? 0) > 0) continue; // a hidden remainder is one more unknown
      const unknown = [relation.total, ...relation.parts].filter((key) => !known.has(key));
      if (unknown.length !== 1) continue;
      const target = unknown[0] as string;
      const partsSum = relation.parts.reduce((sum, key) => sum + (known.get(key) ?? 0), 0);
      const value = target === relation.total ? partsSum : (known.get(relation.total) as number) - partsSum;
      known.set(target, value);
      recovered.set(target, value);
      progress = true;
    }
  }
  return recovered;
}

function publish(values: Map<string, number>, suppressed: Set<string>): Map<string, number | null> {
  return new Map([...values].map(([key, value]) => [key, suppressed.has(key) ? null : value]));
}

describe('disclosure control', () => {
  it('suppresses counts from 1 to threshold − 1, keeps zeros and larger counts', () => {
    const values = new Map([
      ['a', 0],
      ['b', 1],
      ['c', 4],
      ['d', 5],
      ['e', 120],
    ]);
    const { suppressed } = applyDisclosureControl(values, [], 5);
    expect([...suppressed].sort()).toEqual(['b', 'c']);
  });

  it('defeats the subtraction attack: a lone suppressed part gets a complement', () => {
    // Actors of a territory: 20 in all, 12 associations, 6 companies, 2 foundations.
    const values = new Map([
      ['total', 20],
      ['association', 12],
      ['company', 6],
      ['foundation', 2],
    ]);
    const relations: Relation[] = [{ total: 'total', parts: ['association', 'company', 'foundation'] }];
    const { suppressed, complementary } = applyDisclosureControl(values, relations, 5);
    // Without the complement: 20 − 12 − 6 = 2 foundations, found again.
    expect(subtractionAttack(publish(values, new Set(['foundation'])), relations).get('foundation')).toBe(2);
    expect(suppressed).toEqual(new Set(['foundation', 'company']));
    expect(complementary).toBe(1);
    expect(subtractionAttack(publish(values, suppressed), relations).size).toBe(0);
  });

  it('protects a child area recoverable from its parent, and a hidden remainder that is itself small', () => {
    // Département = EPCI A + EPCI B + figures of a département-wide workspace (hidden, 3).
    const values = new Map([
      ['dep', 40],
      ['epciA', 30],
      ['epciB', 7],
    ]);
    const relations: Relation[] = [{ total: 'dep', parts: ['epciA', 'epciB'], hidden: 3 }];
    const { suppressed } = applyDisclosureControl(values, relations, 5);
    // 40 − 30 − 7 would give the workspace's 3: one EPCI is suppressed with it.
    expect(suppressed).toEqual(new Set(['epciB']));
  });

  it('lets a large hidden remainder protect the parts', () => {
    const values = new Map([
      ['dep', 60],
      ['epciA', 30],
      ['epciB', 3],
    ]);
    const relations: Relation[] = [{ total: 'dep', parts: ['epciA', 'epciB'], hidden: 27 }];
    expect(applyDisclosureControl(values, relations, 5).suppressed).toEqual(new Set(['epciB']));
  });

  it('hides a lone suppressed part behind the only other part', () => {
    const values = new Map([
      ['total', 9],
      ['x', 3],
      ['y', 6],
    ]);
    // y is published and x alone suppressed; suppressing y leaves x hidden (two unknowns).
    const { suppressed } = applyDisclosureControl(values, [{ total: 'total', parts: ['x', 'y'] }], 5);
    expect(suppressed).toEqual(new Set(['x', 'y']));
  });

  it('propagates through linked relations until no sensitive cell is recoverable (property)', () => {
    // Random two-way tables: rows (areas) × columns (categories), with row totals,
    // column totals and the grand total — each cell in two relations.
    const table = fc.record({
      rows: fc.integer({ min: 1, max: 5 }),
      columns: fc.integer({ min: 1, max: 5 }),
      cells: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 5, max: 80 })), {
        minLength: 25,
        maxLength: 25,
      }),
      threshold: fc.integer({ min: 2, max: 10 }),
    });
    fc.assert(
      fc.property(table, ({ rows, columns, cells, threshold }) => {
        const values = new Map<string, number>();
        const relations: Relation[] = [];
        for (let r = 0; r < rows; r += 1)
          for (let c = 0; c < columns; c += 1) values.set(`${r}/${c}`, cells[r * columns + c] as number);
        for (let r = 0; r < rows; r += 1) {
          const parts = Array.from({ length: columns }, (_, c) => `${r}/${c}`);
          values.set(
            `${r}/*`,
            parts.reduce((sum, key) => sum + (values.get(key) as number), 0),
          );
          relations.push({ total: `${r}/*`, parts });
        }
        for (let c = 0; c <= columns; c += 1) {
          const column = c === columns ? '*' : String(c);
          const parts = Array.from({ length: rows }, (_, r) => `${r}/${column}`);
          values.set(
            `*/${column}`,
            parts.reduce((sum, key) => sum + (values.get(key) as number), 0),
          );
          relations.push({ total: `*/${column}`, parts });
        }
        relations.push({ total: '*/*', parts: Array.from({ length: columns }, (_, c) => `*/${c}`) });
        const { suppressed } = applyDisclosureControl(values, relations, threshold);
        const recovered = subtractionAttack(publish(values, suppressed), relations);
        for (const [key, value] of recovered) {
          if (value > 0 && value < threshold) throw new Error(`${key} = ${value} recovered`);
        }
        for (const [key, value] of values) if (value > 0 && value < threshold) expect(suppressed.has(key)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
