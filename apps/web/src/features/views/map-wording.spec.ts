import { describe, expect, it } from '@jest/globals';

/**
 * How the map says a position is approximate (its popups, its markers' names, its legend and the
 * list's « Précision » column): as the actor's page says it, in a phrase that reads in a sentence.
 */
const json = { with: { type: 'json' } } as const;
type Catalogue = Record<string, unknown>;
const load = async (locale: 'fr' | 'en') => ({
  directory: (await import(`../../i18n/locales/${locale}/directory.json`, json)).default as Catalogue,
  domain: (await import(`../../i18n/locales/${locale}/domain.json`, json)).default as Catalogue,
  views: (await import(`../../i18n/locales/${locale}/views.json`, json)).default as Catalogue,
});
const catalogues = { fr: await load('fr'), en: await load('en') };

/** The message at a dotted path of a catalogue. */
const at = (catalogue: Catalogue, path: string): unknown =>
  path.split('.').reduce<unknown>((node, part) => (node as Catalogue | undefined)?.[part], catalogue);

describe('the map’s words for an approximate position', () => {
  it('are the actor page’s in French: « position approximative : centre de la commune »', () => {
    const { directory, domain, views } = catalogues.fr;
    const phrase = at(directory, 'actor.precision.commune');
    expect(phrase).toBe('position approximative : centre de la commune');
    expect(at(views, 'map.approximate')).toBe(phrase);
    expect(at(views, 'map.markerApproximate')).toBe(`{{name}} ({{category}}, ${String(phrase)})`);
    expect(at(domain, 'locationPrecision.commune')).toBe('Approximative : centre de la commune');
  });

  it.each(['fr', 'en'] as const)('never put « (commune) » in brackets inside a phrase (%s)', (locale) => {
    const { directory, domain, views } = catalogues[locale];
    expect(at(views, 'map.approximate')).toBe(at(directory, 'actor.precision.commune'));
    for (const message of [
      at(views, 'map.approximate'),
      at(views, 'map.markerApproximate'),
      at(domain, 'locationPrecision.commune'),
    ]) {
      expect(message).toEqual(expect.any(String));
      expect(message).not.toMatch(/\(commune\)|: commune\)/);
    }
  });
});
