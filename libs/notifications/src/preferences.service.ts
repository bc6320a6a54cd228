import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, notFound, RUNTIME, TenantContext, Transactions, type Db, type Runtime } from '@maillage/platform';
import { deriveKey } from '@maillage/identity';
import './notification-errors.js';
import {
  MAIL_FREQUENCIES,
  MAIL_FREQUENCY_LABELS,
  NOTIFICATION_KIND_INFO,
  NOTIFICATION_KINDS,
  type MailFrequency,
  type NotificationKind,
} from '@maillage/contract';

export interface PreferenceView {
  kind: NotificationKind;
  label: string;
  description: string;
  frequency: MailFrequency;
  defaultFrequency: MailFrequency;
}

export interface PreferencesView {
  /** Whether mail can leave at all (SMTP configured): without it, only in-app notifications exist. */
  mailConfigured: boolean;
  frequencies: { id: MailFrequency; label: string }[];
  preferences: PreferenceView[];
}

/** A signed one-click unsubscribe link names an account and the kinds it stops mailing. */
interface UnsubscribeClaim {
  userId: string;
  kinds: NotificationKind[];
}

/** Per person and kind, how mail goes (immediate, daily, weekly, none); one-click unsubscribe links. */
@Injectable()
export class PreferencesService {
  private readonly unsubscribeKey: Buffer;

  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {
    this.unsubscribeKey = deriveKey(runtime.secretKey, 'mail-unsubscribe');
  }

  private me(): string {
    const userId = this.context.caller?.userId;
    if (!userId) throw notFound();
    return userId;
  }

  get(): Promise<PreferencesView> {
    const userId = this.me();
    return this.transactions.withoutTerritory('notifications.mine', (db) => this.read(db, userId));
  }

  /** Sets the frequencies given (the other kinds keep theirs); the default frequency clears a choice. */
  put(choices: { kind: string; frequency: string }[]): Promise<PreferencesView> {
    const userId = this.me();
    const checked = choices.map((choice, index) => {
      if (!(NOTIFICATION_KINDS as readonly string[]).includes(choice.kind))
        throw invalidPreference(`preferences.${index}.kind`, `Type de notification inconnu : ${choice.kind}.`);
      if (!(MAIL_FREQUENCIES as readonly string[]).includes(choice.frequency))
        throw invalidPreference(`preferences.${index}.frequency`, 'Fréquence inconnue.');
      return { kind: choice.kind as NotificationKind, frequency: choice.frequency as MailFrequency };
    });
    return this.transactions.withoutTerritory('notifications.mine', async (db) => {
      await this.save(db, userId, checked);
      return this.read(db, userId);
    });
  }

  private async save(db: Db, userId: string, choices: { kind: NotificationKind; frequency: MailFrequency }[]) {
    for (const { kind, frequency } of choices) {
      await db.query(
        `insert into notification_preferences (user_id, kind, frequency) values ($1, $2, $3)
         on conflict (user_id, kind) do update set frequency = excluded.frequency, updated_at = now()`,
        [userId, kind, frequency],
      );
    }
  }

  private async read(db: Db, userId: string): Promise<PreferencesView> {
    const rows: { kind: NotificationKind; frequency: MailFrequency }[] = await db.query(
      `select kind, frequency from notification_preferences where user_id = $1`,
      [userId],
    );
    const chosen = new Map(rows.map((row) => [row.kind, row.frequency]));
    return {
      mailConfigured: Boolean(this.runtime.config.mail.smtpUrl),
      frequencies: MAIL_FREQUENCIES.map((id) => ({ id, label: MAIL_FREQUENCY_LABELS[id] })),
      preferences: NOTIFICATION_KINDS.map((kind) => {
        const info = NOTIFICATION_KIND_INFO[kind];
        return {
          kind,
          label: info.label,
          description: info.description,
          frequency: chosen.get(kind) ?? info.defaultFrequency,
          defaultFrequency: info.defaultFrequency,
        };
      }),
    };
  }

  /** A token for a mail's one-click unsubscribe link: stops these kinds of mail for this account. */
  unsubscribeToken(userId: string, kinds: readonly NotificationKind[]): string {
    const claim = Buffer.from(JSON.stringify({ u: userId, k: [...new Set(kinds)].sort() })).toString('base64url');
    return `${claim}.${this.sign(claim)}`;
  }

  private sign(claim: string): string {
    return createHmac('sha256', this.unsubscribeKey).update(claim).digest('base64url');
  }

  private readToken(token: string): UnsubscribeClaim {
    const [claim, signature] = token.split('.', 2);
    const expected = claim ? Buffer.from(this.sign(claim)) : Buffer.alloc(0);
    if (
      !claim ||
      !signature ||
      expected.length !== signature.length ||
      !timingSafeEqual(expected, Buffer.from(signature))
    )
      throw invalidLink();
    try {
      const parsed = JSON.parse(Buffer.from(claim, 'base64url').toString('utf8')) as { u?: unknown; k?: unknown };
      const kinds = Array.isArray(parsed.k) ? parsed.k : [];
      if (
        typeof parsed.u !== 'string' ||
        !kinds.every((kind) => (NOTIFICATION_KINDS as readonly unknown[]).includes(kind))
      )
        throw invalidLink();
      return { userId: parsed.u, kinds: kinds as NotificationKind[] };
    } catch {
      throw invalidLink();
    }
  }

  /** What a link would stop, in French, for the confirmation page. */
  describeUnsubscribe(token: string): { labels: string[] } {
    const claim = this.readToken(token);
    return { labels: claim.kinds.map((kind) => NOTIFICATION_KIND_INFO[kind].label) };
  }

  /** One-click unsubscribe (RFC 8058): the link's kinds stop being mailed to its account. */
  async unsubscribe(token: string): Promise<{ labels: string[] }> {
    const claim = this.readToken(token);
    await this.transactions.withoutTerritory('notifications.unsubscribe', (db) =>
      this.save(
        db,
        claim.userId,
        claim.kinds.map((kind) => ({ kind, frequency: 'none' as const })),
      ),
    );
    return { labels: claim.kinds.map((kind) => NOTIFICATION_KIND_INFO[kind].label) };
  }
}

function invalidPreference(field: string, message: string): DomainError {
  return new DomainError('invalid', {
    code: 'invalid_preference',
    detail: message,
    errors: [{ field, message }],
  });
}

function invalidLink(): DomainError {
  return new DomainError('not_found', {
    code: 'invalid_unsubscribe_link',
    detail: 'Ce lien de désinscription n’est pas valide.',
  });
}
