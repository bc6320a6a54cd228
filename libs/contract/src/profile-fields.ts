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
