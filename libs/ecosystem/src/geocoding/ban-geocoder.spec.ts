import { BanServer } from '../../../../test/support/ban-server.js';
import {
  BanGeocoder,
  batchCsv,
  GeocoderRefused,
  GeocoderUnavailable,
  parseBatchAnswer,
  parseSearchAnswer,
  precisionOf,
} from './ban-geocoder.js';

const feature = (type: string, score: number, citycode = '69123') => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [4.8357, 45.764] },
  properties: { label: '8 Rue de la République 69001 Lyon', score, type, citycode },
});

describe('Base Adresse Nationale answers', () => {
  it('maps the result types to a precision', () => {
    expect(precisionOf('housenumber')).toBe('address');
    expect(precisionOf('street')).toBe('street');
    expect(precisionOf('locality')).toBe('street');
    expect(precisionOf('municipality')).toBe('commune');
    expect(precisionOf('poi')).toBeNull();
  });

  it('reads a search answer: [longitude, latitude], the score against the threshold, the commune checked', () => {
    const body = { type: 'FeatureCollection', features: [feature('housenumber', 0.93)] };
    expect(parseSearchAnswer(body, 0.5, '69123')).toEqual({
      latitude: 45.764,
      longitude: 4.8357,
      score: 0.93,
      type: 'housenumber',
      label: '8 Rue de la République 69001 Lyon',
      citycode: '69123',
      precision: 'address',
    });
    expect(parseSearchAnswer(body, 0.95, null)).toBeNull();
    expect(parseSearchAnswer(body, 0.5, '75056')).toBeNull();
    expect(parseSearchAnswer({ type: 'FeatureCollection', features: [] }, 0.5, null)).toBeNull();
    expect(() => parseSearchAnswer({ message: 'oops' }, 0.5, null)).toThrow(GeocoderRefused);
  });

  it('writes a batch as CSV (quoted, one line per address) and reads the answer by id', () => {
    const queries = [
      { id: 'a', address: '8 rue de la République,\n69001 "Lyon"', communeCode: '69123' },
      { id: 'b', address: 'nulle part', communeCode: null },
    ];
    expect(batchCsv(queries)).toBe(
      'id,adresse,citycode\r\n"a","8 rue de la République, 69001 ""Lyon""","69123"\r\n"b","nulle part",""\r\n',
    );
    const answer = [
      'id;adresse;citycode;latitude;longitude;result_label;result_score;result_type;result_citycode;result_status',
      'a;8 rue;69123;45.764;4.8357;8 Rue de la République 69001 Lyon;0.91;housenumber;69123;ok',
      'b;nulle part;;;;;;;;not-found',
    ].join('\n');
    const results = parseBatchAnswer(answer, queries, 0.5);
    expect(results.get('a')).toMatchObject({ latitude: 45.764, longitude: 4.8357, precision: 'address' });
    expect(results.get('b')).toBeNull();
    expect(() => parseBatchAnswer('foo,bar\n1,2\n', queries, 0.5)).toThrow(GeocoderRefused);
  });
});

describe('BanGeocoder against a local server speaking the protocol', () => {
  const server = new BanServer();
  let geocoder: BanGeocoder;
  beforeAll(async () => {
    const url = await server.start();
    geocoder = new BanGeocoder({ url, minScore: 0.5, timeoutMs: 5_000 });
    server.places = [
      { match: '8 rue de la république', type: 'housenumber', latitude: 45.764, longitude: 4.8357, citycode: '69123' },
      { match: 'Lyon', type: 'municipality', latitude: 45.758, longitude: 4.835, citycode: '69123' },
    ];
  });
  afterAll(() => server.stop());

  it('geocodes one address, a batch, and a commune', async () => {
    await expect(
      geocoder.geocode({ id: 'x', address: '8 rue de la République', communeCode: '69123' }),
    ).resolves.toMatchObject({ precision: 'address', latitude: 45.764 });
    const batch = await geocoder.geocodeBatch([
      { id: 'a', address: '8 rue de la République', communeCode: '69123' },
      { id: 'b', address: 'chemin inconnu', communeCode: '69123' },
    ]);
    expect(batch.get('a')).toMatchObject({ precision: 'address' });
    expect(batch.get('b')).toBeNull();
    await expect(geocoder.commune('69123', 'Lyon')).resolves.toMatchObject({ precision: 'commune', latitude: 45.758 });
  });

  it('tells a service down (retry later) from a refusal', async () => {
    server.down = true;
    await expect(geocoder.commune('69123', 'Lyon')).rejects.toThrow(GeocoderUnavailable);
    server.down = false;
    await expect(geocoder.geocode({ id: 'x', address: 'ab', communeCode: null })).rejects.toThrow(GeocoderRefused);
    const closed = new BanGeocoder({ url: 'http://127.0.0.1:9', minScore: 0.5, timeoutMs: 2_000 });
    await expect(closed.commune('69123', 'Lyon')).rejects.toThrow(GeocoderUnavailable);
  });
});
