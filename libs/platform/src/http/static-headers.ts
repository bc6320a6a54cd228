import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Connect-style middleware that only sets response headers (helmet's, for one). */
export type HeaderMiddleware = (
  request: IncomingMessage,
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * The headers a header-setting middleware gives every response, worked out once: it is run against
 * a response that records what it sets and removes. Refused (thrown) when the middleware does
 * anything else — reads the request, ends the response, fails or finishes later — since its headers
 * could then depend on the request.
 */
export function staticHeadersOf(middleware: HeaderMiddleware): Record<string, string> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
      return recorder;
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  };
  const request = new Proxy({} as IncomingMessage, {
    get(_target, property) {
      throw new Error(`static headers: the middleware reads the request (${String(property)})`);
    },
  });
  let finished = false;
  middleware(request, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error(String(error));
    finished = true;
  });
  if (!finished) throw new Error('static headers: the middleware did not call next synchronously');
  return Object.fromEntries(headers);
}
