import fc from 'fast-check';
import type { OpenAPIObject } from '@nestjs/swagger';
import { resolveSchema, type Schema } from '@maillage/testing';

/**
 * Request values built from the OpenAPI document's schemas, shared by the
 * suites that walk every operation: `fuzz` (values near and past the limits,
 * and of other types entirely) and `valid` (`validBody`: what validation
 * lets through, so a request reaches the service).
 */
export type ValueMode = 'fuzz' | 'valid';

export const weird = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constant('x'.repeat(20_000)),
  fc.constant("'; drop table users; --"),
  fc.constant('../../etc/passwd'),
  fc.constant('00000000-0000-0000-0000-000000000000'),
  fc.uuid(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);

/** One value the schema accepts: its example, its first enum value, or a plain value of its type and format. */
function validValue(document: OpenAPIObject, schema: Schema, depth: number): fc.Arbitrary<unknown> {
  if (schema.example !== undefined) return fc.constant(schema.example);
  if (schema.enum) return fc.constant(schema.enum[0]);
  switch (schema.type) {
    case 'string': {
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'email') return fc.constant('personne.valide@maillage.test');
      if (schema.format === 'date') return fc.constant('2025-03-14');
      if (schema.format === 'date-time') return fc.constant('2025-03-14T10:00:00.000Z');
      if (schema.pattern)
        return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 200));
      const text = 'Valeur de test';
      return fc.constant(
        text.padEnd(schema.minLength ?? 0, 'x').slice(0, Math.max(schema.maxLength ?? text.length, 1)),
      );
    }
    case 'number':
    case 'integer':
      return fc.constant(schema.minimum ?? 1);
    case 'boolean':
      return fc.constant(true);
    case 'array':
      return fc.array(valueFor(document, schema.items, depth + 1, 'valid'), {
        minLength: Math.max(schema.minItems ?? 1, 1),
        maxLength: Math.max(schema.minItems ?? 1, 1),
      });
    case 'object':
      return objectFor(document, schema, depth + 1, 'valid');
    default:
      return fc.constant('Valeur de test');
  }
}

/**
 * Values of the schema's type, near its limits, and values of other types
 * entirely (`fuzz`); or one value it accepts (`valid`).
 */
export function valueFor(
  document: OpenAPIObject,
  raw: Schema | undefined,
  depth = 0,
  mode: ValueMode = 'fuzz',
): fc.Arbitrary<unknown> {
  const schema = resolveSchema(document, raw) ?? {};
  if (mode === 'valid') return validValue(document, schema, depth);
  const options: fc.Arbitrary<unknown>[] = [weird];
  if (schema.enum) options.push(fc.constantFrom(...schema.enum));
  switch (schema.type) {
    case 'string':
      options.push(
        fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 60, 300) }),
        fc.string({ minLength: (schema.maxLength ?? 200) + 1, maxLength: (schema.maxLength ?? 200) + 5 }),
        schema.format === 'uuid' ? fc.uuid() : fc.emailAddress(),
        fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      );
      break;
    case 'number':
    case 'integer':
      options.push(
        fc.integer({ min: -5, max: 1_000_000 }),
        fc.constantFrom(schema.minimum ?? 0, schema.maximum ?? 100, -1),
      );
      break;
    case 'array':
      options.push(fc.array(valueFor(document, schema.items, depth + 1), { maxLength: 4 }));
      break;
    case 'object':
      if (depth < 3) options.push(objectFor(document, schema, depth + 1));
      break;
  }
  return fc.oneof(...options);
}

/** Objects of the schema's properties (`fuzz`: any of them, with extra keys at times; `valid`: the required ones). */
export function objectFor(
  document: OpenAPIObject,
  schema: Schema,
  depth = 0,
  mode: ValueMode = 'fuzz',
): fc.Arbitrary<Record<string, unknown>> {
  if (mode === 'valid') {
    const required = new Set(schema.required ?? []);
    return fc.record(
      Object.fromEntries(
        Object.entries(schema.properties ?? {})
          .filter(([name]) => required.has(name))
          .map(([name, property]) => [name, valueFor(document, property, depth, 'valid')]),
      ),
    );
  }
  const properties = Object.entries(schema.properties ?? {});
  const known = fc.record(
    Object.fromEntries(properties.map(([name, property]) => [name, valueFor(document, property, depth)])),
    { requiredKeys: [] },
  );
  const extra = fc.dictionary(
    fc.oneof(
      fc.constantFrom('id', 'territoryId', 'role', '__proto__', 'constructor', 'createdAt'),
      fc.string({ maxLength: 10 }),
    ),
    weird,
    { maxKeys: 2 },
  );
  return fc
    .tuple(known, extra, fc.boolean())
    .map(([values, extras, withExtras]) => (withExtras ? { ...values, ...extras } : values));
}

/**
 * A request body that validation accepts, built from the operation's schema
 * (the same for every run: fixed seed), so a write route reaches its service.
 */
export function validBody(document: OpenAPIObject, schema: Schema): Record<string, unknown> {
  const resolved = resolveSchema(document, schema) ?? {};
  return fc.sample(objectFor(document, resolved, 0, 'valid'), { seed: 14, numRuns: 1 })[0] as Record<string, unknown>;
}
