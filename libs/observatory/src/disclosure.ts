/**
 * Statistical disclosure control for the observatory's published counts.
 *
 * Primary suppression: a count from 1 to threshold − 1 is not published (a
 * zero singles out nobody and stays published). Complementary suppression:
 * published cells are linked by additive relations (a total equals the sum of
 * its parts, plus a hidden remainder that is never published, such as the
 * figures of a département-wide workspace inside its département's total).
 * Whenever a relation has exactly one unknown term and that term is
 * sensitive, subtracting the published terms would reveal it: another cell
 * of the relation is suppressed too (the smallest non-zero part, else the
 * total), and the check runs again on every relation that cell belongs to,
 * until no relation leaves a sensitive term alone.
 *
 * This is the usual singleton-elimination heuristic (as in τ-ARGUS's
 * hypercube method it prevents exact recovery by differencing); it does not
 * solve the full interval-protection problem.
 */

export interface Relation {
  total: string;
  parts: string[];
  /** Part of the total that is never published; protects the others when large enough. */
  hidden?: number;
}

export interface SuppressionResult {
  suppressed: Set<string>;
  primary: number;
  complementary: number;
}

export function applyDisclosureControl(
  values: ReadonlyMap<string, number>,
  relations: readonly Relation[],
  threshold: number,
): SuppressionResult {
  const valueOf = (key: string) => values.get(key) ?? 0;
  const sensitive = (value: number) => value > 0 && value < threshold;
  const suppressed = new Set<string>();
  for (const [key, value] of values) if (sensitive(value)) suppressed.add(key);
  const primary = suppressed.size;

  const relationsOf = new Map<string, number[]>();
  relations.forEach((relation, index) => {
    for (const key of [relation.total, ...relation.parts]) {
      const list = relationsOf.get(key);
      if (list) list.push(index);
      else relationsOf.set(key, [index]);
    }
  });

  const pending = relations.map((_, index) => index);
  const queued = new Set(pending);
  const suppress = (key: string) => {
    suppressed.add(key);
    for (const index of relationsOf.get(key) ?? []) {
      if (!queued.has(index)) {
        queued.add(index);
        pending.push(index);
      }
    }
  };

  while (pending.length > 0) {
    const index = pending.pop() as number;
    queued.delete(index);
    const relation = relations[index] as Relation;
    const hidden = relation.hidden ?? 0;
    const cells = [relation.total, ...relation.parts];
    const unknown = cells.filter((key) => suppressed.has(key));
    const unknownCount = unknown.length + (hidden > 0 ? 1 : 0);
    if (unknownCount !== 1) continue;
    // The one unknown term is a suppressed cell, or the hidden remainder: is it worth protecting?
    if (unknown.length === 0 && !sensitive(hidden)) continue;
    const candidates = relation.parts
      .filter((key) => !suppressed.has(key) && valueOf(key) > 0)
      .sort((a, b) => valueOf(a) - valueOf(b) || (a < b ? -1 : 1));
    const complement =
      candidates[0] ?? (!suppressed.has(relation.total) && valueOf(relation.total) > 0 ? relation.total : undefined);
    if (complement !== undefined) suppress(complement);
  }
  return { suppressed, primary, complementary: suppressed.size - primary };
}
