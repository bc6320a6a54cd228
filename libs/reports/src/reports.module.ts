import { Module } from '@nestjs/common';
import { QueueModule } from '@maillage/platform';
import { EcosystemModule } from '@maillage/ecosystem';
import { ReportGenerators } from './report-generators.js';
import { ReportJobHandler, reportJob } from './report.job.js';
import { ReportsService } from './reports.service.js';

/** Territory reports and exports, made in the worker and stored in PostgreSQL. */
@Module({
  imports: [EcosystemModule, QueueModule.forFeature([reportJob])],
  providers: [ReportsService, ReportGenerators, ReportJobHandler],
  exports: [ReportsService],
})
export class ReportsModule {}
