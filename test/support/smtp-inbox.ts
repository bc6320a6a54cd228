import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  /** Raw header values by lower-case name (unfolded), as sent. */
  headers: Map<string, string>;
}

/**
 * A real SMTP server in the test process (the `smtp-server` package): the app
 * sends to it over TCP through nodemailer as it would to any relay, and the
 * test reads what arrived. `refuseOnce` makes the server refuse the next
 * delivery to an address with a temporary error (450), as a busy relay does.
 */
export class SmtpInbox {
  readonly mails: ReceivedMail[] = [];
  private readonly refusals = new Map<string, number>();
  private server: SMTPServer | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const refusals = this.refusals.get(address.address.toLowerCase()) ?? 0;
        if (refusals > 0) {
          this.refusals.set(address.address.toLowerCase(), refusals - 1);
          const error = new Error('Boîte occupée, réessayez plus tard') as Error & { responseCode: number };
          error.responseCode = 450;
          callback(error);
          return;
        }
        callback();
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            this.mails.push({
              to: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()),
              from: typeof session.envelope.mailFrom === 'object' ? session.envelope.mailFrom.address : '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              headers: new Map(
                parsed.headerLines.map((header) => [
                  header.key,
                  header.line
                    .slice(header.line.indexOf(':') + 1)
                    .replace(/\r?\n[ \t]+/g, ' ')
                    .trim(),
                ]),
              ),
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.server.address() as AddressInfo;
    this.url = `smtp://127.0.0.1:${port}`;
  }

  refuseOnce(address: string): void {
    this.refusals.set(address.toLowerCase(), (this.refusals.get(address.toLowerCase()) ?? 0) + 1);
  }

  to(address: string): ReceivedMail[] {
    return this.mails.filter((mail) => mail.to.includes(address.toLowerCase()));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
