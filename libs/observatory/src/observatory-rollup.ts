import { applyDisclosureControl, type Relation } from './disclosure.js';
import { areaKey, type Area } from './observatory-areas.js';
import { FIGURE_KEYS, INDICATORS, figureKey, type Figures } from './observatory-catalogue.js';

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
}

/**
 * Adds every territory's monthly figures up its chain of areas (and into its
 * peer group), then applies disclosure control month by month: the additive
 * relations that disclosure control must respect never span two months.
 */
export function rollUp(
  contributions: readonly Contribution[],
  periods: readonly string[],
  threshold: number,
): RollupResult {
  const areas = new Map<string, PublishedArea>();
  /** Children of each area in the tree, and the figures counted directly at an area's own level. */
  const children = new Map<string, Set<string>>();
  const peerGroups = new Set<string>();
  for (const { chain, peerGroup } of contributions) {
    chain.forEach((area, index) => {
      const parent = chain[index + 1] ?? null;
      const key = areaKey(area);
      if (!areas.has(key)) areas.set(key, { ...area, parent });
      if (parent) {
        const siblings = children.get(areaKey(parent)) ?? new Set<string>();
        siblings.add(key);
        children.set(areaKey(parent), siblings);
      }
    });
    const peerKey = areaKey(peerGroup);
    if (!areas.has(peerKey)) areas.set(peerKey, { ...peerGroup, parent: null });
    peerGroups.add(peerKey);
  }

  const cells: PublishedCell[] = [];
  let primary = 0;
  let complementary = 0;
  for (const period of periods) {
    const values = new Map<string, number>();
    const direct = new Map<string, number>();
    const cell = (area: string, key: string) => `${area}|${key}`;
    const bump = (map: Map<string, number>, key: string, value: number) => map.set(key, (map.get(key) ?? 0) + value);
    for (const { chain, peerGroup, figures } of contributions) {
      const month = figures.get(period);
      if (!month) continue;
      for (const [key, value] of month) {
        for (const area of chain) bump(values, cell(areaKey(area), key), value);
        bump(values, cell(areaKey(peerGroup), key), value);
        bump(direct, cell(areaKey(chain[0] as Area), key), value);
      }
    }

    const relations: Relation[] = [];
    for (const area of areas.keys()) {
      for (const indicator of INDICATORS)
        for (const family of indicator.families)
          relations.push({
            total: cell(area, figureKey(indicator.id, family.total)),
            parts: family.parts.map((part) => cell(area, figureKey(indicator.id, part))),
          });
    }
    for (const [parent, kids] of children) {
      for (const key of FIGURE_KEYS)
        relations.push({
          total: cell(parent, key),
          parts: [...kids].map((kid) => cell(kid, key)),
          hidden: direct.get(cell(parent, key)) ?? 0,
        });
    }
    // Every sharing territory is in exactly one peer group: France is their sum too.
    for (const key of FIGURE_KEYS)
      relations.push({ total: cell('national:FR', key), parts: [...peerGroups].map((peer) => cell(peer, key)) });

    const result = applyDisclosureControl(values, relations, threshold);
    primary += result.primary;
    complementary += result.complementary;
    for (const area of areas.keys())
      for (const key of FIGURE_KEYS) {
        const id = cell(area, key);
        cells.push({ area, period, key, value: result.suppressed.has(id) ? null : (values.get(id) ?? 0) });
      }
  }
  return { areas: [...areas.values()], cells, suppressed: { primary, complementary } };
}
