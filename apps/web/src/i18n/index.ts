import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { elided } from '@maillage/contract';
import { LOCALES, type Locale } from './locale';

export { INTL_LOCALES, LOCALES, localeOf, type Locale } from './locale';

/**
 * Message catalogues: one JSON file per feature namespace and locale, in
 * `locales/<locale>/<namespace>.json`, collected at build time. French is the
 * default and the fallback, bundled with the shell; another locale (English)
 * is its own chunk, loaded when chosen (French shows meanwhile).
 */
const french = import.meta.glob<{ default: Record<string, unknown> }>('./locales/fr/*.json', { eager: true });
const others = import.meta.glob<{ default: Record<string, unknown> }>(['./locales/*/*.json', '!./locales/fr/*.json']);

const STORAGE_KEY = 'maillage.locale';

const namespaceOf = (path: string): string => /\/([\w-]+)\.json$/.exec(path)?.[1] ?? '';

const resources: Record<string, Record<string, Record<string, unknown>>> = { fr: {} };
for (const [path, module] of Object.entries(french))
  (resources.fr as Record<string, unknown>)[namespaceOf(path)] = module.default;

/** Loads a locale's catalogues once (French is always there). */
const loaded = new Map<string, Promise<void>>([['fr', Promise.resolve()]]);
function loadLocale(locale: Locale): Promise<void> {
  let loading = loaded.get(locale);
  if (!loading) {
    const files = Object.entries(others).filter(([path]) => path.startsWith(`./locales/${locale}/`));
    loading = Promise.all(
      files.map(async ([path, load]) => {
        i18n.addResourceBundle(locale, namespaceOf(path), (await load()).default, true, true);
      }),
    ).then(() => undefined);
    loading.catch(() => loaded.delete(locale));
    loaded.set(locale, loading);
  }
  return loading;
}

export function storedLocale(): Locale {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return (LOCALES as readonly string[]).includes(stored ?? '') ? (stored as Locale) : 'fr';
}

export function setLocale(locale: Locale): void {
  localStorage.setItem(STORAGE_KEY, locale);
  // The last choice wins, even if an earlier one's catalogues arrive after it; unreachable, the language
  // shown stays, and stays the remembered one.
  loadLocale(locale).then(
    () => (storedLocale() === locale ? i18n.changeLanguage(locale) : undefined),
    () => {
      if (storedLocale() === locale) localStorage.setItem(STORAGE_KEY, i18n.language);
    },
  );
}

// Started in French; a stored other locale switches once its catalogues have arrived.
void i18n.use(initReactI18next).init({
  resources,
  lng: 'fr',
  fallbackLng: 'fr',
  defaultNS: 'common',
  ns: Object.keys(resources.fr ?? {}),
  interpolation: { escapeValue: false },
  returnNull: false,
});

// « de » before a name, elided before a vowel: « le message d’Élise », « la fiche de Paul » (`{{name, de}}`).
i18n.services.formatter?.add('de', (value: unknown) => elided('de', String(value)));

i18n.on('languageChanged', (locale) => {
  document.documentElement.lang = locale;
});
document.documentElement.lang = i18n.language;
if (storedLocale() !== 'fr') setLocale(storedLocale());

export default i18n;
