import { Global, Module, type DynamicModule, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { JobDefinition } from './job-catalogue.js';
import { JobQueue } from './job-queue.js';
import { JobRegistry } from './job-registry.js';
import { QueueBackend, type QueueBackendSettings } from './queue-backend.js';
import { WorkerHost } from './worker-host.js';

class QueueBackendLifecycle implements OnApplicationShutdown {
  constructor(private readonly backend: QueueBackend) {}
  async onApplicationShutdown(): Promise<void> {
    await this.backend.close();
  }
}

@Global()
@Module({})
export class QueueModule {
  static forRoot(settings: QueueBackendSettings): DynamicModule {
    const backend = new QueueBackend(settings);
    return {
      module: QueueModule,
      providers: [
        { provide: QueueBackend, useValue: backend },
        { provide: QueueBackendLifecycle, useFactory: () => new QueueBackendLifecycle(backend) },
        JobRegistry,
        JobQueue,
      ],
      exports: [QueueBackend, JobRegistry, JobQueue],
    };
  }

  /** Registers a feature's job definitions with this process's registry. */
  static forFeature(definitions: readonly JobDefinition[]): DynamicModule {
    const token = Symbol(`jobs:${definitions.map((definition) => definition.name).join(',')}`);
    const provider: Provider = {
      provide: token,
      inject: [JobRegistry],
      useFactory: (registry: JobRegistry) => registry.register(definitions),
    };
    return { module: class JobDefinitionsModule {}, providers: [provider] };
  }
}

/** Runs the jobs of every registered definition in this process. */
@Module({ imports: [DiscoveryModule], providers: [WorkerHost], exports: [WorkerHost] })
export class WorkerHostModule {}
