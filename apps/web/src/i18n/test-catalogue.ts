/**
 * For unit tests of plain modules (form schemas): the French catalogues as a `t` function,
 * `namespace:dotted.key` to its message, without i18next (or Vite's glob import).
 */
const json = { with: { type: 'json' } } as const;
const catalogues: Record<string, unknown> = {
  activity: (await import('./locales/fr/activity.json', json)).default,
  common: (await import('./locales/fr/common.json', json)).default,
  directory: (await import('./locales/fr/directory.json', json)).default,
  domain: (await import('./locales/fr/domain.json', json)).default,
  notifications: (await import('./locales/fr/notifications.json', json)).default,
};

/** The French message for `namespace:dotted.key`; the key itself when missing (as i18next does). */
export function french(key: string): string {
  const [namespace = '', path = ''] = key.split(':');
  const message = path
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalogues[namespace]);
  return typeof message === 'string' ? message : key;
}
