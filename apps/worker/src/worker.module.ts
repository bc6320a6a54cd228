import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule, WorkerHostModule, type Runtime } from '@maillage/platform';
import { EcosystemModule } from '@maillage/ecosystem';
import { ReportsModule } from '@maillage/reports';
import { ObservatoryModule } from '@maillage/observatory';
import { NotificationsModule } from '@maillage/notifications';
import { StudiesModule } from '@maillage/studies';

/** The worker's composition root: the platform and every feature with jobs, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(runtime, 'worker'),
        EcosystemModule,
        ReportsModule,
        ObservatoryModule,
        NotificationsModule,
        StudiesModule,
        WorkerHostModule,
      ],
    };
  }
}
