import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule, WorkerHostModule, type Runtime } from '@maillage/platform';
import { HealthController } from './health/health.controller.js';

export interface ApiModuleOptions {
  /** Also run the jobs in this process (embedded mode, single-process deployments). */
  withWorker: boolean;
}

@Module({})
export class ApiModule {
  static forRoot(runtime: Runtime, options: ApiModuleOptions): DynamicModule {
    return {
      module: ApiModule,
      imports: [PlatformModule.forRoot(runtime, 'api'), ...(options.withWorker ? [WorkerHostModule] : [])],
      controllers: [HealthController],
    };
  }
}
