import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import helmet from 'helmet';
import { NestFactory } from '@nestjs/core';
import { LogController, type FastifyRequest } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ProblemFilter } from '../errors/problem.filter.js';
import { createValidationPipe } from '../errors/validation.js';
import { requestBoundLogger } from '../logging/request-logger.js';
import type { Runtime } from '../runtime/runtime.js';
import { TenantContext, type MaillageStore } from '../tenancy/tenant-context.js';
import { strictJsonParser } from './json-body.js';
import { staticHeadersOf } from './static-headers.js';
import { serveWebConsole } from './web-console.js';
import { RESOURCE_FILE_TYPES } from '@maillage/contract';

export const API_PREFIX = 'api/v1';
/** Infrastructure routes served outside the versioned prefix. */
export const UNPREFIXED_ROUTES = ['health/live', 'health/ready'];

export const CSV_TYPE = 'text/csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const SPREADSHEET_TYPES = [CSV_TYPE, XLSX_TYPE] as const;
/**
 * Media types an old Excel workbook (.xls, Excel 97–2003) may be sent with: taken as streams too, so
 * that the import route can say what to do with such a file instead of a bare 415.
 */
export const LEGACY_EXCEL_TYPES: readonly string[] = [
  'application/vnd.ms-excel',
  'application/msexcel',
  'application/x-msexcel',
  'application/x-ms-excel',
  'application/x-excel',
  'application/excel',
  'application/xls',
  'application/x-xls',
];
/** Bodies the resource centre takes as files (its service recognises the type from the content). */
export const RESOURCE_UPLOAD_TYPES = [
  'application/octet-stream',
  ...Object.values(RESOURCE_FILE_TYPES)
    .map((type) => type.contentType)
    .filter((type) => type !== XLSX_TYPE),
] as const;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's context (`TenantContext`), kept here for the hooks that run outside it. */
    maillageContext: MaillageStore | null;
  }
}

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Maillage API')
    .setDescription(
      'API de Maillage, plateforme de co-construction territoriale. ' +
        'Toutes les erreurs suivent la RFC 9457 (application/problem+json).',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
}

function tileOrigins(runtime: Runtime): string[] {
  const tiles = runtime.config.web.mapTiles;
  if (!tiles) return [];
  // `{s}` subdomains become a wildcard source.
  const origin = new URL(tiles.url.replace(/\{[a-z]\}/g, 'x')).origin;
  return [tiles.url.includes('{s}.') ? origin.replace('//x.', '//*.') : origin];
}

/**
 * Builds the Fastify-based HTTP application with every cross-cutting concern:
 * prefix, validation, problem+json errors, request ids, security headers,
 * body limit, logging and the OpenAPI document.
 */
export async function createHttpApp(module: unknown, runtime: Runtime): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    // No Express-style middleware (and no @fastify/middie on every request): the request's context
    // is entered by a Fastify hook below. A Nest middleware added later fails at start-up, loudly.
    skipMiddie: true,
    bodyLimit: runtime.config.http.bodyLimit,
    trustProxy: runtime.config.http.trustProxy,
    loggerInstance: runtime.logger,
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      disableRequestLogging: runtime.config.env === 'test',
    }),
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(module as never, adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(requestBoundLogger(runtime.logger));
  // Security headers: helmet's, worked out once (they do not depend on the request) and set on
  // every response with the request id, in one synchronous hook — instead of running helmet's
  // chain of a dozen middlewares on each request.
  const securityHeaders = staticHeadersOf(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: [`'self'`],
          // The API documentation page (Swagger UI) needs inline styles and its bootstrap script.
          styleSrc: [`'self'`, `'unsafe-inline'`],
          scriptSrc: [`'self'`, `'unsafe-inline'`],
          // Map tiles come from the configured tile server (MAILLAGE_MAP_TILES), if any.
          imgSrc: [`'self'`, 'data:', ...tileOrigins(runtime)],
          connectSrc: [`'self'`],
          frameAncestors: [`'none'`],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  const fastify = app.getHttpAdapter().getInstance();
  // The request's context (caller, territory, the transaction the access guard opens), entered in
  // the first hook of the application's own (after only the adapter's: shutdown 503, CORS), so
  // everything after it (guards, pipes, handlers, filters, and what they await) runs inside it.
  fastify.decorateRequest('maillageContext', null);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(securityHeaders).header('x-request-id', request.id);
    // Fastify's request logger is a child of `runtime.logger` (its `loggerInstance`): a pino logger.
    const store: MaillageStore = { requestId: String(request.id), log: request.log as unknown as PinoLogger };
    request.maillageContext = store;
    TenantContext.enterRequest(store, done);
  });
  // A transaction the access guard opened and the request's work never took is ended as soon as
  // the response is on its way (every answer goes through `reply.send`, so through onSend), or the
  // client is gone: it only read, so it rolls back.
  const release = (request: FastifyRequest): void => {
    if (request.maillageContext) TenantContext.releaseHeldTransaction(request.maillageContext);
  };
  fastify.addHook('onSend', (request, _reply, payload, done) => {
    release(request);
    done(null, payload);
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    release(request);
    done();
  });
  // JSON bodies: valid UTF-8 and a bounded depth, or a 400 before anything reads them.
  app.useBodyParser(
    'application/json',
    { bodyLimit: runtime.config.http.bodyLimit },
    strictJsonParser(app.getHttpAdapter().getInstance()),
  );
  // Spreadsheet uploads reach their handler unread, as the request's stream: it reads them with
  // bounds of its own (MAILLAGE_IMPORT_MAX_BYTES, rows, columns) and refuses them as soon as one
  // is crossed, after the caller's rights are checked, and without first holding the whole body.
  // Resource files likewise (MAILLAGE_RESOURCE_MAX_BYTES).
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser(
      [...SPREADSHEET_TYPES, ...LEGACY_EXCEL_TYPES, ...RESOURCE_UPLOAD_TYPES],
      (_request, payload, done) => done(null, payload),
    );
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED_ROUTES });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());

  await serveWebConsole(app, runtime.config, tileOrigins(runtime));

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'Maillage — documentation de l’API',
  });
  return app;
}
