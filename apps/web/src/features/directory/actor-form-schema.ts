/**
 * The actor form's values (strings, as the inputs give them) and their schema: the checks the
 * API makes, so the form can say what is wrong while the user types, and the mapping to the
 * API's request body. Plain TypeScript (no React, no Vite): unit-tested on its own. The
 * identifiers' rules and the enums come from the contract shared with the API (libs/contract).
 */
import {
  ACTOR_CATEGORIES,
  checkNaf,
  checkRna,
  checkSiren,
  checkSiret,
  FRAGILITIES,
  PUBLIC_PROFILE_FIELDS,
  REVIEWED_PROFILE_FIELDS,
  SIZE_CLASSES,
  type ProfileField,
} from '@maillage/contract';
import { z } from 'zod';
import type { Schemas } from '../../api/client';
import { checkCommune, checkFoundedOn, checkPoint, checkWebsite, parseCoordinate, withWebScheme } from './identifiers';

type Body = Schemas['CreateActorDto'];
/** A catalogue lookup (i18next's `t`): the schema's messages are the console's own, in French. */
export type Translate = (key: string) => string;

const valuesSchema = z.object({
  category: z.enum(ACTOR_CATEGORIES),
  name: z.string(),
  employer: z.enum(['', 'true', 'false']),
  sizeClass: z.union([z.literal(''), z.enum(SIZE_CLASSES)]),
  siren: z.string(),
  siret: z.string(),
  rna: z.string(),
  nafCode: z.string(),
  communeCode: z.string(),
  address: z.string(),
  latitude: z.string(),
  longitude: z.string(),
  website: z.string(),
  foundedOn: z.string(),
  fragilities: z.array(z.enum(FRAGILITIES)),
  priorityIds: z.array(z.string()),
  tags: z.string(),
  description: z.string(),
});

export type ActorFormValues = z.input<typeof valuesSchema>;
export type ActorField = keyof ActorFormValues;

/**
 * A coordinate as the form shows it: every digit kept, with a decimal comma as French users type
 * it (« 45,7719 »), or a point (`decimalComma` false: the English console). Both are read back.
 */
export function coordinateText(value: number, decimalComma = true): string {
  const text = String(value);
  return decimalComma ? text.replace('.', ',') : text;
}

/** The form's starting values: the actor's, or a new association's; coordinates with a decimal comma unless told. */
export function actorFormValues(actor?: Schemas['ActorDto'], decimalComma = true): ActorFormValues {
  return {
    category: actor?.category ?? 'association',
    name: actor?.name ?? '',
    employer: actor?.employer === true ? 'true' : actor?.employer === false ? 'false' : '',
    sizeClass: actor?.sizeClass ?? '',
    siren: actor?.siren ?? '',
    siret: actor?.siret ?? '',
    rna: actor?.rna ?? '',
    nafCode: actor?.nafCode ?? '',
    communeCode: actor?.communeCode ?? '',
    address: actor?.address ?? '',
    latitude: actor?.location ? coordinateText(actor.location.latitude, decimalComma) : '',
    longitude: actor?.location ? coordinateText(actor.location.longitude, decimalComma) : '',
    website: actor?.website ?? '',
    foundedOn: actor?.foundedOn ?? '',
    fragilities: actor?.fragilities ?? [],
    priorityIds: actor?.priorityIds ?? [],
    tags: actor?.tags.join(', ') ?? '',
    description: actor?.description ?? '',
  };
}

/** The client-side checks, as catalogue keys (`directory:check.*`) per field, in the form's order. */
export function actorProblems(form: ActorFormValues): Partial<Record<ActorField, string>> {
  const result: Partial<Record<ActorField, string>> = {};
  if (!form.name.trim()) result.name = 'check.name';
  const siren = checkSiren(form.siren);
  if (siren) result.siren = siren;
  const siret = checkSiret(form.siret, form.siren);
  if (siret) result.siret = siret;
  if (form.category === 'association') {
    const rna = checkRna(form.rna);
    if (rna) result.rna = rna;
  }
  const naf = checkNaf(form.nafCode);
  if (naf) result.nafCode = naf;
  const commune = checkCommune(form.communeCode);
  if (commune) result.communeCode = commune;
  const website = checkWebsite(form.website);
  if (website) result.website = website;
  const foundedOn = checkFoundedOn(form.foundedOn);
  if (foundedOn) result.foundedOn = foundedOn;
  Object.assign(result, checkPoint(form.latitude, form.longitude));
  return result;
}

/** A field is checked once left, or as soon as an identifier has all its digits. */
export function complete(field: ActorField, value: string): boolean {
  const digits = value.replace(/\s/g, '').length;
  if (field === 'siren') return digits >= 9;
  if (field === 'siret') return digits >= 14;
  if (field === 'rna') return value.trim().length >= 10;
  if (field === 'communeCode') return value.trim().length >= 5;
  return false;
}

const text = (value: string): string | null => value.trim() || null;

/**
 * The API's body: fields of other categories as null, coordinates with a decimal comma read, a
 * website without its scheme given https:// (as the API does), tags deduplicated.
 */
export function actorBody(form: ActorFormValues): Body {
  const lat = form.latitude.trim();
  const lon = form.longitude.trim();
  return {
    category: form.category,
    name: form.name.trim(),
    employer: form.category === 'association' && form.employer ? form.employer === 'true' : null,
    sizeClass: form.category === 'company' && form.sizeClass ? form.sizeClass : null,
    siren: text(form.siren),
    siret: text(form.siret),
    rna: form.category === 'association' ? text(form.rna) : null,
    nafCode: text(form.nafCode),
    communeCode: text(form.communeCode),
    address: text(form.address),
    latitude: lat ? parseCoordinate(lat) : null,
    longitude: lon ? parseCoordinate(lon) : null,
    website: text(withWebScheme(form.website)),
    foundedOn: text(form.foundedOn),
    fragilities: form.fragilities,
    priorityIds: form.priorityIds,
    tags: [
      ...new Set(
        form.tags
          .split(/[,;]/)
          .map((tag) => tag.trim())
          .filter(Boolean),
      ),
    ],
    description: form.description.trim(),
  };
}

/** The whole form: each check's message (French, through `t`) on its field, then the API body. */
export function actorFormSchema(t: Translate) {
  return valuesSchema
    .superRefine((form, context) => {
      for (const [field, key] of Object.entries(actorProblems(form))) {
        context.addIssue({ code: 'custom', path: [field], message: t(`directory:${key}`) });
      }
    })
    .transform(actorBody);
}

export type ActorFormSchema = ReturnType<typeof actorFormSchema>;

/** The schema's messages for `values`, one per field, in the form's order. */
export function actorMessages(schema: ActorFormSchema, values: ActorFormValues): Partial<Record<ActorField, string>> {
  const result: Partial<Record<ActorField, string>> = {};
  for (const issue of schema.safeParse(values).error?.issues ?? []) {
    const field = issue.path[0] as ActorField;
    result[field] ??= issue.message;
  }
  return result;
}

export interface ProfilePatch {
  /** The member's one PATCH: only the fields that changed. */
  body: Partial<Pick<Body, ProfileField>>;
  /** The public fields in it (applied at once). */
  applied: ProfileField[];
  /** The reviewed fields in it (sent to the coordination). */
  reviewed: ProfileField[];
}

/** A member's profile form as a patch: the fields whose API value differs from the saved one's. */
export function profilePatch(saved: Body, edited: Body): ProfilePatch {
  const changed = (field: ProfileField) =>
    JSON.stringify(saved[field] ?? null) !== JSON.stringify(edited[field] ?? null);
  const applied = PUBLIC_PROFILE_FIELDS.filter(changed);
  const reviewed = REVIEWED_PROFILE_FIELDS.filter(changed);
  const body = Object.fromEntries(
    [...applied, ...reviewed].map((field) => [field, edited[field]]),
  ) as ProfilePatch['body'];
  return { body, applied, reviewed };
}
