/**
 * The join page's values (strings, as the inputs give them) and their schema, which maps
 * them to the API's body: an organisation of the directory, or one described (checked with
 * the contract's identifier rules, as the API checks any actor), a message, and for someone
 * without an account, the account's name, address and password. Plain TypeScript: unit-tested.
 */
import { ACTOR_CATEGORIES, checkSiret } from '@maillage/contract';
import { z } from 'zod';
import type { Schemas } from '../../api/client';

export type Translate = (key: string) => string;
type Body = Schemas['JoinAsNewAccountDto'];

/** The API's minimum (the full policy, common passwords included, is the API's). */
export const PASSWORD_MIN_LENGTH = 12;

export function joinFormSchema(t: Translate, withAccount: boolean) {
  return z
    .object({
      mode: z.enum(['existing', 'new']),
      actorId: z.string(),
      category: z.enum(ACTOR_CATEGORIES),
      actorName: z.string(),
      communeCode: z.string(),
      siret: z.string(),
      message: z.string(),
      name: z.string(),
      email: z.string(),
      password: z.string(),
    })
    .superRefine((values, ctx) => {
      const problem = (path: string, key: string) => ctx.addIssue({ code: 'custom', path: [path], message: t(key) });
      if (values.mode === 'existing' && !values.actorId) problem('actorId', 'common:join.errors.actor');
      if (values.mode === 'new') {
        if (!values.actorName.trim()) problem('actorName', 'common:join.errors.actorName');
        if (values.communeCode.trim() && !/^[0-9][0-9AB][0-9]{3}$/.test(values.communeCode.trim())) {
          problem('communeCode', 'common:join.errors.commune');
        }
        const siret = values.siret.replace(/\s/g, '');
        if (siret && checkSiret(siret)) problem('siret', 'common:join.errors.siret');
      }
      if (withAccount) {
        if (!values.name.trim()) problem('name', 'common:join.errors.name');
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim())) problem('email', 'common:join.errors.email');
        if (values.password.length < PASSWORD_MIN_LENGTH) problem('password', 'common:join.errors.password');
      }
    })
    .transform((values): Body => {
      const siret = values.siret.replace(/\s/g, '');
      const choice =
        values.mode === 'existing'
          ? { actorId: values.actorId }
          : {
              newActor: {
                category: values.category,
                name: values.actorName.trim(),
                ...(values.communeCode.trim() ? { communeCode: values.communeCode.trim() } : {}),
                ...(siret ? { siret } : {}),
              },
            };
      return {
        ...choice,
        ...(values.message.trim() ? { message: values.message.trim() } : {}),
        name: values.name.trim(),
        email: values.email.trim(),
        password: values.password,
      };
    });
}

export type JoinFormValues = z.input<ReturnType<typeof joinFormSchema>>;

export function joinFormValues(): JoinFormValues {
  return {
    mode: 'existing',
    actorId: '',
    category: 'association',
    actorName: '',
    communeCode: '',
    siret: '',
    message: '',
    name: '',
    email: '',
    password: '',
  };
}
