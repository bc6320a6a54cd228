import { JsonText, sendJsonText } from './pagination.js';

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
