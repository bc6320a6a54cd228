import { Global, Module, type DynamicModule } from '@nestjs/common';
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
        // The API's Nest logger writes through the request's own logger (`requestBoundLogger`, set
        // by the HTTP app); the worker has no requests and logs through nestjs-pino's.
        ...(role === 'worker'
          ? [LoggerModule.forRoot({ pinoHttp: { logger: runtime.logger, autoLogging: false } })]
          : []),
        DatabaseModule.forRoot({
          url: runtime.databaseUrl,
          poolSize: runtime.config.database.poolSize,
          poolIdleTimeoutMs: runtime.config.database.poolIdleTimeoutMs,
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
