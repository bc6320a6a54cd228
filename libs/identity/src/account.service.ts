import { Injectable } from '@nestjs/common';
import { DomainError, Transactions } from '@maillage/platform';
import { verifyPassword } from './password-hasher.js';
import { PasswordTokensService } from './password-tokens.service.js';
import { TokensService } from './tokens.service.js';
import { UsersService } from './users.service.js';

/** What a signed-in user does to their own account. */
@Injectable()
export class AccountService {
  constructor(
    private readonly transactions: Transactions,
    private readonly users: UsersService,
    private readonly tokens: TokensService,
    private readonly passwordTokens: PasswordTokensService,
  ) {}

  /** Changes the password after checking the current one; every session ends. */
  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
    await this.transactions.withoutTerritory('account.password', async (db) => {
      const user = await this.users.findByIdIn(db, userId);
      if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
        throw new DomainError('invalid', {
          code: 'wrong_current_password',
          detail: 'Le mot de passe actuel est incorrect.',
          errors: [{ field: 'currentPassword', message: 'Le mot de passe actuel est incorrect.' }],
        });
      }
      await this.users.setPasswordIn(db, user, newPassword);
      await this.tokens.revokeAllForUserIn(db, user.id);
      await this.passwordTokens.spendAllIn(db, user.id);
    });
  }
}
