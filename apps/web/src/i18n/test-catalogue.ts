/**
 * For unit tests of plain modules (form schemas): the French catalogues as a `t` function,
 * `namespace:dotted.key` to its message, without i18next (or Vite's glob import).
 */
import { elided } from '@maillage/contract';

const json = { with: { type: 'json' } } as const;
const catalogues: Record<string, unknown> = {
  activity: (await import('./locales/fr/activity.json', json)).default,
  common: (await import('./locales/fr/common.json', json)).default,
  directory: (await import('./locales/fr/directory.json', json)).default,
  domain: (await import('./locales/fr/domain.json', json)).default,
  workspace: (await import('./locales/fr/workspace.json', json)).default,
  notifications: (await import('./locales/fr/notifications.json', json)).default,
  studies: (await import('./locales/fr/studies.json', json)).default,
};

/** The message at `namespace:dotted.key`, if the catalogue has one. */
function lookup(key: string): string | undefined {
  const [namespace = '', path = ''] = key.split(':');
  const message = path
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalogues[namespace]);
  return typeof message === 'string' ? message : undefined;
}

const plural = new Intl.PluralRules('fr');

/**
 * The French message for `namespace:dotted.key`; the key itself when missing (as i18next does).
 * With options, as i18next: `count` picks the plural form (`_zero`, `_one`, `_other`), and
 * `{{name}}` takes each option's value (`{{name, de}}` with « de » before it, elided as the console does).
 */
export function french(key: string, options?: Record<string, unknown>): string {
  const count = options?.count;
  const message =
    (typeof count === 'number'
      ? ((count === 0 ? lookup(`${key}_zero`) : undefined) ?? lookup(`${key}_${plural.select(count)}`))
      : undefined) ?? lookup(key);
  if (message === undefined) return key;
  if (!options) return message;
  return message.replace(/\{\{(\w+)(, de)?\}\}/g, (all, name: string, de?: string) =>
    name in options ? (de ? elided('de', String(options[name])) : String(options[name])) : all,
  );
}
