import { Injectable } from '@nestjs/common';
import { Transactions } from '@maillage/platform';
import { MailService } from './mail.service.js';
import { PasswordTokensService, type IssuedPasswordToken } from './password-tokens.service.js';
import { userView, UsersService, type UserView } from './users.service.js';

export interface CreatedObserver {
  user: UserView;
  /** A one-time link for the observer to choose a password (also mailed when possible). */
  passwordSetup: IssuedPasswordToken;
  /** Whether the link went out by e-mail; if not, the administrator must pass it on. */
  mailSent: boolean;
}

/** National bodies: accounts with the global `observer` role, created by a platform administrator. */
@Injectable()
export class ObserversService {
  constructor(
    private readonly transactions: Transactions,
    private readonly users: UsersService,
    private readonly passwordTokens: PasswordTokensService,
    private readonly mail: MailService,
  ) {}

  async create(email: string, name: string): Promise<CreatedObserver> {
    const created = await this.transactions.withoutTerritory('observer.create', async (db) => {
      const user = await this.users.createIn(db, { email, name, password: null, globalRole: 'observer' });
      return { user, link: await this.passwordTokens.issueIn(db, user, 'setup') };
    });
    const mailSent = await this.mail.send(
      {
        to: created.user.email,
        subject: 'Votre accès à l’observatoire Maillage',
        text:
          `Bonjour ${created.user.name},\n\nUn accès à l’observatoire national de Maillage vous a été ouvert.\n` +
          `Choisissez votre mot de passe avec ce lien (valable 72 heures) :\n${created.link.url}\n`,
      },
      'observer mail',
    );
    return { user: userView(created.user), passwordSetup: created.link, mailSent };
  }

  async list(): Promise<UserView[]> {
    return (await this.users.listByGlobalRole('observer')).map(userView);
  }
}
