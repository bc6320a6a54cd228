import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AccountService } from './account.service.js';
import { AdminBootstrap } from './admin-bootstrap.js';
import { JwtAuthGuard, LocalAuthGuard } from './auth.guards.js';
import { JwtStrategy } from './jwt.strategy.js';
import { LocalStrategy } from './local.strategy.js';
import { LoginThrottle } from './login-throttle.js';
import { MailService } from './mail.service.js';
import { ObserversService } from './observers.service.js';
import { PasswordTokensRepository } from './password-tokens.repository.js';
import { PasswordTokensService } from './password-tokens.service.js';
import { RateLimitsRepository } from './rate-limits.repository.js';
import { SessionsRepository } from './sessions.repository.js';
import { TokensService } from './tokens.service.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

/** Accounts, sessions and authentication (passport-local login, passport-jwt everywhere else). */
@Module({
  imports: [PassportModule.register({ session: false }), JwtModule.register({})],
  providers: [
    UsersRepository,
    UsersService,
    SessionsRepository,
    TokensService,
    RateLimitsRepository,
    LoginThrottle,
    MailService,
    PasswordTokensRepository,
    PasswordTokensService,
    AccountService,
    ObserversService,
    AdminBootstrap,
    LocalStrategy,
    JwtStrategy,
    JwtAuthGuard,
    LocalAuthGuard,
  ],
  exports: [
    UsersService,
    TokensService,
    MailService,
    PasswordTokensService,
    AccountService,
    ObserversService,
    AdminBootstrap,
    JwtAuthGuard,
    LocalAuthGuard,
    RateLimitsRepository,
  ],
})
export class IdentityModule {}
