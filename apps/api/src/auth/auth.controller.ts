import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, Req, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ANY_ROLE, Public, Roles, TenantContext } from '@maillage/platform';
import {
  AccountService,
  LocalAuthGuard,
  LoginDto,
  PasswordTokensService,
  TokensService,
  userView,
  UsersService,
  type TokenPair,
  type UserRecord,
} from '@maillage/identity';
import { MembershipsService } from '@maillage/territories';
import type { FastifyRequest } from 'fastify';
import {
  ChangePasswordDto,
  MeDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  RefreshDto,
  ResetRequestedDto,
  TokenPairDto,
} from './auth.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly tokens: TokensService,
    private readonly passwordTokens: PasswordTokensService,
  ) {}

  @Post('login')
  @Public()
  @UseGuards(LocalAuthGuard)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with e-mail and password' })
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'Unknown e-mail or wrong password (same answer for both)' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts for this account or IP (Retry-After)' })
  login(@Req() request: FastifyRequest & { user: UserRecord }): Promise<TokenPair> {
    return this.tokens.issue(request.user.id);
  }

  @Post('refresh')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Trade a refresh token for a new pair (rotation; reuse revokes the session)' })
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@Body() body: RefreshDto): Promise<TokenPair> {
    return this.tokens.refresh(body.refreshToken);
  }

  @Post('logout')
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End the session the refresh token belongs to' })
  @ApiNoContentResponse()
  async logout(@Body() body: RefreshDto): Promise<void> {
    await this.tokens.revoke(body.refreshToken);
  }

  @Post('password-reset')
  @Public()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Mail a one-time password reset link (same answer whether the account exists or not)' })
  @ApiAcceptedResponse({ type: ResetRequestedDto })
  async requestReset(@Body() body: PasswordResetRequestDto): Promise<{ status: 'accepted'; mailConfigured: boolean }> {
    const { mailConfigured } = await this.passwordTokens.requestReset(body.email);
    return { status: 'accepted', mailConfigured };
  }

  @Post('password-reset/confirm')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Choose a new password with a reset (or account setup) token; the person is signed in with it',
  })
  @ApiOkResponse({ type: TokenPairDto, description: 'Signed in: every earlier session of the account was ended' })
  async confirmReset(@Body() body: PasswordResetConfirmDto): Promise<TokenPair> {
    const userId = await this.passwordTokens.confirm(body.token, body.newPassword);
    return this.tokens.issue(userId);
  }
}

@ApiTags('auth')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(
    private readonly context: TenantContext,
    private readonly users: UsersService,
    private readonly memberships: MembershipsService,
    private readonly account: AccountService,
  ) {}

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'The signed-in account, its memberships and roles' })
  @ApiOkResponse({ type: MeDto })
  @ApiUnauthorizedResponse()
  async me(): Promise<MeDto> {
    const caller = this.context.caller as NonNullable<TenantContext['caller']>;
    const [user, memberships] = [await this.users.findById(caller.userId), await this.memberships.mine(caller.userId)];
    const roles = new Set<string>(memberships.map((membership) => membership.role));
    if (user?.globalRole) roles.add(user.globalRole);
    return { user: userView(user as UserRecord), memberships, roles: [...roles].sort() };
  }

  @Put('password')
  @Roles(...ANY_ROLE)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Change one’s password (every session ends)' })
  @ApiNoContentResponse()
  async changePassword(@Body() body: ChangePasswordDto): Promise<void> {
    const caller = this.context.caller as NonNullable<TenantContext['caller']>;
    await this.account.changePassword(caller.userId, body.currentPassword, body.newPassword);
  }
}
