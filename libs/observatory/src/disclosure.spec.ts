import fc from 'fast-check';
import { auditTable, protectionLevel, protectTable, type LinearTable, type TableCell } from './disclosure.js';

/**
 * Small tables written by hand: named atoms, cells as sums of atoms, and the
 * identities between atoms. `cell` names the cells for the assertions.
 */
function table(
  atoms: Record<string, number>,
  cells: Record<string, string[]>,
  identities: { terms: [string, number][]; relation?: 'eq' | 'le'; rhs?: number }[] = [],
  hidden: Record<string, string[]> = {},
) {
  const names = Object.keys(atoms);
  const index = (name: string) => {
    const at = names.indexOf(name);
    if (at < 0) throw new Error(`unknown atom ${name}`);
    return at;
  };
  const list: TableCell[] = [
    ...Object.entries(cells).map(([key, parts]) => ({ key, atoms: parts.map(index), published: true })),
    ...Object.entries(hidden).map(([key, parts]) => ({ key, atoms: parts.map(index), published: false })),
  ];
  const linear: LinearTable = {
    atoms: names.map((name) => atoms[name] as number),
    cells: list,
    constraints: identities.map((identity) => ({
      terms: identity.terms.map(([name, coefficient]) => [index(name), coefficient] as const),
      relation: identity.relation ?? 'eq',
      rhs: identity.rhs ?? 0,
    })),
  };
  const keys = (set: Set<number>) => [...set].map((cell) => list[cell]?.key as string).sort();
  return { linear, keys };
}

describe('disclosure control', () => {
  it('withholds counts below the threshold, zeros included, and publishes larger counts', async () => {
    const { linear, keys } = table(
      { a: 0, b: 1, c: 4, d: 5, e: 120 },
      { a: ['a'], b: ['b'], c: ['c'], d: ['d'], e: ['e'] },
    );
    const result = await protectTable(linear, { threshold: 5 });
    expect(keys(result.suppressed)).toEqual(['a', 'b', 'c']);
    expect(result.audit.unprotected).toBe(0);
  });

  it('publishes the zeros everyone knows (a workspace before it shared anything), and uses them', async () => {
    // `before` belongs to a workspace not yet counted that month: zero, and known to be.
    const { linear, keys } = table(
      { before: 0, early: 0, one: 1, big: 9 },
      { before: ['before'], early: ['early'], one: ['one'], area: ['before', 'one', 'big'], big: ['big'] },
    );
    const known: LinearTable = { ...linear, knownZero: [1, 0, 0, 0] };
    const result = await protectTable(known, { threshold: 5 });
    expect(keys(result.suppressed)).not.toContain('before');
    expect(keys(result.suppressed)).toEqual(expect.arrayContaining(['early', 'one']));
    expect(await auditTable(known, result.suppressed, { threshold: 5 })).toEqual([]);
  });

  it('defines the protection level as a fraction of the value, at least 1', () => {
    expect([1, 2, 3, 4, 9].map((value) => protectionLevel(value))).toEqual([1, 1, 1, 1, 3]);
    expect(protectionLevel(4, 0.5)).toBe(2);
  });

  it('protects small counts that add up to a small total: zeros hide among withheld counts', async () => {
    // Four categories of one actor each, four actors in all, all withheld. Were withheld counts known
    // to be at least 1 (zeros published), 4 = a + b + c + d would pin each to 1.
    const { linear } = table(
      { a: 1, b: 1, c: 1, d: 1 },
      { total: ['a', 'b', 'c', 'd'], a: ['a'], b: ['b'], c: ['c'], d: ['d'] },
    );
    const result = await protectTable(linear, { threshold: 5 });
    expect(result.suppressed.size).toBe(5);
    expect(result.audit.unprotected).toBe(0);
    expect(await auditTable(linear, result.suppressed, { threshold: 5 })).toEqual([]);
  });

  it('defeats subtraction: a lone suppressed part gets a complement', async () => {
    // Actors of a territory: 20 in all, 12 associations, 6 companies, 2 foundations.
    const { linear, keys } = table(
      { association: 12, company: 6, foundation: 2 },
      {
        total: ['association', 'company', 'foundation'],
        association: ['association'],
        company: ['company'],
        foundation: ['foundation'],
      },
    );
    // Without the complement: 20 − 12 − 6 = 2, pinned.
    const exposed = await auditTable(linear, new Set([3]), { threshold: 5 });
    expect(exposed).toEqual([expect.objectContaining({ cell: 3, range: [2, 2] })]);
    const result = await protectTable(linear, { threshold: 5 });
    expect(keys(result.suppressed)).toEqual(['company', 'foundation']);
    expect(await auditTable(linear, result.suppressed, { threshold: 5 })).toEqual([]);
  });

  it('ties indicators equal by definition: active alliances total is the active status (issue: EPCI 6 = 5 + 1)', async () => {
    // One territory: 6 alliances, 5 active and 1 under discussion; `active_alliances|total` = active.
    const { linear, keys } = table(
      { active: 5, discussion: 1, activeTotal: 5, patronage: 5 },
      {
        'alliances|total': ['active', 'discussion'],
        'alliances|status:active': ['active'],
        'alliances|status:under_discussion': ['discussion'],
        'active_alliances|total': ['activeTotal'],
        'active_alliances|mode:patronage': ['patronage'],
      },
      [
        {
          terms: [
            ['activeTotal', 1],
            ['active', -1],
          ],
        },
        {
          terms: [
            ['patronage', 1],
            ['activeTotal', -1],
          ],
          relation: 'le',
        },
      ],
    );
    // The old rule hid the status cell and its sibling, and left `active_alliances|total` published.
    const old = await auditTable(linear, new Set([1, 2]), { threshold: 5 });
    expect(old).toEqual([expect.objectContaining({ range: [1, 1] })]);
    const result = await protectTable(linear, { threshold: 5 });
    expect(keys(result.suppressed)).toContain('alliances|status:under_discussion');
    expect(await auditTable(linear, result.suppressed, { threshold: 5 })).toEqual([]);
  });

  it('uses the bounds of suppressed cells: three suppressed parts that must add up to their count (issue: 14 − 11)', async () => {
    const categories = { association: 11, foundation: 1, academic: 1, citizen_group: 1, company: 0, public_body: 0 };
    const { linear } = table(categories, {
      total: Object.keys(categories),
      ...Object.fromEntries(Object.keys(categories).map((name) => [name, [name]])),
    });
    const cells = linear.cells.map((cell) => cell.key);
    const suppressedParts = new Set(['foundation', 'academic', 'citizen_group'].map((name) => cells.indexOf(name)));
    // 14 − 11 − 0 − 0 = 3 = three cells of at least 1: each is exactly 1.
    const old = await auditTable(linear, suppressedParts, { threshold: 5 });
    expect(old).toHaveLength(3);
    for (const finding of old) expect(finding.range).toEqual([1, 1]);
    const result = await protectTable(linear, { threshold: 5 });
    expect(await auditTable(linear, result.suppressed, { threshold: 5 })).toEqual([]);
    // The zeros are withheld with the small counts: 14 − 11 = 3 spread over five cells of 0 to 4.
    expect([...result.suppressed].map((cell) => cells[cell]).sort()).toEqual([
      'academic',
      'citizen_group',
      'company',
      'foundation',
      'public_body',
    ]);
  });

  it('ties consecutive months: stock(m) = stock(m − 1) + new(m)', async () => {
    // Alliances: 8 at the end of January, 10 at the end of February with 2 new in February.
    const { linear } = table(
      { jan: 8, feb: 10, newFeb: 2 },
      { 'stock:jan': ['jan'], 'stock:feb': ['feb'], 'new:feb': ['newFeb'] },
      [
        {
          terms: [
            ['feb', 1],
            ['jan', -1],
            ['newFeb', -1],
          ],
        },
      ],
    );
    const old = await auditTable(linear, new Set([2]), { threshold: 5 });
    expect(old).toEqual([expect.objectContaining({ range: [2, 2] })]);
    const result = await protectTable(linear, { threshold: 5 });
    expect(result.suppressed.size).toBeGreaterThan(1);
    expect(await auditTable(linear, result.suppressed, { threshold: 5 })).toEqual([]);
  });

  it('protects a workspace’s own figure published only inside its area’s total', async () => {
    // Département = EPCI A + EPCI B + the département workspace's own 3 actors.
    const { linear, keys } = table(
      { epciA: 30, epciB: 7, own: 3 },
      { dep: ['epciA', 'epciB', 'own'], epciA: ['epciA'], epciB: ['epciB'] },
      [],
      { own: ['own'] },
    );
    const result = await protectTable(linear, { threshold: 5 });
    expect(keys(result.suppressed)).toEqual(['epciB']);
    expect(await auditTable(linear, result.suppressed, { threshold: 5 })).toEqual([]);
  });

  it('lets a large unknown own figure protect the parts', async () => {
    const { linear, keys } = table(
      { epciA: 30, epciB: 3, own: 27 },
      { dep: ['epciA', 'epciB', 'own'], epciA: ['epciA'], epciB: ['epciB'] },
    );
    expect(keys((await protectTable(linear, { threshold: 5 })).suppressed)).toEqual(['epciB']);
  });

  it('gives the same publication for the same data', async () => {
    const { linear } = table(
      { a: 3, b: 7, c: 12, d: 2 },
      { total: ['a', 'b', 'c', 'd'], a: ['a'], b: ['b'], c: ['c'], d: ['d'], ab: ['a', 'b'], cd: ['c', 'd'] },
    );
    const first = await protectTable(linear, { threshold: 5 });
    const second = await protectTable(linear, { threshold: 5 });
    expect([...second.suppressed]).toEqual([...first.suppressed]);
  });

  it('starts from the last publication’s withheld cells: keeps them, and withholds nothing more for the same data', async () => {
    const { linear, keys } = table(
      { a: 3, b: 7, c: 12, d: 2, e: 40 },
      { total: ['a', 'b', 'c', 'd', 'e'], a: ['a'], b: ['b'], c: ['c'], d: ['d'], e: ['e'], ab: ['a', 'b'] },
    );
    const first = await protectTable(linear, { threshold: 5 });
    const again = await protectTable(linear, { threshold: 5, withheld: first.suppressed });
    expect(keys(again.suppressed)).toEqual(keys(first.suppressed));
    expect(again.audit.rounds).toBe(1);
    // A cell published whatever its value is not withheld because the last publication did.
    const everyone: LinearTable = {
      ...linear,
      cells: linear.cells.map((cell) => (cell.key === 'e' ? { ...cell, sensitive: false } : cell)),
    };
    const e = linear.cells.findIndex((cell) => cell.key === 'e');
    const warm = await protectTable(everyone, { threshold: 5, withheld: [...first.suppressed, e] });
    expect(warm.suppressed.has(e)).toBe(false);
    expect(await auditTable(everyone, warm.suppressed, { threshold: 5 })).toEqual([]);
  });

  it('after the figures change, the publication started from the last one’s withheld cells keeps them and protects every figure (property)', async () => {
    const input = fc.record({
      cells: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 5, max: 80 })), {
        minLength: 9,
        maxLength: 9,
      }),
      changes: fc.array(fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: -3, max: 3 })), { maxLength: 3 }),
    });
    const grid = (cells: number[]) => {
      const atoms: Record<string, number> = {};
      const published: Record<string, string[]> = {};
      for (let r = 0; r < 3; r += 1)
        for (let c = 0; c < 3; c += 1) {
          atoms[`${r}/${c}`] = cells[r * 3 + c] as number;
          published[`${r}/${c}`] = [`${r}/${c}`];
        }
      for (let r = 0; r < 3; r += 1) published[`${r}/*`] = [0, 1, 2].map((c) => `${r}/${c}`);
      for (let c = 0; c < 3; c += 1) published[`*/${c}`] = [0, 1, 2].map((r) => `${r}/${c}`);
      published['*/*'] = Object.keys(atoms);
      return table(atoms, published).linear;
    };
    await fc.assert(
      fc.asyncProperty(input, async ({ cells, changes }) => {
        const before = grid(cells);
        const first = await protectTable(before, { threshold: 5 });
        const changed = [...cells];
        for (const [at, delta] of changes) changed[at] = Math.max(0, (changed[at] as number) + delta);
        const after = grid(changed);
        const warm = await protectTable(after, { threshold: 5, withheld: first.suppressed });
        for (const cell of first.suppressed) expect(warm.suppressed.has(cell)).toBe(true);
        expect(warm.audit.unprotected).toBe(0);
        expect(await auditTable(after, warm.suppressed, { threshold: 5 })).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('protects every sensitive cell of random two-way tables with their margins against the LP attacker, none left unprotected (property)', async () => {
    const input = fc.record({
      rows: fc.integer({ min: 1, max: 4 }),
      columns: fc.integer({ min: 1, max: 4 }),
      cells: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 5, max: 80 })), {
        minLength: 16,
        maxLength: 16,
      }),
      threshold: fc.integer({ min: 3, max: 10 }),
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ rows, columns, cells, threshold }) => {
        const atoms: Record<string, number> = {};
        const published: Record<string, string[]> = {};
        for (let r = 0; r < rows; r += 1)
          for (let c = 0; c < columns; c += 1) {
            atoms[`${r}/${c}`] = cells[r * columns + c] as number;
            published[`${r}/${c}`] = [`${r}/${c}`];
          }
        for (let r = 0; r < rows; r += 1) published[`${r}/*`] = Array.from({ length: columns }, (_, c) => `${r}/${c}`);
        for (let c = 0; c < columns; c += 1) published[`*/${c}`] = Array.from({ length: rows }, (_, r) => `${r}/${c}`);
        published['*/*'] = Object.keys(atoms);
        const { linear } = table(atoms, published);
        const result = await protectTable(linear, { threshold });
        const sums = linear.cells.map((cell) =>
          cell.atoms.reduce((sum, atom) => sum + (linear.atoms[atom] as number), 0),
        );
        sums.forEach((value, cell) => {
          if (value < threshold) expect(result.suppressed.has(cell)).toBe(true);
        });
        // Zeros withheld with the small counts leave every withheld count 0..threshold − 1 to the
        // attacker: suppression protects every figure.
        expect(result.audit.unprotected).toBe(0);
        expect(await auditTable(linear, result.suppressed, { threshold })).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
