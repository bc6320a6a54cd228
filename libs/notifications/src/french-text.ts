import { PROFILE_FIELD_LABELS } from '@maillage/contract';

export { elided } from '@maillage/contract';

/**
 * The fields of a profile change as a French list (« nom, SIRET, date de création »): their
 * labels, a common noun in lower case, an acronym (SIRET, NAF) as written; a field without a
 * label (a newer one) is left out rather than shown by its code.
 */
export function profileFieldList(fields: readonly string[]): string {
  return fields
    .map((field) => (PROFILE_FIELD_LABELS as Record<string, string | undefined>)[field])
    .filter((label): label is string => label !== undefined)
    .map((label) => (/^\p{Lu}\p{Ll}/u.test(label) ? label.charAt(0).toLocaleLowerCase('fr') + label.slice(1) : label))
    .join(', ');
}
