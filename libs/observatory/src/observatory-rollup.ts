import {
  protectTable,
  type AuditStats,
  type CellRelation,
  type DisclosureOptions,
  type TableCell,
  type TableConstraint,
} from './disclosure.js';
import { areaKey, type Area } from './observatory-areas.js';
import { FIGURE_KEYS, IDENTITIES, INDICATOR_BY_ID, type Figures } from './observatory-catalogue.js';

/** One sharing territory's figures and where they count. */
export interface Contribution {
  /** Its own area first, then each parent up to France. */
  chain: Area[];
  peerGroup: Area;
  figures: Figures;
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
  suppressed: { primary: number; complementary: number };
  audit: AuditStats;
}

/**
 * Adds every territory's monthly figures up its chain of areas and into its
 * peer group, then protects the whole publication at once (every area,
 * indicator, dimension and month, with the identities between indicators and
 * between consecutive months): see disclosure.ts.
 */
export async function rollUp(
  given: readonly Contribution[],
  periods: readonly string[],
  threshold: number,
  onRound?: DisclosureOptions['onRound'],
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

  // One atom per territory, month and figure.
  const keyIndex = new Map(FIGURE_KEYS.map((key, index) => [key, index]));
  const keyCount = FIGURE_KEYS.length;
  const sensitiveKey = FIGURE_KEYS.map((key) => INDICATOR_BY_ID.get(key.split('|')[0] as string)?.sensitive !== false);
  const periodCount = periods.length;
  const atom = (territory: number, period: number, key: number) => (territory * periodCount + period) * keyCount + key;
  const atoms = new Float64Array(contributions.length * periodCount * keyCount);
  contributions.forEach(({ figures }, territory) =>
    periods.forEach((period, p) => {
      for (const [key, value] of figures.get(period) ?? []) {
        const k = keyIndex.get(key);
        if (k !== undefined) atoms[atom(territory, p, k)] = value;
      }
    }),
  );

  // A workspace's figures before it shared any (the months before its creation): zero, and everyone
  // knows it (the published number of territories says when it joined).
  const knownZero = new Uint8Array(atoms.length);
  const counted = keyIndex.get('territories|total') as number;
  contributions.forEach((_, territory) =>
    periods.forEach((_period, p) => {
      if ((atoms[atom(territory, p, counted)] as number) > 0) return;
      for (let k = 0; k < keyCount; k += 1)
        if ((atoms[atom(territory, p, k)] as number) === 0) knownZero[atom(territory, p, k)] = 1;
    }),
  );

  const cells: TableCell[] = [];
  const output: { area: string; period: string; key: string }[] = [];
  for (const [area, territories] of members)
    periods.forEach((period, p) =>
      FIGURE_KEYS.forEach((key, k) => {
        cells.push({
          key: `${area}|${period}|${key}`,
          atoms: territories.map((territory) => atom(territory, p, k)),
          published: true,
          sensitive: sensitiveKey[k],
        });
        output.push({ area, period, key });
      }),
    );
  // A workspace sharing its area with others (a département workspace beside its communes' ones) has
  // figures published only inside that area's total: the small ones must not be recoverable either.
  contributions.forEach(({ chain }, territory) => {
    if ((members.get(areaKey(chain[0] as Area))?.length ?? 0) < 2) return;
    periods.forEach((period, p) =>
      FIGURE_KEYS.forEach((key, k) => {
        const index = atom(territory, p, k);
        const value = atoms[index] as number;
        if (value > 0 && value < threshold && sensitiveKey[k])
          cells.push({ key: `own:${territory}|${period}|${key}`, atoms: [index], published: false });
      }),
    );
  });

  const constraints: TableConstraint[] = [];
  contributions.forEach((_, territory) =>
    periods.forEach((_period, p) => {
      for (const identity of IDENTITIES) {
        if (p === 0 && identity.terms.some(([, , lag]) => lag)) continue;
        constraints.push({
          terms: identity.terms.map(([key, coefficient, lag]) => [
            atom(territory, p - (lag ?? 0), keyIndex.get(key) as number),
            coefficient,
          ]),
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
  const cellOf = (area: string, p: number, k: number) =>
    ((areaIndex.get(area) as number) * periodCount + p) * keyCount + k;
  const relations: CellRelation[] = [];
  const additive = IDENTITIES.filter(
    (identity) =>
      identity.relation === 'eq' &&
      identity.rhs === 0 &&
      identity.terms[0]?.[1] === 1 &&
      identity.terms.slice(1).every(([, coefficient]) => coefficient === -1),
  );
  for (const area of members.keys())
    periods.forEach((_period, p) => {
      for (const identity of additive) {
        if (p === 0 && identity.terms.some(([, , lag]) => lag)) continue;
        const [total, ...parts] = identity.terms.map(([key, , lag]) =>
          cellOf(area, p - (lag ?? 0), keyIndex.get(key) as number),
        );
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
  periods.forEach((_period, p) =>
    FIGURE_KEYS.forEach((_key, k) => {
      for (const [parent, kids] of children)
        relations.push({
          total: cellOf(parent, p, k),
          parts: kids.map((kid) => cellOf(kid, p, k)),
          hidden: (direct.get(parent) ?? []).reduce(
            (sum, territory) => sum + (atoms[atom(territory, p, k)] as number),
            0,
          ),
        });
      if (areaIndex.has('national:FR'))
        relations.push({ total: cellOf('national:FR', p, k), parts: peers.map((peer) => cellOf(peer, p, k)) });
    }),
  );

  const result = await protectTable({ atoms, knownZero, cells, constraints }, { threshold, onRound, relations });
  return {
    areas: [...areas.values()],
    cells: output.map((cell, index) => ({
      ...cell,
      value: result.suppressed.has(index)
        ? null
        : (cells[index] as TableCell).atoms.reduce((sum, a) => sum + (atoms[a] as number), 0),
    })),
    suppressed: { primary: result.primary, complementary: result.complementary },
    audit: result.audit,
  };
}
