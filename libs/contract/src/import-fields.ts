/**
 * Actor fields a spreadsheet column can feed, in the order the console's mapping form shows them.
 * `communeCode` takes an INSEE code or a commune's name; `postalCode` and `departement` narrow a
 * name several communes share (and the postal code completes the address).
 */
export const IMPORT_FIELDS = [
  'name',
  'category',
  'employer',
  'sizeClass',
  'siren',
  'siret',
  'rna',
  'nafCode',
  'communeCode',
  'postalCode',
  'departement',
  'address',
  'latitude',
  'longitude',
  'website',
  'foundedOn',
  'fragilities',
  'tags',
  'description',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Fields every imported row needs: a row without them is invalid. */
export const REQUIRED_IMPORT_FIELDS: readonly ImportField[] = ['name', 'category'];

/** Field → column header. */
export type ColumnMapping = Partial<Record<ImportField, string>>;
