import { Injectable, Logger } from '@nestjs/common';
import { z } from 'zod';
import {
  defineJob,
  HandlesJob,
  territoryScope,
  Transactions,
  type JobContext,
  type JobHandler,
  type JobPayload,
  type TerritoryScoped,
} from '@maillage/platform';
import { MailService, type MailMessage } from '@maillage/identity';
import { questionsFor } from './questionnaire.js';
import { StudiesRepository, type InvitationMailRow } from './studies.repository.js';
import { StudyLinks } from './study-links.js';

declare module '@maillage/platform' {
  interface JobCatalogue {
    'studies.invitation-mail': TerritoryScoped & { studyId: string; invitationId: string; generation: number };
  }
}

/** Sending retries with backoff, like notification mails. */
export const STUDY_MAIL_ATTEMPTS = 6;
export const studyInvitationMailJob = defineJob({
  name: 'studies.invitation-mail',
  queue: 'system',
  payload: z.object({
    ...territoryScope,
    studyId: z.guid(),
    invitationId: z.guid(),
    generation: z.number().int().min(1),
  }),
  attempts: STUDY_MAIL_ATTEMPTS,
  backoffMs: 30_000,
});

/** About half a minute a question, never less than two minutes. */
export const answerMinutes = (questions: number): number => Math.max(2, Math.ceil(questions / 2));

/** The French mail of an invitation (or of a reminder, from the second link on). */
export function invitationMail(row: InvitationMailRow, url: string): Omit<MailMessage, 'to'> {
  const reminder = row.generation > 1;
  const count = questionsFor(row.questions, row.prism).length;
  const minutes = answerMinutes(count);
  const subject = `${reminder ? 'Rappel : ' : ''}${row.territory_name} vous invite à répondre à l’étude « ${row.study_title} »`;
  const text = [
    'Bonjour,',
    '',
    `La coordination du territoire « ${row.territory_name} » mène une étude territoriale, « ${row.study_title} », auprès des associations, des entreprises, des acteurs publics et des habitants du territoire.`,
    'Votre organisation compte parmi les acteurs du territoire : votre regard aide à comprendre ses fragilités et ce que ses acteurs peuvent faire ensemble.',
    '',
    `Le questionnaire compte ${count} question${count > 1 ? 's' : ''} et prend environ ${minutes} minutes.`,
    'Vos réponses sont anonymes : elles ne sont reliées ni à votre nom ni à votre adresse, et seuls des résultats d’ensemble sont présentés. Votre adresse est effacée dès que vous avez répondu, ou à la clôture de l’étude.',
    '',
    reminder
      ? 'Pour répondre, suivez ce nouveau lien (il remplace celui du premier message ; il vous est personnel et ne sert qu’une fois) :'
      : 'Pour répondre, suivez ce lien (il vous est personnel et ne sert qu’une fois) :',
    url,
    '',
    'Merci de votre participation.',
    `La coordination de « ${row.territory_name} », avec Maillage`,
    '',
  ].join('\n');
  return { subject, text };
}

/**
 * Mails one invitation's link. Each link (an invitation and its number) is claimed before it is
 * sent, so a repeated or retried job sends it once; a refused delivery gives the claim back and
 * the job retries with backoff. A link answered, replaced by a reminder, or of a closed study is
 * not sent. Without SMTP the message is written to the log, as other mails are.
 */
@Injectable()
@HandlesJob('studies.invitation-mail')
export class StudyInvitationMailHandler implements JobHandler<'studies.invitation-mail'> {
  private readonly logger = new Logger('StudyMail');

  constructor(
    private readonly transactions: Transactions,
    private readonly studies: StudiesRepository,
    private readonly links: StudyLinks,
    private readonly mail: MailService,
  ) {}

  async handle(payload: JobPayload<'studies.invitation-mail'>, job: JobContext): Promise<{ status: string }> {
    const { invitationId, generation, territoryId } = payload;
    const row = await this.transactions.tenant(async (db) => {
      const found = await this.studies.invitationForMail(db, invitationId);
      if (!found || found.study_status !== 'open') return undefined;
      return (await this.studies.claimMail(db, invitationId, generation)) ? found : undefined;
    });
    if (!row?.email) return { status: 'skipped' };
    const url = this.links.url(`${territoryId}.${this.links.invitationSecret(invitationId, generation)}`);
    const message = { to: row.email, ...invitationMail(row, url) };
    try {
      if (this.mail.delivers) await this.mail.deliver(message);
      else await this.mail.send(message, 'study invitation');
    } catch (error) {
      this.logger.warn(
        { invitationId, attempt: job.attempt, reason: error instanceof Error ? error.message : String(error) },
        'study invitation not sent',
      );
      await this.transactions.tenant((db) => this.studies.unclaimMail(db, invitationId, generation));
      throw error;
    }
    if (this.mail.delivers) await this.transactions.tenant((db) => this.studies.mailed(db, invitationId));
    return { status: 'sent' };
  }
}
