import { getMetadataStorage, IsEmail, IsInt, IsOptional, IsString, MaxLength, validate } from 'class-validator';
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
    OPTIONS.map(([always, strict, groups]) =>
      storage
        .getTargetValidationMetadatas(target, '', always, strict, groups)
        .map((rule) => `${rule.propertyName}:${rule.type}:${rule.name ?? ''}`),
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

  it('validates as before: every broken rule reported, unknown properties refused', async () => {
    const member = Object.assign(new Member(), { name: 42, organisation: 7, email: 'a@b.fr', extra: true });
    const errors = await validate(member, { whitelist: true, forbidNonWhitelisted: true });
    // `level`, whose only rule is in a group, is not whitelisted outside it (class-validator's own rule).
    expect(errors.map((error) => error.property).sort()).toEqual(['extra', 'level', 'name', 'organisation']);
    const admin = Object.assign(new Person(), { name: 'Lou', level: 'haut', email: 'a@b.fr' });
    expect((await validate(admin, { groups: ['admin'] })).map((error) => error.property)).toEqual(['level']);
  });
});
