import { FRENCH_LABELS } from '../ecosystem-labels.js';
import { guessMapping, rowToActor } from './import-mapping.js';

describe('import mapping: what the exports write comes back in', () => {
  const columns = ['Catégorie', 'Nom', 'Taille', 'Fragilités'];
  const mapping = guessMapping(columns);
  const read = (row: string[]) => rowToActor(row, columns, mapping);

  it.each(Object.entries(FRENCH_LABELS.sizeClass))(
    'reads size class %s as its code and as its label',
    (code, label) => {
      for (const text of [code, label]) {
        const { actor, problems } = read(['company', 'Transports', text, '']);
        expect(problems).toEqual([]);
        expect(actor.sizeClass).toBe(code);
      }
    },
  );

  it('reads categories and fragilities by their French labels', () => {
    for (const [code, label] of Object.entries(FRENCH_LABELS.category)) {
      const { actor, problems } = read([label, 'Nom', '', '']);
      expect(problems).toEqual([]);
      expect(actor.category).toBe(code);
    }
    const { actor } = read(['Association', 'Nom', '', 'Économique|Sociale|Environnementale|Sociétale']);
    expect(actor.fragilities).toEqual(['economic', 'social', 'environmental', 'societal']);
  });

  it('removes the quote the CSV export puts before a formula-like cell, and only that one', () => {
    expect(read(['association', `'=SOMME(A1)`, '', '']).actor.name).toBe('=SOMME(A1)');
    expect(read(['association', `'Les Amis`, '', '']).actor.name).toBe(`'Les Amis`);
  });
});
