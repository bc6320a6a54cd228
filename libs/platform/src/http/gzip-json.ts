import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import negotiate from '@fastify/accept-negotiator';

const gunzipAsync = promisify(gunzip);

/** What `sendGzipJson` needs of Fastify's reply. */
interface Reply {
  type(contentType: string): unknown;
  header(name: string, value: string): unknown;
}

/** Whether an `Accept-Encoding` header takes gzip (by its q-values; absent: no). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  return Boolean(acceptEncoding) && negotiate(acceptEncoding as string, ['gzip', 'identity']) === 'gzip';
}

/**
 * The controller's answer for JSON kept gzip-compressed: sent as it is, with `Content-Encoding:
 * gzip`, to a client that accepts it (every browser), else decompressed (off the event loop).
 * `Vary: Accept-Encoding` either way, so that a cache keeps the two apart.
 */
export async function sendGzipJson(reply: Reply, gzip: Buffer, acceptEncoding: string | undefined): Promise<Buffer> {
  void reply.type('application/json; charset=utf-8');
  void reply.header('Vary', 'Accept-Encoding');
  if (acceptsGzip(acceptEncoding)) {
    void reply.header('Content-Encoding', 'gzip');
    return gzip;
  }
  return gunzipAsync(gzip);
}
