import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, Transactions, type AppConfig } from '@maillage/platform';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

export const DEFAULT_ADMIN_EMAIL = 'admin@maillage.local';

export interface BootstrapOutcome {
  email: string;
  /** Set only when the password was generated here: shown once, never stored in clear. */
  generatedPassword?: string;
  created: boolean;
}

/**
 * The first platform administrator. At start, when no administrator exists:
 * from MAILLAGE_ADMIN_EMAIL / MAILLAGE_ADMIN_PASSWORD, or — on the embedded
 * engine only — with a generated password printed once.
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');
  outcome: BootstrapOutcome | undefined;

  constructor(
    private readonly users: UsersService,
    private readonly userRows: UsersRepository,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (await this.users.anyWithGlobalRole('platform_admin')) {
      this.outcome = { email: this.config.auth.adminEmail ?? DEFAULT_ADMIN_EMAIL, created: false };
      return;
    }
    const { adminEmail, adminPassword } = this.config.auth;
    if (adminEmail && adminPassword) {
      await this.create(adminEmail, adminPassword);
      this.outcome = { email: adminEmail, created: true };
    } else if (this.config.database.mode === 'embedded') {
      // 24 random bytes: far beyond the password policy, never a common word.
      const generated = randomBytes(18).toString('base64url');
      await this.create(DEFAULT_ADMIN_EMAIL, generated);
      this.outcome = { email: DEFAULT_ADMIN_EMAIL, generatedPassword: generated, created: true };
    } else {
      this.logger.warn(
        'No platform administrator exists: set MAILLAGE_ADMIN_EMAIL and MAILLAGE_ADMIN_PASSWORD and restart to create one.',
      );
      return;
    }
    this.logger.log({ email: this.outcome.email }, 'first platform administrator created');
  }

  private async create(email: string, password: string): Promise<void> {
    await this.transactions.withoutTerritory('admin.bootstrap', async (db) => {
      // Another process may have created it meanwhile: then there is nothing to do.
      if (await this.userRows.anyWithGlobalRole(db, 'platform_admin')) return;
      await this.users.createIn(db, { email, name: 'Administration Maillage', password, globalRole: 'platform_admin' });
    });
  }
}
