import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '@maillage/platform';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative to the text (both parts are sent). */
  html?: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post…). */
  headers?: Record<string, string>;
}

const OUTBOX_SIZE = 50;

/**
 * Sends mail over SMTP (SMTP_URL). Without SMTP — development, the embedded
 * engine, tests — messages are written to the log and kept in a small
 * in-memory outbox instead, so links can still be followed.
 */
@Injectable()
export class MailService implements OnApplicationShutdown {
  private readonly logger = new Logger('MailService');
  private readonly transport: Transporter;
  private readonly outbox: MailMessage[] = [];
  readonly delivers: boolean;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.delivers = Boolean(config.mail.smtpUrl);
    this.transport = config.mail.smtpUrl
      ? nodemailer.createTransport(config.mail.smtpUrl)
      : nodemailer.createTransport({ jsonTransport: true });
  }

  /**
   * Hands the message to the SMTP server; true when it went out. False when
   * no transport is configured (the message is only logged) or sending
   * failed (logged as an error): then whoever may see the link must pass it
   * on, and no screen or answer may claim an e-mail was sent.
   */
  async send(message: MailMessage, what = 'mail'): Promise<boolean> {
    try {
      await this.transport.sendMail({ from: this.config.mail.from, ...message });
    } catch (error) {
      this.logger.error({ err: error }, `${what} not sent`);
      return false;
    }
    if (!this.delivers) {
      this.outbox.push(message);
      if (this.outbox.length > OUTBOX_SIZE) this.outbox.shift();
      this.logger.log({ to: message.to, subject: message.subject, text: message.text }, 'mail (not sent: no SMTP_URL)');
    }
    return this.delivers;
  }

  /**
   * Hands the message to the SMTP server and answers its message id; throws
   * when no transport is configured or the server refuses, so that a queued
   * job retries with backoff and records why.
   */
  async deliver(message: MailMessage): Promise<string> {
    if (!this.delivers) throw new Error('SMTP_URL n’est pas configuré : aucun e-mail ne peut partir.');
    const info = (await this.transport.sendMail({ from: this.config.mail.from, ...message })) as { messageId?: string };
    return info.messageId ?? '';
  }

  /** Messages written instead of sent (no SMTP configured), newest last. */
  sentMessages(): readonly MailMessage[] {
    return this.outbox;
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
