import { describe, expect, it } from '@jest/globals';
import { french } from '../../i18n/test-catalogue';
import { joinFormSchema, joinFormValues, type JoinFormValues } from './schema';

const ACTOR = '0b5f4c4e-8d2a-4d1e-9f3b-2a6c1d7e8f90';
const account = { name: ' Léa Martin ', email: ' lea@exemple.fr ', password: 'Chene-liege-des-Maures' };

function values(changes: Partial<JoinFormValues>): JoinFormValues {
  return { ...joinFormValues(), ...account, ...changes };
}

describe('the join form schema', () => {
  it('maps an organisation of the directory and a new account to the API body', () => {
    const parsed = joinFormSchema(french, true).parse(values({ actorId: ACTOR, message: '  Bonjour  ' }));
    expect(parsed).toEqual({
      actorId: ACTOR,
      message: 'Bonjour',
      name: 'Léa Martin',
      email: 'lea@exemple.fr',
      password: 'Chene-liege-des-Maures',
    });
  });

  it('maps a described organisation, and checks its identifiers as the API does', () => {
    const parsed = joinFormSchema(french, true).parse(
      values({ mode: 'new', category: 'citizen_group', actorName: ' Les Amis du Parc ', communeCode: '69266' }),
    );
    expect(parsed).toMatchObject({
      newActor: { category: 'citizen_group', name: 'Les Amis du Parc', communeCode: '69266' },
    });
    const bad = joinFormSchema(french, true).safeParse(
      values({ mode: 'new', actorName: 'X', siret: '12345678901234' }),
    );
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['siret', 'SIRET invalide (14 chiffres, clé de contrôle incorrecte).'],
    ]);
  });

  it('asks for an organisation and, without an account, for the account’s fields in French', () => {
    const result = joinFormSchema(french, true).safeParse({ ...joinFormValues() });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['actorId', 'name', 'email', 'password']);
    expect(joinFormSchema(french, false).safeParse({ ...joinFormValues(), actorId: ACTOR }).success).toBe(true);
  });
});
