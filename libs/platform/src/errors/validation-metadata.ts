import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Metadata = ReturnType<Storage['getTargetValidationMetadatas']>;
type Grouped = ReturnType<Storage['groupByPropertyName']>;

const MEMOISED = Symbol.for('maillage.validationMetadataMemoised');

/**
 * class-validator works out, on every object it validates, which rules apply to its class: it
 * filters the class's rules and tests the class against every decorated class of the process
 * (`instanceof`, for inherited rules), then groups the result by property — hundreds of checks
 * and fresh arrays for each DTO of each request, for an answer that only changes when a decorator
 * runs. This keeps each answer until then: the storage's own methods, memoised per class, schema
 * name (class-validator passes the parent class's name for a nested object) and options, and forgotten whenever a rule, a schema or a constraint is registered. Neither answer
 * is modified by its callers (they filter and read it). Idempotent.
 */
export function memoiseValidationMetadata(storage: Storage = getMetadataStorage()): void {
  const marked = storage as Storage & { [MEMOISED]?: true };
  if (marked[MEMOISED]) return;
  marked[MEMOISED] = true;

  let byTarget = new Map<object, Map<string, Metadata>>();
  let byMetadata = new WeakMap<Metadata, Grouped>();
  const forget = (): void => {
    byTarget = new Map();
    byMetadata = new WeakMap();
  };

  const targetMetadatas = storage.getTargetValidationMetadatas.bind(storage);
  storage.getTargetValidationMetadatas = (targetConstructor, targetSchema, always, strictGroups, groups) => {
    // A nested object is validated with its parent class's name as a schema name (class-validator's
    // own call): the schema is part of the answer's key, like the options.
    const key = `${targetSchema ?? '\u0001'}\u0000${always}\u0000${strictGroups}\u0000${groups === undefined ? '\u0001' : groups.join('\u0000')}`;
    let forTarget = byTarget.get(targetConstructor);
    if (!forTarget) byTarget.set(targetConstructor, (forTarget = new Map()));
    let found = forTarget.get(key);
    if (!found) {
      found = targetMetadatas(targetConstructor, targetSchema, always, strictGroups, groups);
      forTarget.set(key, found);
    }
    return found;
  };

  const groupByPropertyName = storage.groupByPropertyName.bind(storage);
  storage.groupByPropertyName = (metadata) => {
    let grouped = byMetadata.get(metadata);
    if (!grouped) {
      grouped = groupByPropertyName(metadata);
      byMetadata.set(metadata, grouped);
    }
    return grouped;
  };

  for (const name of ['addValidationMetadata', 'addConstraintMetadata', 'addValidationSchema'] as const) {
    const register = (storage[name] as (argument: unknown) => void).bind(storage);
    (storage[name] as (argument: unknown) => void) = (argument: unknown) => {
      register(argument);
      forget();
    };
  }
}
