import { describe, expect, it } from '@jest/globals';
import { french } from '../../i18n/test-catalogue';
import { preferencesFormSchema, preferencesFormValues, type PreferencesFormValues } from './preferences-schema';

const schema = preferencesFormSchema(french);

const saved = preferencesFormValues([
  {
    kind: 'proposals',
    label: 'Propositions d’alliance',
    description: 'Une organisation propose une alliance à la vôtre.',
    frequency: 'immediate',
    defaultFrequency: 'immediate',
  },
  {
    kind: 'reports',
    label: 'Rapports',
    description: 'Un rapport que vous avez commandé est prêt.',
    frequency: 'none',
    defaultFrequency: 'none',
  },
]);

/** The saved form with some rows' frequency changed. */
function choose(changes: Record<string, string>): PreferencesFormValues {
  return {
    preferences: saved.preferences.map((row) => ({ ...row, frequency: changes[row.kind] ?? row.frequency })),
  };
}

/** The messages of an invalid form, by field path. */
function messages(values: PreferencesFormValues): Record<string, string> {
  const result = schema.safeParse(values);
  expect(result.success).toBe(false);
  return Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]));
}

describe('the notification preferences form schema', () => {
  it('starts from the saved frequencies', () => {
    expect(saved).toEqual({
      preferences: [
        { kind: 'proposals', frequency: 'immediate', saved: 'immediate' },
        { kind: 'reports', frequency: 'none', saved: 'none' },
      ],
    });
  });

  it('sends only the kinds whose frequency changed', () => {
    expect(schema.parse(choose({ reports: 'weekly' }))).toEqual({
      preferences: [{ kind: 'reports', frequency: 'weekly' }],
    });
    expect(schema.parse(choose({ proposals: 'daily', reports: 'immediate' }))).toEqual({
      preferences: [
        { kind: 'proposals', frequency: 'daily' },
        { kind: 'reports', frequency: 'immediate' },
      ],
    });
  });

  it('sends nothing when nothing changed', () => {
    expect(schema.parse(saved)).toEqual({ preferences: [] });
  });

  it('refuses a frequency the API does not know, in French', () => {
    expect(messages(choose({ reports: 'monthly' }))).toEqual({
      'preferences.1.frequency': 'Choisissez une fréquence parmi celles proposées.',
    });
    expect(messages(choose({ proposals: '' }))).toEqual({
      'preferences.0.frequency': 'Choisissez une fréquence parmi celles proposées.',
    });
  });

  it('refuses an unknown kind and a kind given twice', () => {
    const unknown = { preferences: [{ kind: 'newsletter', frequency: 'daily', saved: 'none' }] };
    expect(messages(unknown)).toEqual({ 'preferences.0.kind': 'Ce type de notification n’existe pas.' });
    const twice = { preferences: [...saved.preferences, { kind: 'reports', frequency: 'daily', saved: 'none' }] };
    expect(messages(twice)).toEqual({ 'preferences.2.kind': 'Ce type de notification est donné deux fois.' });
  });
});
