import { readBoolean, readDate, readNumber } from './french-values.js';

const value = <T>(read: { ok: true; value: T } | { ok: false; message: string }) =>
  read.ok ? read.value : read.message;

describe('values as French spreadsheets write them', () => {
  it.each([
    ['oui', true],
    ['Oui', true],
    ['OUI', true],
    ['vrai', true],
    ['VRAI', true],
    ['x', true],
    ['X', true],
    ['1', true],
    ['non', false],
    ['Non', false],
    ['faux', false],
    ['FAUX', false],
    ['0', false],
    ['', null],
  ])('reads « %s » as %s', (text, expected) => {
    expect(value(readBoolean(text))).toBe(expected);
  });

  it('explains a yes/no it cannot read, with the value', () => {
    expect(value(readBoolean('peut-être'))).toBe('oui ou non attendu, lu : « peut-être »');
  });

  it.each([
    ['45,1885', 45.1885],
    ['45.1885', 45.1885],
    ['-0,5', -0.5],
    ['1 234,5', 1234.5],
    ['1\u00a0234,5', 1234.5],
    ['1\u202f234', 1234],
    ['1.234,5', 1234.5],
    ['12', 12],
    ['', null],
  ])('reads « %s » as %s', (text, expected) => {
    expect(value(readNumber(text))).toBe(expected);
  });

  it('refuses what is not a number, with the value', () => {
    expect(value(readNumber('45°11′'))).toBe('nombre attendu, lu : « 45°11′ »');
    expect(value(readNumber('1,2,3'))).toMatch(/nombre attendu/);
  });

  it.each([
    ['05/01/2024', '2024-01-05'],
    ['5/1/2024', '2024-01-05'],
    ['05-01-2024', '2024-01-05'],
    ['05.01.24', '2024-01-05'],
    ['5 janvier 2024', '2024-01-05'],
    ['1er mars 2024', '2024-03-01'],
    ['12 févr. 2024', '2024-02-12'],
    ['15 AOÛT 2023', '2023-08-15'],
    ['2024-01-05', '2024-01-05'],
    ['', null],
  ])('reads « %s » as %s', (text, expected) => {
    expect(value(readDate(text))).toBe(expected);
  });

  it('refuses impossible and month-first dates', () => {
    expect(value(readDate('31/02/2024'))).toBe('date attendue (jj/mm/aaaa), lu : « 31/02/2024 »');
    expect(value(readDate('12/31/2024'))).toMatch(/date attendue/);
    expect(value(readDate('5 brumaire 2024'))).toMatch(/date attendue/);
  });
});
