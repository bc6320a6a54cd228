/**
 * French place names as people type them, read back to official codes: pure
 * functions and indexes built once from the official data (no I/O here; the
 * GeographyService feeds them @etalab/decoupage-administratif).
 */

/**
 * The comparison key of a place name: case, accents, ligatures (Œ, Æ) and
 * punctuation (hyphens, apostrophes) ignored; "St"/"Ste" read as
 * "Saint"/"Sainte", "s/" as "sur". "ST-ÉTIENNE" and "Saint Etienne" → "saint etienne".
 */
export function placeKey(text: string): string {
  return text
    .replace(/[œŒ]/g, 'oe')
    .replace(/[æÆ]/g, 'ae')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\bs\/\s*/g, 'sur ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .map((word) => SAINTS[word] ?? word)
    .join(' ');
}

const SAINTS: Record<string, string> = { st: 'saint', ste: 'sainte', sts: 'saints', stes: 'saintes' };

/** The key without a leading article ("l isle d abeau" → "isle d abeau"), for names typed without it. */
function withoutArticle(key: string): string {
  return key.replace(/^(le|la|les|l) /, '');
}

export interface PlaceCommune {
  code: string;
  name: string;
  departement: string;
  population: number;
  postalCodes: string[];
}

/** What the official data gives the indexes. */
export interface PlaceData {
  /** Current communes. */
  communes: PlaceCommune[];
  /** Arrondissements municipaux (Paris, Lyon, Marseille), with the commune they belong to. */
  arrondissements: { code: string; name: string; commune: string; postalCodes: string[] }[];
  /** Former communes (delegated, associated), with the current commune they are part of. */
  formerCommunes: { code: string; name: string; commune: string }[];
  departements: { code: string; name: string }[];
}

/** Hints that narrow a name down: a postal code, a département (code or name). */
export interface CommuneHints {
  postalCode?: string;
  departement?: string;
}

export type CommuneResolution =
  | { ok: true; code: string; name: string }
  | { ok: false; reason: 'unknown' | 'ambiguous' | 'mismatch'; message: string };

/** "Lyon 3e", "Paris 15e Arrondissement", "Marseille 1er arr." → parent key and number. */
const ARRONDISSEMENT =
  /^(.+?) 0?(\d{1,2}) ?(?:er|re|e|eme|ieme|em)?(?: (?:arrondissement|arrondissements|arrondt|arrdt|ardt|arr))?$/;
/** "Villeneuve (04)", "Grenoble (38000)", "Villeneuve (Alpes-de-Haute-Provence)". */
const IN_PARENTHESES = /^(.*?)\s*\(([^()]+)\)\s*$/;
/** "38000 Grenoble", "Grenoble 38000", "Grenoble, 38000". */
const POSTAL_BEFORE = /^(\d{5})\s+(.+)$/;
const POSTAL_AFTER = /^(.+?)[\s,-]+(\d{5})$/;

function postalCodeOf(text: string): string | undefined {
  const digits = text.replace(/[\s\u00a0\u202f]/g, '');
  if (/^\d{4}$/.test(digits)) return `0${digits}`;
  return /^\d{5}$/.test(digits) ? digits : undefined;
}

/** The départements a postal code may belong to (Corsica's 20xxx: 2A or 2B; overseas: three digits). */
function departementsOfPostalCode(postalCode: string): string[] {
  if (postalCode.startsWith('20')) return ['2A', '2B'];
  if (postalCode.startsWith('97')) return [postalCode.slice(0, 3)];
  return [postalCode.slice(0, 2)];
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count > 1 ? 's' : ''}`;
}

/**
 * Communes by code, postal code and name. Built once (linear in the data);
 * each lookup is a few map reads, so a 10,000-row import stays linear.
 */
export class CommuneNames {
  private readonly byCode = new Map<string, PlaceCommune>();
  /** Arrondissement or former commune code → current commune code. */
  private readonly partOf = new Map<string, string>();
  private readonly byPostalCode = new Map<string, PlaceCommune[]>();
  private readonly byName = new Map<string, PlaceCommune[]>();
  private readonly byNameWithoutArticle = new Map<string, PlaceCommune[]>();
  private readonly byFormerName = new Map<string, PlaceCommune[]>();
  /** `${parent key} ${number}` → current commune, for arrondissements. */
  private readonly byArrondissement = new Map<string, PlaceCommune>();
  private readonly departementNames = new Map<string, string>();
  private readonly departementByKey = new Map<string, string>();

  constructor(data: PlaceData) {
    const push = <K>(map: Map<K, PlaceCommune[]>, key: K, commune: PlaceCommune) => {
      const list = map.get(key);
      if (!list) map.set(key, [commune]);
      else if (!list.includes(commune)) list.push(commune);
    };
    for (const commune of data.communes) {
      this.byCode.set(commune.code, commune);
      const key = placeKey(commune.name);
      push(this.byName, key, commune);
      push(this.byNameWithoutArticle, withoutArticle(key), commune);
      for (const postalCode of commune.postalCodes) push(this.byPostalCode, postalCode, commune);
    }
    for (const arrondissement of data.arrondissements) {
      const commune = this.byCode.get(arrondissement.commune);
      if (!commune) continue;
      this.partOf.set(arrondissement.code, commune.code);
      const match = ARRONDISSEMENT.exec(placeKey(arrondissement.name));
      if (match) this.byArrondissement.set(`${match[1]} ${Number(match[2])}`, commune);
      for (const postalCode of arrondissement.postalCodes) push(this.byPostalCode, postalCode, commune);
    }
    for (const former of data.formerCommunes) {
      const commune = this.byCode.get(former.commune);
      if (!commune || former.code === commune.code) continue;
      if (!this.byCode.has(former.code)) this.partOf.set(former.code, commune.code);
      push(this.byFormerName, placeKey(former.name), commune);
    }
    for (const departement of data.departements) {
      this.departementNames.set(departement.code, departement.name);
      this.departementByKey.set(placeKey(departement.name), departement.code);
    }
  }

  /** "Villeneuve (04 – Alpes-de-Haute-Provence)". */
  describe(commune: PlaceCommune): string {
    const departement = this.departementNames.get(commune.departement);
    return `${commune.name} (${commune.departement}${departement ? ` – ${departement}` : ''})`;
  }

  /** A département from its code ("38", "2a", "974") or its name ("Isère", "38 - Isère"). */
  departementOf(text: string): string | undefined {
    const trimmed = text.trim();
    if (!trimmed) return undefined;
    const code = /^(\d{1,3}|2[ab])\b/i.exec(trimmed)?.[1]?.toUpperCase();
    if (code) {
      const padded = code.length === 1 ? `0${code}` : code;
      if (this.departementNames.has(padded)) return padded;
    }
    return this.departementByKey.get(placeKey(trimmed.replace(/^(\d{1,3}|2[ab])\s*[-–—:]?\s*/i, '')));
  }

  /**
   * A commune from what a spreadsheet cell holds: an INSEE code (an
   * arrondissement's or a former commune's gives the current commune), a
   * postal code with one commune, a name ("St-Étienne", "Lyon 3e"), a name
   * with a postal code or département ("38000 Grenoble", "Villeneuve (04)"),
   * narrowed by the hints of other columns. French messages otherwise.
   */
  resolve(text: string, hints: CommuneHints = {}): CommuneResolution {
    const value = text.trim().replace(/\s+/g, ' ');
    let postalCode = hints.postalCode ? postalCodeOf(hints.postalCode) : undefined;
    if (hints.postalCode?.trim() && !postalCode)
      return { ok: false, reason: 'unknown', message: `code postal invalide : « ${hints.postalCode.trim()} »` };
    let departement = hints.departement?.trim() ? this.departementOf(hints.departement) : undefined;
    if (hints.departement?.trim() && !departement)
      return { ok: false, reason: 'unknown', message: `département inconnu : « ${hints.departement.trim()} »` };
    if (!value) {
      // A postal code alone (no commune given): never read as an INSEE code.
      const byPostal = postalCode ? (this.byPostalCode.get(postalCode) ?? []) : [];
      if (postalCode && byPostal.length > 0) return this.pick(postalCode, byPostal, { postalCode, departement }, true);
      return {
        ok: false,
        reason: 'unknown',
        message: postalCode ? `code postal inconnu : « ${postalCode} »` : 'commune manquante',
      };
    }

    // A code alone: INSEE first (what the exports write), then a postal code.
    const digits = value.replace(/[\s\u00a0\u202f]/g, '');
    if (/^(\d{4,5}|2[abAB]\d{3})$/.test(digits)) {
      const code = digits.toUpperCase().padStart(5, '0');
      const current = this.byCode.get(code) ?? this.byCode.get(this.partOf.get(code) ?? '');
      if (current) return { ok: true, code: current.code, name: current.name };
      const byPostal = this.byPostalCode.get(code) ?? [];
      if (byPostal.length > 0) return this.pick(value, byPostal, { postalCode: code, departement }, true);
      return {
        ok: false,
        reason: 'unknown',
        message: `code commune inconnu : « ${value} » (ni code INSEE ni code postal)`,
      };
    }

    // A postal code or département written beside the name.
    let name = value;
    const parentheses = IN_PARENTHESES.exec(name);
    if (parentheses?.[1] && parentheses[2]) {
      const inside = parentheses[2].trim();
      const insidePostal = /^\d[\d\s]{3,5}$/.test(inside) ? postalCodeOf(inside) : undefined;
      const insideDepartement = insidePostal ? undefined : this.departementOf(inside);
      if (!insidePostal && !insideDepartement)
        return {
          ok: false,
          reason: 'unknown',
          message: `« ${inside} » n’est ni un code postal ni un département (commune « ${value} »)`,
        };
      name = parentheses[1];
      postalCode ??= insidePostal;
      departement ??= insideDepartement;
    } else {
      const before = POSTAL_BEFORE.exec(name);
      const after = before ? undefined : POSTAL_AFTER.exec(name);
      if (before?.[1] && before[2]) {
        postalCode ??= before[1];
        name = before[2];
      } else if (after?.[1] && after[2]) {
        postalCode ??= after[2];
        name = after[1];
      }
    }

    const key = placeKey(name);
    let candidates = this.byName.get(key);
    if (!candidates) {
      const arrondissement = ARRONDISSEMENT.exec(key);
      const parent = arrondissement
        ? this.byArrondissement.get(`${arrondissement[1]} ${Number(arrondissement[2])}`)
        : undefined;
      if (parent) candidates = [parent];
    }
    candidates ??= this.byNameWithoutArticle.get(withoutArticle(key)) ?? this.byFormerName.get(key);
    if (!candidates) return { ok: false, reason: 'unknown', message: `commune introuvable : « ${value} »` };
    return this.pick(value, candidates, { postalCode, departement }, false);
  }

  /** One commune among candidates, narrowed by postal code then département. */
  private pick(
    value: string,
    candidates: PlaceCommune[],
    hints: { postalCode?: string; departement?: string },
    byPostalCode: boolean,
  ): CommuneResolution {
    let left = candidates;
    if (hints.postalCode && !byPostalCode) {
      const postalCode = hints.postalCode;
      const exact = left.filter((commune) => commune.postalCodes.includes(postalCode));
      // A postal code of the right département (a CEDEX, a neighbour's office) still tells the département.
      const departements = departementsOfPostalCode(postalCode);
      left = exact.length > 0 ? exact : left.filter((commune) => departements.includes(commune.departement));
      if (left.length === 0)
        return {
          ok: false,
          reason: 'mismatch',
          message: `aucune commune « ${value} » avec le code postal ${postalCode} (${candidates
            .slice(0, 5)
            .map((commune) => this.describe(commune))
            .join(', ')})`,
        };
    }
    if (hints.departement) {
      const departement = hints.departement;
      const inDepartement = left.filter((commune) => commune.departement === departement);
      if (inDepartement.length === 0)
        return {
          ok: false,
          reason: 'mismatch',
          message: `aucune commune « ${value} » dans le département ${departement} (${left
            .slice(0, 5)
            .map((commune) => this.describe(commune))
            .join(', ')})`,
        };
      left = inDepartement;
    }
    const [only] = left;
    if (only && left.length === 1) return { ok: true, code: only.code, name: only.name };
    const listed = [...left].sort((a, b) =>
      a.departement < b.departement ? -1 : a.departement > b.departement ? 1 : 0,
    );
    const shown = listed.slice(0, 10).map((commune) => this.describe(commune));
    if (listed.length > 10) shown.push(`et ${listed.length - 10} autres`);
    return {
      ok: false,
      reason: 'ambiguous',
      message:
        `commune ambiguë : « ${value} » désigne ${plural(listed.length, 'commune')} : ${shown.join(', ')}. ` +
        'Précisez le code postal ou le département (colonne dédiée, ou « Nom (département) »), ou le code INSEE.',
    };
  }
}
