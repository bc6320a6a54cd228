import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getMetadataStorage, type ValidationArguments } from 'class-validator';
import { createValidationPipe, DomainError, type FieldProblem } from '@maillage/platform';
import { CreateActionDto } from './ecosystem/activity/activity.dto.js';
import { ActorQueryDto } from './ecosystem/directory/actors.dto.js';

/** Words of class-validator's English defaults. */
const ENGLISH = /\b(must|should|property|each value|characters|elements|or equal to|is not)\b/i;

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
    const root = join(process.cwd(), 'apps/api/src');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) =>
      /(\.dto|\.controller)\.ts$/.test(file),
    );
    for (const file of files) await import(pathToFileURL(join(root, file)).href);
    createValidationPipe();

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
      expect.stringMatching(/^Ce champ doit être l’une des valeurs acceptées \(organiser, participant/),
    ]);
    expect(at('participants.1')).toEqual(['Chaque élément doit être un objet.']);
    expect(at('animation.format')).toEqual(['Ce champ ne doit pas dépasser 100 caractères.']);
    expect(at('animation.topics')).toContain('Chaque élément doit être un texte.');
    // A message the DTO sets itself is kept.
    expect(at('startDate')).toEqual(['Cette date n’existe pas au calendrier.']);
    for (const problem of found) expect(problem.message).not.toMatch(ENGLISH);
  });

  it('name what is wrong in French for a query', async () => {
    const found = await problems(ActorQueryDto, { limit: '1000', category: 'martian', zzz: '1' }, 'query');
    expect(found.length).toBeGreaterThanOrEqual(3);
    expect(found.find((problem) => problem.field === 'zzz')?.message).toBe('Ce champ n’est pas accepté ici.');
    for (const problem of found) expect(problem.message).not.toMatch(ENGLISH);
  });
});
