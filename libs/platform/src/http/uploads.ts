import type { Readable } from 'node:stream';
import { type DomainError } from '../errors/domain-error.js';

/**
 * Reads the rest of a refused upload and drops it, never holding it, before
 * the answer goes: Node stops reading a request once its answer is sent, so a
 * client still sending would stall, and closing the connection at once would
 * make it lose the answer. Past `budget` more bytes, the connection is cut.
 */
export function dropRest(body: Readable, budget: number): Promise<void> {
  return new Promise((resolve) => {
    if (body.readableEnded || body.destroyed) return resolve();
    let left = budget;
    body.on('data', (chunk: Buffer | string) => {
      left -= chunk.length;
      if (left < 0) body.destroy();
    });
    body
      .once('end', resolve)
      .once('close', resolve)
      .once('error', () => resolve());
    body.resume();
  });
}

/**
 * An upload's bytes, refused (`too_large`, 413) as soon as they cross `maxBytes`: at most
 * that much is ever held. The stream is not destroyed on a refusal (that would reset the
 * connection before the answer): the caller drops the rest with `dropRest`.
 */
export async function readBounded(body: Readable, maxBytes: number, tooLarge: () => DomainError): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer | string>) {
    const part = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += part.length;
    if (size > maxBytes) throw tooLarge();
    parts.push(part);
  }
  return Buffer.concat(parts, size);
}
