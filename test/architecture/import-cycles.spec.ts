import { describe, expect, it } from '@jest/globals';
import madge from 'madge';

/**
 * ARCHITECTURE.md: "No forwardRef; a test fails on an import cycle." Every
 * TypeScript import in apps/ and libs/ counts, type-only ones included (a
 * type cycle is where a value cycle starts), resolved as tsc does (`.js`
 * suffixes to `.ts` files, `@maillage/*` paths from tsconfig.json).
 */
describe('imports', () => {
  it('form no cycle in apps/ and libs/', async () => {
    const graph = await madge(['apps', 'libs'], {
      fileExtensions: ['ts', 'tsx'],
      tsConfig: 'tsconfig.json',
      excludeRegExp: [/\.spec\.ts$/, /node_modules/],
      detectiveOptions: { ts: { skipTypeImports: false }, tsx: { skipTypeImports: false } },
    });
    const files = Object.keys(graph.obj());
    // The graph really is the code base: a resolution failure would make every file a leaf.
    expect(files.length).toBeGreaterThan(150);
    expect(graph.obj()['libs/platform/src/database/transactions.ts']).toContain(
      'libs/platform/src/tenancy/tenant-context.ts',
    );
    const cycles = graph.circular().map((cycle) => [...cycle, cycle[0]].join(' → '));
    expect(cycles).toEqual([]);
    // Parsing the whole tree takes a while on a busy machine.
  }, 600_000);
});
