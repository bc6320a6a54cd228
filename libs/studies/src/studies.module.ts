import { Module } from '@nestjs/common';
import { QueueModule } from '@maillage/platform';
import { IdentityModule } from '@maillage/identity';
import { EcosystemModule } from '@maillage/ecosystem';
import { StudiesAuditSubjects } from './studies-audit-subjects.js';
import { StudiesRepository } from './studies.repository.js';
import { StudiesService } from './studies.service.js';
import { StudyAnswersService } from './study-answers.service.js';
import { StudyLinks } from './study-links.js';
import { StudyInvitationMailHandler, studyInvitationMailJob } from './study-mail.job.js';

/** Territorial studies: questionnaires, invitations and their mails, anonymous answers, results. */
@Module({
  imports: [IdentityModule, EcosystemModule, QueueModule.forFeature([studyInvitationMailJob])],
  providers: [
    StudiesService,
    StudyAnswersService,
    StudiesRepository,
    StudyLinks,
    StudyInvitationMailHandler,
    StudiesAuditSubjects,
  ],
  exports: [StudiesService, StudyAnswersService],
})
export class StudiesModule {}
