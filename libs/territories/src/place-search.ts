import { placeKey } from './place-names.js';

/** Official French administrative units, from @etalab/decoupage-administratif (never hand-written lists). */
export type OfficialKind = 'region' | 'departement' | 'epci' | 'commune';

/** One official area found by name. */
export interface PlaceHit {
  kind: OfficialKind;
  code: string;
  name: string;
  /** The commune's département, an EPCI's main one; null for départements and régions. */
  departement: { code: string; name: string } | null;
  population: number;
}

interface Entry {
  hit: PlaceHit;
  key: string;
  words: string[];
}

/** How well a name matches: lower is better; undefined when it does not. */
function rank(entry: Entry, query: string, queryWords: string[]): number | undefined {
  if (entry.key === query) return 0;
  if (entry.key.startsWith(query)) return 1;
  // Every word typed begins a word of the name ("ste foy" → "Sainte-Foy-lès-Lyon", "metropole lyon").
  if (queryWords.every((word) => entry.words.some((candidate) => candidate.startsWith(word)))) return 2;
  if (entry.key.includes(query)) return 3;
  return undefined;
}

/**
 * Official areas searched by name: accents, case and punctuation ignored,
 * "St" read as "Saint"; exact names first, then names that begin with the
 * text, then names whose words begin with the words typed, then names that
 * contain it; within each, the most populated first. Built once; a search
 * scans the ~37,000 names once (a few milliseconds).
 */
export class PlaceSearch {
  private readonly entries: Entry[];

  constructor(hits: PlaceHit[]) {
    this.entries = hits.map((hit) => {
      const key = placeKey(hit.name);
      return { hit, key, words: key.split(' ') };
    });
  }

  search(text: string, limit = 20, kinds?: readonly OfficialKind[]): PlaceHit[] {
    const query = placeKey(text);
    if (!query) return [];
    const queryWords = query.split(' ');
    const found: { hit: PlaceHit; rank: number }[] = [];
    for (const entry of this.entries) {
      if (kinds && !kinds.includes(entry.hit.kind)) continue;
      const matched = rank(entry, query, queryWords);
      if (matched !== undefined) found.push({ hit: entry.hit, rank: matched });
    }
    found.sort(
      (a, b) =>
        a.rank - b.rank ||
        b.hit.population - a.hit.population ||
        a.hit.name.localeCompare(b.hit.name, 'fr') ||
        (a.hit.code < b.hit.code ? -1 : 1),
    );
    return found.slice(0, limit).map((entry) => entry.hit);
  }
}
