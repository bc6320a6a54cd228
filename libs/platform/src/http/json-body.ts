import type { FastifyBodyParser, FastifyInstance } from 'fastify';
import { DomainError } from '../errors/domain-error.js';

/**
 * Deepest nesting of arrays and objects a JSON body may have. No operation
 * takes more than a few levels; thousands would overflow the stack of the
 * validation that walks the body (class-transformer recurses).
 */
export const MAX_JSON_DEPTH = 64;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * The deepest nesting of `[` and `{` in a JSON text, outside strings, stopping
 * as soon as it exceeds `limit` (one pass, no recursion, before parsing).
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c /* \ */) index += 1;
      else if (char === 0x22 /* " */) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b /* [ */ || char === 0x7b /* { */) {
      depth += 1;
      if (depth > limit) return true;
    } else if (char === 0x5d /* ] */ || char === 0x7d /* } */) {
      depth -= 1;
    }
  }
  return false;
}

/**
 * The JSON body parser: refuses, with a 400 problem, bytes that are not valid
 * UTF-8 (instead of storing U+FFFD in their place) and nesting deeper than
 * MAX_JSON_DEPTH, then hands the text to Fastify's own parser (which keeps its
 * prototype-poisoning protection).
 */
export function strictJsonParser(fastify: FastifyInstance): FastifyBodyParser<Buffer> {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(body);
    } catch {
      done(
        new DomainError('invalid', {
          code: 'invalid_encoding',
          detail: 'Le corps de la requête n’est pas un texte UTF-8 valide.',
        }),
        undefined,
      );
      return;
    }
    if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
      done(
        new DomainError('invalid', {
          code: 'json_too_deep',
          detail: `Le corps JSON est imbriqué trop profondément (${MAX_JSON_DEPTH} niveaux au plus).`,
        }),
        undefined,
      );
      return;
    }
    // Fastify's parser answers through `done` (its type also allows a promise).
    void parse(request, text, done);
  };
}
