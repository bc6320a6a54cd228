import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseCsv } from 'csv-parse/sync';

/** One place the fake service knows: a text it recognises, and what it answers. */
export interface BanPlace {
  /** Matched case-insensitively as a substring of the query. */
  match: string;
  type: 'housenumber' | 'street' | 'locality' | 'municipality';
  latitude: number;
  longitude: number;
  score?: number;
  label?: string;
  citycode: string;
  city?: string;
  postcode?: string;
}

/**
 * A local server speaking the Base Adresse Nationale geocoder's documented
 * protocol (api-adresse.data.gouv.fr): `GET /search/?q=…&citycode=…&type=…&limit=…`
 * answers a GeoJSON FeatureCollection; `POST /search/csv/` takes a multipart
 * `data` file with `columns` and `citycode` fields and answers the CSV with
 * `latitude`, `longitude`, `result_label`, `result_score`, `result_type`,
 * `result_citycode`, `result_status` added. `down` answers 503 to everything.
 */
export class BanServer {
  places: BanPlace[] = [];
  down = false;
  /** Requests received, by kind. */
  readonly calls = { search: 0, csv: 0, refused: 0 };
  private server: Server | undefined;
  url = '';

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      void this.answer(request)
        .then(({ status, type, body }) => {
          response.writeHead(status, { 'content-type': type });
          response.end(body);
        })
        .catch((error: Error) => {
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end(error.message);
        });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The best place for a query, as the service would rank it. */
  find(q: string, citycode?: string | null, type?: string | null): BanPlace | undefined {
    const text = q.toLowerCase();
    return this.places.find(
      (place) =>
        text.includes(place.match.toLowerCase()) &&
        (!citycode || place.citycode === citycode) &&
        (!type || place.type === type),
    );
  }

  private async answer(request: IncomingMessage): Promise<{ status: number; type: string; body: string }> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (this.down) {
      this.calls.refused += 1;
      return { status: 503, type: 'text/plain', body: 'Service Unavailable' };
    }
    if (request.method === 'GET' && url.pathname === '/search/') {
      this.calls.search += 1;
      const q = url.searchParams.get('q') ?? '';
      if (q.trim().length < 3) {
        return {
          status: 400,
          type: 'application/json',
          body: JSON.stringify({ code: 400, message: 'q must contain at least 3 chars' }),
        };
      }
      const place = this.find(q, url.searchParams.get('citycode'), url.searchParams.get('type'));
      return {
        status: 200,
        type: 'application/json',
        body: JSON.stringify({
          type: 'FeatureCollection',
          version: 'draft',
          query: q,
          features: place
            ? [
                {
                  type: 'Feature',
                  geometry: { type: 'Point', coordinates: [place.longitude, place.latitude] },
                  properties: {
                    label: place.label ?? place.match,
                    score: place.score ?? 0.9,
                    type: place.type,
                    citycode: place.citycode,
                    city: place.city ?? '',
                    postcode: place.postcode ?? '',
                    id: `${place.citycode}_x`,
                    name: place.match,
                  },
                },
              ]
            : [],
        }),
      };
    }
    if (request.method === 'POST' && url.pathname === '/search/csv/') {
      this.calls.csv += 1;
      const form = await new Request('http://localhost/', {
        method: 'POST',
        headers: { 'content-type': String(request.headers['content-type'] ?? '') },
        body: Buffer.concat(chunks),
      }).formData();
      const data = form.get('data');
      if (!(data instanceof Blob))
        return { status: 400, type: 'text/plain', body: 'A CSV file must be provided in data field' };
      const columns = form.getAll('columns').map(String);
      const citycodeColumn = form.get('citycode');
      const text = await data.text();
      const delimiter = text.split(/\r?\n/, 1)[0]!.includes(';') ? ';' : ',';
      const rows: Record<string, string>[] = parseCsv(text, { columns: true, delimiter, skip_empty_lines: true });
      const header = Object.keys(rows[0] ?? {});
      const added = [
        'latitude',
        'longitude',
        'result_label',
        'result_score',
        'result_type',
        'result_citycode',
        'result_status',
      ];
      const quote = (value: string) => (/[",;\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
      const lines = [[...header, ...added].join(delimiter)];
      for (const row of rows) {
        const q = (columns.length ? columns : header).map((column) => row[column] ?? '').join(' ');
        const citycode = typeof citycodeColumn === 'string' ? row[citycodeColumn] : undefined;
        const place = this.find(q, citycode);
        const result = place
          ? [
              String(place.latitude),
              String(place.longitude),
              place.label ?? place.match,
              String(place.score ?? 0.9),
              place.type,
              place.citycode,
              'ok',
            ]
          : ['', '', '', '', '', '', 'not-found'];
        lines.push([...header.map((column) => row[column] ?? ''), ...result].map(quote).join(delimiter));
      }
      return { status: 200, type: 'text/csv; charset=utf-8', body: `${lines.join('\n')}\n` };
    }
    return { status: 404, type: 'text/plain', body: 'Not found' };
  }
}
