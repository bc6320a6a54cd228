import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { IfMatch, DomainError, Roles, sendJsonText, TenantContext, UuidParam } from '@maillage/platform';
import {
  ActorMergeService,
  ActorsService,
  ContactsService,
  EcosystemViewsService,
  type ActorView,
  type ContactView,
  type TimelineEntry,
} from '@maillage/ecosystem';
import {
  ActorDto,
  ActorPageDto,
  ActorQueryDto,
  ContactDto,
  ContactPersonDto,
  CreateActorDto,
  MergeDto,
  TimelineEntryDto,
  UpdateActorDto,
} from './actors.dto.js';

export const TERRITORY = { name: 'territoryId', format: 'uuid' } as const;
export const IF_MATCH = {
  name: 'If-Match',
  required: true,
  description: 'The version being updated, e.g. "3"',
} as const;

function filtersOf(query: ActorQueryDto) {
  return {
    ...(query.category ? { category: query.category } : {}),
    ...(query.sizeClass ? { sizeClass: query.sizeClass } : {}),
    ...(query.commune ? { communeCode: query.commune } : {}),
    ...(query.fragility ? { fragility: query.fragility } : {}),
    ...(query.tag ? { tag: query.tag } : {}),
    ...(query.hasAlliance !== undefined ? { hasAlliance: query.hasAlliance } : {}),
    ...(query.q !== undefined ? { q: query.q } : {}),
    ...(query.includeArchived ? { includeArchived: true } : {}),
    ...(query.sort ? { sort: query.sort } : {}),
  };
}
export { filtersOf as actorFilters };

@ApiTags('actors')
@ApiBearerAuth()
@ApiParam(TERRITORY)
@Controller('territories/:territoryId/actors')
export class ActorsController {
  constructor(
    private readonly actors: ActorsService,
    private readonly contacts: ContactsService,
    private readonly views: EcosystemViewsService,
    private readonly context: TenantContext,
    private readonly merger: ActorMergeService,
  ) {}

  @Post()
  @Roles('platform_admin', 'coordinator')
  @ApiOperation({ summary: 'Add an actor (identifiers, NAF and commune checked against the official lists)' })
  @ApiCreatedResponse({
    type: ActorDto,
    description: 'The actor, flagged `external` when its commune lies outside the territory',
  })
  @ApiConflictResponse({ description: 'SIRET or RNA already used in the territory' })
  create(@Body() body: CreateActorDto): Promise<ActorView> {
    return this.actors.create(body);
  }

  @Get()
  @Roles('platform_admin', 'coordinator', 'member')
  @ApiOperation({ summary: 'The directory: filters, full-text search (accents ignored), sort, cursor pagination' })
  @ApiOkResponse({ type: ActorPageDto })
  async list(@Query() query: ActorQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    return sendJsonText(reply, await this.actors.list(filtersOf(query), query.limit, query.cursor));
  }

  @Get(':actorId')
  @Roles('platform_admin', 'coordinator', 'member')
  @ApiParam({ name: 'actorId', format: 'uuid' })
  @ApiOperation({ summary: 'One actor' })
  @ApiOkResponse({ type: ActorDto })
  get(@UuidParam('actorId') actorId: string): Promise<ActorView> {
    return this.actors.get(actorId);
  }

  @Patch(':actorId')
  @Roles('platform_admin', 'coordinator')
  @ApiParam({ name: 'actorId', format: 'uuid' })
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Update an actor (optimistic concurrency: If-Match with its version)' })
  @ApiOkResponse({ type: ActorDto, description: 'The updated actor (version + 1)' })
  update(
    @UuidParam('actorId') actorId: string,
    @IfMatch() version: number,
    @Body() body: UpdateActorDto,
  ): Promise<ActorView> {
    return this.actors.update(actorId, version, body);
  }

  @Post(':actorId/archive')
  @Roles('platform_admin', 'coordinator')
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'actorId', format: 'uuid' })
  @ApiOperation({ summary: 'Archive an actor (kept with its history, hidden from lists)' })
  @ApiOkResponse({ type: ActorDto })
  archive(@UuidParam('actorId') actorId: string): Promise<ActorView> {
    return this.actors.archive(actorId, true);
  }

  @Post(':actorId/unarchive')
  @Roles('platform_admin', 'coordinator')
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'actorId', format: 'uuid' })
  @ApiOperation({ summary: 'Bring an archived actor back' })
  @ApiOkResponse({ type: ActorDto })
  unarchive(@UuidParam('actorId') actorId: string): Promise<ActorView> {
    return this.actors.archive(actorId, false);
  }

  @Post(':actorId/merge')
  @Roles('platform_admin', 'coordinator')
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'actorId', format: 'uuid', description: 'The actor that stays' })
  @ApiOperation({ summary: 'Merge a duplicate into this actor: its participations, alliances and contacts move here' })
  @ApiOkResponse({ type: ActorDto, description: 'The actor that stays' })
  merge(@UuidParam('actorId') actorId: string, @Body() body: MergeDto): Promise<ActorView> {
    return this.merger.merge(actorId, body.sourceId);
  }

  @Get(':actorId/timeline')
  @Roles('platform_admin', 'coordinator', 'member')
  @ApiParam({ name: 'actorId', format: 'uuid' })
  @ApiOperation({
    summary: 'Everything the actor took part in, and its profile’s changes (members: their own organisation only)',
  })
  @ApiOkResponse({ type: [TimelineEntryDto], description: 'Newest first' })
  timeline(@UuidParam('actorId') actorId: string): Promise<TimelineEntry[]> {
    const access = this.context.territory;
    if (access?.role === 'member' && access.actorId !== actorId) {
      throw new DomainError('forbidden', {
        code: 'forbidden',
        detail: 'Vous voyez l’historique de votre organisation seulement.',
      });
    }
    return this.views.timeline(actorId);
  }

  @Get(':actorId/contacts')
  @Roles('platform_admin', 'coordinator', 'member')
  @ApiParam({ name: 'actorId', format: 'uuid' })
  @ApiOperation({ summary: 'Contact persons (coordination, and members of that organisation)' })
  @ApiOkResponse({ type: [ContactPersonDto] })
  listContacts(@UuidParam('actorId') actorId: string): Promise<ContactView[]> {
    return this.contacts.list(actorId);
  }

  @Post(':actorId/contacts')
  @Roles('platform_admin', 'coordinator', 'member')
  @ApiParam({ name: 'actorId', format: 'uuid' })
  @ApiOperation({ summary: 'Add a contact person, with the note of their consent' })
  @ApiCreatedResponse({ type: ContactPersonDto })
  addContact(@UuidParam('actorId') actorId: string, @Body() body: ContactDto): Promise<ContactView> {
    return this.contacts.add(actorId, body);
  }

  @Delete(':actorId/contacts/:contactId')
  @Roles('platform_admin', 'coordinator', 'member')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiParam({ name: 'actorId', format: 'uuid' })
  @ApiParam({ name: 'contactId', format: 'uuid' })
  @ApiOperation({ summary: 'Remove a contact person' })
  @ApiNoContentResponse()
  async removeContact(@UuidParam('actorId') actorId: string, @UuidParam('contactId') contactId: string): Promise<void> {
    await this.contacts.remove(actorId, contactId);
  }
}
