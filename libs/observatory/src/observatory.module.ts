import { Module } from '@nestjs/common';
import { QueueModule } from '@maillage/platform';
import { TerritoriesModule } from '@maillage/territories';
import { ObservatoryRollupJob, rollupJob } from './observatory-rollup.job.js';
import { ObservatorySharingService } from './observatory-sharing.service.js';
import { ObservatoryRepository } from './observatory.repository.js';
import { ObservatorySharingRepository } from './observatory-sharing.repository.js';
import { ObservatoryService } from './observatory.service.js';

/** The national observatory: consent, the nightly rollup, the aggregates observers read. */
@Module({
  imports: [TerritoriesModule, QueueModule.forFeature([rollupJob])],
  providers: [
    ObservatoryService,
    ObservatorySharingService,
    ObservatoryRollupJob,
    ObservatoryRepository,
    ObservatorySharingRepository,
  ],
  exports: [ObservatoryService, ObservatorySharingService],
})
export class ObservatoryModule {}
