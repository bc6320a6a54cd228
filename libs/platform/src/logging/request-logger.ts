import type { Logger as Pino } from 'pino';
import { Logger, PinoLogger } from 'nestjs-pino';
import { TenantContext } from '../tenancy/tenant-context.js';

/**
 * nestjs-pino's logger writing through the current request's own pino logger (Fastify's, which
 * carries the request's id), kept in the request's context (`TenantContext.enterRequest`), or
 * through `root` outside a request. nestjs-pino binds its logger with a middleware of its own
 * instead, which would bring Fastify's middleware engine to every request.
 */
class RequestBoundPinoLogger extends PinoLogger {
  constructor(private readonly root: Pino) {
    super({ pinoHttp: { logger: root }, useExisting: true });
  }

  override get logger(): Pino {
    return TenantContext.log ?? this.root;
  }
}

/** The API's Nest logger (`app.useLogger`): pino, bound to the request when there is one. */
export function requestBoundLogger(root: Pino): Logger {
  return new Logger(new RequestBoundPinoLogger(root), {});
}
