import {
  protectTable,
  type AuditStats,
  type CellRelation,
  type DisclosureOptions,
  type TableCell,
  type TableConstraint,
} from './disclosure.js';
import { areaKey, type Area } from './observatory-areas.js';
import {
  FIGURE_KEYS,
  IDENTITIES,
  INDICATOR_BY_ID,
  type Figures,
  type Identity,
  type IndicatorDefinition,
} from './observatory-catalogue.js';
import { STUDY_FIGURE_KEYS, STUDY_IDENTITIES, STUDY_INDICATOR_BY_ID, studyWindow } from './study-indicators.js';

/** One sharing territory's figures and where they count. */
export interface Contribution {
  /** Its own area first, then each parent up to France. */
  chain: Area[];
  peerGroup: Area;
  figures: Figures;
  /** Its study figures over the whole window (`study-indicators.ts`); none when it ran no study. */
  studies?: ReadonlyMap<string, number>;
}

/** One block of published figures: a month's indicators, or the window's study indicators. */
interface Grid {
  period: string;
  keys: readonly string[];
  byId: ReadonlyMap<string, IndicatorDefinition>;
  identities: readonly Identity[];
  /** The figure saying whether a workspace counts at all here (its other figures are known zeros if not). */
  counted: string;
  /** The atom of a territory's figure (by its index in `keys`). */
  atom: (territory: number, key: number) => number;
  /** The grid a `lag` 1 term reads (the month before), −1 when none. */
  previous: number;
  figures: (contribution: Contribution) => ReadonlyMap<string, number> | undefined;
}

export interface PublishedArea extends Area {
  parent: Area | null;
}

export interface PublishedCell {
  area: string;
  period: string;
  key: string;
  value: number | null;
}

export interface RollupResult {
  areas: PublishedArea[];
  cells: PublishedCell[];
  suppressed: { primary: number; complementary: number; kept: number };
  audit: AuditStats;
}

/**
 * Adds every territory's monthly figures, and its study figures over the whole window, up its
 * chain of areas and into its peer group, then protects the whole publication at once (every
 * area, indicator, dimension and month, and the study indicators, with the identities between
 * indicators and between consecutive months): see disclosure.ts.
 */
export async function rollUp(
  given: readonly Contribution[],
  periods: readonly string[],
  threshold: number,
  onRound?: DisclosureOptions['onRound'],
  /** The cells the last publication withheld, `area|period|indicator|dimension` (see `withheld` in disclosure.ts). */
  previouslyWithheld?: ReadonlySet<string>,
): Promise<RollupResult> {
  // In the order of their official areas, so that the same figures give the same publication whatever
  // the workspaces' ids.
  const contributions = [...given].sort((a, b) => {
    const [x, y] = [areaKey(a.chain[0] as Area), areaKey(b.chain[0] as Area)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const areas = new Map<string, PublishedArea>();
  /** The territories (by index) counted in each area and peer group. */
  const members = new Map<string, number[]>();
  const join = (area: Area, parent: Area | null, territory: number) => {
    const key = areaKey(area);
    if (!areas.has(key)) areas.set(key, { ...area, parent });
    const list = members.get(key);
    if (list) list.push(territory);
    else members.set(key, [territory]);
  };
  contributions.forEach(({ chain, peerGroup }, territory) => {
    chain.forEach((area, index) => join(area, chain[index + 1] ?? null, territory));
    join(peerGroup, null, territory);
  });

  // One atom per territory, month and figure; then one per territory and study figure (over the window).
  const periodCount = periods.length;
  const keyCount = FIGURE_KEYS.length;
  const studyBase = contributions.length * periodCount * keyCount;
  const grids: Grid[] = [
    ...periods.map((period, p): Grid => ({
      period,
      keys: FIGURE_KEYS,
      byId: INDICATOR_BY_ID,
      identities: IDENTITIES,
      counted: 'territories|total',
      atom: (territory, key) => (territory * periodCount + p) * keyCount + key,
      previous: p - 1,
      figures: (contribution) => contribution.figures.get(period),
    })),
    {
      period: studyWindow(periods[0] as string, periods[periodCount - 1] as string),
      keys: STUDY_FIGURE_KEYS,
      byId: STUDY_INDICATOR_BY_ID,
      identities: STUDY_IDENTITIES,
      counted: 'study_territories|total',
      atom: (territory, key) => studyBase + territory * STUDY_FIGURE_KEYS.length + key,
      previous: -1,
      figures: (contribution) => contribution.studies,
    },
  ];
  const layouts = grids.map((grid) => {
    const keyIndex = new Map(grid.keys.map((key, index) => [key, index]));
    return {
      ...grid,
      keyIndex,
      sensitive: grid.keys.map((key) => grid.byId.get(key.split('|')[0] as string)?.sensitive !== false),
      index: (key: string) => keyIndex.get(key) as number,
    };
  });
  const atoms = new Float64Array(studyBase + contributions.length * STUDY_FIGURE_KEYS.length);
  // A workspace's figures before it shared any (the months before its creation), or its study figures
  // when it ran none: zero, and everyone knows it (the published number of territories says so).
  const knownZero = new Uint8Array(atoms.length);
  for (const layout of layouts)
    contributions.forEach((contribution, territory) => {
      for (const [key, value] of layout.figures(contribution) ?? []) {
        const k = layout.keyIndex.get(key);
        if (k !== undefined) atoms[layout.atom(territory, k)] = value;
      }
      if ((atoms[layout.atom(territory, layout.index(layout.counted))] as number) > 0) return;
      for (let k = 0; k < layout.keys.length; k += 1)
        if ((atoms[layout.atom(territory, k)] as number) === 0) knownZero[layout.atom(territory, k)] = 1;
    });

  const cells: TableCell[] = [];
  const output: { area: string; period: string; key: string }[] = [];
  for (const [area, territories] of members)
    for (const layout of layouts)
      layout.keys.forEach((key, k) => {
        cells.push({
          key: `${area}|${layout.period}|${key}`,
          atoms: territories.map((territory) => layout.atom(territory, k)),
          published: true,
          sensitive: layout.sensitive[k],
        });
        output.push({ area, period: layout.period, key });
      });
  // A workspace sharing its area with others (a département workspace beside its communes' ones) has
  // figures published only inside that area's total: the small ones must not be recoverable either.
  contributions.forEach(({ chain }, territory) => {
    if ((members.get(areaKey(chain[0] as Area))?.length ?? 0) < 2) return;
    for (const layout of layouts)
      layout.keys.forEach((key, k) => {
        const index = layout.atom(territory, k);
        const value = atoms[index] as number;
        if (value > 0 && value < threshold && layout.sensitive[k])
          cells.push({ key: `own:${territory}|${layout.period}|${key}`, atoms: [index], published: false });
      });
  });

  const constraints: TableConstraint[] = [];
  contributions.forEach((_, territory) =>
    layouts.forEach((layout) => {
      for (const identity of layout.identities) {
        const before = layouts[layout.previous];
        if (!before && identity.terms.some(([, , lag]) => lag)) continue;
        constraints.push({
          terms: identity.terms.map(([key, coefficient, lag]) => {
            const at = lag ? (before as typeof layout) : layout;
            return [at.atom(territory, at.index(key)), coefficient];
          }),
          relation: identity.relation,
          rhs: identity.rhs,
        });
      }
    }),
  );

  // The additive relations between published cells, for the first, cheap pass of complementary
  // suppression: identities within each area and month (and across two months), each area and its
  // children plus the figures of workspaces at its own level, France and its peer groups.
  const areaIndex = new Map([...members.keys()].map((key, index) => [key, index]));
  const perArea = layouts.reduce((sum, layout) => sum + layout.keys.length, 0);
  const offsets = layouts.map((_, g) => layouts.slice(0, g).reduce((sum, layout) => sum + layout.keys.length, 0));
  const cellOf = (area: string, g: number, k: number) =>
    (areaIndex.get(area) as number) * perArea + (offsets[g] as number) + k;
  const relations: CellRelation[] = [];
  const additive = (identities: readonly Identity[]) =>
    identities.filter(
      (identity) =>
        identity.relation === 'eq' &&
        identity.rhs === 0 &&
        identity.terms[0]?.[1] === 1 &&
        identity.terms.slice(1).every(([, coefficient]) => coefficient === -1),
    );
  for (const area of members.keys())
    layouts.forEach((layout, g) => {
      for (const identity of additive(layout.identities)) {
        if (layout.previous < 0 && identity.terms.some(([, , lag]) => lag)) continue;
        const [total, ...parts] = identity.terms.map(([key, , lag]) => {
          const at = lag ? layout.previous : g;
          return cellOf(area, at, (layouts[at] as typeof layout).index(key));
        });
        relations.push({ total: total as number, parts });
      }
    });
  const children = new Map<string, string[]>();
  for (const [key, area] of areas)
    if (area.parent) children.set(areaKey(area.parent), [...(children.get(areaKey(area.parent)) ?? []), key]);
  const direct = new Map<string, number[]>();
  contributions.forEach(({ chain }, territory) => {
    const own = areaKey(chain[0] as Area);
    direct.set(own, [...(direct.get(own) ?? []), territory]);
  });
  const peers = [...members.keys()].filter((key) => key.startsWith('peer_group:'));
  layouts.forEach((layout, g) =>
    layout.keys.forEach((_key, k) => {
      for (const [parent, kids] of children)
        relations.push({
          total: cellOf(parent, g, k),
          parts: kids.map((kid) => cellOf(kid, g, k)),
          hidden: (direct.get(parent) ?? []).reduce(
            (sum, territory) => sum + (atoms[layout.atom(territory, k)] as number),
            0,
          ),
        });
      if (areaIndex.has('national:FR'))
        relations.push({ total: cellOf('national:FR', g, k), parts: peers.map((peer) => cellOf(peer, g, k)) });
    }),
  );

  const withheld: number[] = [];
  if (previouslyWithheld)
    cells.forEach((cell, index) => {
      if (cell.published && previouslyWithheld.has(cell.key)) withheld.push(index);
    });
  const result = await protectTable(
    { atoms, knownZero, cells, constraints },
    { threshold, onRound, relations, withheld },
  );
  return {
    areas: [...areas.values()],
    cells: output.map((cell, index) => ({
      ...cell,
      value: result.suppressed.has(index)
        ? null
        : (cells[index] as TableCell).atoms.reduce((sum, a) => sum + (atoms[a] as number), 0),
    })),
    suppressed: { primary: result.primary, complementary: result.complementary, kept: result.kept },
    audit: result.audit,
  };
}
