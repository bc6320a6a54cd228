import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiGoneResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ANY_ROLE, IfMatch, Public, Roles, UuidParam, type Page } from '@maillage/platform';
import {
  JoinService,
  LinkRequestsService,
  ProfileService,
  type JoinConfirmationSent,
  type JoinedAsNewAccount,
  type JoinLinkView,
  type JoinRequestView,
  type LinkRequestView,
  type MyJoinRequestView,
  type MyOrganisationView,
  type OpenedJoinLink,
  type ProfileChangeView,
} from '@maillage/ecosystem';
import { IF_MATCH, TERRITORY } from '../directory/actors.controller.js';
import { UuidTokenParam } from '../../territories/territories.controller.js';
import {
  AcceptLinkRequestDto,
  ConfirmJoinDto,
  FieldChangeDto,
  JoinAsNewAccountDto,
  JoinConfirmationSentDto,
  JoinedAsNewAccountDto,
  JoinLinkDto,
  JoinRequestDto,
  JoinRequestedDto,
  JoinRequestPageDto,
  JoinRequestViewDto,
  JoinTerritoryDto,
  LinkRequestDto,
  LinkRequestPageDto,
  LinkRequestViewDto,
  MyJoinRequestDto,
  MyOrganisationDto,
  OpenedJoinLinkDto,
  ProfileChangePageDto,
  ProfileChangeViewDto,
  PublicActorPageDto,
  PublicActorQueryDto,
  RefuseDto,
  RequestQueryDto,
  UpdateMyOrganisationDto,
} from './organisations.dto.js';

const TOKEN = { name: 'token', description: 'The join link’s token' } as const;

@ApiTags('organisations')
@ApiBearerAuth()
@ApiParam(TERRITORY)
@Controller('territories/:territoryId/link-requests')
export class LinkRequestsController {
  constructor(private readonly requests: LinkRequestsService) {}

  @Post()
  @Roles('member')
  @ApiOperation({ summary: 'A member without an organisation asks the coordination to link them to one' })
  @ApiCreatedResponse({ type: LinkRequestViewDto })
  @ApiConflictResponse({ description: 'already_linked, or request_pending' })
  create(@Body() body: LinkRequestDto): Promise<LinkRequestView> {
    return this.requests.create(body);
  }

  @Get()
  @Roles('platform_admin', 'coordinator', 'member')
  @ApiOperation({ summary: 'Link requests, newest first (coordination: all; a member: their own)' })
  @ApiOkResponse({ type: LinkRequestPageDto })
  list(@Query() query: RequestQueryDto): Promise<Page<LinkRequestView>> {
    return this.requests.list(query);
  }

  @Post(':linkRequestId/accept')
  @Roles('platform_admin', 'coordinator')
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'linkRequestId', format: 'uuid' })
  @ApiOperation({ summary: 'Link the member to the organisation asked for (or the one given)' })
  @ApiOkResponse({ type: LinkRequestViewDto })
  @ApiConflictResponse({ description: 'request_reviewed' })
  accept(@UuidParam('linkRequestId') id: string, @Body() body: AcceptLinkRequestDto): Promise<LinkRequestView> {
    return this.requests.accept(id, body.actorId);
  }

  @Post(':linkRequestId/refuse')
  @Roles('platform_admin', 'coordinator')
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'linkRequestId', format: 'uuid' })
  @ApiOperation({ summary: 'Refuse a link request, with a reason told to the member' })
  @ApiOkResponse({ type: LinkRequestViewDto })
  @ApiConflictResponse({ description: 'request_reviewed' })
  refuse(@UuidParam('linkRequestId') id: string, @Body() body: RefuseDto): Promise<LinkRequestView> {
    return this.requests.refuse(id, body.reason);
  }
}

@ApiTags('organisations')
@ApiBearerAuth()
@ApiParam(TERRITORY)
@Controller('territories/:territoryId')
export class JoinRequestsController {
  constructor(private readonly join: JoinService) {}

  @Get('join-link')
  @Roles('platform_admin', 'coordinator')
  @ApiOperation({ summary: 'Whether the territory’s join link is open' })
  @ApiOkResponse({ type: JoinLinkDto })
  link(): Promise<JoinLinkView> {
    return this.join.link();
  }

  @Post('join-link')
  @Roles('platform_admin', 'coordinator')
  @ApiOperation({ summary: 'Open the join link with a new token (an earlier link stops working)' })
  @ApiCreatedResponse({ type: OpenedJoinLinkDto })
  open(): Promise<OpenedJoinLink> {
    return this.join.open();
  }

  @Delete('join-link')
  @Roles('platform_admin', 'coordinator')
  @ApiOperation({ summary: 'Close the join link' })
  @ApiOkResponse({ type: JoinLinkDto })
  close(): Promise<JoinLinkView> {
    return this.join.close();
  }

  @Get('join-requests')
  @Roles('platform_admin', 'coordinator')
  @ApiOperation({ summary: 'Join requests made through the link, newest first' })
  @ApiOkResponse({ type: JoinRequestPageDto })
  list(@Query() query: RequestQueryDto): Promise<Page<JoinRequestView>> {
    return this.join.list(query);
  }

  @Post('join-requests/:joinRequestId/accept')
  @Roles('platform_admin', 'coordinator')
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'joinRequestId', format: 'uuid' })
  @ApiOperation({
    summary: 'Accept: the requester becomes a member acting for the organisation (created if they described it)',
  })
  @ApiOkResponse({ type: JoinRequestViewDto })
  @ApiConflictResponse({ description: 'request_reviewed, or duplicate_actor' })
  accept(@UuidParam('joinRequestId') id: string): Promise<JoinRequestView> {
    return this.join.accept(id);
  }

  @Post('join-requests/:joinRequestId/refuse')
  @Roles('platform_admin', 'coordinator')
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'joinRequestId', format: 'uuid' })
  @ApiOperation({ summary: 'Refuse a join request; the requester is told by mail, with the reason' })
  @ApiOkResponse({ type: JoinRequestViewDto })
  @ApiConflictResponse({ description: 'request_reviewed' })
  refuse(@UuidParam('joinRequestId') id: string, @Body() body: RefuseDto): Promise<JoinRequestView> {
    return this.join.refuse(id, body.reason);
  }
}

@ApiTags('organisations')
@ApiBearerAuth()
@ApiParam(TERRITORY)
@ApiExtraModels(FieldChangeDto)
@Controller('territories/:territoryId')
export class MyOrganisationController {
  constructor(private readonly profile: ProfileService) {}

  @Get('my-organisation')
  @Roles('member')
  @ApiOperation({ summary: 'The organisation the member acts for, with its changes awaiting review' })
  @ApiOkResponse({ type: MyOrganisationDto })
  mine(): Promise<MyOrganisationView> {
    return this.profile.mine();
  }

  @Patch('my-organisation')
  @Roles('member')
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary:
      'Edit one’s organisation: public profile fields apply at once; identity and counted fields become a change request',
  })
  @ApiOkResponse({ type: MyOrganisationDto })
  update(@IfMatch() version: number, @Body() body: UpdateMyOrganisationDto): Promise<MyOrganisationView> {
    return this.profile.update(version, body);
  }

  @Get('profile-changes')
  @Roles('platform_admin', 'coordinator', 'member')
  @ApiOperation({ summary: 'Profile change requests, newest first (a member: its organisation’s)' })
  @ApiOkResponse({ type: ProfileChangePageDto })
  list(@Query() query: RequestQueryDto): Promise<Page<ProfileChangeView>> {
    return this.profile.list(query);
  }

  @Post('profile-changes/:changeId/accept')
  @Roles('platform_admin', 'coordinator')
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'changeId', format: 'uuid' })
  @ApiOperation({ summary: 'Apply a requested change to the organisation (checked like any actor update)' })
  @ApiOkResponse({ type: ProfileChangeViewDto })
  @ApiConflictResponse({ description: 'request_reviewed, stale_change (the fields changed since), duplicate_actor' })
  accept(@UuidParam('changeId') id: string): Promise<ProfileChangeView> {
    return this.profile.accept(id);
  }

  @Post('profile-changes/:changeId/refuse')
  @Roles('platform_admin', 'coordinator')
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'changeId', format: 'uuid' })
  @ApiOperation({ summary: 'Refuse a requested change, with a reason told to the organisation' })
  @ApiOkResponse({ type: ProfileChangeViewDto })
  @ApiConflictResponse({ description: 'request_reviewed' })
  refuse(@UuidParam('changeId') id: string, @Body() body: RefuseDto): Promise<ProfileChangeView> {
    return this.profile.refuse(id, body.reason);
  }
}

@ApiTags('organisations')
@Controller('join')
export class JoinController {
  constructor(private readonly join: JoinService) {}

  @Get(':token')
  @Public()
  @ApiParam(TOKEN)
  @ApiOperation({ summary: 'The territory an open join link leads to' })
  @ApiOkResponse({ type: JoinTerritoryDto })
  @ApiNotFoundResponse({ description: 'invalid_join_link: unknown or closed' })
  territory(@UuidTokenParam() token: string): Promise<{ territoryId: string; name: string }> {
    return this.join.territory(token);
  }

  @Get(':token/actors')
  @Public()
  @ApiParam(TOKEN)
  @ApiOperation({ summary: 'Names and communes of the territory’s organisations, to pick one’s own (20 per page)' })
  @ApiOkResponse({ type: PublicActorPageDto })
  @ApiNotFoundResponse({ description: 'invalid_join_link: unknown or closed' })
  actors(@UuidTokenParam() token: string, @Query() query: PublicActorQueryDto) {
    return this.join.publicActors(token, query);
  }

  @Post(':token')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiParam(TOKEN)
  @ApiOperation({
    summary:
      'Ask to join the territory with a new account: a job mails a confirmation link to the address, with retries (where mail can leave; otherwise the account is created and signed in at once)',
  })
  @ApiExtraModels(JoinedAsNewAccountDto, JoinConfirmationSentDto)
  @ApiOkResponse({
    description:
      '`confirmation_sent` where mail can leave (the same answer whether or not the address has an account); `joined` (signed in, request pending) where it cannot',
    schema: {
      oneOf: [{ $ref: getSchemaPath(JoinConfirmationSentDto) }, { $ref: getSchemaPath(JoinedAsNewAccountDto) }],
      discriminator: {
        propertyName: 'outcome',
        mapping: {
          confirmation_sent: getSchemaPath(JoinConfirmationSentDto),
          joined: getSchemaPath(JoinedAsNewAccountDto),
        },
      },
    },
  })
  @ApiConflictResponse({
    description: 'account_exists (only where no mail can leave): sign in, then ask at /me/join/{token}',
  })
  @ApiTooManyRequestsResponse({ description: 'too_many_accounts: this address asked too many times this hour' })
  @ApiServiceUnavailableResponse({
    description: 'queue_unavailable: the mail could not be queued; nothing is kept, ask again later',
  })
  request(
    @UuidTokenParam() token: string,
    @Body() body: JoinAsNewAccountDto,
    @Req() request: FastifyRequest,
  ): Promise<JoinedAsNewAccount | JoinConfirmationSent> {
    return this.join.requestAsNewAccount(token, body, request.ip);
  }
}

@ApiTags('organisations')
@Controller('join-confirmations')
export class JoinConfirmationsController {
  constructor(private readonly join: JoinService) {}

  @Post()
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Confirm the address of a join request (the mailed link): creates the account and the request, signs in',
  })
  @ApiOkResponse({ type: JoinedAsNewAccountDto })
  @ApiGoneResponse({
    description: 'invalid_join_confirmation: unknown, already used, expired, or too many wrong passwords',
  })
  @ApiBadRequestResponse({ description: 'invalid_join_confirmation: not the password chosen in the request' })
  @ApiNotFoundResponse({ description: 'invalid_join_link: the join link was closed since' })
  @ApiConflictResponse({ description: 'account_exists: the address got an account since; sign in' })
  confirm(@Body() body: ConfirmJoinDto): Promise<JoinedAsNewAccount> {
    return this.join.confirm(body.token, body.password);
  }
}

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('me')
export class MyJoinRequestsController {
  constructor(private readonly join: JoinService) {}

  @Post('join/:token')
  @Roles(...ANY_ROLE)
  @ApiParam(TOKEN)
  @ApiOperation({ summary: 'Ask, with the signed-in account, to join the territory of a join link' })
  @ApiCreatedResponse({ type: JoinRequestedDto })
  @ApiConflictResponse({ description: 'already_member, or request_pending' })
  request(@UuidTokenParam() token: string, @Body() body: JoinRequestDto) {
    return this.join.requestAsUser(token, body);
  }

  @Get('join-requests')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'The caller’s join requests in every territory (pending, accepted, refused)' })
  @ApiOkResponse({ type: [MyJoinRequestDto] })
  mine(): Promise<MyJoinRequestView[]> {
    return this.join.mine();
  }
}
