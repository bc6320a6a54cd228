import { createHmac } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { z } from 'zod';
import {
  APP_CONFIG,
  defineJob,
  HandlesJob,
  RUNTIME,
  territoryScope,
  Transactions,
  type AppConfig,
  type JobContext,
  type JobHandler,
  type JobPayload,
  type Runtime,
  type TerritoryScoped,
  publicBaseUrl,
} from '@maillage/platform';
import { deriveKey, hashToken, MailService, UsersService, type MailMessage } from '@maillage/identity';
import { OrganisationsRepository } from './organisations.repository.js';

declare module '@maillage/platform' {
  interface JobCatalogue {
    'join.confirmation-mail': TerritoryScoped & { confirmationId: string };
  }
}

/** How long a mailed confirmation link stays valid, from the mail. */
export const JOIN_CONFIRMATION_HOURS = 24;

/** Sending retries with backoff, like notification and study mails. */
export const JOIN_MAIL_ATTEMPTS = 6;
export const joinConfirmationMailJob = defineJob({
  name: 'join.confirmation-mail',
  queue: 'system',
  payload: z.object({ ...territoryScope, confirmationId: z.guid() }),
  attempts: JOIN_MAIL_ATTEMPTS,
  backoffMs: 30_000,
});

/** One job per confirmation: queuing it twice sends it once. */
export const joinConfirmationMailJobId = (confirmationId: string): string => `join-confirmation-${confirmationId}`;

/** The mail of a new address: its one-time link. */
export function confirmationMail(name: string, territoryName: string, url: string): Omit<MailMessage, 'to'> {
  return {
    subject: `Confirmez votre adresse pour rejoindre ${territoryName} sur Maillage`,
    text:
      `Bonjour ${name},\n\nVous avez demandé à rejoindre l’espace « ${territoryName} » sur Maillage. ` +
      `Pour confirmer votre adresse, créer votre compte et transmettre votre demande à la coordination, ` +
      `ouvrez ce lien (valable ${JOIN_CONFIRMATION_HOURS} heures) :\n${url}\n\n` +
      `Si vous n’avez rien demandé, ignorez ce message : aucun compte n’est créé sans cette confirmation.\n`,
  };
}

/**
 * The mail of an address that has an account: a word telling its owner to sign in and ask from
 * their account. It names no link to the territory (the join link's token is kept hashed only):
 * whoever asked has the join link they came through.
 */
export function accountOwnerMail(ownerName: string, territoryName: string, signInUrl: string): Omit<MailMessage, 'to'> {
  return {
    subject: `Votre demande pour rejoindre ${territoryName} sur Maillage`,
    text:
      `Bonjour ${ownerName},\n\nUne demande pour rejoindre l’espace « ${territoryName} » sur Maillage a été faite avec votre adresse, ` +
      `qui a déjà un compte. Si c’est vous : connectez-vous avec votre mot de passe habituel (ou « Mot de passe oublié ») :\n` +
      `${signInUrl}\n` +
      `puis rouvrez le lien d’adhésion par lequel vous avez fait la demande, pour la faire depuis votre compte.\n\n` +
      `Si vous n’avez rien demandé, ignorez ce message : rien n’a changé sur votre compte.\n`,
  };
}

/**
 * Mails one join confirmation, queued by the request's transaction (`JoinService`). The payload
 * names the row, never a secret: the job decides what to write when it writes it — a word to sign
 * in if the address has an account (the row gets no token and expires), otherwise a one-time link
 * whose hash it stores on the row, valid 24 hours from now. The link's secret is a keyed hash of
 * the row (never stored): every attempt writes the same link, so a refused delivery retried, or a
 * mail that left just before its worker stopped and was sent again, leaves one link that works,
 * whichever mail the person opens. The mail that left is recorded, so a repeated job sends nothing
 * more. A row confirmed, expired, or made through a join link closed or renewed since is not
 * mailed. Without SMTP the message is written to the log, as other mails are.
 */
@Injectable()
@HandlesJob('join.confirmation-mail')
export class JoinConfirmationMailHandler implements JobHandler<'join.confirmation-mail'> {
  private readonly logger = new Logger('JoinMail');
  private readonly linkKey: Buffer;

  constructor(
    @Inject(RUNTIME) runtime: Runtime,
    private readonly transactions: Transactions,
    private readonly requests: OrganisationsRepository,
    private readonly users: UsersService,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.linkKey = deriveKey(runtime.secretKey, 'join-confirmation-links');
  }

  /** The secret of a confirmation's link: the same at every attempt, known only to who holds the key. */
  private secretOf(confirmationId: string): string {
    return createHmac('sha256', this.linkKey).update(confirmationId).digest('base64url');
  }

  async handle(payload: JobPayload<'join.confirmation-mail'>, job: JobContext): Promise<{ status: string }> {
    const { territoryId, confirmationId } = payload;
    const base = publicBaseUrl(this.config);
    const message = await this.transactions.tenant(async (db): Promise<MailMessage | undefined> => {
      const row = await this.requests.lockJoinConfirmationToMail(db, confirmationId);
      if (!row) return undefined;
      const link = await this.requests.joinLink(db);
      if (!link || link.closed_at || link.token_hash !== row.link_hash) return undefined;
      const territoryName = await this.requests.territoryName(db, territoryId);
      const owner = await this.users.findByEmailIn(db, row.email);
      if (owner) return { to: owner.email, ...accountOwnerMail(owner.name, territoryName, `${base}/connexion`) };
      const secret = this.secretOf(row.id);
      await this.requests.mintJoinConfirmation(db, row.id, hashToken(secret), JOIN_CONFIRMATION_HOURS);
      const url = `${base}/rejoindre/confirmer?jeton=${encodeURIComponent(`${territoryId}.${secret}`)}`;
      return { to: row.email, ...confirmationMail(row.name, territoryName, url) };
    });
    if (!message) return { status: 'skipped' };
    try {
      if (this.mail.delivers) await this.mail.deliver(message);
      else await this.mail.send(message, 'join confirmation');
    } catch (error) {
      this.logger.warn(
        { confirmationId, attempt: job.attempt, reason: error instanceof Error ? error.message : String(error) },
        'join confirmation not sent',
      );
      throw error;
    }
    await this.transactions.tenant((db) => this.requests.joinConfirmationMailed(db, confirmationId));
    return { status: 'sent' };
  }
}
