import { asciiJson, JsonText, sendJsonText } from './pagination.js';

describe('sendJsonText (a body already written as JSON)', () => {
  it('answers its UTF-8 bytes and says the reply is JSON', () => {
    const types: string[] = [];
    const text = '{"items":[{"name":"L’Atelier — Saint-Étienne 🌱","description":"ligne\\u0001"}],"nextCursor":null}';
    const body = sendJsonText({ type: (contentType: string) => types.push(contentType) }, new JsonText(text));
    expect(Buffer.isBuffer(body)).toBe(true);
    expect(body.toString('utf8')).toBe(text);
    expect(body.length).toBe(Buffer.byteLength(text, 'utf8'));
    expect(JSON.parse(body.toString('utf8'))).toEqual(JSON.parse(text));
    expect(types).toEqual(['application/json; charset=utf-8']);
  });
});

describe('asciiJson (a value as ASCII JSON text)', () => {
  it.each([
    'L’Atelier — Saint-Étienne',
    'Association « Les Amis du quartier »',
    'Pousse 🌱 verte',
    'guillemet " et barre \\ et ligne\n',
    'déjà ASCII? non : ça',
    '',
  ])('escapes every character beyond ASCII and means the same: %j', (value) => {
    const json = asciiJson(value);
    expect(json).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.parse(json)).toBe(value);
  });

  it('writes null and plain ASCII as JSON.stringify does', () => {
    expect(asciiJson(null)).toBe('null');
    expect(asciiJson('Lyon')).toBe('"Lyon"');
    expect(asciiJson('é')).toBe('"\\u00e9"');
    expect(asciiJson('🌱')).toBe('"\\ud83c\\udf31"');
  });
});
