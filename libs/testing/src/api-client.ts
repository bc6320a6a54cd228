import type { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
  text: string;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Thin client over `app.inject()` for the versioned API. */
export class ApiClient {
  constructor(
    private readonly app: NestFastifyApplication,
    readonly token?: string,
  ) {}

  as(token: string | undefined): ApiClient {
    return new ApiClient(this.app, token);
  }

  async request<T = unknown>(
    method: Method,
    path: string,
    options: {
      body?: unknown;
      query?: Record<string, string>;
      headers?: Record<string, string>;
      /** The client's address as the server sees it (default 127.0.0.1). */
      remoteAddress?: string;
    } = {},
  ): Promise<ApiResponse<T>> {
    const url =
      path.startsWith('/api/') || path.startsWith('/health') || path.startsWith('/docs') ? path : `/api/v1${path}`;
    const response = await this.app.inject({
      method,
      url,
      ...(options.query ? { query: options.query } : {}),
      ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
    });
    // A compressed answer (the client asked for it) is read as a browser would: decompressed.
    const text =
      response.headers['content-encoding'] === 'gzip'
        ? gunzipSync(response.rawPayload).toString('utf8')
        : response.body;
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    return { status: response.statusCode, body: body as T, headers: response.headers, text };
  }

  /** Sends raw bytes (a spreadsheet upload) with their content type; a stream goes without a length, as it comes. */
  async upload<T = unknown>(
    path: string,
    content: Buffer | Readable,
    contentType: string,
    query?: Record<string, string>,
    method: 'POST' | 'PUT' = 'POST',
  ): Promise<ApiResponse<T>> {
    const response = await this.app.inject({
      method,
      url: `/api/v1${path}`,
      ...(query ? { query } : {}),
      headers: { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), 'content-type': contentType },
      payload: content,
    });
    return { status: response.statusCode, body: response.json() as T, headers: response.headers, text: response.body };
  }

  get<T = unknown>(path: string, query?: Record<string, string>) {
    return this.request<T>('GET', path, query ? { query } : {});
  }
  post<T = unknown>(path: string, body?: unknown) {
    return this.request<T>('POST', path, { body: body ?? {} });
  }
  put<T = unknown>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, { body: body ?? {} });
  }
  patch<T = unknown>(path: string, body?: unknown) {
    return this.request<T>('PATCH', path, { body: body ?? {} });
  }
  delete<T = unknown>(path: string) {
    return this.request<T>('DELETE', path);
  }
}
