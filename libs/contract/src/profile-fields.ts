/**
 * An organisation's profile as its members edit it: the public fields apply at once; the
 * identity, and what the observatory counts, wait for a coordinator's review.
 */
export const PUBLIC_PROFILE_FIELDS = [
  'description',
  'website',
  'address',
  'latitude',
  'longitude',
  'fragilities',
  'tags',
] as const;

export const REVIEWED_PROFILE_FIELDS = [
  'name',
  'category',
  'siren',
  'siret',
  'rna',
  'foundedOn',
  'nafCode',
  'sizeClass',
  'employer',
  'communeCode',
] as const;

export type PublicProfileField = (typeof PUBLIC_PROFILE_FIELDS)[number];
export type ReviewedProfileField = (typeof REVIEWED_PROFILE_FIELDS)[number];
export type ProfileField = PublicProfileField | ReviewedProfileField;

/**
 * The French labels of the profile's fields, as the console shows them (workspace.json,
 * audit.fields): notifications and mails about a profile change name the fields with these.
 */
export const PROFILE_FIELD_LABELS: Record<ProfileField, string> = {
  description: 'Description',
  website: 'Site web',
  address: 'Adresse',
  latitude: 'Latitude',
  longitude: 'Longitude',
  fragilities: 'Fragilités',
  tags: 'Mots-clés',
  name: 'Nom',
  category: 'Catégorie',
  siren: 'SIREN',
  siret: 'SIRET',
  rna: 'RNA',
  foundedOn: 'Date de création',
  nafCode: 'Code NAF',
  sizeClass: 'Taille',
  employer: 'Employeur',
  communeCode: 'Commune',
};
