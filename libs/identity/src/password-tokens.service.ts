import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, DomainError, Transactions, type AppConfig, type Db, publicBaseUrl } from '@maillage/platform';
import { MailService } from './mail.service.js';
import { PasswordTokensRepository } from './password-tokens.repository.js';
import { hashToken, randomToken } from './secrets.js';
import { TokensService } from './tokens.service.js';
import { UsersService, type UserRecord } from './users.service.js';

export type PasswordTokenPurpose = 'reset' | 'setup';

const LIFETIME_HOURS: Record<PasswordTokenPurpose, number> = { reset: 1, setup: 72 };

export interface IssuedPasswordToken {
  token: string;
  url: string;
  expiresAt: string;
}

/**
 * One-time links to choose a password: "forgot my password" (reset), and
 * the first password of an account created by someone else (setup).
 */
@Injectable()
export class PasswordTokensService {
  constructor(
    private readonly transactions: Transactions,
    private readonly users: UsersService,
    private readonly tokens: TokensService,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly passwordTokens: PasswordTokensRepository,
  ) {}

  async issueIn(db: Db, user: UserRecord, purpose: PasswordTokenPurpose): Promise<IssuedPasswordToken> {
    const token = randomToken();
    const expiresAt = await this.passwordTokens.insert(db, user.id, purpose, hashToken(token), LIFETIME_HOURS[purpose]);
    const url = `${publicBaseUrl(this.config)}/mot-de-passe?token=${encodeURIComponent(token)}`;
    return { token, url, expiresAt: expiresAt.toISOString() };
  }

  /**
   * "Forgot my password": mails a reset link when the account exists. The
   * answer is the same either way, so it tells nobody which addresses exist:
   * whether the platform can send mail at all (`mailConfigured`), never
   * whether a message went out, nor the link.
   */
  async requestReset(email: string): Promise<{ mailConfigured: boolean }> {
    const answer = { mailConfigured: this.mail.delivers };
    const issued = await this.transactions.withoutTerritory('account.password', async (db) => {
      const user = await this.users.findByEmailIn(db, email);
      if (!user) return undefined;
      return { user, link: await this.issueIn(db, user, 'reset') };
    });
    if (!issued) return answer;
    // Not awaited: answering at the same speed whether or not the account exists.
    void this.mail.send(
      {
        to: issued.user.email,
        subject: 'Maillage : réinitialisation de votre mot de passe',
        text:
          `Bonjour ${issued.user.name},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure) :\n` +
          `${issued.link.url}\n\nSi vous n’avez rien demandé, ignorez ce message.`,
      },
      'reset mail',
    );
    return answer;
  }

  /** A new password makes every other outstanding link of the account useless. */
  async spendAllIn(db: Db, userId: string): Promise<void> {
    await this.passwordTokens.spendAllForUser(db, userId);
  }

  /** Sets the password named by a valid, unused token, and ends the account's sessions. */
  /** Sets the password a token allows; the account's id, for signing it in. */
  async confirm(token: string, newPassword: string): Promise<string> {
    return this.transactions.withoutTerritory('account.password', async (db) => {
      const row = await this.passwordTokens.spend(db, hashToken(token));
      if (!row) {
        throw new DomainError('invalid', {
          code: 'invalid_password_token',
          detail: 'Ce lien n’est plus valable : demandez-en un nouveau.',
        });
      }
      const user = await this.users.findByIdIn(db, row.user_id);
      if (!user) throw new DomainError('invalid', { code: 'invalid_password_token' });
      await this.users.setPasswordIn(db, user, newPassword);
      await this.tokens.revokeAllForUserIn(db, user.id);
      await this.spendAllIn(db, user.id);
      return user.id;
    });
  }
}
