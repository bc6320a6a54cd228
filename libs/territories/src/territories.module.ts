import { Module } from '@nestjs/common';
import { IdentityModule } from '@maillage/identity';
import { AccessDecisions } from './access-decisions.js';
import { AccessGuard } from './access.guard.js';
import { GeographyService } from './geography.service.js';
import { InvitationsRepository } from './invitations.repository.js';
import { InvitationsService } from './invitations.service.js';
import { MembershipsRepository } from './memberships.repository.js';
import { MembershipsService } from './memberships.service.js';
import { TerritoriesRepository } from './territories.repository.js';
import { TerritoriesService } from './territories.service.js';
import { TerritoriesAuditSubjects } from './territories-audit-subjects.js';

@Module({
  imports: [IdentityModule],
  providers: [
    GeographyService,
    TerritoriesRepository,
    TerritoriesService,
    MembershipsRepository,
    InvitationsRepository,
    MembershipsService,
    AccessDecisions,
    InvitationsService,
    AccessGuard,
    TerritoriesAuditSubjects,
  ],
  exports: [GeographyService, TerritoriesService, MembershipsService, InvitationsService, AccessGuard, AccessDecisions],
})
export class TerritoriesModule {}
