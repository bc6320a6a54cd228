import { WEBSITE_MAX_LENGTH, websiteValid, withWebScheme } from '@maillage/contract';
import { normaliseText } from '../directory/identifiers.js';

/** A cell read as a value, or the French reason it could not be. */
export type Read<T> = { ok: true; value: T } | { ok: false; message: string };

const TRUE_WORDS = new Set(['oui', 'o', 'vrai', 'x', 'yes', 'y', 'true', '1', 'employeuse', 'employeur']);
const FALSE_WORDS = new Set(['non', 'n', 'faux', 'no', 'false', '0', 'non employeuse', 'non employeur']);

/** Oui/non as spreadsheets write it: "oui", "Non", "VRAI", "faux", "x", "1"; blank is no answer. */
export function readBoolean(text: string): Read<boolean | null> {
  const word = text.trim() === '✓' || text.trim() === '✔' ? 'x' : normaliseText(text);
  if (!word) return { ok: true, value: null };
  if (TRUE_WORDS.has(word)) return { ok: true, value: true };
  if (FALSE_WORDS.has(word)) return { ok: true, value: false };
  return { ok: false, message: `oui ou non attendu, lu : « ${text.trim()} »` };
}

/**
 * A number as French spreadsheets write it: decimal comma ("45,1885"),
 * thousands grouped by spaces, non-breaking ones included ("1 234,5"), or
 * the decimal point; blank is no value.
 */
export function readNumber(text: string): Read<number | null> {
  const trimmed = text.trim();
  if (!trimmed) return { ok: true, value: null };
  let compact = trimmed.replace(/[\s\u00a0\u202f]/g, '');
  // "1.234,5": points group thousands when a comma holds the decimals.
  if (/^[+-]?\d{1,3}(\.\d{3})+,\d+$/.test(compact)) compact = compact.replace(/\./g, '');
  if (/^[+-]?\d+,\d+$/.test(compact)) compact = compact.replace(',', '.');
  const value = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(compact) ? Number(compact) : Number.NaN;
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, message: `nombre attendu, lu : « ${trimmed} »` };
}

/** SIRENE's « tranches d'effectif salarié » (trancheEffectifsUniteLegale), as headcount ranges; NN is non-employing. */
const SIRENE_TRANCHES: Record<string, [number, number]> = {
  NN: [0, 0],
  '00': [0, 0],
  '01': [1, 2],
  '02': [3, 5],
  '03': [6, 9],
  '11': [10, 19],
  '12': [20, 49],
  '21': [50, 99],
  '22': [100, 199],
  '31': [200, 249],
  '32': [250, 499],
  '41': [500, 999],
  '42': [1_000, 1_999],
  '51': [2_000, 4_999],
  '52': [5_000, 9_999],
  '53': [10_000, Number.POSITIVE_INFINITY],
};

/** A whole number, its thousands grouped by spaces or not ("5 000", "5000"). */
const COUNT = String.raw`(\d{1,3}(?: \d{3})+|\d+)`;
const count = (text: string | undefined) => Number((text ?? '').replace(/ /g, ''));

/**
 * A headcount as French spreadsheets write it, as its lowest and highest
 * value: a number ("12", "12,5", "5 000 salariés"), a range ("10 à 19",
 * "250-499", "1 ou 2 salariés", "10 000 et plus", "plus de 50", "moins de
 * 10"), « NN » or « non employeuse » (none); with `sireneCodes` (a « Tranche
 * d'effectif » column), SIRENE's two-digit codes ("11" is 10 to 19). Blank is
 * no value.
 */
export function readHeadcount(text: string, sireneCodes = false): Read<[number, number] | null> {
  const trimmed = text.trim();
  if (!trimmed) return { ok: true, value: null };
  const refused = { ok: false, message: `effectif attendu, lu : « ${trimmed} »` } as const;
  const word = normaliseText(trimmed);
  if (word === 'nn' || /^(unite )?non employeu(se|r)$/.test(word)) return { ok: true, value: [0, 0] };
  const code = sireneCodes && /^\d{1,2}$/.test(trimmed) ? SIRENE_TRANCHES[trimmed.padStart(2, '0')] : undefined;
  if (code) return { ok: true, value: code };
  const plain = trimmed
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .replace(/ ?\b(salarie|personne|employe)s?\b/g, '')
    .trim();
  const range = new RegExp(String.raw`^(?:de )?${COUNT} ?(?:-|–|—|a|ou|/) ?${COUNT}$`).exec(plain);
  if (range) {
    const [low, high] = [count(range[1]), count(range[2])];
    return low <= high ? { ok: true, value: [low, high] } : refused;
  }
  const atLeast = new RegExp(String.raw`^(?:${COUNT} ?(?:\+|et plus|ou plus)|(?:au moins|>=|≥) ?${COUNT})$`).exec(
    plain,
  );
  if (atLeast) return { ok: true, value: [count(atLeast[1] ?? atLeast[2]), Number.POSITIVE_INFINITY] };
  const over = new RegExp(String.raw`^(?:plus de|>) ?${COUNT}$`).exec(plain);
  if (over) return { ok: true, value: [count(over[1]) + 1, Number.POSITIVE_INFINITY] };
  const under = new RegExp(String.raw`^(?:moins de|<) ?${COUNT}$`).exec(plain);
  if (under && count(under[1]) > 0) return { ok: true, value: [0, count(under[1]) - 1] };
  const single = readNumber(plain);
  return single.ok && single.value !== null && single.value >= 0
    ? { ok: true, value: [single.value, single.value] }
    : refused;
}

const MONTHS: Record<string, number> = {
  janvier: 1,
  janv: 1,
  fevrier: 2,
  fevr: 2,
  fev: 2,
  mars: 3,
  avril: 4,
  avr: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  juil: 7,
  aout: 8,
  septembre: 9,
  sept: 9,
  octobre: 10,
  oct: 10,
  novembre: 11,
  nov: 11,
  decembre: 12,
  dec: 12,
};

function isoDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/**
 * A date as French spreadsheets write it, as `aaaa-mm-jj`: "05/01/2024",
 * "5-1-2024", "05.01.24", "5 janvier 2024", "1er janv. 2024", or already
 * ISO (what an XLSX date cell reads as). Day first, never month first.
 */
export function readDate(text: string): Read<string | null> {
  const trimmed = text.trim();
  if (!trimmed) return { ok: true, value: null };
  let parts: [number, number, number] | undefined;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(trimmed);
  const numeric = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(trimmed);
  const words = /^(\d{1,2})(?:er)? ([a-z]+)\.? (\d{4})$/.exec(normaliseText(trimmed).replace(/^(\d{1,2}) er /, '$1 '));
  if (iso) parts = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (numeric) {
    const year = Number(numeric[3]);
    parts = [numeric[3]?.length === 2 ? 2000 + year : year, Number(numeric[2]), Number(numeric[1])];
  } else if (words?.[2] && MONTHS[words[2]]) parts = [Number(words[3]), MONTHS[words[2]] ?? 0, Number(words[1])];
  const value = parts ? isoDate(...parts) : undefined;
  return value ? { ok: true, value } : { ok: false, message: `date attendue (jj/mm/aaaa), lu : « ${trimmed} »` };
}

/**
 * A website as the actor form and the API take it (libs/contract): https:// before it when it has no
 * scheme, then checked; one that is no web address, or too long to keep whole, is refused with the value read.
 */
export function readWebsite(text: string): Read<string | null> {
  if (!text) return { ok: true, value: null };
  const website = withWebScheme(text);
  if (!websiteValid(website)) {
    return {
      ok: false,
      message: `adresse web invalide : « ${text} » (par exemple www.exemple.fr ou https://www.exemple.fr)`,
    };
  }
  if (website.length > WEBSITE_MAX_LENGTH) {
    return {
      ok: false,
      message: `adresse web trop longue (${WEBSITE_MAX_LENGTH} caractères au plus)`,
    };
  }
  return { ok: true, value: website };
}
