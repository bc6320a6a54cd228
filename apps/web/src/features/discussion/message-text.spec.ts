import { describe, expect, it } from '@jest/globals';
import { messageSegments, mentionQuery, toBody, toDraft } from './message-text';

const LEA = '0b6a3c56-1f0e-4a8b-9a57-2b1c3d4e5f60';
const ANNE = '1c7b4d67-2a1f-4b9c-8b68-3c2d4e5f6071';

describe('discussion message text', () => {
  it('cuts a message into text, links (without trailing punctuation) and mentions', () => {
    expect(
      messageSegments(`Voir https://exemple.fr/a?b=1. Merci @[Léa](${LEA}) !`, new Map([[LEA, 'Léa Martin']])),
    ).toEqual([
      { kind: 'text', text: 'Voir ' },
      { kind: 'link', href: 'https://exemple.fr/a?b=1', text: 'https://exemple.fr/a?b=1' },
      { kind: 'text', text: '. Merci ' },
      { kind: 'mention', userId: LEA, name: 'Léa Martin' },
      { kind: 'text', text: ' !' },
    ]);
  });

  it('never turns other schemes or markup into links', () => {
    expect(messageSegments('javascript:alert(1) <a href="x">x</a>')).toEqual([
      { kind: 'text', text: 'javascript:alert(1) <a href="x">x</a>' },
    ]);
  });

  it('writes the composer’s « @Name » as tokens, longest names first, and reads them back', () => {
    const mentions = [
      { userId: LEA, name: 'Anne' },
      { userId: ANNE, name: 'Anne-Marie' },
    ];
    const body = toBody('@Anne-Marie et @Anne, bonjour', mentions);
    expect(body).toBe(`@[Anne-Marie](${ANNE}) et @[Anne](${LEA}), bonjour`);
    expect(toDraft(body)).toEqual({ text: '@Anne-Marie et @Anne, bonjour', mentions: [mentions[1], mentions[0]] });
    expect(toBody('plus personne', mentions)).toBe('plus personne');
  });

  it('finds the name typed after « @ » before the caret', () => {
    expect(mentionQuery('Bonjour @Hél', 12)).toEqual({ start: 8, query: 'Hél' });
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQuery('courriel a@b', 12)).toBeNull();
    expect(mentionQuery('Bonjour', 7)).toBeNull();
  });
});
