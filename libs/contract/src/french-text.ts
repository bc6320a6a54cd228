/** Letters that elide the word before them: vowels, accented or not, the ligatures and « y ». */
const VOWEL = /^[aeiouyàâäæéèêëîïôöœùûüÿ]/i;

/**
 * « de » or « que » before a name, elided before a vowel (« d’Amicale », « d’Élise »,
 * « qu’Œuvre »). A name starting with « h » keeps the full word (« de Hélène »): telling a mute
 * h from an aspirated one needs a dictionary, which names do not have.
 */
export function elided(word: 'de' | 'que', name: string): string {
  if (!VOWEL.test(name.trimStart())) return `${word} ${name}`;
  return `${word === 'de' ? 'd' : 'qu'}’${name.trimStart()}`;
}
