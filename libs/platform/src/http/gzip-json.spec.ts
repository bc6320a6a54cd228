import { gunzipSync, gzipSync } from 'node:zlib';
import { acceptsGzip, sendGzipJson } from './gzip-json.js';

function reply() {
  const headers: Record<string, string> = {};
  return {
    headers,
    type(value: string) {
      headers['content-type'] = value;
      return this;
    },
    header(name: string, value: string) {
      headers[name.toLowerCase()] = value;
      return this;
    },
  };
}

describe('acceptsGzip', () => {
  it.each([
    ['gzip, deflate, br, zstd', true],
    ['gzip', true],
    ['*', true],
    ['br;q=1.0, gzip;q=0.8, *;q=0.1', true],
    ['identity', false],
    ['br', false],
    ['gzip;q=0', false],
    ['', false],
  ])('%j → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });

  it('is false without the header', () => {
    expect(acceptsGzip(undefined)).toBe(false);
  });
});

describe('sendGzipJson', () => {
  const text = JSON.stringify({ nom: 'Réseau « Entreprendre »', valeurs: [1, 2, 3] });
  const kept = gzipSync(Buffer.from(text, 'utf8'));

  it('sends the kept bytes, said gzip, to a client that takes gzip', async () => {
    const to = reply();
    const body = await sendGzipJson(to, kept, 'gzip, deflate');
    expect(body).toBe(kept);
    expect(gunzipSync(body).toString('utf8')).toBe(text);
    expect(to.headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
      vary: 'Accept-Encoding',
      'content-encoding': 'gzip',
    });
  });

  it('decompresses them for one that does not', async () => {
    const to = reply();
    const body = await sendGzipJson(to, kept, undefined);
    expect(body.toString('utf8')).toBe(text);
    expect(to.headers['content-encoding']).toBeUndefined();
    expect(to.headers.vary).toBe('Accept-Encoding');
  });
});
