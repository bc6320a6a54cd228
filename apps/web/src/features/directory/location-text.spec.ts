import { describe, expect, it } from '@jest/globals';
import { french } from '../../i18n/test-catalogue';
import { COORDINATE_DIGITS, locationText } from './location-text';

const frenchNumber = (value: number) => new Intl.NumberFormat('fr-FR', COORDINATE_DIGITS).format(value);
const point = { latitude: 45.1458, longitude: 5.7186 };

describe('an actor’s position in words', () => {
  it('writes the coordinates the French way: decimal commas, a semicolon between them', () => {
    expect(locationText(french, point, null, frenchNumber)).toBe('45,1458\u00a0; 5,7186');
    expect(locationText(french, { latitude: -0.5, longitude: 5.123456789 }, null, frenchNumber)).toBe(
      '-0,5\u00a0; 5,123457',
    );
  });

  it('says how precise the position is in one phrase, without nested parentheses', () => {
    const text = locationText(french, point, 'commune', frenchNumber);
    expect(text).toBe('45,1458\u00a0; 5,7186 (position approximative : centre de la commune)');
    for (const precision of ['address', 'street', 'commune', 'manual']) {
      const said = locationText(french, point, precision, frenchNumber);
      expect(said).not.toContain('directory:');
      expect(said.match(/\(/g)).toHaveLength(1);
    }
  });

  it('shows a dash when the actor has no position', () => {
    expect(locationText(french, null, 'commune', frenchNumber)).toBe('—');
  });
});
