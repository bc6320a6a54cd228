import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import helmet from 'helmet';
import { staticHeadersOf, type HeaderMiddleware } from './static-headers.js';

/** The headers a real response gets from `middleware`, over HTTP. */
async function headersOverHttp(middleware: HeaderMiddleware): Promise<Record<string, string>> {
  const server: Server = createServer((request, response) =>
    middleware(request, response, () => {
      response.end('ok');
    }),
  );
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`);
    await response.text();
    const skipped = new Set(['connection', 'content-length', 'date', 'keep-alive', 'transfer-encoding']);
    return Object.fromEntries([...response.headers].filter(([name]) => !skipped.has(name)));
  } finally {
    await new Promise((closed) => server.close(closed));
  }
}

describe('staticHeadersOf', () => {
  it('gives exactly the headers helmet sets on a real response, with the app’s options', async () => {
    const middleware = helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: [`'self'`],
          imgSrc: [`'self'`, 'data:', 'https://*.tile.example'],
          frameAncestors: [`'none'`],
        },
      },
      crossOriginEmbedderPolicy: false,
    }) as HeaderMiddleware;
    const recorded = staticHeadersOf(middleware);
    expect(recorded['content-security-policy']).toContain("img-src 'self' data: https://*.tile.example");
    expect(recorded['x-content-type-options']).toBe('nosniff');
    expect(recorded).not.toHaveProperty('x-powered-by');
    expect(recorded).toEqual(await headersOverHttp(middleware));
  });

  it('keeps a header the middleware removes out, and joins multiple values', () => {
    const recorded = staticHeadersOf((_request, response, next) => {
      response.setHeader('X-Powered-By', 'Express');
      response.setHeader('Vary', ['Origin', 'Accept']);
      response.removeHeader('x-powered-by');
      next();
    });
    expect(recorded).toEqual({ vary: 'Origin, Accept' });
  });

  it('refuses a middleware whose headers could depend on the request or that finishes later', () => {
    expect(() =>
      staticHeadersOf((request, response, next) => {
        response.setHeader('x-url', String(request.url));
        next();
      }),
    ).toThrow(/reads the request \(url\)/);
    expect(() => staticHeadersOf((_request, _response, next) => setImmediate(next))).toThrow(/synchronously/);
    expect(() => staticHeadersOf((_request, _response, next) => next(new Error('raté')))).toThrow('raté');
  });
});
