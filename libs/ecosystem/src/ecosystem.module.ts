import { Module } from '@nestjs/common';
import { QueueModule } from '@maillage/platform';
import { TerritoriesModule } from '@maillage/territories';
import { IdentityModule } from '@maillage/identity';
import { JoinService } from './organisations/join.service.js';
import { JoinConfirmationMailHandler, joinConfirmationMailJob } from './organisations/join-mail.job.js';
import {
  JoinConfirmationsCleanup,
  joinConfirmationsCleanupJob,
} from './organisations/join-confirmations-cleanup.job.js';
import { LinkRequestsService } from './organisations/link-requests.service.js';
import { OrganisationsRepository } from './organisations/organisations.repository.js';
import { ProfileService } from './organisations/profile.service.js';
import { ActionsRepository } from './activity/actions.repository.js';
import { ActionsService } from './activity/actions.service.js';
import { ActorMergeRepository } from './directory/actor-merge.repository.js';
import { ActorMergeService } from './directory/actor-merge.service.js';
import { ActorRules } from './directory/actor-rules.js';
import { ActorsRepository } from './directory/actors.repository.js';
import { ActorsService } from './directory/actors.service.js';
import { AlliancesRepository } from './activity/alliances.repository.js';
import { AlliancesService } from './activity/alliances.service.js';
import { ContactsRepository } from './directory/contacts.repository.js';
import { ContactsService } from './directory/contacts.service.js';
import { EcosystemViewsService } from './views/views.service.js';
import { ImportJobHandler, importJob } from './imports/import.job.js';
import { ImportsRepository } from './imports/imports.repository.js';
import { ImportsService } from './imports/imports.service.js';
import { PrioritiesRepository } from './activity/priorities.repository.js';
import { ViewsRepository } from './views/views.repository.js';
import { EvaluationReminders, evaluationRemindersJob } from './activity/evaluation-reminders.job.js';
import { PrioritiesService } from './activity/priorities.service.js';
import { CommentsRepository } from './discussion/comments.repository.js';
import { CommentsService } from './discussion/comments.service.js';
import { AllianceContactsService } from './discussion/alliance-contacts.service.js';
import { ThreadAccess } from './discussion/thread-access.js';
import { EcosystemAuditSubjects } from './ecosystem-audit-subjects.js';
import { GeocodingJobHandler, geocodingJob } from './geocoding/geocoding.job.js';
import { GraphMetricsJobHandler, graphMetricsJob, GraphMetricsScheduler } from './views/graph-metrics.job.js';
import { GraphSnapshotsRepository } from './views/graph-snapshots.repository.js';
import { GeocodingRepository } from './geocoding/geocoding.repository.js';
import { GeocodingService } from './geocoding/geocoding.service.js';

const services = [
  ActorRules,
  ActorsService,
  ContactsService,
  PrioritiesService,
  ActionsService,
  AlliancesService,
  EcosystemViewsService,
  ImportsService,
  ActorMergeService,
  CommentsService,
  AllianceContactsService,
  LinkRequestsService,
  JoinService,
  ProfileService,
  GeocodingService,
];

/** Each aggregate's SQL; the services keep the rules. */
const repositories = [
  PrioritiesRepository,
  ActorsRepository,
  ActionsRepository,
  AlliancesRepository,
  ImportsRepository,
  ContactsRepository,
  ActorMergeRepository,
  ViewsRepository,
  CommentsRepository,
  OrganisationsRepository,
  GeocodingRepository,
  GraphSnapshotsRepository,
];

/** The territorial ecosystem: actors, priorities, the three actions, alliances and their views. */
@Module({
  imports: [
    TerritoriesModule,
    IdentityModule,
    QueueModule.forFeature([
      importJob,
      evaluationRemindersJob,
      geocodingJob,
      graphMetricsJob,
      joinConfirmationMailJob,
      joinConfirmationsCleanupJob,
    ]),
  ],
  providers: [
    ...services,
    ...repositories,
    ThreadAccess,
    ImportJobHandler,
    GeocodingJobHandler,
    GraphMetricsJobHandler,
    GraphMetricsScheduler,
    EvaluationReminders,
    JoinConfirmationMailHandler,
    JoinConfirmationsCleanup,
    EcosystemAuditSubjects,
  ],
  exports: services,
})
export class EcosystemModule {}
