import { getMetadataStorage, type ValidationArguments } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Metadata = Parameters<Storage['addValidationMetadata']>[0];

const FRENCHED = Symbol.for('maillage.validationMessagesFrench');

const LONG_DATE = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' });

const count = (n: unknown, one: string, many: string): string => `${String(n)} ${Number(n) <= 1 ? one : many}`;

/** French labels of coded values, by the exact list of codes they label (see `registerValueLabels`). */
const valueLabels = new Map<string, Readonly<Record<string, string>>>();

const codesKey = (codes: readonly string[]): string => [...codes].sort().join('\u0000');

/**
 * Gives the French labels of the codes of a coded field (an actor's category, an action's type…):
 * a rule accepting exactly these codes then names each value by its label, its code beside it
 * (« Association (association), Entreprise (company), … »), for people who read the label and API
 * users who send the code. The platform knows no feature's codes: each feature library registers
 * its own, once, when it is loaded. A later registration of the same codes replaces the earlier.
 */
export function registerValueLabels(...catalogues: readonly Readonly<Record<string, string>>[]): void {
  for (const labels of catalogues) valueLabels.set(codesKey(Object.keys(labels)), { ...labels });
}

/** The accepted values of an `IsIn` / `IsEnum`, at most twelve shown, each with its French label when it has one. */
function accepted(values: unknown): string {
  const list = Array.isArray(values)
    ? values.map(String)
    : values && typeof values === 'object'
      ? Object.values(values).map(String)
      : [];
  const labels = valueLabels.get(codesKey(list));
  const shown = labels ? list.map((code) => `${labels[code] ?? code} (${code})`) : list;
  return shown.length > 12 ? `${shown.slice(0, 12).join(', ')}, …` : shown.join(', ');
}

/** « doit être l’une des valeurs acceptées », then the values: after a colon when they are labelled, in brackets when they are bare codes. */
function oneOf(values: unknown): string {
  const list = Array.isArray(values) ? values : values && typeof values === 'object' ? Object.values(values) : [];
  const labelled = valueLabels.has(codesKey(list.map(String)));
  return labelled
    ? `doit être l’une des valeurs acceptées : ${accepted(values)}`
    : `doit être l’une des valeurs acceptées (${accepted(values)})`;
}

function dateOf(constraint: unknown): string {
  const date = typeof constraint === 'function' ? (constraint as () => unknown)() : constraint;
  // French writes the first day of a month as an ordinal: « 1er janvier 1900 ».
  return date instanceof Date && !Number.isNaN(date.getTime())
    ? LONG_DATE.format(date).replace(/^1 /, '1er ')
    : String(date);
}

const AN_ISO_DATE = () => 'doit être une date au format ISO 8601 (par exemple 2026-03-12)';
const AN_OBJECT = () => 'doit être un objet';

/**
 * What each of class-validator's rules requires, said in French, as a predicate on the value
 * (« doit … »): the subject is « Ce champ » or, for a rule on each element of a list, « Chaque
 * élément ». Only class-validator's own rules are here: a rule of ours says its own message.
 */
const PREDICATES: Record<string, (constraints: unknown[]) => string> = {
  isDefined: () => 'doit être renseigné',
  isNotEmpty: () => 'ne doit pas être vide',
  isString: () => 'doit être un texte',
  minLength: ([min]) =>
    Number(min) <= 1 ? 'ne doit pas être vide' : `doit contenir au moins ${String(min)} caractères`,
  maxLength: ([max]) => `ne doit pas dépasser ${count(max, 'caractère', 'caractères')}`,
  isIn: ([values]) => oneOf(values),
  isEnum: ([entity]) => oneOf(entity),
  isNotIn: () => 'n’est pas une valeur acceptée',
  isArray: () => 'doit être une liste',
  arrayMinSize: ([min]) => `doit contenir au moins ${count(min, 'élément', 'éléments')}`,
  arrayMaxSize: ([max]) => `ne doit pas contenir plus de ${count(max, 'élément', 'éléments')}`,
  arrayNotEmpty: () => 'ne doit pas être une liste vide',
  arrayUnique: () => 'ne doit pas contenir deux fois la même valeur',
  matches: () => 'n’a pas le format attendu',
  isUuid: () => 'doit être un identifiant (UUID)',
  isDateString: AN_ISO_DATE,
  isIso8601: AN_ISO_DATE,
  isDate: () => 'doit être une date valide',
  minDate: ([min]) => `ne doit pas être antérieur au ${dateOf(min)}`,
  maxDate: ([max]) => `ne doit pas être postérieur au ${dateOf(max)}`,
  isInt: () => 'doit être un nombre entier',
  isNumber: () => 'doit être un nombre',
  isPositive: () => 'doit être un nombre strictement positif',
  min: ([min]) => `doit être supérieur ou égal à ${String(min)}`,
  max: ([max]) => `doit être inférieur ou égal à ${String(max)}`,
  isBoolean: () => 'doit valoir true ou false',
  isUrl: () => 'doit être une adresse web complète (https://…)',
  isEmail: () => 'doit être une adresse e-mail valide',
  isLatitude: () => 'doit être une latitude en degrés décimaux, entre -90 et 90',
  isLongitude: () => 'doit être une longitude en degrés décimaux, entre -180 et 180',
  isObject: AN_OBJECT,
  nestedValidation: AN_OBJECT,
};

/** class-validator's own message for a nested object, which it sets on the rule itself. */
const NESTED_DEFAULT = /^(each value in )?nested property \$property must be either object or array$/;

/** The rule's name as class-validator reports it (the key of the error's `constraints`). */
const ruleName = (metadata: Metadata): string => metadata.name ?? metadata.type;

/** The French message of a rule of class-validator's own that carries none of ours; undefined otherwise. */
export function frenchMessageFor(metadata: Metadata): ((args: ValidationArguments) => string) | undefined {
  const name = ruleName(metadata);
  const predicate = PREDICATES[name];
  if (!predicate) return undefined;
  const own =
    typeof metadata.message === 'function' ||
    (typeof metadata.message === 'string' && !(name === 'nestedValidation' && NESTED_DEFAULT.test(metadata.message)));
  if (own) return undefined;
  // A rule on each element of a list checks the value itself when it is no list.
  const subject = (value: unknown) =>
    metadata.each && (Array.isArray(value) || value instanceof Set || value instanceof Map)
      ? 'Chaque élément'
      : 'Ce champ';
  return (args) => `${subject(args.value)} ${predicate(args.constraints ?? [])}.`;
}

/** Messages class-validator writes itself, outside any rule, by the key it files them under. */
export const FRENCH_BUILT_IN: Readonly<Record<string, string>> = {
  whitelistValidation: 'Ce champ n’est pas accepté ici.',
  unknownValue: 'Les données envoyées ne sont pas du type attendu.',
  /** Nest's pipe, for a body or query that is a list or a single value (its English text is checked). */
  isObject: 'Un objet JSON est attendu ici.',
};

/**
 * Gives every rule of class-validator's own a French message (its defaults are English and
 * name the property), on the rules already declared and on any declared later. A message a
 * decorator sets itself is kept. Idempotent.
 */
export function frenchValidationMessages(storage: Storage = getMetadataStorage()): void {
  const marked = storage as Storage & { [FRENCHED]?: true };
  if (marked[FRENCHED]) return;
  marked[FRENCHED] = true;
  const french = (metadata: Metadata): void => {
    const message = frenchMessageFor(metadata);
    if (message) metadata.message = message;
  };
  const declared = (storage as unknown as { validationMetadatas: Map<unknown, Metadata[]> }).validationMetadatas;
  for (const list of declared.values()) list.forEach(french);
  const register = storage.addValidationMetadata.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    french(metadata);
    register(metadata);
  };
}
