import { Module } from '@nestjs/common';
import { QueueModule } from '@maillage/platform';
import { IdentityModule } from '@maillage/identity';
import {
  digestJob,
  DigestHandler,
  MailScheduler,
  MailSweepHandler,
  mailSweepJob,
  SendMailHandler,
  sendMailJob,
} from './mail/mail.jobs.js';
import { MailRepository } from './mail/mail.repository.js';
import { MailStatusService } from './mail/mail-status.service.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';
import { PreferencesService } from './preferences.service.js';

/**
 * What people are told: notifications written with each domain event, read
 * in the console, and mailed according to each person's preferences.
 */
@Module({
  imports: [IdentityModule, QueueModule.forFeature([mailSweepJob, digestJob, sendMailJob])],
  providers: [
    NotificationsService,
    NotificationsRepository,
    PreferencesService,
    MailRepository,
    MailStatusService,
    MailScheduler,
    MailSweepHandler,
    DigestHandler,
    SendMailHandler,
  ],
  exports: [NotificationsService, PreferencesService, MailStatusService, MailScheduler],
})
export class NotificationsModule {}
