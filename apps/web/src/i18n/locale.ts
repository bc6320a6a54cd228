/**
 * The console's languages, and which one a language tag reads as. Plain TypeScript (no i18next,
 * no Vite): unit-tested on its own.
 */

/** French, the default and the fallback, and English. */
export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** How `Intl` writes each one's numbers and dates: French of France, British English (the day first). */
export const INTL_LOCALES: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

/**
 * The console's language for a language tag (i18next's `resolvedLanguage`): the tag's own
 * language, regions aside (« en-GB », « en-US » read as English); French for any other or none.
 */
export function localeOf(language: string | undefined): Locale {
  const primary = language?.split('-')[0]?.toLowerCase();
  return LOCALES.find((locale) => locale === primary) ?? 'fr';
}
