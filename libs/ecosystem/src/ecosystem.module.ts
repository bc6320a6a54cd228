import { Module } from '@nestjs/common';
import { QueueModule } from '@maillage/platform';
import { TerritoriesModule } from '@maillage/territories';
import { ActionsService } from './actions.service.js';
import { ActorMergeService } from './actor-merge.service.js';
import { ActorRules } from './actor-rules.js';
import { ActorsService } from './actors.service.js';
import { AlliancesService } from './alliances.service.js';
import { ContactsService } from './contacts.service.js';
import { EcosystemViewsService } from './ecosystem-views.service.js';
import { ImportJobHandler, importJob } from './import.job.js';
import { ImportsService } from './imports.service.js';
import { PrioritiesService } from './priorities.service.js';

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
];

/** The territorial ecosystem: actors, priorities, the three actions, alliances and their views. */
@Module({
  imports: [TerritoriesModule, QueueModule.forFeature([importJob])],
  providers: [...services, ImportJobHandler],
  exports: services,
})
export class EcosystemModule {}
