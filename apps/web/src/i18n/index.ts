import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

/**
 * Message catalogues: one JSON file per feature namespace and locale, in
 * `locales/<locale>/<namespace>.json`, collected at build time. French is the
 * default and the fallback; English is the second locale.
 */
const files = import.meta.glob<{ default: Record<string, unknown> }>('./locales/*/*.json', { eager: true });

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
const STORAGE_KEY = 'maillage.locale';

const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [path, module] of Object.entries(files)) {
  const match = /\.\/locales\/([a-z]+)\/([\w-]+)\.json$/.exec(path);
  if (!match) continue;
  const [, locale, namespace] = match as unknown as [string, string, string];
  (resources[locale] ??= {})[namespace] = module.default;
}

export function storedLocale(): Locale {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return (LOCALES as readonly string[]).includes(stored ?? '') ? (stored as Locale) : 'fr';
}

export function setLocale(locale: Locale): void {
  localStorage.setItem(STORAGE_KEY, locale);
  void i18n.changeLanguage(locale);
}

void i18n.use(initReactI18next).init({
  resources,
  lng: storedLocale(),
  fallbackLng: 'fr',
  defaultNS: 'common',
  ns: Object.keys(resources.fr ?? {}),
  interpolation: { escapeValue: false },
  returnNull: false,
});

i18n.on('languageChanged', (locale) => {
  document.documentElement.lang = locale;
});
document.documentElement.lang = i18n.language;

export default i18n;
