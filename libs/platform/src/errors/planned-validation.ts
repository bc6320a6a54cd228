import { getMetadataStorage, ValidationError, type ValidationArguments } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Metadata = ReturnType<Storage['getTargetValidationMetadatas']>[number];
type ConstraintMetadata = ReturnType<Storage['getTargetValidatorConstraints']>[number];

/**
 * The options the plans are made for: those of the API's validation pipe (`createValidationPipe`).
 * Any other options go to class-validator itself.
 */
export const PLANNED_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  stopAtFirstError: false,
  validationError: { target: false, value: false },
} as const;

/** A rule of a property, with what class-validator looks up for it on every call resolved once. */
interface PlannedRule {
  metadata: Metadata;
  constraints: ConstraintMetadata[];
}

interface PlannedProperty {
  name: string;
  conditions: ((object: object, value: unknown) => boolean)[];
  defined: PlannedRule[];
  rules: PlannedRule[];
  nested: Metadata[];
}

interface Plan {
  /**
   * The rules by property, as class-validator groups them (a plain object): an own key of the
   * object is refused when this has no rule for it, looked up as class-validator looks it up
   * (`constructor`, which Nest's pipe sets on an array body or a stand-in, finds `Object` there).
   */
  grouped: Record<string, Metadata[]>;
  properties: PlannedProperty[];
}

/** A rule class-validator handles in a way no plan follows (asynchronous, with contexts, schemas…). */
class NotPlannable extends Error {}

const RULE_TYPES = new Set(['customValidation', 'isDefined', 'conditionalValidation', 'nestedValidation']);

const constraintToString = (constraint: unknown): string =>
  Array.isArray(constraint)
    ? constraint.join(', ')
    : typeof constraint === 'symbol'
      ? (constraint.description ?? '')
      : `${String(constraint)}`;

/** class-validator's `ValidationUtils.replaceMessageSpecialTokens`, which it does not export. */
function messageOf(message: unknown, args: ValidationArguments): string {
  let text: string | undefined =
    typeof message === 'function'
      ? (message as (args: ValidationArguments) => string)(args)
      : typeof message === 'string'
        ? message
        : undefined;
  if (text && Array.isArray(args.constraints))
    args.constraints.forEach((constraint, index) => {
      text = (text as string).replace(new RegExp(`\\$constraint${index + 1}`, 'g'), constraintToString(constraint));
    });
  if (
    text &&
    args.value !== undefined &&
    args.value !== null &&
    ['string', 'boolean', 'number'].includes(typeof args.value)
  )
    text = text.replace(/\$value/g, String(args.value));
  if (text) text = text.replace(/\$property/g, args.property);
  if (text) text = text.replace(/\$target/g, args.targetName);
  return text as string;
}

const isPromise = (value: unknown): boolean =>
  value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';

/**
 * class-validator, for the API's options, with the work it redoes on every object done once per
 * class: its rules sorted by kind and property, their validator instances looked up, the
 * whitelist's known keys. Each property, rule and message is then checked exactly as
 * `ValidationExecutor` checks it, in the same order, and the errors have the same shape (the
 * equivalence suite compares both on generated bodies and queries of every DTO). A class whose
 * rules use what the plans leave out (asynchronous validators, contexts, schemas, promises) is
 * validated by class-validator itself.
 */
export class PlannedValidator {
  private readonly plans = new WeakMap<Metadata[], Plan | null>();
  /** Classes whose validation, nested classes included, met a rule no plan follows. */
  private readonly unplannable = new WeakSet<object>();

  constructor(private readonly storage: Storage = getMetadataStorage()) {}

  /** The errors class-validator would give, or undefined when this object's class is left to it. */
  validate(object: object): ValidationError[] | undefined {
    const root = typeof object.constructor === 'function' ? (object.constructor as object) : undefined;
    if (root && this.unplannable.has(root)) return undefined;
    const errors: ValidationError[] = [];
    try {
      this.execute(object, undefined, errors);
    } catch (error) {
      if (!(error instanceof NotPlannable)) throw error;
      if (root) this.unplannable.add(root);
      return undefined;
    }
    return errors;
  }

  private planFor(metadatas: Metadata[]): Plan {
    let plan = this.plans.get(metadatas);
    if (plan === undefined) {
      plan = this.makePlan(metadatas);
      this.plans.set(metadatas, plan);
    }
    if (!plan) throw new NotPlannable();
    return plan;
  }

  private makePlan(metadatas: Metadata[]): Plan | null {
    const grouped = this.storage.groupByPropertyName(metadatas);
    const properties: PlannedProperty[] = [];
    for (const name of Object.keys(grouped)) {
      const list = grouped[name] ?? [];
      const property: PlannedProperty = { name, conditions: [], defined: [], rules: [], nested: [] };
      for (const metadata of list) {
        if (metadata.type === 'whitelistValidation') continue;
        if (!RULE_TYPES.has(metadata.type) || metadata.context !== undefined || typeof metadata.target === 'string')
          return null;
        if (metadata.type === 'conditionalValidation') {
          property.conditions.push(metadata.constraints[0] as (object: object, value: unknown) => boolean);
          continue;
        }
        if (metadata.type === 'nestedValidation') {
          property.nested.push(metadata);
          continue;
        }
        const constraints = this.storage.getTargetValidatorConstraints(metadata.constraintCls);
        if (constraints.some((constraint) => constraint.async)) return null;
        (metadata.type === 'isDefined' ? property.defined : property.rules).push({ metadata, constraints });
      }
      properties.push(property);
    }
    return { grouped, properties };
  }

  /** `ValidationExecutor.execute`. */
  private execute(object: object, targetSchema: string | undefined, errors: ValidationError[]): void {
    const metadatas = this.storage.getTargetValidationMetadatas(
      object.constructor as new () => object,
      targetSchema as string,
      false,
      false,
      undefined as unknown as string[],
    );
    if (metadatas.length === 0) {
      const error = new ValidationError();
      error.value = undefined;
      error.property = undefined as unknown as string;
      error.children = [];
      error.constraints = { unknownValue: 'an unknown value was passed to the validate function' };
      errors.push(error);
      return;
    }
    const plan = this.planFor(metadatas);
    for (const key of Object.keys(object)) {
      const rules = plan.grouped[key] as Metadata[] | undefined;
      if (rules && rules.length !== 0) continue;
      const error = new ValidationError();
      error.property = key;
      error.constraints = { whitelistValidation: `property ${key} should not exist` };
      error.children = undefined;
      errors.push(error);
    }
    for (const property of plan.properties) {
      const value = (object as Record<string, unknown>)[property.name];
      if (value instanceof Promise) throw new NotPlannable();
      this.property(object, value, property.name, property, errors);
    }
  }

  /** `ValidationExecutor.performValidations`, with the error added only when it is not empty (`stripEmptyErrors`). */
  private property(
    object: object,
    value: unknown,
    name: string,
    property: PlannedProperty,
    errors: ValidationError[],
  ): void {
    let pass = true;
    for (const condition of property.conditions) pass = condition(object, value) && pass;
    if (!pass) return;
    const constraints: Record<string, string> = {};
    let failed = false;
    for (const rule of property.defined) failed = this.rule(object, value, rule, constraints) || failed;
    for (const rule of property.rules) failed = this.rule(object, value, rule, constraints) || failed;
    const children: ValidationError[] = [];
    if (property.nested.length > 0 && value !== undefined) {
      for (const metadata of property.nested) {
        if (Array.isArray(value) || value instanceof Set || value instanceof Map) {
          const items: unknown[] = value instanceof Set ? Array.from(value) : (value as unknown[]);
          // class-validator passes a Map itself, whose own `forEach` gives (value, key).
          (items as { forEach(each: (item: unknown, key: unknown) => void): void }).forEach((item, index) => {
            this.property(
              value as object,
              item,
              String(index),
              { name: String(index), conditions: [], defined: [], rules: [], nested: property.nested },
              children,
            );
          });
        } else if (value instanceof Object) {
          const targetSchema = typeof metadata.target === 'string' ? metadata.target : metadata.target.name;
          this.execute(value, targetSchema, children);
        } else {
          const args: ValidationArguments = {
            targetName: (metadata.target as object).constructor?.name,
            property: metadata.propertyName,
            object: metadata.target as object,
            value,
            constraints: metadata.constraints,
          };
          constraints[metadata.type] = messageOf(metadata.message ?? '', args);
          failed = true;
        }
      }
    }
    if (!failed && children.length === 0) return;
    const error = new ValidationError();
    error.property = name;
    error.children = children;
    if (failed) error.constraints = constraints;
    errors.push(error);
  }

  /** `ValidationExecutor.customValidations` for one rule; true when it failed. */
  private rule(object: object, value: unknown, rule: PlannedRule, constraints: Record<string, string>): boolean {
    const { metadata } = rule;
    if (metadata.validateIf && !metadata.validateIf(object, value)) return false;
    let failed = false;
    for (const constraint of rule.constraints) {
      const args: ValidationArguments = {
        targetName: (object.constructor as { name?: string } | undefined)?.name as string,
        property: metadata.propertyName,
        object,
        value,
        constraints: metadata.constraints,
      };
      let valid: boolean;
      if (!metadata.each || !(Array.isArray(value) || value instanceof Set || value instanceof Map)) {
        const result: unknown = constraint.instance.validate(value, args);
        if (isPromise(result)) throw new NotPlannable();
        valid = Boolean(result);
      } else {
        // class-validator's `convertToArray`: an array is itself (a gap is skipped, as by `map`).
        const items: unknown[] =
          value instanceof Map ? Array.from(value.values()) : Array.isArray(value) ? value : Array.from(value);
        const results: unknown[] = items.map((item) => constraint.instance.validate(item, args));
        if (results.some(isPromise)) throw new NotPlannable();
        valid = results.every(Boolean);
      }
      if (valid) continue;
      const type = constraint.name ? constraint.name : metadata.type;
      const message =
        metadata.message ||
        (typeof constraint.instance.defaultMessage === 'function' ? constraint.instance.defaultMessage(args) : '');
      constraints[type] = messageOf(message, args);
      failed = true;
    }
    return failed;
  }
}
