import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PlatformModule, WorkerHostModule, type Runtime } from '@maillage/platform';
import { IdentityModule, JwtAuthGuard } from '@maillage/identity';
import { AccessGuard, TerritoriesModule } from '@maillage/territories';
import { EcosystemModule } from '@maillage/ecosystem';
import { ReportsModule } from '@maillage/reports';
import { ObservatoryModule } from '@maillage/observatory';
import { NotificationsModule } from '@maillage/notifications';
import { ResourcesModule } from '@maillage/resources';
import { StudiesModule } from '@maillage/studies';
import {
  MailStatusController,
  MyNotificationsController,
  UnsubscribeController,
} from './notifications/notifications.controller.js';
import { ObservatoryController, TerritoryObservatoryController } from './observatory/observatory.controller.js';
import { ReportSchedulesController, ReportsController } from './reports/reports.controller.js';
import { NationalResourcesController, TerritoryResourcesController } from './resources/resources.controller.js';
import { NationalCaseStudiesController, TerritoryCaseStudiesController } from './resources/case-studies.controller.js';
import { StudiesController, StudyAnswersController } from './studies/studies.controller.js';
import { ActorsController } from './ecosystem/directory/actors.controller.js';
import { ImportsController } from './ecosystem/imports/imports.controller.js';
import { GeocodingController } from './ecosystem/geocoding/geocoding.controller.js';
import {
  ActionsController,
  AlliancesController,
  PrioritiesController,
} from './ecosystem/activity/activity.controller.js';
import { EcosystemViewsController } from './ecosystem/views/views.controller.js';
import {
  ActionCommentsController,
  AllianceCommentsController,
  AllianceContactsController,
  PriorityCommentsController,
} from './ecosystem/discussion/discussion.controller.js';
import { AuditLogController } from './audit/audit-log.controller.js';
import { AuthController, MeController } from './auth/auth.controller.js';
import { HealthController } from './health/health.controller.js';
import { ClientConfigController } from './web/client-config.controller.js';
import { ObserversController } from './observers/observers.controller.js';
import { DemoController } from './demo/demo.controller.js';
import { DemoService } from './demo/demo.service.js';
import { GeographyController } from './territories/geography.controller.js';
import {
  InvitationAcceptanceController,
  MembersController,
  MyInvitationsController,
  TerritoriesController,
  TerritoryInvitationsController,
} from './territories/territories.controller.js';
import {
  JoinConfirmationsController,
  JoinController,
  JoinRequestsController,
  LinkRequestsController,
  MyJoinRequestsController,
  MyOrganisationController,
} from './ecosystem/organisations/organisations.controller.js';

export interface ApiModuleOptions {
  /** Also run the jobs in this process (embedded mode, single-process deployments). */
  withWorker: boolean;
}

@Module({})
export class ApiModule {
  static forRoot(runtime: Runtime, options: ApiModuleOptions): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PlatformModule.forRoot(runtime, 'api'),
        IdentityModule,
        TerritoriesModule,
        EcosystemModule,
        ReportsModule,
        ObservatoryModule,
        NotificationsModule,
        ResourcesModule,
        StudiesModule,
        ...(options.withWorker ? [WorkerHostModule] : []),
      ],
      controllers: [
        HealthController,
        ClientConfigController,
        AuthController,
        MeController,
        MyNotificationsController,
        UnsubscribeController,
        MailStatusController,
        TerritoriesController,
        GeographyController,
        MembersController,
        TerritoryInvitationsController,
        InvitationAcceptanceController,
        MyInvitationsController,
        ObserversController,
        AuditLogController,
        ActorsController,
        PrioritiesController,
        ActionsController,
        AlliancesController,
        AllianceCommentsController,
        ActionCommentsController,
        PriorityCommentsController,
        AllianceContactsController,
        EcosystemViewsController,
        ImportsController,
        GeocodingController,
        ReportsController,
        ReportSchedulesController,
        ObservatoryController,
        TerritoryObservatoryController,
        LinkRequestsController,
        JoinRequestsController,
        MyOrganisationController,
        JoinController,
        JoinConfirmationsController,
        MyJoinRequestsController,
        DemoController,
        NationalResourcesController,
        TerritoryResourcesController,
        NationalCaseStudiesController,
        TerritoryCaseStudiesController,
        StudiesController,
        StudyAnswersController,
      ],
      // Order matters: authenticate first, then check roles and territory membership.
      providers: [
        DemoService,
        { provide: APP_GUARD, useExisting: JwtAuthGuard },
        { provide: APP_GUARD, useExisting: AccessGuard },
      ],
    };
  }
}
