import { parse as parseCsv } from 'csv-parse/sync';

/** How precise a position is: a house number, a street or place, the commune only (approximate), or by hand. */
export type LocationPrecision = 'address' | 'street' | 'commune' | 'manual';

export const LOCATION_PRECISIONS: readonly LocationPrecision[] = ['address', 'street', 'commune', 'manual'];

/** What the national address service found for one query. */
export interface GeocodeMatch {
  latitude: number;
  longitude: number;
  /** The service's score, 0 to 1. */
  score: number;
  /** The service's result type: housenumber, street, locality or municipality. */
  type: string;
  label: string;
  citycode: string | null;
  precision: Exclude<LocationPrecision, 'manual'>;
}

/** One address of a batch: `id` comes back with its answer. */
export interface GeocodeQuery {
  id: string;
  address: string;
  /** INSEE code of the commune, narrowing the search (and checked against the answer). */
  communeCode: string | null;
}

export interface GeocoderSettings {
  url: string;
  minScore: number;
  timeoutMs: number;
}

/**
 * The service could not be reached or answered with a server error (5xx,
 * 429, a timeout): worth retrying later. Any other refusal is permanent.
 */
export class GeocoderUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GeocoderUnavailable';
  }
}

/** The service refused the request itself (4xx other than 429): retrying would not help. */
export class GeocoderRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GeocoderRefused';
  }
}

/** The service's result types, to the precision stored on the actor. */
export function precisionOf(type: string): GeocodeMatch['precision'] | null {
  switch (type) {
    case 'housenumber':
      return 'address';
    case 'street':
    case 'locality':
      return 'street';
    case 'municipality':
      return 'commune';
    default:
      return null;
  }
}

function finite(value: unknown): number | null {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : null;
}

function match(
  fields: { latitude: unknown; longitude: unknown; score: unknown; type: unknown; label: unknown; citycode: unknown },
  minScore: number,
  communeCode: string | null,
): GeocodeMatch | null {
  const latitude = finite(fields.latitude);
  const longitude = finite(fields.longitude);
  const score = finite(fields.score);
  const type = typeof fields.type === 'string' ? fields.type : '';
  const precision = precisionOf(type);
  if (latitude === null || longitude === null || score === null || precision === null) return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180 || score < minScore) return null;
  const citycode = typeof fields.citycode === 'string' && fields.citycode !== '' ? fields.citycode : null;
  // An answer in another commune than the one the actor names is not its address.
  if (communeCode && citycode && citycode !== communeCode) return null;
  return {
    latitude,
    longitude,
    score,
    type,
    label: typeof fields.label === 'string' ? fields.label : '',
    citycode,
    precision,
  };
}

/**
 * The best feature of a `GET /search/` answer (a GeoJSON FeatureCollection,
 * `geometry.coordinates` as [longitude, latitude]) when its score reaches
 * `minScore`; null otherwise.
 */
export function parseSearchAnswer(body: unknown, minScore: number, communeCode: string | null): GeocodeMatch | null {
  const features = (body as { features?: unknown } | null)?.features;
  if (!Array.isArray(features)) throw new GeocoderRefused('Réponse du service d’adresses illisible.');
  for (const feature of features as { geometry?: { coordinates?: unknown }; properties?: Record<string, unknown> }[]) {
    const coordinates = feature?.geometry?.coordinates;
    const properties = feature?.properties ?? {};
    if (!Array.isArray(coordinates)) continue;
    const found = match(
      {
        longitude: coordinates[0],
        latitude: coordinates[1],
        score: properties.score,
        type: properties.type,
        label: properties.label,
        citycode: properties.citycode,
      },
      minScore,
      communeCode,
    );
    if (found) return found;
  }
  return null;
}

/** Quotes a CSV cell (RFC 4180). */
function csvCell(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

/** The CSV file a batch sends: an id, the address, the commune's INSEE code. */
export function batchCsv(queries: GeocodeQuery[]): string {
  const lines = ['id,adresse,citycode'];
  for (const query of queries) {
    // One line per actor: line breaks inside an address would be read as a new row by some versions.
    const address = query.address.replace(/\s+/g, ' ').trim();
    lines.push([query.id, address, query.communeCode ?? ''].map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * A `POST /search/csv/` answer: the file sent with the service's columns
 * added (`latitude`, `longitude`, `result_score`, `result_type`,
 * `result_label`, `result_citycode`, `result_status`). Every id sent gets an
 * entry, null when nothing good enough was found.
 */
export function parseBatchAnswer(
  text: string,
  queries: GeocodeQuery[],
  minScore: number,
): Map<string, GeocodeMatch | null> {
  const delimiter = (text.split(/\r?\n/, 1)[0] ?? '').includes(';') ? ';' : ',';
  let records: Record<string, string>[];
  try {
    records = parseCsv(text.replace(/^\uFEFF/, ''), {
      columns: true,
      delimiter,
      skip_empty_lines: true,
      relax_column_count: true,
    });
  } catch {
    throw new GeocoderRefused('Réponse du service d’adresses illisible.');
  }
  if (records.length > 0 && !('id' in records[0]! && 'latitude' in records[0]!)) {
    throw new GeocoderRefused('Réponse du service d’adresses illisible : colonnes attendues absentes.');
  }
  const byId = new Map(queries.map((query) => [query.id, query]));
  const results = new Map<string, GeocodeMatch | null>(queries.map((query) => [query.id, null]));
  for (const record of records) {
    const query = byId.get(record.id ?? '');
    if (!query) continue;
    if (record.result_status !== undefined && record.result_status !== 'ok') continue;
    results.set(
      query.id,
      match(
        {
          latitude: record.latitude,
          longitude: record.longitude,
          score: record.result_score,
          type: record.result_type,
          label: record.result_label,
          citycode: record.result_citycode,
        },
        minScore,
        query.communeCode,
      ),
    );
  }
  return results;
}

/**
 * Client of the national address service (Base Adresse Nationale's geocoder,
 * api-adresse.data.gouv.fr or a self-hosted addok): `/search/` for one
 * query, `/search/csv/` for a batch.
 */
export class BanGeocoder {
  constructor(private readonly settings: GeocoderSettings) {}

  /** Addresses of a batch, in one `POST /search/csv/`. */
  async geocodeBatch(queries: GeocodeQuery[], signal?: AbortSignal): Promise<Map<string, GeocodeMatch | null>> {
    if (queries.length === 0) return new Map();
    const form = new FormData();
    form.append('data', new Blob([batchCsv(queries)], { type: 'text/csv' }), 'adresses.csv');
    form.append('columns', 'adresse');
    form.append('citycode', 'citycode');
    const response = await this.request(`${this.settings.url}/search/csv/`, { method: 'POST', body: form }, signal);
    return parseBatchAnswer(await response.text(), queries, this.settings.minScore);
  }

  /** One address (`GET /search/`). */
  async geocode(query: GeocodeQuery, signal?: AbortSignal): Promise<GeocodeMatch | null> {
    const params = new URLSearchParams({ q: query.address.slice(0, 200), limit: '1' });
    if (query.communeCode) params.set('citycode', query.communeCode);
    return this.search(params, query.communeCode, signal);
  }

  /** The commune's own position (`type=municipality`), for an actor known only by its commune. */
  async commune(code: string, name: string, signal?: AbortSignal): Promise<GeocodeMatch | null> {
    const params = new URLSearchParams({ q: name, type: 'municipality', citycode: code, limit: '1' });
    const found = await this.search(params, code, signal, 0);
    return found && found.precision === 'commune' ? found : null;
  }

  private async search(
    params: URLSearchParams,
    communeCode: string | null,
    signal: AbortSignal | undefined,
    minScore = this.settings.minScore,
  ): Promise<GeocodeMatch | null> {
    const response = await this.request(`${this.settings.url}/search/?${params}`, { method: 'GET' }, signal);
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new GeocoderRefused('Réponse du service d’adresses illisible.');
    }
    return parseSearchAnswer(body, minScore, communeCode);
  }

  private async request(url: string, init: RequestInit, signal: AbortSignal | undefined): Promise<Response> {
    const timeout = AbortSignal.timeout(this.settings.timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (error) {
      const reason = timeout.aborted ? 'délai dépassé' : ((error as Error).cause as Error | undefined)?.message;
      throw new GeocoderUnavailable(`Service d’adresses injoignable${reason ? ` (${reason})` : ''}.`);
    }
    if (response.status >= 500 || response.status === 429) {
      await response.body?.cancel();
      throw new GeocoderUnavailable(`Service d’adresses indisponible (HTTP ${response.status}).`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new GeocoderRefused(`Le service d’adresses a refusé la demande (HTTP ${response.status}).`);
    }
    return response;
  }
}
