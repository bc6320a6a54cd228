import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ANY_ROLE, notFound, PageQueryDto, Public, Roles, UuidParam, type Page } from '@maillage/platform';
import {
  InvitationsService,
  MembershipsService,
  TerritoriesService,
  type AcceptedInvitation,
  type CommuneView,
  type InvitationPreview,
  type InvitationView,
  type IssuedInvitation,
  type MemberView,
  type TerritoryView,
} from '@maillage/territories';
import {
  AcceptedInvitationDto,
  AcceptInvitationDto,
  JoinedTerritoryDto,
  UpdateMemberDto,
  CommunePageDto,
  CreateTerritoryDto,
  InvitationPageDto,
  InvitationPreviewDto,
  InviteDto,
  IssuedInvitationDto,
  MemberDto,
  MemberPageDto,
  MemberQueryDto,
  TerritoryDto,
  TerritoryPageDto,
} from './territories.dto.js';

const TERRITORY_PARAM = { name: 'territoryId', format: 'uuid' } as const;

@ApiTags('territories')
@ApiBearerAuth()
@Controller('territories')
export class TerritoriesController {
  constructor(private readonly territories: TerritoriesService) {}

  @Post()
  @Roles('platform_admin')
  @ApiOperation({ summary: 'Create a territory workspace (official code checked, or a custom grouping of communes)' })
  @ApiCreatedResponse({ type: TerritoryDto })
  @ApiConflictResponse({ description: 'A workspace exists for this territory' })
  create(@Body() body: CreateTerritoryDto): Promise<TerritoryView> {
    return this.territories.create(body);
  }

  @Get()
  @Roles('platform_admin', 'coordinator', 'member')
  @ApiOperation({ summary: 'The caller’s territories (every territory for an administrator)' })
  @ApiOkResponse({ type: TerritoryPageDto })
  list(@Query() query: PageQueryDto): Promise<Page<TerritoryView>> {
    return this.territories.list(query.limit, query.cursor);
  }

  @Get(':territoryId')
  @Roles('platform_admin', 'coordinator', 'member')
  @ApiParam(TERRITORY_PARAM)
  @ApiOperation({ summary: 'One territory' })
  @ApiOkResponse({ type: TerritoryDto })
  @ApiNotFoundResponse()
  get(): Promise<TerritoryView> {
    return this.territories.current();
  }

  @Get(':territoryId/communes')
  @Roles('platform_admin', 'coordinator', 'member')
  @ApiParam(TERRITORY_PARAM)
  @ApiOperation({ summary: 'The communes of the territory' })
  @ApiOkResponse({ type: CommunePageDto })
  communes(@Query() query: PageQueryDto): Promise<Page<CommuneView>> {
    return this.territories.communes(query.limit, query.cursor);
  }
}

@ApiTags('members')
@ApiBearerAuth()
@Controller('territories/:territoryId/members')
export class MembersController {
  constructor(private readonly memberships: MembershipsService) {}

  @Get()
  @Roles('platform_admin', 'coordinator')
  @ApiParam(TERRITORY_PARAM)
  @ApiOperation({ summary: 'Members of the territory' })
  @ApiOkResponse({ type: MemberPageDto })
  list(@Query() query: MemberQueryDto): Promise<Page<MemberView>> {
    return this.memberships.list(query.limit, query.cursor, query.role);
  }

  @Patch(':userId')
  @Roles('platform_admin', 'coordinator')
  @ApiParam(TERRITORY_PARAM)
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiOperation({ summary: 'Change a member’s role, or link them to the organisation they act for' })
  @ApiOkResponse({ type: MemberDto })
  @ApiConflictResponse({ description: 'The last coordinator cannot be demoted' })
  changeRole(@UuidParam('userId') userId: string, @Body() body: UpdateMemberDto): Promise<MemberView> {
    return this.memberships.update(userId, body);
  }

  @Delete(':userId')
  @Roles('platform_admin', 'coordinator')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiParam(TERRITORY_PARAM)
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiOperation({ summary: 'Remove a member from the territory' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'The last coordinator cannot be removed' })
  async remove(@UuidParam('userId') userId: string): Promise<void> {
    await this.memberships.remove(userId);
  }
}

@ApiTags('members')
@ApiBearerAuth()
@Controller('territories/:territoryId/invitations')
export class TerritoryInvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post()
  @Roles('platform_admin', 'coordinator')
  @ApiParam(TERRITORY_PARAM)
  @ApiOperation({ summary: 'Invite someone to the territory (the link is also mailed)' })
  @ApiCreatedResponse({ type: IssuedInvitationDto })
  invite(@Body() body: InviteDto): Promise<IssuedInvitation> {
    return this.invitations.invite(body.email, body.role, body.actorId);
  }

  @Get()
  @Roles('platform_admin', 'coordinator')
  @ApiParam(TERRITORY_PARAM)
  @ApiOperation({ summary: 'Invitations of the territory, newest first' })
  @ApiOkResponse({ type: InvitationPageDto })
  list(@Query() query: PageQueryDto): Promise<Page<InvitationView>> {
    return this.invitations.list(query.limit, query.cursor);
  }

  @Delete(':invitationId')
  @Roles('platform_admin', 'coordinator')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiParam(TERRITORY_PARAM)
  @ApiParam({ name: 'invitationId', format: 'uuid' })
  @ApiOperation({ summary: 'Revoke a pending invitation' })
  @ApiNoContentResponse()
  async revoke(@UuidParam('invitationId') invitationId: string): Promise<void> {
    await this.invitations.revoke(invitationId);
  }
}

@ApiTags('members')
@Controller('invitations')
export class InvitationAcceptanceController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get(':token')
  @Public()
  @ApiParam({ name: 'token', description: 'The invitation token from the link' })
  @ApiOperation({ summary: 'What an invitation invites to: territory, role, organisation, who invited, its state' })
  @ApiOkResponse({ type: InvitationPreviewDto })
  @ApiNotFoundResponse({ description: 'invalid_invitation: no invitation has this token' })
  preview(@UuidTokenParam() token: string): Promise<InvitationPreview> {
    return this.invitations.preview(token);
  }

  @Post(':token/accept')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'token', description: 'The invitation token from the link' })
  @ApiOperation({ summary: 'Accept an invitation with a new account: creates it, joins the territory, signs in' })
  @ApiOkResponse({ type: AcceptedInvitationDto, description: 'Signed in: tokens, the account and the membership' })
  @ApiConflictResponse({ description: 'account_exists: sign in, then accept at /me/invitations/{token}/accept' })
  accept(@UuidTokenParam() token: string, @Body() body: AcceptInvitationDto): Promise<AcceptedInvitation> {
    return this.invitations.accept(token, body);
  }
}

@ApiTags('members')
@ApiBearerAuth()
@Controller('me/invitations')
export class MyInvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post(':token/accept')
  @Roles(...ANY_ROLE)
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'token', description: 'The invitation token from the link' })
  @ApiOperation({ summary: 'Accept, with the signed-in account, an invitation sent to its address' })
  @ApiOkResponse({ type: JoinedTerritoryDto })
  acceptAsUser(@UuidTokenParam() token: string): Promise<{ territoryId: string; role: string }> {
    return this.invitations.acceptAsUser(token);
  }
}

/** Invitation and join-link tokens: `<uuid>.<base64url>`; anything else names nothing. */
export function UuidTokenParam(): ParameterDecorator {
  return Param('token', {
    transform: (value: unknown) => {
      if (typeof value !== 'string' || value.length > 200 || !/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{20,100}$/i.test(value)) {
        throw notFound();
      }
      return value;
    },
  });
}
