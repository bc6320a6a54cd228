/**
 * An actor's fields in words: their French labels and values, for what changed or was asked
 * for on a profile (the member's pending changes, the coordination's queue, the actor's
 * timeline). Plain TypeScript: unit-tested on its own.
 */
import { PUBLIC_PROFILE_FIELDS, REVIEWED_PROFILE_FIELDS } from '@maillage/contract';
import type { Translate } from './actor-form-schema';
import { COORDINATE_DIGITS } from './location-text';

/** How a number is written: the console's (`profileNumber`, the reader's language); French by default (« 45,7719 »). */
export type NumberText = (value: number) => string;
const FRENCH_NUMBER = new Intl.NumberFormat('fr-FR', { ...COORDINATE_DIGITS, useGrouping: false });
const frenchNumber: NumberText = (value) => FRENCH_NUMBER.format(value);

/** The order fields are named in: the profile's public ones, then the reviewed ones. */
const ORDER: readonly string[] = [...PUBLIC_PROFILE_FIELDS, ...REVIEWED_PROFILE_FIELDS];
const rank = (field: string) => (ORDER.includes(field) ? ORDER.indexOf(field) : ORDER.length);

/** Latitude and longitude are one thing to a reader: the point. */
const LOCATION = new Set(['latitude', 'longitude']);

/** A field's label (`directory:fields.*`); the point's two fields read as one. */
export function fieldLabel(t: Translate, field: string): string {
  return t(`directory:fields.${LOCATION.has(field) ? 'location' : field}`);
}

/** The labels of `fields`, each once and in the profile's order, joined for a sentence. */
export function fieldLabels(t: Translate, fields: readonly string[]): string {
  const ordered = [...fields].sort((a, b) => rank(a) - rank(b));
  return [...new Set(ordered.map((field) => fieldLabel(t, field)))].join(', ');
}

/**
 * A field's value in words: enums by their label, flags as yes or no, numbers (the coordinates)
 * with a decimal comma, lists joined, empty as a dash.
 */
export function fieldValue(t: Translate, field: string, value: unknown, formatNumber = frenchNumber): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return '—';
  }
  if (field === 'category') return t(`domain:category.${String(value)}`);
  if (field === 'foundedOn' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    // A day as jj/mm/aaaa (the way French spreadsheets and the exports write it).
    return `${value.slice(8, 10)}/${value.slice(5, 7)}/${value.slice(0, 4)}`;
  }
  if (field === 'sizeClass') return t(`domain:sizeClass.${String(value)}`);
  if (field === 'employer') return t(value === true ? 'directory:form.employerYes' : 'directory:form.employerNo');
  if (field === 'fragilities' && Array.isArray(value)) {
    return value.map((item) => t(`domain:fragility.${String(item)}`)).join(', ');
  }
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'number') return formatNumber(value);
  return String(value);
}

/** Each change as « label : old → new » (or « label : new » without the old value), joined by semicolons. */
export function changesText(
  t: Translate,
  changes: Record<string, { old?: unknown; new?: unknown }>,
  withOld = true,
  formatNumber = frenchNumber,
): string {
  return Object.entries(changes)
    .map(([field, change]) => {
      const after = fieldValue(t, field, change.new, formatNumber);
      return withOld
        ? `${fieldLabel(t, field)} : ${fieldValue(t, field, change.old, formatNumber)} → ${after}`
        : `${fieldLabel(t, field)} : ${after}`;
    })
    .join(' ; ');
}
