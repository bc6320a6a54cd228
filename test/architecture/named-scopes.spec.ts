import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import ts from 'typescript';
import { SCOPES, type ScopeReason } from '../../libs/platform/src/tenancy/scopes.js';

/**
 * The named-scope inventory (Twenty's permission snapshot is the model): every
 * place in apps/ and libs/ that opens work outside the context's territory
 * (`withoutTerritory`, `withTerritory`, `runInTerritory`, `runAsSystem`), with
 * its reason, and every unit of work bound for a stream callback (`bound()`),
 * compared with the reviewed inventory in named-scopes.json. A new scope, a
 * new place using one, or a changed kind fails here until someone has read it.
 */
const ROOT = process.cwd();
const INVENTORY = join(ROOT, 'test/architecture/named-scopes.json');
const UPDATE = 'UPDATE_SCOPES=1 npm run test:jest -- --selectProjects unit --testPathPatterns named-scopes';

/** Which argument of each scope-opening call is its reason. */
const WORKER_HOST = 'libs/platform/src/queue/worker-host.ts';
const REASON_ARGUMENT = new Map([
  ['withoutTerritory', 0],
  ['withTerritory', 1],
  ['runInTerritory', 1],
  ['runAsSystem', 0],
]);

interface Inventory {
  scopes: Record<string, { kind: string; usedIn: Record<string, number> }>;
  boundUnits: Record<string, number>;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.(spec|d)\.ts$/.test(entry.name) ? [path] : [];
  });
}

function scan(): { inventory: Inventory; problems: string[] } {
  const scopes: Inventory['scopes'] = {};
  for (const [reason, definition] of Object.entries(SCOPES)) scopes[reason] = { kind: definition.kind, usedIn: {} };
  const boundUnits: Record<string, number> = {};
  const problems: string[] = [];
  const count = (counts: Record<string, number>, file: string) => (counts[file] = (counts[file] ?? 0) + 1);
  for (const path of [...sourceFiles(join(ROOT, 'apps')), ...sourceFiles(join(ROOT, 'libs'))].sort()) {
    const file = relative(ROOT, path);
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const method = node.expression.name.text;
        const where = `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        const index = REASON_ARGUMENT.get(method);
        if (index !== undefined) {
          const argument = node.arguments[index];
          const declaredByJob =
            file === WORKER_HOST && method === 'runAsSystem' && argument !== undefined && ts.isIdentifier(argument);
          if (declaredByJob) {
            // The worker host opens the system scope a job declares: counted at the job's defineJob().
          } else if (!argument || !ts.isStringLiteralLike(argument)) {
            problems.push(`${where}: ${method}() must name its reason with a string literal`);
          } else if (!(argument.text in scopes)) {
            problems.push(`${where}: ${method}() names "${argument.text}", which scopes.ts does not declare`);
          } else count((scopes[argument.text] as Inventory['scopes'][string]).usedIn, file);
        } else if (
          method === 'bound' &&
          node.arguments.length === 0 &&
          /transactions$/i.test(node.expression.expression.getText())
        ) {
          count(boundUnits, file);
        }
      }
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'defineJob') {
        // A system job's named scope: `defineJob({ …, scope: 'reason' })`, opened by the worker host.
        const [definition] = node.arguments;
        if (definition && ts.isObjectLiteralExpression(definition))
          for (const property of definition.properties)
            if (
              ts.isPropertyAssignment(property) &&
              property.name.getText() === 'scope' &&
              ts.isStringLiteralLike(property.initializer)
            ) {
              const reason = property.initializer.text;
              if (reason in scopes) count((scopes[reason] as Inventory['scopes'][string]).usedIn, file);
              else problems.push(`${file}: defineJob() names the scope "${reason}", which scopes.ts does not declare`);
            }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  for (const [reason, scope] of Object.entries(scopes)) {
    if (Object.keys(scope.usedIn).length === 0)
      problems.push(`scope "${reason}" is declared in scopes.ts but never used: remove it`);
  }
  return { inventory: { scopes, boundUnits }, problems };
}

describe('named scopes', () => {
  const { inventory, problems } = scan();

  it('are all declared, named with literals, and used', () => {
    expect(problems).toEqual([]);
  });

  it('match the reviewed inventory (test/architecture/named-scopes.json)', () => {
    if (process.env.UPDATE_SCOPES === '1') writeFileSync(INVENTORY, `${JSON.stringify(inventory, null, 2)}\n`);
    const reviewed = JSON.parse(readFileSync(INVENTORY, 'utf8')) as Inventory;
    const changed = JSON.stringify(inventory) !== JSON.stringify(reviewed);
    if (changed) {
      throw new Error(
        [
          'The named scopes changed: a unit of work now runs outside its context’s territory somewhere new, or a scope',
          'was added, removed or changed kind. Review each difference (why can this code not use Transactions.tenant()?',
          'is the reason true and narrow?), then rewrite the inventory and commit it with the change:',
          `  ${UPDATE}`,
          '',
          `expected (reviewed): ${JSON.stringify(reviewed)}`,
          `received (the code): ${JSON.stringify(inventory)}`,
        ].join('\n'),
      );
    }
  });

  it('keep each reason in the one place that declares it', () => {
    const reasons: ScopeReason[] = Object.keys(SCOPES) as ScopeReason[];
    expect(new Set(reasons).size).toBe(reasons.length);
    for (const reason of reasons) expect(reason).toMatch(/^[a-z]+(\.[a-z-]+)+$/);
  });
});
