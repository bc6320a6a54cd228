import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ClsModule } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';
import { AuditLog } from './audit/audit-log.js';
import { AuditLogQuery } from './audit/audit-log.query.js';
import { AuditSubjects } from './audit/audit-subjects.js';
import { DomainEvents } from './events/domain-events.js';
import { TenantContext } from './tenancy/tenant-context.js';
import { APP_CONFIG, RUNTIME } from './config/config.tokens.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthService } from './health/health.service.js';
import { ScheduledRuns } from './health/scheduled-runs.js';
import { HeldTransactionInterceptor } from './http/held-transaction.interceptor.js';
import { HealthProbeHandler, healthProbeJob } from './health/health-probe.job.js';
import { QueueModule } from './queue/queue.module.js';
import type { Runtime } from './runtime/runtime.js';

/**
 * The platform every app stands on: configuration, logging, the database,
 * the queue layer and health. Built from a prepared Runtime, so the API, the
 * worker and the tests share one composition.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(runtime: Runtime, role: 'api' | 'worker'): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        // One context per request (middleware) or job (ClsService.run), holding caller and territory.
        // The app keeps neither the request object nor proxy providers nor plugins in it: the
        // middleware's defaults would store the request and, on every request, import the proxy
        // provider manager and await the (absent) providers' and plugins' set-up.
        ClsModule.forRoot({
          global: true,
          middleware: {
            mount: role === 'api',
            saveReq: false,
            resolveProxyProviders: false,
            initializePlugins: false,
          },
        }),
        // The API logs through Fastify's request-bound pino; the worker has no requests.
        role === 'api'
          ? LoggerModule.forRoot({ pinoHttp: { logger: runtime.logger }, useExisting: true })
          : LoggerModule.forRoot({ pinoHttp: { logger: runtime.logger, autoLogging: false } }),
        DatabaseModule.forRoot({
          url: runtime.databaseUrl,
          poolSize: runtime.config.database.poolSize,
          statementTimeoutMs: runtime.config.database.statementTimeoutMs,
          applicationName: `maillage-${role}`,
        }),
        QueueModule.forRoot(runtime.queue),
        QueueModule.forFeature([healthProbeJob]),
      ],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: APP_CONFIG, useValue: runtime.config },
        TenantContext,
        AuditLog,
        AuditLogQuery,
        AuditSubjects,
        DomainEvents,
        HealthService,
        ScheduledRuns,
        HealthProbeHandler,
        ...(role === 'api' ? [{ provide: APP_INTERCEPTOR, useClass: HeldTransactionInterceptor }] : []),
      ],
      exports: [
        RUNTIME,
        APP_CONFIG,
        TenantContext,
        AuditLog,
        AuditLogQuery,
        AuditSubjects,
        DomainEvents,
        HealthService,
        ScheduledRuns,
      ],
    };
  }
}
