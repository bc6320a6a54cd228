import type { ActorCategory, Fragility, SizeClass } from '../ecosystem.types.js';
import type { LocationPrecision } from '../geocoding/ban-geocoder.js';
import { normaliseText } from './identifiers.js';

export interface ActorInput {
  category: ActorCategory;
  name: string;
  employer?: boolean | null;
  sizeClass?: SizeClass | null;
  siren?: string | null;
  siret?: string | null;
  rna?: string | null;
  nafCode?: string | null;
  communeCode?: string | null;
  address?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  website?: string | null;
  /** The day the organisation was created (YYYY-MM-DD), when known; never in the future. */
  foundedOn?: string | null;
  fragilities?: Fragility[];
  priorityIds?: string[];
  tags?: string[];
  description?: string;
}

/** An actor's fields once checked and normalised (`ActorRules.check`). */
export interface CheckedActor extends Required<Omit<ActorInput, 'priorityIds'>> {
  priorityIds: string[];
}

export interface ActorView {
  id: string;
  category: ActorCategory;
  name: string;
  employer: boolean | null;
  sizeClass: SizeClass | null;
  siren: string | null;
  siret: string | null;
  rna: string | null;
  nafCode: string | null;
  nafLabel: string | null;
  communeCode: string | null;
  communeName: string | null;
  /** The commune lies outside the territory. */
  external: boolean;
  address: string | null;
  location: { latitude: number; longitude: number } | null;
  /**
   * How precise the location is: `address`, `street`, `commune` (the commune's position: approximate) or
   * `manual` (placed by a person, or given by an import); null without a location.
   */
  locationPrecision: LocationPrecision | null;
  website: string | null;
  /** The day the organisation was created (YYYY-MM-DD), when known. */
  foundedOn: string | null;
  fragilities: Fragility[];
  priorityIds: string[];
  tags: string[];
  description: string;
  /** Open alliances; null when the caller may not know it (a member, for another organisation). */
  allianceCount: number | null;
  archivedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ActorRow {
  id: string;
  category: ActorCategory;
  name: string;
  employer: boolean | null;
  size_class: SizeClass | null;
  siren: string | null;
  siret: string | null;
  rna: string | null;
  naf_code: string | null;
  commune_code: string | null;
  external: boolean;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  location_precision: LocationPrecision | null;
  website: string | null;
  founded_on: string | null;
  fragilities: Fragility[];
  priority_ids: string[] | null;
  tags: string[];
  description: string;
  alliance_count: number | string | null;
  archived_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export type ActorSort = 'name' | '-name' | 'createdAt' | '-createdAt';

export interface ActorFilters {
  category?: ActorCategory;
  sizeClass?: SizeClass;
  communeCode?: string;
  fragility?: Fragility;
  tag?: string;
  hasAlliance?: boolean;
  q?: string;
  includeArchived?: boolean;
  sort?: ActorSort;
}

/**
 * An actor's columns as the API shows them, its priorities' ids included (`priority_ids`, in order,
 * kept on the row by triggers on actor_priorities: migration 1763800000069); `alliance_count` is kept
 * by triggers (migration 1763800000058), not counted here.
 */
export const ACTOR_SELECT = `
  select a.id, a.category, a.name, a.employer, a.size_class, a.siren, a.siret, a.rna, a.naf_code, a.commune_code,
         a.external, a.address, a.latitude, a.longitude, a.location_precision, a.website,
         to_char(a.founded_on, 'YYYY-MM-DD') as founded_on, a.fragilities, a.tags, a.description, a.archived_at,
         a.version, a.created_at, a.updated_at,
         a.priority_ids,
         a.alliance_count
  from actors a`;

/**
 * An actor of a list as PostgreSQL stores it: `json` is the `ActorView`'s JSON text, the card that
 * `actors.card` keeps as the actor is written (migration 1763800000063; in ASCII: 1763800000070), without its priorities
 * (`priority_ids`, kept on the row beside it) and the three fields the API adds (`nafLabel` and
 * `communeName` from its reference tables, `allianceCount` as the caller may see it:
 * `ActorsService.list`), which the API splices in. A page of the directory is neither built per read,
 * nor parsed into objects and serialised again. Same fields as `ActorsService.view`; the directory's
 * e2e suites compare the two after each kind of write.
 */
export const ACTOR_JSON_SELECT = `
  select a.id, a.naf_code, a.commune_code, a.alliance_count,
         a.card as json, array_to_json(a.priority_ids)::text as priority_ids
  from actors a`;

/** A row of `ACTOR_JSON_SELECT`. */
export interface ActorJsonRow {
  id: string;
  naf_code: string | null;
  commune_code: string | null;
  alliance_count: number | string | null;
  json: string;
  /** The actor's priorities' ids as a JSON array (text). */
  priority_ids: string;
}

/** What full-text search reads of an actor: name, description and tags, without accents. */
export function searchText(actor: Pick<CheckedActor, 'name' | 'description' | 'tags'>): string {
  return normaliseText(`${actor.name} ${actor.description} ${actor.tags.join(' ')}`);
}
