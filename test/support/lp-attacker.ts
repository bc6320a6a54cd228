import highsModule, { type Highs } from 'highs';
import { IDENTITIES, INDICATOR_BY_ID, STUDY_INDICATOR_BY_ID, type Identity } from '@maillage/observatory';

/**
 * An outside attacker of the observatory, written apart from the product's
 * disclosure control: it sees the published cells of every area, indicator,
 * dimension and month, the area tree and the peer groups, and knows every
 * identity that follows from the indicators' definitions. Its unknowns are the
 * suppressed cells (in 0..threshold − 1 when small — it is even told which —, from 1
 * when the publication shows that it publishes its zeros; else ≥ 0) and, for each area with a workspace of its own beside its
 * children, that workspace's own figures (≥ 0). For every sensitive unknown it
 * computes the range consistent with everything, by linear programming.
 */
export interface AttackInput {
  /** `area|period|indicator|dimension` → published value, or null when suppressed. */
  published: ReadonlyMap<string, number | null>;
  /** The true values of the same cells, and of the `own:area|…` figures of areas with a workspace of their own. */
  truth: ReadonlyMap<string, number>;
  periods: readonly string[];
  /** Area → its children (areas). */
  children: ReadonlyMap<string, readonly string[]>;
  /** Areas whose own workspace adds figures beside its children's. */
  withOwnWorkspace: ReadonlySet<string>;
  peerGroups: readonly string[];
  threshold: number;
  /**
   * Periods published beside the months with their own indicators and identities (the study
   * window): `counted` is the figure saying whether a workspace counts there at all.
   */
  windows?: readonly { period: string; identities: readonly Identity[]; counted: string }[];
}

export interface AttackFinding {
  unknown: string;
  value: number;
  range: [number, number];
}

type Term = [name: string, coefficient: number];

const loadHighs = ((highsModule as unknown as { default?: unknown }).default ?? highsModule) as () => Promise<Highs>;

export async function linearAttack(input: AttackInput): Promise<AttackFinding[]> {
  const { published, truth, periods, children, withOwnWorkspace, peerGroups, threshold, windows = [] } = input;
  const areas = [...new Set([...published.keys()].map((key) => key.split('|')[0] as string))];
  const allPeriods = [...periods, ...windows.map((window) => window.period)];
  /** The figure keys published for each period (the months' indicators, or the window's). */
  const keysOf = new Map<string, string[]>(allPeriods.map((period) => [period, []]));
  for (const name of published.keys()) {
    const [, period, ...key] = name.split('|');
    const list = keysOf.get(period as string);
    if (list && !list.includes(key.join('|'))) list.push(key.join('|'));
  }
  const indicatorOf = (name: string) => {
    const indicator = name.split('|')[2] as string;
    return INDICATOR_BY_ID.get(indicator) ?? STUDY_INDICATOR_BY_ID.get(indicator);
  };
  // Told which withheld cells are small. A publication that shows zeros where some sharing workspace
  // could have had something publishes its zeros: its small withheld cells are then at least 1. One
  // that never does may hide zeros among them: 0..threshold − 1.
  const sensitive = (name: string) => indicatorOf(name)?.sensitive !== false;
  const sharing = (name: string) => {
    const [area, period] = name.split('|');
    const counted = windows.find((window) => window.period === period)?.counted ?? 'territories|total';
    return (published.get(`${area}|${period}|${counted}`) ?? 0) > 0;
  };
  const zerosPublished = [...published].some(([name, value]) => value === 0 && sensitive(name) && sharing(name));
  const bounds = new Map<string, [number, number]>();
  for (const [name, value] of published)
    if (value === null) {
      const actual = truth.get(name) ?? 0;
      const small = actual < threshold && (actual > 0 || !zerosPublished);
      bounds.set(name, small ? [zerosPublished ? 1 : 0, threshold - 1] : [0, Infinity]);
    }
  for (const area of withOwnWorkspace)
    for (const period of allPeriods)
      for (const key of keysOf.get(period) ?? []) bounds.set(`own:${area}|${period}|${key}`, [0, Infinity]);

  /** Linear facts `Σ terms = rhs` or `≤ rhs`, over names that are published (constants) or unknowns. */
  const facts: { terms: Term[]; relation: 'eq' | 'le'; rhs: number }[] = [];
  for (const [parent, kids] of children)
    for (const period of allPeriods)
      for (const key of keysOf.get(period) ?? [])
        facts.push({
          terms: [
            [`${parent}|${period}|${key}`, 1],
            ...kids.map((kid): Term => [`${kid}|${period}|${key}`, -1]),
            ...(withOwnWorkspace.has(parent) ? [[`own:${parent}|${period}|${key}`, -1] as Term] : []),
          ],
          relation: 'eq',
          rhs: 0,
        });
  for (const period of allPeriods)
    for (const key of keysOf.get(period) ?? [])
      facts.push({
        terms: [
          [`national:FR|${period}|${key}`, 1],
          ...peerGroups.map((peer): Term => [`${peer}|${period}|${key}`, -1]),
        ],
        relation: 'eq',
        rhs: 0,
      });
  const holders = [...areas, ...[...withOwnWorkspace].map((area) => `own:${area}`)];
  for (const holder of holders)
    periods.forEach((period, index) => {
      for (const identity of IDENTITIES) {
        if (index === 0 && identity.terms.some(([, , lag]) => lag)) continue;
        facts.push({
          terms: identity.terms.map(([key, coefficient, lag]): Term => [
            `${holder}|${lag ? periods[index - 1] : period}|${key}`,
            coefficient,
          ]),
          relation: identity.relation,
          rhs: identity.rhs,
        });
      }
    });
  for (const holder of holders)
    for (const window of windows)
      for (const identity of window.identities)
        facts.push({
          terms: identity.terms.map(([key, coefficient]): Term => [`${holder}|${window.period}|${key}`, coefficient]),
          relation: identity.relation,
          rhs: identity.rhs,
        });

  // Substitute what is published; keep the facts that still have unknowns.
  const reduced = facts.flatMap((fact) => {
    let rhs = fact.rhs;
    const terms: Term[] = [];
    for (const [name, coefficient] of fact.terms) {
      if (bounds.has(name)) terms.push([name, coefficient]);
      else rhs -= coefficient * (published.get(name) ?? 0);
    }
    return terms.length ? [{ terms, relation: fact.relation, rhs }] : [];
  });

  // Blocks of unknowns linked by a fact.
  const parent = new Map<string, string>([...bounds.keys()].map((name) => [name, name]));
  const find = (name: string): string => {
    let root = name;
    while (parent.get(root) !== root) root = parent.get(root) as string;
    parent.set(name, root);
    return root;
  };
  for (const fact of reduced)
    for (const [name] of fact.terms.slice(1)) parent.set(find(name), find(fact.terms[0]?.[0] as string));
  const blocks = new Map<string, string[]>();
  for (const name of bounds.keys()) blocks.set(find(name), [...(blocks.get(find(name)) ?? []), name]);

  const highs = await loadHighs();
  const findings: AttackFinding[] = [];
  for (const names of blocks.values()) {
    const targets = names.filter((name) => {
      // The count of sharing workspaces describes the workspaces, not organisations: published as it is.
      if (indicatorOf(name)?.sensitive === false) return false;
      const value = truth.get(name) ?? 0;
      return value > 0 && value < threshold;
    });
    if (targets.length === 0) continue;
    const column = new Map(names.map((name, index) => [name, index]));
    const rows = reduced.filter((fact) => column.has(fact.terms[0]?.[0] as string));
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (const row of rows) {
      for (const [name, coefficient] of row.terms) {
        indices.push(column.get(name) as number);
        values.push(coefficient);
      }
      starts.push(indices.length);
    }
    const infinite = (value: number) => (value === Infinity ? highs.infinity : value);
    const model = highs.createModel();
    try {
      model.options.set('output_flag', false);
      model.passModel({
        numCols: names.length,
        numRows: rows.length,
        colCost: new Float64Array(names.length),
        colLower: names.map((name) => (bounds.get(name) as [number, number])[0]),
        colUpper: names.map((name) => infinite((bounds.get(name) as [number, number])[1])),
        rowLower: rows.map((row) => (row.relation === 'eq' ? row.rhs : -highs.infinity)),
        rowUpper: rows.map((row) => row.rhs),
        matrix: { format: 'csr', numRows: rows.length, numCols: names.length, starts, indices, values },
      });
      for (const target of targets) {
        const range = (['minimize', 'maximize'] as const).map((sense) => {
          const costs = new Float64Array(names.length);
          costs[column.get(target) as number] = 1;
          model.changeColsCost({ kind: 'range', from: 0, to: names.length - 1 }, costs);
          model.changeObjectiveSense(highs.constants.objectiveSense[sense]);
          model.run();
          const status = model.getModelStatus();
          if (status === highs.constants.modelStatus.unbounded) return sense === 'maximize' ? Infinity : -Infinity;
          if (status !== highs.constants.modelStatus.optimal)
            throw new Error(`attack LP status ${status} on ${target}`);
          return model.getObjectiveValue();
        }) as [number, number];
        const value = truth.get(target) as number;
        // The documented protection level: a quarter of the value, at least 1.
        if (range[1] - range[0] < Math.max(1, Math.ceil(value / 4)) - 1e-6)
          findings.push({ unknown: target, value, range });
      }
    } finally {
      model.dispose();
    }
  }
  return findings;
}
