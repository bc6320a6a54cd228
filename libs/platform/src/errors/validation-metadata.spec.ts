import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  getMetadataStorage,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  validate,
  ValidateNested,
} from 'class-validator';
import { memoiseValidationMetadata } from './validation-metadata.js';

class Person {
  @IsString()
  @MaxLength(20)
  name!: string;

  @IsInt({ groups: ['admin'] })
  level!: number;
}

class Member extends Person {
  @IsOptional()
  @IsString()
  organisation?: string;
}

class Team {
  @ValidateNested({ each: true })
  @Type(() => Member)
  members!: Member[];
}

const storage = getMetadataStorage();
const OPTIONS: [boolean, boolean, string[] | undefined][] = [
  [false, false, undefined],
  [true, false, undefined],
  [false, true, undefined],
  [false, false, ['admin']],
  [false, false, []],
];

/** What each class gets under each options: rule type and property, in order. */
function answers(): string[][] {
  return [Person, Member].flatMap((target) =>
    OPTIONS.flatMap(([always, strict, groups]) =>
      // No schema, and the parent class's name as class-validator gives it for a nested object.
      ['', 'Team'].map((schema) =>
        storage
          .getTargetValidationMetadatas(target, schema, always, strict, groups)
          .map((rule) => `${rule.propertyName}:${rule.type}:${rule.name ?? ''}`),
      ),
    ),
  );
}

describe('memoiseValidationMetadata (class-validator answering once per class and options)', () => {
  const before = answers();
  memoiseValidationMetadata();
  memoiseValidationMetadata();

  it('answers what class-validator answered, then the same answer again', () => {
    expect(answers()).toEqual(before);
    const first = storage.getTargetValidationMetadatas(Member, '', false, false, undefined);
    expect(storage.getTargetValidationMetadatas(Member, '', false, false, undefined)).toBe(first);
    expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
    expect(Object.keys(storage.groupByPropertyName(first)).sort()).toEqual(['level', 'name', 'organisation']);
    // Other options are another answer.
    expect(storage.getTargetValidationMetadatas(Member, '', false, false, ['admin'])).not.toBe(first);
  });

  it('forgets its answers when a rule is registered', async () => {
    const earlier = storage.getTargetValidationMetadatas(Person, '', false, false, undefined);
    IsEmail()(Person.prototype, 'email');
    const later = storage.getTargetValidationMetadatas(Person, '', false, false, undefined);
    expect(later).not.toBe(earlier);
    expect(later.map((rule) => rule.propertyName)).toContain('email');
    // Inherited by the subclass, whose answer was kept too.
    expect(
      storage.getTargetValidationMetadatas(Member, '', false, false, undefined).map((rule) => rule.propertyName),
    ).toContain('email');
    const member = Object.assign(new Member(), { name: 'Aïcha', level: 1, email: 'pas une adresse' });
    expect((await validate(member)).map((error) => error.property)).toEqual(['email']);
  });

  it('keeps the answer for a nested object too (its parent class named as a schema)', async () => {
    const nested = storage.getTargetValidationMetadatas(Member, 'Team', false, false, undefined);
    expect(storage.getTargetValidationMetadatas(Member, 'Team', false, false, undefined)).toBe(nested);
    const team = Object.assign(new Team(), {
      members: [Object.assign(new Member(), { name: 'Zoé', level: 2, email: 'zoe@exemple.fr', organisation: 3 })],
    });
    expect((await validate(team)).map((error) => error.children?.[0]?.children?.[0]?.property)).toEqual([
      'organisation',
    ]);
  });

  it('validates as before: every broken rule reported, unknown properties refused', async () => {
    const member = Object.assign(new Member(), { name: 42, organisation: 7, email: 'a@b.fr', extra: true });
    const errors = await validate(member, { whitelist: true, forbidNonWhitelisted: true });
    // `level`, whose only rule is in a group, is not whitelisted outside it (class-validator's own rule).
    expect(errors.map((error) => error.property).sort()).toEqual(['extra', 'level', 'name', 'organisation']);
    const admin = Object.assign(new Person(), { name: 'Lou', level: 'haut', email: 'a@b.fr' });
    expect((await validate(admin, { groups: ['admin'] })).map((error) => error.property)).toEqual(['level']);
  });
});
