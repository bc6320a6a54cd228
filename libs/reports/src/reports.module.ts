import { Module } from '@nestjs/common';
import { QueueModule } from '@maillage/platform';
import { EcosystemModule } from '@maillage/ecosystem';
import { ReportGenerators } from './report-generators.js';
import { ReportJobHandler, reportJob } from './report.job.js';
import { ReportSchedulesRepository } from './report-schedules.repository.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';
import { ReportsAuditSubjects } from './reports-audit-subjects.js';
import { ReportRetention, reportCleanupJob } from './report-retention.js';
import { ReportSchedulesService, ScheduledReportHandler, scheduledReportJob } from './report-schedules.service.js';

/** Territory reports and exports, made in the worker and stored in PostgreSQL. */
@Module({
  imports: [EcosystemModule, QueueModule.forFeature([reportJob, scheduledReportJob, reportCleanupJob])],
  providers: [
    ReportsService,
    ReportSchedulesService,
    ReportGenerators,
    ReportJobHandler,
    ScheduledReportHandler,
    ReportRetention,
    ReportsRepository,
    ReportSchedulesRepository,
    ReportsAuditSubjects,
  ],
  exports: [ReportsService, ReportSchedulesService],
})
export class ReportsModule {}
