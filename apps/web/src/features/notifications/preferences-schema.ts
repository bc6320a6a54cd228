/**
 * The notification preferences form's values (one row per kind: the frequency chosen and the
 * one saved) and their schema: the API's checks, and the mapping to its body, which carries
 * only the rows that changed (the others keep theirs, defaults included). Plain TypeScript
 * (no React, no Vite): unit-tested on its own. Kinds and frequencies come from the contract.
 */
import { MAIL_FREQUENCIES, NOTIFICATION_KINDS, type MailFrequency, type NotificationKind } from '@maillage/contract';
import { z } from 'zod';
import type { Schemas } from '../../api/client';

type Body = Schemas['PutPreferencesDto'];
/** A catalogue lookup (i18next's `t`): the schema's messages are the console's own, in French. */
export type Translate = (key: string) => string;

const valuesSchema = z.object({
  preferences: z.array(z.object({ kind: z.string(), frequency: z.string(), saved: z.string() })),
});

export type PreferencesFormValues = z.input<typeof valuesSchema>;

const isKind = (value: string): value is NotificationKind => (NOTIFICATION_KINDS as readonly string[]).includes(value);
const isFrequency = (value: string): value is MailFrequency => (MAIL_FREQUENCIES as readonly string[]).includes(value);

/** The form's starting values: each kind's frequency as saved. */
export function preferencesFormValues(preferences: Schemas['PreferencesDto']['preferences']): PreferencesFormValues {
  return {
    preferences: preferences.map(({ kind, frequency }) => ({ kind, frequency, saved: frequency })),
  };
}

/** The schema: known kinds, once each, and a frequency among the four; maps to the changed rows. */
export function preferencesFormSchema(t: Translate) {
  return valuesSchema
    .superRefine((form, context) => {
      const seen = new Set<string>();
      form.preferences.forEach((row, index) => {
        const kindProblem = !isKind(row.kind) ? 'kind' : seen.has(row.kind) ? 'twice' : undefined;
        if (kindProblem) {
          context.addIssue({
            code: 'custom',
            path: ['preferences', index, 'kind'],
            message: t(`notifications:preferences.check.${kindProblem}`),
          });
        }
        seen.add(row.kind);
        if (!isFrequency(row.frequency)) {
          context.addIssue({
            code: 'custom',
            path: ['preferences', index, 'frequency'],
            message: t('notifications:preferences.check.frequency'),
          });
        }
      });
    })
    .transform((form): Body => ({
      preferences: form.preferences
        .filter((row) => row.frequency !== row.saved)
        .map((row) => ({ kind: row.kind as NotificationKind, frequency: row.frequency as MailFrequency })),
    }));
}

export type PreferencesFormSchema = ReturnType<typeof preferencesFormSchema>;
