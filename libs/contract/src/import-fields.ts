/** Actor fields a spreadsheet column can feed, in the order the console's mapping form shows them. */
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
  'address',
  'latitude',
  'longitude',
  'website',
  'fragilities',
  'tags',
  'description',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Fields every imported row needs: a row without them is invalid. */
export const REQUIRED_IMPORT_FIELDS: readonly ImportField[] = ['name', 'category'];

/** Field → column header. */
export type ColumnMapping = Partial<Record<ImportField, string>>;
