import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../config/app-config.js';

/** Paths the console never answers: the API, its documentation and the probes. */
const SERVER_PATHS = /^\/(api|docs|docs-json|health)(\/|$|\?)/;

/**
 * Where the built console is: MAILLAGE_WEB_DIR, else `dist/web` (this file runs
 * from `dist/libs/platform/src/http` once built, from `libs/platform/src/http` in tests).
 */
export function webConsoleDir(config: AppConfig): string | undefined {
  if (config.web.dir) return existsSync(join(config.web.dir, 'index.html')) ? config.web.dir : undefined;
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, '../../../../web'), resolve(here, '../../../../dist/web')];
  return candidates.find((candidate) => existsSync(join(candidate, 'index.html')));
}

/**
 * Serves the web console (a single-page application) from the API process:
 * hashed assets cached for a year, every other GET outside the API answered
 * with index.html so that deep links work. Without a built console (a
 * server-only build), nothing is registered.
 */
export async function serveWebConsole(
  app: NestFastifyApplication,
  config: AppConfig,
  imageSources: string[],
): Promise<string | undefined> {
  const root = webConsoleDir(config);
  if (!root) return undefined;
  // Stricter than the API's default policy (which lets Swagger UI run its inline script):
  // the console's document runs only the bundle from this origin.
  const policy = [
    `default-src 'self'`,
    `script-src 'self'`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src ${["'self'", 'data:', ...imageSources].join(' ')}`,
    `connect-src 'self'`,
    `font-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ');
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: false,
    // dist/web holds .br and .gz copies made at build time (scripts/build.mjs).
    preCompressed: true,
    setHeaders: (response, path) => {
      response.header(
        'cache-control',
        path.includes(`${join(root, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/*', (request, reply) => {
    if (SERVER_PATHS.test(request.url)) return reply.callNotFound();
    return reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', policy)
      .type('text/html; charset=utf-8')
      .sendFile('index.html', root);
  });
  return root;
}
