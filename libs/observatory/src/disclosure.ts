import highsModule, { type Highs } from 'highs';

/**
 * Statistical disclosure control for the observatory's published counts,
 * checked by an audit that reasons like the strongest linear attacker.
 *
 * The table is described by its finest figures, the **atoms** (one territory,
 * one indicator and dimension, one month: never published as such), by the
 * **cells** that could be published (each a sum of atoms: an area's total, a
 * peer group's), and by the **constraints** every attacker knows from the
 * indicators' definitions (a total equals its parts, `active_alliances|total`
 * equals `alliances|status:active`, a stock equals last month's stock plus
 * the month's new ones, engaged actors never exceed actors, …).
 *
 * Primary suppression: a published count below the threshold is withheld,
 * zeros included, unless the zero is everyone's knowledge (no workspace was
 * counted there yet: `knownZero`). Withholding zeros is what makes every
 * figure protectable: were zeros published, every withheld small count would
 * be known to be at least 1, and four workspaces of one each in an area whose
 * small total is withheld would be pinned (4 = 1 + 1 + 1 + 1) whatever else
 * is withheld. The audit then computes, for every sensitive figure (a withheld
 * count from 1 to threshold − 1, or a workspace's own figure that is published
 * only inside a larger total), the range of values consistent with everything
 * published: every published cell, every constraint, atoms ≥ 0, the atoms
 * known to be zero, withheld small cells in 0..threshold − 1 and other
 * withheld cells ≥ 0. The attacker is even told which withheld cells are the
 * small ones. Each bound is a linear program (HiGHS), solved per independent
 * block of unknowns after the values that published cells pin exactly have
 * been substituted.
 *
 * A sensitive figure `v` is protected when its range is at least
 * `max(1, ⌈ratio × v⌉)` wide (ratio 0.25 by default): τ-ARGUS's protection
 * levels as a fraction of the value, with sliding ranges (the range may sit
 * anywhere around the value). The attacker can then neither pin the figure nor
 * tell it from its neighbours. Complementary suppression withholds, for each
 * unprotected figure, one more published cell among those that bound it (a row
 * with a non-zero dual value in the failing program, or a cell that pinned one
 * of its atoms), preferring non-zero cells, then the smallest, then the first
 * in the table's order, and audits again until every figure is protected.
 * Cells made of the same atoms (a région and France, when France has one
 * région) are one figure: withheld together, and avoided as complements while
 * another will do. The same data, from the same starting pattern (the last
 * publication's withheld cells, `withheld`, when given), always gives the same
 * publication. A figure
 * that would stay pinned although every cell around it is withheld is counted
 * in the audit's `unprotected` figure (none, since zeros are withheld: a
 * withheld count's range is then at least 0..1 wide).
 */

export interface TableCell {
  /** A stable name, for reports and tests. */
  key: string;
  /** The atoms this cell adds up. */
  atoms: readonly number[];
  /**
   * `false` for a figure that is never published on its own but must not be
   * recoverable when small (a workspace's own figures inside its area's total).
   */
  published: boolean;
  /** `false`: published whatever its value (it singles out no organisation). */
  sensitive?: boolean;
}

/** `Σ coefficient × atom` (= or ≤) `rhs`: a fact every attacker knows. */
export interface TableConstraint {
  terms: readonly (readonly [atom: number, coefficient: number])[];
  relation: 'eq' | 'le';
  rhs: number;
}

/** `total = Σ parts + hidden`, cells by index; `hidden` is a never-published remainder's true value. */
export interface CellRelation {
  total: number;
  parts: readonly number[];
  hidden?: number;
}

export interface LinearTable {
  /** True value of each atom. */
  atoms: ArrayLike<number>;
  /**
   * Atoms every attacker knows to be zero (non-zero here), such as a workspace's figures before it
   * shared any: the audit pins them, and a cell made of such atoms only is published as its zero.
   */
  knownZero?: ArrayLike<number>;
  cells: readonly TableCell[];
  constraints: readonly TableConstraint[];
}

export interface DisclosureOptions {
  threshold: number;
  /** Protection level as a fraction of the value (at least 1). */
  protectionRatio?: number;
  /**
   * Additive relations between cells (`total = Σ parts + hidden`), if the caller knows them: a cheap
   * first pass withholds, wherever a relation would leave one sensitive term alone, another of its
   * cells, so that the audit starts from a pattern that already resists subtraction.
   */
  relations?: readonly CellRelation[];
  /**
   * Cells the last publication withheld (indexes here): withheld again from the start, so that a
   * publication after a few changes audits a pattern that already protects nearly everything (a
   * round or two instead of a dozen) and keeps the pattern readers have seen (two publications of
   * nearly the same figures withholding different cells could be combined). Only cells that may be
   * withheld are taken (published, not published whatever their value), with their twins.
   */
  withheld?: Iterable<number>;
  /** Called after each round of the audit (for progress reports). */
  onRound?: (round: {
    round: number;
    audited: number;
    exposed: number;
    linearPrograms: number;
    seconds: number;
  }) => void;
}

export const DEFAULT_PROTECTION_RATIO = 0.25;

export interface AuditStats {
  rounds: number;
  /** Sensitive figures audited (all of them; later rounds audit again only the exposed ones). */
  targets: number;
  linearPrograms: number;
  /** Constraints dropped because the data does not satisfy them (should be none). */
  droppedConstraints: number;
  /** Sensitive figures still unprotected after every publishable cell around them was withheld. */
  unprotected: number;
  seconds: number;
}

export interface DisclosureResult {
  /** Indexes of the withheld cells. */
  suppressed: Set<number>;
  primary: number;
  complementary: number;
  /** Cells withheld from the start because the last publication withheld them (`withheld`). */
  kept: number;
  audit: AuditStats;
}

export interface AuditFinding {
  cell: number;
  value: number;
  /** The attacker's range. */
  range: [number, number];
  /** The width it needed. */
  required: number;
}

/**
 * How wide the attacker's range of a sensitive figure must stay: a fraction of
 * its value, at least 1 (τ-ARGUS's sliding protection: the range may sit
 * anywhere around the value, it must not be narrower than this).
 */
export function protectionLevel(value: number, ratio = DEFAULT_PROTECTION_RATIO): number {
  return Math.max(1, Math.ceil(ratio * value));
}

const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

let highsRuntime: Promise<Highs> | undefined;
/** The package's types describe its CommonJS build; its ES module build exports the loader as default. */
const loadHighs = ((highsModule as unknown as { default?: unknown }).default ?? highsModule) as () => Promise<Highs>;
const highs = (): Promise<Highs> => (highsRuntime ??= loadHighs());

const EPSILON = 1e-6;
/** Above this many figures left unproven by a block's probes, a quick round does not solve a program for each. */
const QUICK_ROUND_OPEN = 32;
const NONE = -1;

type RowKind = 'eq' | 'range' | 'le' | 'none';
type RoundMode = 'quick' | 'exact' | 'broad';

/** The table in compressed form: rows are the cells, then the constraints. */
class Structure {
  readonly cellCount: number;
  readonly rowStart: Int32Array;
  readonly rowAtom: Int32Array;
  readonly rowCoef: Float64Array;
  readonly atomStart: Int32Array;
  readonly atomRow: Int32Array;
  readonly atomCoef: Float64Array;
  readonly sameSign: Uint8Array;
  readonly cellValue: Float64Array;
  readonly constraints: TableConstraint[];
  readonly dropped: number;
  /** Per cell: every atom of it is known to be zero (the cell is zero for everyone, withheld or not). */
  readonly structuralZero: Uint8Array;
  /** The other cells made of exactly the same atoms (a région and France when France has one région). */
  readonly twins = new Map<number, number[]>();

  constructor(readonly table: LinearTable) {
    const atoms = table.atoms;
    const valueOf = (terms: readonly (readonly [number, number])[]) =>
      terms.reduce((sum, [atom, coefficient]) => sum + coefficient * (atoms[atom] as number), 0);
    this.constraints = table.constraints.filter((constraint) => {
      const value = valueOf(constraint.terms);
      return constraint.relation === 'eq'
        ? Math.abs(value - constraint.rhs) < EPSILON
        : value <= constraint.rhs + EPSILON;
    });
    this.dropped = table.constraints.length - this.constraints.length;
    this.cellCount = table.cells.length;
    const known = table.knownZero;
    this.structuralZero = new Uint8Array(this.cellCount);
    if (known)
      table.cells.forEach((cell, index) => {
        if (cell.atoms.every((atom) => known[atom] && atoms[atom] === 0)) this.structuralZero[index] = 1;
      });
    const rows: (readonly (readonly [number, number])[])[] = [
      ...table.cells.map((cell) => cell.atoms.map((atom) => [atom, 1] as const)),
      ...this.constraints.map((constraint) => constraint.terms),
    ];
    const nnz = rows.reduce((sum, row) => sum + row.length, 0);
    this.rowStart = new Int32Array(rows.length + 1);
    this.rowAtom = new Int32Array(nnz);
    this.rowCoef = new Float64Array(nnz);
    this.sameSign = new Uint8Array(rows.length);
    const perAtom = new Int32Array(atoms.length + 1);
    let at = 0;
    rows.forEach((row, index) => {
      this.rowStart[index] = at;
      let positive = 0;
      for (const [atom, coefficient] of row) {
        this.rowAtom[at] = atom;
        this.rowCoef[at] = coefficient;
        perAtom[atom + 1] = (perAtom[atom + 1] as number) + 1;
        if (coefficient > 0) positive += 1;
        at += 1;
      }
      this.sameSign[index] = positive === 0 || positive === row.length ? 1 : 0;
    });
    this.rowStart[rows.length] = at;
    this.atomStart = new Int32Array(atoms.length + 1);
    for (let atom = 0; atom < atoms.length; atom += 1)
      this.atomStart[atom + 1] = (this.atomStart[atom] as number) + (perAtom[atom + 1] as number);
    this.atomRow = new Int32Array(nnz);
    this.atomCoef = new Float64Array(nnz);
    const fill = this.atomStart.slice(0, atoms.length);
    for (let row = 0; row < rows.length; row += 1)
      for (let k = this.rowStart[row] as number; k < (this.rowStart[row + 1] as number); k += 1) {
        const atom = this.rowAtom[k] as number;
        const slot = fill[atom] as number;
        this.atomRow[slot] = row;
        this.atomCoef[slot] = this.rowCoef[k] as number;
        fill[atom] = slot + 1;
      }
    const bySet = new Map<string, number[]>();
    table.cells.forEach((cell, index) => {
      const key = [...cell.atoms].sort((a, b) => a - b).join(',');
      const group = bySet.get(key);
      if (group) group.push(index);
      else bySet.set(key, [index]);
    });
    for (const group of bySet.values())
      if (group.length > 1)
        for (const cell of group)
          this.twins.set(
            cell,
            group.filter((other) => other !== cell),
          );
    this.cellValue = new Float64Array(table.cells.length);
    table.cells.forEach((cell, index) => {
      this.cellValue[index] = cell.atoms.reduce((sum, atom) => sum + (atoms[atom] as number), 0);
    });
  }

  get rowCount(): number {
    return this.rowStart.length - 1;
  }

  /**
   * Whether primary suppression withholds `cell`: a count below the threshold, zero included (an
   * attacker who knew that withheld counts are never zero would narrow every one of them down from
   * 1), unless it is zero for everyone (no workspace counted there) or published whatever its value.
   */
  primary(cell: number, threshold: number): boolean {
    const described = this.table.cells[cell] as TableCell;
    return (
      described.published &&
      described.sensitive !== false &&
      (this.cellValue[cell] as number) < threshold &&
      !this.structuralZero[cell]
    );
  }
}

interface RoundState {
  kind: RowKind[];
  lower: Float64Array;
  upper: Float64Array;
}

/** Protects `table`: primary suppression, then audited complementary suppression until nothing is recoverable. */
export async function protectTable(table: LinearTable, options: DisclosureOptions): Promise<DisclosureResult> {
  const started = process.hrtime.bigint();
  const { threshold } = options;
  const structure = new Structure(table);
  const primary = new Set<number>();
  for (let cell = 0; cell < table.cells.length; cell += 1) if (structure.primary(cell, threshold)) primary.add(cell);
  const suppressed = new Set(primary);
  if (options.relations)
    eliminateSingletons(
      structure.cellValue,
      options.relations,
      threshold,
      suppressed,
      (cell) => table.cells[cell]?.sensitive !== false,
    );
  // After the first pass (which would otherwise take the last round's complements for lone terms to cover).
  let kept = 0;
  for (const cell of options.withheld ?? []) {
    const described = table.cells[cell];
    // Not a cell published whatever its value, nor one that is zero for everyone now.
    if (!described?.published || described.sensitive === false || structure.structuralZero[cell]) continue;
    suppressed.add(cell);
    kept += 1;
    for (const twin of structure.twins.get(cell) ?? [])
      if (table.cells[twin]?.published && table.cells[twin]?.sensitive !== false) suppressed.add(twin);
  }
  const stats: AuditStats = {
    rounds: 0,
    targets: 0,
    linearPrograms: 0,
    droppedConstraints: structure.dropped,
    unprotected: 0,
    seconds: 0,
  };
  // Withholding one more cell only widens what the attacker must consider: a figure protected once
  // stays protected, and each round audits again only the figures the last one found exposed.
  // A round is exact when it solves a program for each figure its probes left unproven; a quick round
  // (while many remain) withholds a complement for each of them at once, and the exact rounds finish.
  let exposed: Set<number> | undefined;
  // From the last publication's cells, few figures should be exposed: exact rounds from the start, so that only
  // those really exposed get a complement (a quick round gives one to every figure its probes leave unproven,
  // and which those are depends on the blocks: the same data would not give the same publication again).
  let mode: RoundMode = kept > 0 ? 'exact' : 'quick';
  let previous: number | undefined;
  for (;;) {
    stats.rounds += 1;
    const { findings, complements, targets, linearPrograms, unprotectable } = await auditRound(
      structure,
      suppressed,
      primary,
      0,
      options,
      exposed,
      mode,
      true,
    );
    if (stats.rounds === 1) stats.targets = targets;
    stats.linearPrograms += linearPrograms;
    stats.unprotected += unprotectable;
    exposed = new Set(findings.map((finding) => finding.cell));
    options.onRound?.({
      round: stats.rounds,
      audited: targets,
      exposed: exposed.size,
      linearPrograms,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    });
    // A cell's twins (the same atoms) carry the same number: withheld with it.
    for (const cell of [...complements])
      for (const twin of structure.twins.get(cell) ?? [])
        if (table.cells[twin]?.published && table.cells[twin]?.sensitive !== false) complements.add(twin);
    const fresh = [...complements].filter((cell) => !suppressed.has(cell));
    for (const cell of fresh.sort((a, b) => a - b)) suppressed.add(cell);
    if (findings.length === 0) break;
    // Quick rounds stop paying once they prove little more than the last one: exact rounds from then
    // on; and once exact rounds stall too, broad ones (every binding cell of an exposed figure).
    const stalled = previous !== undefined && previous - findings.length < Math.max(50, previous / 20);
    if (stalled) mode = mode === 'quick' ? 'exact' : 'broad';
    previous = findings.length;
    if (fresh.length === 0) {
      if (mode !== 'quick') {
        stats.unprotected += findings.length;
        break;
      }
      mode = 'exact';
    }
  }
  stats.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { suppressed, primary: primary.size, complementary: suppressed.size - primary.size, kept, audit: stats };
}

/**
 * The attacker's view of a publication: the range of every sensitive figure
 * given what is published. Returns the figures narrower than their protection
 * interval (none for a protected publication).
 */
export async function auditTable(
  table: LinearTable,
  suppressed: ReadonlySet<number>,
  options: DisclosureOptions,
): Promise<AuditFinding[]> {
  const structure = new Structure(table);
  // The attacker is told which withheld cells are small. When the publication shows zeros that some
  // workspace could have made non-zero, its rule publishes zeros: every small withheld cell is then
  // at least 1 (the old rule's weakness). Otherwise zeros hide among them: 0..threshold − 1.
  const zerosPublished = table.cells.some(
    (cell, index) =>
      cell.published &&
      cell.sensitive !== false &&
      !suppressed.has(index) &&
      structure.cellValue[index] === 0 &&
      !structure.structuralZero[index],
  );
  const primary = new Set<number>();
  for (const cell of suppressed)
    if (structure.primary(cell, options.threshold) && (!zerosPublished || (structure.cellValue[cell] as number) > 0))
      primary.add(cell);
  return (await auditRound(structure, suppressed, primary, zerosPublished ? 1 : 0, options, undefined, 'exact', false))
    .findings;
}

async function auditRound(
  structure: Structure,
  suppressed: ReadonlySet<number>,
  primary: ReadonlySet<number>,
  /** The attacker's lower bound of a withheld small count: 0 when zeros are withheld too, else 1. */
  primaryLower: number,
  options: DisclosureOptions,
  /** Only these figures (the others are known to be protected). */
  only: ReadonlySet<number> | undefined,
  /**
   * `quick`: above a few unproven figures in a block, each gets a complement without a program;
   * `exact`: a program for each unproven figure, and the cheapest cell that binds it;
   * `broad`: as exact, withholding every cell that binds it.
   */
  mode: RoundMode,
  /** Count figures no suppression can protect instead of reporting them (a protection round), or report all (an audit). */
  settle: boolean,
): Promise<{
  findings: AuditFinding[];
  complements: Set<number>;
  targets: number;
  linearPrograms: number;
  /** Figures found exposed whatever is withheld (counted, not reported: only in protection rounds). */
  unprotectable: number;
}> {
  const { threshold } = options;
  const ratio = options.protectionRatio ?? DEFAULT_PROTECTION_RATIO;
  const { table, cellCount, rowStart, rowAtom, rowCoef, atomStart, atomRow, atomCoef, cellValue } = structure;
  const rowCount = structure.rowCount;
  const atomCount = table.atoms.length;

  // What the attacker knows of each row.
  const state: RoundState = {
    kind: new Array<RowKind>(rowCount),
    lower: new Float64Array(rowCount),
    upper: new Float64Array(rowCount),
  };
  for (let row = 0; row < rowCount; row += 1) {
    if (row < cellCount) {
      const cell = table.cells[row] as TableCell;
      if (suppressed.has(row)) {
        state.kind[row] = 'range';
        state.lower[row] = primary.has(row) ? primaryLower : 0;
        state.upper[row] = primary.has(row) ? threshold - 1 : Infinity;
      } else if (cell.published) {
        state.kind[row] = 'eq';
        state.lower[row] = state.upper[row] = cellValue[row] as number;
      } else state.kind[row] = 'none';
    } else {
      const constraint = structure.constraints[row - cellCount] as TableConstraint;
      state.kind[row] = constraint.relation;
      state.lower[row] = constraint.relation === 'eq' ? constraint.rhs : -Infinity;
      state.upper[row] = constraint.rhs;
    }
  }

  // Presolve: atoms that published cells and identities pin exactly, with the row that pinned each.
  const fixed = new Float64Array(atomCount).fill(Number.NaN);
  const reason = new Int32Array(atomCount).fill(NONE);
  const freeCount = new Int32Array(rowCount);
  const fixedSum = new Float64Array(rowCount);
  for (let row = 0; row < rowCount; row += 1)
    freeCount[row] = (rowStart[row + 1] as number) - (rowStart[row] as number);
  const queue: number[] = [];
  const queued = new Uint8Array(rowCount);
  const enqueue = (row: number) => {
    if (state.kind[row] !== 'eq' || queued[row]) return;
    queued[row] = 1;
    queue.push(row);
  };
  for (let row = 0; row < rowCount; row += 1) enqueue(row);
  const fix = (atom: number, value: number, by: number) => {
    fixed[atom] = value;
    reason[atom] = by;
    for (let k = atomStart[atom] as number; k < (atomStart[atom + 1] as number); k += 1) {
      const row = atomRow[k] as number;
      freeCount[row] = (freeCount[row] as number) - 1;
      fixedSum[row] = (fixedSum[row] as number) + (atomCoef[k] as number) * value;
      if ((freeCount[row] as number) <= 1 || structure.sameSign[row]) enqueue(row);
    }
  };
  // What everyone knows to be zero is pinned first, by no row that withholding could relax.
  const known = table.knownZero;
  if (known)
    for (let atom = 0; atom < atomCount; atom += 1)
      if (known[atom] && (table.atoms[atom] as number) === 0) fix(atom, 0, NONE);
  while (queue.length > 0) {
    const row = queue.pop() as number;
    queued[row] = 0;
    const free = freeCount[row] as number;
    if (free === 0) continue;
    const residual = (state.lower[row] as number) - (fixedSum[row] as number);
    if (free === 1) {
      for (let k = rowStart[row] as number; k < (rowStart[row + 1] as number); k += 1) {
        const atom = rowAtom[k] as number;
        if (Number.isNaN(fixed[atom])) {
          fix(atom, residual / (rowCoef[k] as number), row);
          break;
        }
      }
    } else if (structure.sameSign[row] && Math.abs(residual) < EPSILON) {
      // Non-negative atoms adding up to zero: every one is zero.
      for (let k = rowStart[row] as number; k < (rowStart[row + 1] as number); k += 1) {
        const atom = rowAtom[k] as number;
        if (Number.isNaN(fixed[atom])) fix(atom, 0, row);
      }
    }
  }

  // The sensitive figures: withheld sensitive cells, and small figures published only inside a total.
  const targets: number[] = [];
  table.cells.forEach((cell, index) => {
    const value = cellValue[index] as number;
    if (value > 0 && value < threshold && cell.sensitive !== false && (primary.has(index) || !cell.published))
      if (!only || only.has(index)) targets.push(index);
  });

  // Independent blocks of unknown atoms.
  const parent = new Int32Array(atomCount).map((_, index) => index);
  const find = (atom: number): number => {
    let root = atom;
    while (parent[root] !== root) root = parent[root] as number;
    while (parent[atom] !== root) {
      const next = parent[atom] as number;
      parent[atom] = root;
      atom = next;
    }
    return root;
  };
  const unionRow = (row: number) => {
    let first = NONE;
    for (let k = rowStart[row] as number; k < (rowStart[row + 1] as number); k += 1) {
      const atom = rowAtom[k] as number;
      if (!Number.isNaN(fixed[atom])) continue;
      if (first === NONE) first = find(atom);
      else {
        const root = find(atom);
        if (root !== first) parent[root] = first;
      }
    }
  };
  for (let row = 0; row < rowCount; row += 1) if (state.kind[row] !== 'none' && freeCount[row]) unionRow(row);
  for (const target of targets) unionRow(target);

  const findings: AuditFinding[] = [];
  const complements = new Set<number>();
  /**
   * The cell to withhold among `candidates`: in a quick round, one not yet chosen in this round if
   * there is one (each exposed figure then gets a complement of its own); non-zero first, then the
   * smallest.
   */
  /** A published cell that may be withheld as a complement (not one published whatever its value). */
  const withholdable = (cell: number) =>
    cell < cellCount && state.kind[cell] === 'eq' && table.cells[cell]?.sensitive !== false;
  /** A cell with a published twin (same atoms): withholding it means withholding the twin too. */
  const twinned = (cell: number) => structure.twins.get(cell)?.some((twin) => state.kind[twin] === 'eq') ?? false;
  let distinct = false;
  const cheapest = (candidates: Iterable<number>): number | undefined => {
    const eligible = [...candidates].filter(withholdable);
    const unused = distinct ? eligible.filter((cell) => !complements.has(cell)) : [];
    let best: number | undefined;
    for (const cell of unused.length > 0 ? unused : eligible) {
      if (best === undefined) best = cell;
      else {
        const [a, b] = [cellValue[cell] as number, cellValue[best] as number];
        // Cells without a published twin first (withholding one withholds its twins), non-zero first.
        const rank = (value: number, at: number) => (twinned(at) ? 2 : 0) + (value === 0 ? 1 : 0);
        const [ra, rb] = [rank(a, cell), rank(b, best)];
        if (ra < rb || (ra === rb && (a < b || (a === b && cell < best)))) best = cell;
      }
    }
    return best;
  };
  /**
   * The published cells that pinned `atom`: the row that pinned it, and the cells that pinned the
   * other atoms of that row (withholding any of them unpins it).
   */
  const pinnedBy = (atom: number, into: Set<number>) => {
    const row = reason[atom] as number;
    if (row === NONE) return;
    if (row < cellCount) into.add(row);
    for (let k = rowStart[row] as number; k < (rowStart[row + 1] as number); k += 1) {
      const other = reason[rowAtom[k] as number] as number;
      if (other !== NONE && other < cellCount) into.add(other);
    }
  };
  const rowsOfAtoms = (row: number, into: Set<number>) => {
    for (let k = rowStart[row] as number; k < (rowStart[row + 1] as number); k += 1) {
      const atom = rowAtom[k] as number;
      for (let j = atomStart[atom] as number; j < (atomStart[atom + 1] as number); j += 1)
        into.add(atomRow[j] as number);
    }
  };
  const report = (target: number, range: [number, number], required: number, candidates: Set<number>) => {
    findings.push({ cell: target, value: cellValue[target] as number, range, required });
    for (let k = rowStart[target] as number; k < (rowStart[target + 1] as number); k += 1)
      pinnedBy(rowAtom[k] as number, candidates);
    if (mode === 'broad') {
      // Every published cell that binds it: slower rounds stopped paying, withhold them all at once
      // (those without a published twin, if there are any).
      const binding = [...candidates].filter(withholdable);
      const single = binding.filter((cell) => !twinned(cell));
      for (const cell of single.length > 0 ? single : binding) complements.add(cell);
      if (complements.size > 0) return;
    }
    let choice = cheapest(candidates);
    if (choice === undefined) {
      // Nothing obvious bounds it: the published cells sharing an atom with it, or with its identities.
      const around = new Set<number>();
      rowsOfAtoms(target, around);
      for (const row of [...around]) if (row >= cellCount) rowsOfAtoms(row, around);
      choice = cheapest(around);
    }
    if (choice !== undefined) complements.add(choice);
  };

  /**
   * Whether the range just computed for `target` holds whatever else is withheld later: the
   * programs' dual values prove both bounds from rows that withholding never relaxes (identities,
   * the bounds of withheld cells, cells published whatever their value), through atoms pinned by
   * such rows only. Such a figure cannot be protected by suppression (four workspaces of one each in
   * an area whose total is withheld as small): it is counted, not chased round after round.
   */
  const settled = (target: number, dualRows: ReadonlySet<number>): boolean => {
    const pending: number[] = [];
    const pinned = (row: number) => {
      for (let k = rowStart[row] as number; k < (rowStart[row + 1] as number); k += 1) {
        const atom = rowAtom[k] as number;
        if (!Number.isNaN(fixed[atom])) pending.push(atom);
      }
    };
    pinned(target);
    for (const row of dualRows) {
      if (withholdable(row)) return false;
      pinned(row);
    }
    const visited = new Set<number>();
    while (pending.length > 0) {
      const atom = pending.pop() as number;
      if (visited.has(atom)) continue;
      visited.add(atom);
      const by = reason[atom] as number;
      if (by === NONE) continue;
      if (withholdable(by)) return false;
      pinned(by);
    }
    return true;
  };
  let unprotectable = 0;

  // Group targets by block; a target with no unknown atom is known exactly.
  const blocks = new Map<number, number[]>();
  for (const target of targets) {
    const required = protectionLevel(cellValue[target] as number, ratio);
    let root = NONE;
    for (let k = rowStart[target] as number; k < (rowStart[target + 1] as number); k += 1) {
      const atom = rowAtom[k] as number;
      if (Number.isNaN(fixed[atom])) {
        root = find(atom);
        break;
      }
    }
    if (root === NONE) {
      const value = cellValue[target] as number;
      report(target, [value, value], required, new Set());
      continue;
    }
    const list = blocks.get(root);
    if (list) list.push(target);
    else blocks.set(root, [target]);
  }
  if (blocks.size === 0) return { findings, complements, targets: targets.length, linearPrograms: 0, unprotectable };

  // Columns and rows of each block.
  const blockAtoms = new Map<number, number[]>();
  for (let atom = 0; atom < atomCount; atom += 1) {
    if (!Number.isNaN(fixed[atom])) continue;
    const root = find(atom);
    if (!blocks.has(root)) continue;
    const list = blockAtoms.get(root);
    if (list) list.push(atom);
    else blockAtoms.set(root, [atom]);
  }
  const blockRows = new Map<number, number[]>();
  for (let row = 0; row < rowCount; row += 1) {
    if (state.kind[row] === 'none' || !freeCount[row]) continue;
    for (let k = rowStart[row] as number; k < (rowStart[row + 1] as number); k += 1) {
      const atom = rowAtom[k] as number;
      if (!Number.isNaN(fixed[atom])) continue;
      const root = find(atom);
      const list = blocks.has(root) ? blockRows.get(root) : undefined;
      if (blocks.has(root)) {
        if (list) list.push(row);
        else blockRows.set(root, [row]);
      }
      break;
    }
  }

  const solver = await highs();
  let linearPrograms = 0;
  const local = new Int32Array(atomCount).fill(NONE);
  for (const root of [...blocks.keys()].sort((a, b) => a - b)) {
    // Long audits let the process breathe between blocks (a worker renews its job's lock meanwhile).
    await breathe();
    const columns = blockAtoms.get(root) as number[];
    const rows = blockRows.get(root) ?? [];
    columns.forEach((atom, index) => {
      local[atom] = index;
    });
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    const rowLower: number[] = [];
    const rowUpper: number[] = [];
    for (const row of rows) {
      for (let k = rowStart[row] as number; k < (rowStart[row + 1] as number); k += 1) {
        const atom = rowAtom[k] as number;
        if (!Number.isNaN(fixed[atom])) continue;
        indices.push(local[atom] as number);
        values.push(rowCoef[k] as number);
      }
      starts.push(indices.length);
      const offset = fixedSum[row] as number;
      rowLower.push((state.lower[row] as number) - offset);
      rowUpper.push((state.upper[row] as number) - offset);
    }
    const finite = (value: number) =>
      value === Infinity ? solver.infinity : value === -Infinity ? -solver.infinity : value;
    const model = solver.createModel();
    try {
      // Presolve off: each program differs from the last only by its objective, so the simplex starts
      // from the last basis (presolve would throw it away).
      model.options.set({ output_flag: false, presolve: 'off', solver: 'simplex' });
      model.passModel({
        numCols: columns.length,
        numRows: rows.length,
        colCost: new Float64Array(columns.length),
        colLower: new Float64Array(columns.length),
        colUpper: new Float64Array(columns.length).fill(solver.infinity),
        rowLower: rowLower.map(finite),
        rowUpper: rowUpper.map(finite),
        matrix: { format: 'csr', numRows: rows.length, numCols: columns.length, starts, indices, values },
      });
      const blockTargets = blocks.get(root) as number[];
      /** For each target: its free columns, its fixed part, and the widest range seen in a feasible point. */
      const seen = blockTargets.map((target) => {
        const free: number[] = [];
        let constant = 0;
        for (let k = rowStart[target] as number; k < (rowStart[target + 1] as number); k += 1) {
          const atom = rowAtom[k] as number;
          if (Number.isNaN(fixed[atom])) free.push(local[atom] as number);
          else constant += fixed[atom] as number;
        }
        const value = cellValue[target] as number;
        return { target, free, constant, low: value, high: value };
      });
      const levels = seen.map((entry) => protectionLevel(cellValue[entry.target] as number, ratio));
      const wide = (index: number) => {
        const entry = seen[index] as (typeof seen)[number];
        return entry.high - entry.low >= (levels[index] as number) - EPSILON;
      };
      /** The figures not yet proven wide enough: only these are evaluated at each new feasible point. */
      let open = seen.map((_, index) => index).filter((index) => !wide(index));
      const observe = (point: Float64Array) => {
        for (const index of open) {
          const entry = seen[index] as (typeof seen)[number];
          let value = entry.constant;
          for (const column of entry.free) value += point[column] as number;
          if (value < entry.low) entry.low = value;
          if (value > entry.high) entry.high = value;
        }
        open = open.filter((index) => !wide(index));
      };
      const costs = new Float64Array(columns.length);
      const run = (sense: 'minimize' | 'maximize'): { value: number; duals: Float64Array | null } => {
        model.changeColsCost({ kind: 'range', from: 0, to: columns.length - 1 }, costs);
        model.changeObjectiveSense(solver.constants.objectiveSense[sense]);
        model.run();
        linearPrograms += 1;
        const status = model.getModelStatus();
        if (
          status === solver.constants.modelStatus.unbounded ||
          status === solver.constants.modelStatus.unboundedOrInfeasible
        )
          return { value: sense === 'maximize' ? Infinity : -Infinity, duals: null };
        if (status !== solver.constants.modelStatus.optimal)
          throw new Error(`disclosure audit: linear program ended with status ${status}`);
        const solution = model.getSolution();
        observe(solution.colValue);
        return { value: model.getObjectiveValue(), duals: solution.rowDual };
      };
      // Probes: programs whose objective pushes each open figure up or down at random (a fixed
      // sequence, so the audit is deterministic) reach vertices far from the true values; they usually
      // prove most figures wide enough without a program each. Stop when two in a row prove nothing.
      let seed = 0x9e3779b9 ^ root;
      const coin = () => {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        return seed & 0x10000 ? 1 : -1;
      };
      for (let probe = 0, idle = 0; open.length > 2 && probe < 12 && idle < 2; probe += 1) {
        const before = open.length;
        costs.fill(0);
        for (const index of open) {
          const sign = coin();
          for (const column of (seen[index] as (typeof seen)[number]).free)
            costs[column] = (costs[column] as number) + sign;
        }
        run('maximize');
        idle = open.length < before ? 0 : idle + 1;
      }
      if (mode === 'quick' && open.length > QUICK_ROUND_OPEN) {
        // Many figures left unproven: each gets a complement among the cells around it, no program.
        distinct = true;
        for (const index of open) {
          const entry = seen[index] as (typeof seen)[number];
          const around = new Set<number>();
          rowsOfAtoms(entry.target, around);
          report(entry.target, [entry.low, entry.high], levels[index] as number, around);
        }
        open = [];
        distinct = false;
      }
      for (const index of [...open]) {
        if (wide(index)) continue;
        const entry = seen[index] as (typeof seen)[number];
        if (linearPrograms % 64 === 0) await breathe();
        const candidates = new Set<number>();
        const dualRows = new Set<number>();
        const bound = (sense: 'minimize' | 'maximize'): void => {
          costs.fill(0);
          for (const column of entry.free) costs[column] = 1;
          const { value, duals } = run(sense);
          if (duals)
            duals.forEach((dual, row) => {
              if (Math.abs(dual) <= EPSILON) return;
              const at = rows[row] as number;
              dualRows.add(at);
              candidates.add(at);
              for (let k = rowStart[at] as number; k < (rowStart[at + 1] as number); k += 1)
                pinnedBy(rowAtom[k] as number, candidates);
            });
          if (value === Infinity) entry.high = Infinity;
          if (value === -Infinity) entry.low = -Infinity;
        };
        if (!wide(index)) bound('maximize');
        if (!wide(index)) bound('minimize');
        if (wide(index)) continue;
        if (settle && settled(entry.target, dualRows)) unprotectable += 1;
        else report(entry.target, [entry.low, entry.high], levels[index] as number, candidates);
      }
    } finally {
      model.dispose();
      for (const atom of columns) local[atom] = NONE;
    }
  }
  return { findings, complements, targets: targets.length, linearPrograms, unprotectable };
}

/**
 * The classic singleton elimination (as in τ-ARGUS's hypercube method): whenever a relation has
 * exactly one unknown term and that term is sensitive (a withheld cell, or a small hidden
 * remainder), another of its cells is withheld too — the smallest non-zero part, else the total —
 * and the relations of that cell are checked again. Only a starting point: the audit decides.
 */
function eliminateSingletons(
  values: Float64Array,
  relations: readonly CellRelation[],
  threshold: number,
  suppressed: Set<number>,
  withholdable: (cell: number) => boolean,
): void {
  const sensitive = (value: number) => value > 0 && value < threshold;
  const relationsOf = new Map<number, number[]>();
  relations.forEach((relation, index) => {
    for (const cell of [relation.total, ...relation.parts]) {
      const list = relationsOf.get(cell);
      if (list) list.push(index);
      else relationsOf.set(cell, [index]);
    }
  });
  const pending = relations.map((_, index) => index).reverse();
  const queued = new Uint8Array(relations.length).fill(1);
  while (pending.length > 0) {
    const index = pending.pop() as number;
    queued[index] = 0;
    const relation = relations[index] as CellRelation;
    const hidden = relation.hidden ?? 0;
    const unknown = [relation.total, ...relation.parts].filter((cell) => suppressed.has(cell));
    if (unknown.length + (hidden > 0 ? 1 : 0) !== 1) continue;
    if (unknown.length === 0 && !sensitive(hidden)) continue;
    // A lone withheld zero can be recovered: it singles out nobody.
    if (unknown.length === 1 && (values[unknown[0] as number] as number) === 0) continue;
    let complement: number | undefined;
    for (const part of relation.parts) {
      const value = values[part] as number;
      if (suppressed.has(part) || value <= 0 || !withholdable(part)) continue;
      if (complement === undefined || value < (values[complement] as number)) complement = part;
    }
    if (
      complement === undefined &&
      !suppressed.has(relation.total) &&
      (values[relation.total] as number) > 0 &&
      withholdable(relation.total)
    )
      complement = relation.total;
    if (complement === undefined) continue;
    suppressed.add(complement);
    for (const other of relationsOf.get(complement) ?? [])
      if (!queued[other]) {
        queued[other] = 1;
        pending.push(other);
      }
  }
}
