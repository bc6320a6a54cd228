import { jsonDepthExceeds } from './json-body.js';

describe('jsonDepthExceeds', () => {
  it('counts the nesting of arrays and objects', () => {
    expect(jsonDepthExceeds('{"a":[{"b":[]}]}', 4)).toBe(false);
    expect(jsonDepthExceeds('{"a":[{"b":[[]]}]}', 4)).toBe(true);
    expect(jsonDepthExceeds(`${'['.repeat(8000)}${']'.repeat(8000)}`, 64)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds('{"a":"[[[[{{{{"}', 1)).toBe(false);
    expect(jsonDepthExceeds('{"a":"\\"[[[[\\\\"}', 1)).toBe(false);
    expect(jsonDepthExceeds('["\\"",[[]]]', 2)).toBe(true);
  });
});
