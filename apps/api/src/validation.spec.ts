import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate, type ValidationArguments, type ValidationError } from 'class-validator';
import {
  createValidationPipe,
  DomainError,
  fieldProblems,
  PLANNED_OPTIONS,
  PlannedValidator,
  registerValueLabels,
  type FieldProblem,
} from '@maillage/platform';
import { FRENCH_LABELS, seededRandom } from '@maillage/ecosystem';
import { CreateActionDto, PriorityQueryDto } from './ecosystem/activity/activity.dto.js';
import { ActorQueryDto, CreateActorDto } from './ecosystem/directory/actors.dto.js';

/** Words of class-validator's English defaults. */
const ENGLISH = /\b(must|should|property|each value|characters|elements|or equal to|is not)\b/i;

/** Every DTO of the API declared (controllers and DTO files imported), the pipe's set-up done. */
async function loadDtos(): Promise<string[]> {
  const root = join(process.cwd(), 'apps/api/src');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) =>
    /(\.dto|\.controller)\.ts$/.test(file),
  );
  for (const file of files) await import(pathToFileURL(join(root, file)).href);
  createValidationPipe();
  return files;
}

async function problems(metatype: unknown, value: unknown, type: 'body' | 'query' = 'body'): Promise<FieldProblem[]> {
  try {
    await createValidationPipe().transform(value, { type, metatype: metatype as never });
  } catch (error) {
    if (error instanceof DomainError) return error.errors ?? [];
    throw error;
  }
  return [];
}

describe('validation messages', () => {
  it('are French for every rule of every DTO of the API, library defaults included', async () => {
    const files = await loadDtos();

    const storage = getMetadataStorage() as unknown as {
      validationMetadatas: Map<
        { name?: string },
        {
          type: string;
          name?: string;
          propertyName: string;
          message?: string | ((args: ValidationArguments) => string);
          constraints?: unknown[];
          constraintCls?: new () => unknown;
        }[]
      >;
      getTargetValidatorConstraints(
        cls: unknown,
      ): { instance: { defaultMessage?: (args: ValidationArguments) => string } }[];
    };
    const english: string[] = [];
    let rules = 0;
    for (const [target, list] of storage.validationMetadatas) {
      for (const metadata of list) {
        if (['conditionalValidation', 'whitelistValidation'].includes(metadata.type)) continue;
        rules += 1;
        const args: ValidationArguments = {
          value: 'x',
          constraints: metadata.constraints ?? [],
          targetName: target.name ?? '',
          object: {},
          property: metadata.propertyName,
        };
        const custom = metadata.constraintCls
          ? storage.getTargetValidatorConstraints(metadata.constraintCls)[0]?.instance
          : undefined;
        const message =
          typeof metadata.message === 'function'
            ? metadata.message(args)
            : (metadata.message ?? custom?.defaultMessage?.(args) ?? '');
        if (!message || ENGLISH.test(message))
          english.push(`${target.name}.${metadata.propertyName} ${metadata.name ?? metadata.type}: « ${message} »`);
      }
    }
    // The sweep saw the API's DTOs (a resolution failure would leave it nearly empty).
    expect(files.length).toBeGreaterThan(20);
    expect(rules).toBeGreaterThan(300);
    expect(english).toEqual([]);
  }, 120_000);

  it('name what is wrong in French, field by field, for a body', async () => {
    const found = await problems(CreateActionDto, {
      type: 'animation',
      title: '',
      startDate: '2026-13-01',
      participants: [{ actorId: 'x', role: 'boss' }, 'not an object'],
      animation: { format: 'f'.repeat(101), topics: ['a', 7] },
      unexpected: true,
    });
    const at = (field: string) => found.filter((problem) => problem.field === field).map((problem) => problem.message);
    expect(at('unexpected')).toEqual(['Ce champ n’est pas accepté ici.']);
    expect(at('title')).toEqual(['Ce champ ne doit pas être vide.']);
    expect(at('participants.0.actorId')).toEqual(['Ce champ doit être un identifiant (UUID).']);
    expect(at('participants.0.role')).toEqual([
      expect.stringMatching(/^Ce champ doit être l’une des valeurs acceptées( \(|( : )Organisateur \()organiser/),
    ]);
    expect(at('participants.1')).toEqual(['Ce champ doit être un objet.']);
    expect(at('animation.format')).toEqual(['Ce champ ne doit pas dépasser 100 caractères.']);
    expect(at('animation.topics')).toContain('Chaque élément doit être un texte.');
    // A message the DTO sets itself is kept.
    expect(at('startDate')).toEqual(['Cette date n’existe pas au calendrier.']);
    for (const problem of found) expect(problem.message).not.toMatch(ENGLISH);
  });

  it('say only that the type is wrong when a value is of another kind', async () => {
    const found = await problems(CreateActionDto, {
      type: 'animation',
      title: 42,
      startDate: '2026-03-01',
      participants: 'everyone',
      animation: { format: 5, topics: ['emploi'] },
    });
    const at = (field: string) => found.filter((problem) => problem.field === field).map((problem) => problem.message);
    // Not also « ne doit pas dépasser 100 caractères », « ne doit pas être vide »: those follow from the type.
    expect(at('title')).toEqual(['Ce champ doit être un texte.']);
    expect(at('animation.format')).toEqual(['Ce champ doit être un texte.']);
    expect(at('participants')).toEqual(['Ce champ doit être une liste.']);
  });

  it('say in French that an object is expected when a list or a single value is sent', async () => {
    // A class whose fields are all optional: nothing else is wrong with such a value.
    for (const sent of [[], 'x', 3])
      expect(await problems(PriorityQueryDto, sent)).toEqual([
        { field: 'body', message: 'Un objet JSON est attendu ici.' },
      ]);
  });

  it('give the French labels of a coded field’s accepted values first, each code beside its label', async () => {
    registerValueLabels(...Object.values(FRENCH_LABELS));
    const found = await problems(CreateActorDto, { category: 'martian', name: 'Amicale' });
    expect(found).toEqual([
      {
        field: 'category',
        message:
          'Ce champ doit être l’une des valeurs acceptées : Association (association), Entreprise (company), ' +
          'Collectivité / acteur public (public_body), Fondation / fonds de dotation (foundation), ' +
          'Enseignement / recherche (academic), Structure d’accompagnement (support_structure), ' +
          'Collectif citoyen (citizen_group).',
      },
    ]);
  });

  it('name each text holding a NUL character, with whatever else is wrong', async () => {
    const found = await problems(CreateActionDto, {
      type: 'animation',
      title: 'Forum\u0000',
      startDate: '2026-03-01',
      animation: { format: 'atelier', topics: ['ok', 'em\u0000ploi'] },
      unexpected: true,
    });
    const nul = 'Ce champ contient un caractère invisible interdit (caractère nul) : retirez-le.';
    expect(found).toEqual(
      expect.arrayContaining([
        { field: 'unexpected', message: 'Ce champ n’est pas accepté ici.' },
        { field: 'title', message: nul },
        { field: 'animation.topics.1', message: nul },
      ]),
    );
  });

  it('name what is wrong in French for a query', async () => {
    const found = await problems(ActorQueryDto, { limit: '1000', category: 'martian', zzz: '1' }, 'query');
    expect(found.length).toBeGreaterThanOrEqual(3);
    expect(found.find((problem) => problem.field === 'zzz')?.message).toBe('Ce champ n’est pas accepté ici.');
    for (const problem of found) expect(problem.message).not.toMatch(ENGLISH);
  });
});

type Rule = { type: string; name?: string; propertyName: string; constraints?: unknown[]; each?: boolean };

/**
 * Bodies and queries for a DTO class, drawn from its own rules: mostly plausible values around
 * each rule's limits (lengths, bounds, accepted values, formats), with missing, null and wrong-typed
 * values, nested objects and lists of them, and unknown keys.
 */
class Inputs {
  constructor(
    private readonly next: () => number,
    private readonly typeOf: (target: object, property: string) => (() => unknown) | undefined,
  ) {}

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  private int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  private text(length: number): string {
    const alphabet = 'abcdefgh éèçà-ÉŒ0123456789_.@/:';
    return Array.from({ length }, () => this.pick([...alphabet])).join('');
  }

  private junk(depth: number): unknown {
    const options: (() => unknown)[] = [
      () => this.int(-5, 5),
      () => this.next() * 1e6 - 5e5,
      () => this.text(this.int(0, 6)),
      () => this.pick([true, false, null, '', ' ', 'true', '1', '-1', '1.5', 'NaN', '2026-02-30', '2026-03-12']),
      () => (depth > 2 ? [] : Array.from({ length: this.int(0, 3) }, () => this.junk(depth + 1))),
      () => (depth > 2 ? {} : { [this.text(3)]: this.junk(depth + 1) }),
    ];
    return this.pick(options)();
  }

  /** A value that one rule of the property would accept (or just miss). */
  private plausible(rule: Rule, target: object, depth: number, query: boolean): unknown {
    const [first] = rule.constraints ?? [];
    const n = typeof first === 'number' ? first : 0;
    const asQuery = (value: unknown) => (query && this.next() < 0.7 ? String(value) : value);
    switch (rule.name ?? rule.type) {
      case 'isIn':
        return this.next() < 0.9 ? this.pick(first as unknown[]) : this.text(4);
      case 'isEnum':
        return this.pick(Object.values(first as object));
      case 'maxLength':
        return this.text(this.pick([0, 1, n - 1, n, n + 1].filter((length) => length >= 0)));
      case 'minLength':
        return this.text(this.pick([0, n, n + 3]));
      case 'isString':
        return this.text(this.int(0, 12));
      case 'isUuid':
        return this.pick(['6f1c2b8a-3d4e-4f5a-9b6c-7d8e9f0a1b2c', '00000000-0000-0000-0000-000000000000', 'x', '']);
      case 'isInt':
      case 'min':
      case 'max':
        return asQuery(this.pick([n - 1, n, n + 1, 0, 1, 50, 1.5, -3]));
      case 'isNumber':
      case 'isLatitude':
      case 'isLongitude':
        return asQuery(this.pick([0, 45.19, -91, 181, 5.72, Number.NaN]));
      case 'isBoolean':
        return asQuery(this.pick([true, false]));
      case 'isDateString':
      case 'isDate':
      case 'minDate':
      case 'maxDate':
        return this.pick(['2026-03-12', '2026-02-30', '1899-12-31', '2026-03-12T10:00:00Z', '12/03/2026']);
      case 'isEmail':
        return this.pick(['camille@example.org', 'camille@', 'x']);
      case 'isUrl':
        return this.pick(['https://example.org/kit', 'ftp://x', 'example']);
      case 'matches':
        return this.pick(['38185', '2A004', '2026-03', 'abc', '#1a2b3c', '12345678901234', '']);
      case 'arrayMaxSize':
      case 'arrayMinSize':
      case 'isArray':
        return Array.from({ length: this.pick([0, 1, Math.max(0, n - 1), n, n + 1]) }, () => this.text(this.int(0, 5)));
      case 'nestedValidation': {
        const type = this.typeOf(target, rule.propertyName)?.();
        if (typeof type !== 'function' || depth > 2) return this.junk(depth + 1);
        const one = () => (this.next() < 0.85 ? this.body(type, depth + 1, query) : this.junk(depth + 1));
        return rule.each ? Array.from({ length: this.int(0, 3) }, one) : one();
      }
      default:
        return this.junk(depth);
    }
  }

  body(target: object, depth = 0, query = false): Record<string, unknown> {
    const storage = getMetadataStorage();
    const grouped = storage.groupByPropertyName(
      storage.getTargetValidationMetadatas(target as new () => object, undefined as unknown as string, false, false),
    ) as Record<string, Rule[]>;
    const body: Record<string, unknown> = {};
    for (const [property, rules] of Object.entries(grouped)) {
      const roll = this.next();
      if (roll < 0.15) continue;
      if (roll < 0.2) body[property] = null;
      else if (roll < 0.3) body[property] = this.junk(depth);
      else {
        const checked = rules.filter((rule) => rule.type !== 'conditionalValidation');
        const rule = checked.length > 0 ? this.pick(checked) : undefined;
        let value = rule ? this.plausible(rule, target, depth, query) : this.junk(depth);
        if (rule?.each && rule.type !== 'nestedValidation' && !Array.isArray(value))
          value = Array.from({ length: this.int(0, 3) }, () => this.plausible(rule, target, depth, query));
        body[property] = value;
      }
    }
    if (this.next() < 0.05) body[this.pick(['role', 'territoryId', 'isAdmin', 'zzz'])] = this.junk(depth);
    return body;
  }
}

describe('the planned validation', () => {
  it('gives exactly the errors and values of class-validator on generated bodies and queries of every DTO', async () => {
    await loadDtos();
    const { defaultMetadataStorage } = (await import('class-transformer/cjs/storage.js' as string)) as {
      defaultMetadataStorage: {
        findTypeMetadata(target: object, property: string): { typeFunction: () => unknown } | undefined;
      };
    };
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, unknown[]> };
    const classes = [...storage.validationMetadatas.keys()].filter(
      (target): target is new () => object => typeof target === 'function',
    );
    const next = seededRandom(20261206);
    const inputs = new Inputs(
      next,
      (target, property) =>
        defaultMetadataStorage.findTypeMetadata(target.constructor === Function ? target : target.constructor, property)
          ?.typeFunction,
    );
    const planned = new PlannedValidator();
    const reference = new ValidationPipe({ ...PLANNED_OPTIONS, transform: true, exceptionFactory: (errors) => errors });
    const ours = createValidationPipe() as unknown as { transform: ValidationPipe['transform'] };
    const settle = async (run: () => Promise<unknown>) => {
      try {
        return { value: await run() };
      } catch (thrown) {
        return { thrown: thrown instanceof DomainError ? thrown.errors : thrown };
      }
    };
    let compared = 0;
    let failing = 0;
    const unplanned: string[] = [];
    for (const target of classes) {
      for (let round = 0; round < 40; round += 1) {
        const query = round % 2 === 1;
        const body = inputs.body(target, 0, query);
        const type = query ? 'query' : 'body';
        // The same transformed object, checked by both (the pipe's own steps are shared).
        const instance = plainToInstance(target, structuredClone(body)) as object;
        const expected = await validate(instance, PLANNED_OPTIONS);
        const found = planned.validate(instance);
        if (found === undefined) {
          unplanned.push(target.name);
          break;
        }
        expect({ target: target.name, body, errors: found }).toEqual({ target: target.name, body, errors: expected });
        if (expected.length > 0) failing += 1;
        // Through the pipes: the same problem, or the same value.
        const viaReference = await settle(() => reference.transform(structuredClone(body), { type, metatype: target }));
        const viaOurs = await settle(() => ours.transform(structuredClone(body), { type, metatype: target }));
        expect({ target: target.name, body, ...viaOurs }).toEqual({
          target: target.name,
          body,
          ...('thrown' in viaReference
            ? { thrown: fieldProblems(viaReference.thrown as ValidationError[]) }
            : viaReference),
        });
        compared += 1;
      }
      // What JSON can send that is no object of the class: lists, single values, keys of Object's prototype.
      for (const odd of [
        [],
        [{}],
        'x',
        42,
        null,
        { constructor: 1 },
        { toString: 'x', hasOwnProperty: 1 },
        JSON.parse('{"__proto__": {"role": "x"}}'),
      ]) {
        for (const type of ['body', 'query'] as const) {
          const viaReference = await settle(() =>
            reference.transform(structuredClone(odd), { type, metatype: target }),
          );
          const viaOurs = await settle(() => ours.transform(structuredClone(odd), { type, metatype: target }));
          const expected =
            'thrown' in viaReference
              ? { thrown: fieldProblems(viaReference.thrown as ValidationError[]) }
              : viaReference;
          expect({ target: target.name, odd, ...viaOurs }).toEqual({ target: target.name, odd, ...expected });
        }
      }
    }
    expect(unplanned).toEqual([]);
    // The generated inputs reach both outcomes often: the comparison is not only of empty lists.
    expect(classes.length).toBeGreaterThan(80);
    expect(failing).toBeGreaterThan(compared / 4);
    expect(compared - failing).toBeGreaterThan(compared / 10);
  }, 300_000);
});
