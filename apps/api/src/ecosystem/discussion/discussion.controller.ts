import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query, type Type } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Roles, UuidParam, type Page, type Role } from '@maillage/platform';
import {
  AllianceContactsService,
  CommentsService,
  type CommentView,
  type MentionableView,
  type PartyContactsView,
} from '@maillage/ecosystem';
import type { CommentSubjectType } from '@maillage/contract';
import { TERRITORY } from '../directory/actors.controller.js';
import {
  CommentBodyDto,
  CommentPageDto,
  CommentQueryDto,
  CommentViewDto,
  MentionableDto,
  MentionableQueryDto,
  PartyContactsDto,
} from './discussion.dto.js';

interface ThreadRoute {
  type: CommentSubjectType;
  /** The subject's collection (`alliances`) and its path parameter (`allianceId`). */
  collection: string;
  param: string;
  /** Who may read the subject, hence its thread. */
  roles: [Role, ...Role[]];
  /** The controller's name, which names its operations (`AllianceCommentsController_list`). */
  name: string;
  label: string;
}

/**
 * The thread routes of one kind of subject, under the subject's own path and
 * with its roles: `GET/POST …/comments`, `GET …/comments/mentionable`,
 * `PATCH/DELETE …/comments/{commentId}`.
 */
function threadController(route: ThreadRoute): Type<unknown> {
  const subjectParam = { name: route.param, format: 'uuid' };

  @ApiTags('discussion')
  @ApiBearerAuth()
  @ApiParam(TERRITORY)
  @ApiParam(subjectParam)
  @Roles(...route.roles)
  @Controller(`territories/:territoryId/${route.collection}/:${route.param}/comments`)
  class ThreadController {
    constructor(readonly comments: CommentsService) {}

    @Get()
    @ApiOperation({ summary: `The thread of ${route.label}, oldest message first` })
    @ApiOkResponse({ type: CommentPageDto })
    list(@UuidParam(route.param) subjectId: string, @Query() query: CommentQueryDto): Promise<Page<CommentView>> {
      return this.comments.list(route.type, subjectId, query.limit, query.cursor);
    }

    @Get('mentionable')
    @ApiOperation({ summary: `Who may be mentioned in the thread of ${route.label} (who may read it)` })
    @ApiOkResponse({ type: [MentionableDto] })
    mentionable(
      @UuidParam(route.param) subjectId: string,
      @Query() query: MentionableQueryDto,
    ): Promise<MentionableView[]> {
      return this.comments.mentionable(route.type, subjectId, query.q, query.limit);
    }

    @Post()
    @ApiOperation({ summary: `Post a message in the thread of ${route.label} (mentions notified)` })
    @ApiCreatedResponse({ type: CommentViewDto })
    post(@UuidParam(route.param) subjectId: string, @Body() body: CommentBodyDto): Promise<CommentView> {
      return this.comments.post(route.type, subjectId, body.body);
    }

    @Patch(':commentId')
    @ApiParam({ name: 'commentId', format: 'uuid' })
    @ApiOperation({ summary: 'Edit one’s own message, within 15 minutes of posting it' })
    @ApiOkResponse({ type: CommentViewDto })
    @ApiConflictResponse({ description: 'comment_not_editable: the edit window is over' })
    edit(
      @UuidParam(route.param) subjectId: string,
      @UuidParam('commentId') id: string,
      @Body() body: CommentBodyDto,
    ): Promise<CommentView> {
      return this.comments.edit(route.type, subjectId, id, body.body);
    }

    @Delete(':commentId')
    @HttpCode(HttpStatus.OK)
    @ApiParam({ name: 'commentId', format: 'uuid' })
    @ApiOperation({
      summary: 'Delete a message (its author or the coordination): it stays as « Message supprimé », body erased',
    })
    @ApiOkResponse({ type: CommentViewDto, description: 'The message as the thread now shows it' })
    @ApiConflictResponse({ description: 'comment_not_deletable: already deleted' })
    remove(@UuidParam(route.param) subjectId: string, @UuidParam('commentId') id: string): Promise<CommentView> {
      return this.comments.remove(route.type, subjectId, id);
    }
  }
  Object.defineProperty(ThreadController, 'name', { value: route.name });
  return ThreadController;
}

const EVERYONE: [Role, ...Role[]] = ['platform_admin', 'coordinator', 'member'];

export const AllianceCommentsController = threadController({
  type: 'alliance',
  collection: 'alliances',
  param: 'allianceId',
  roles: EVERYONE,
  name: 'AllianceCommentsController',
  label: 'an alliance (members: their organisation’s alliances only)',
});

export const ActionCommentsController = threadController({
  type: 'action',
  collection: 'actions',
  param: 'actionId',
  roles: ['platform_admin', 'coordinator'],
  name: 'ActionCommentsController',
  label: 'an action (coordination)',
});

export const PriorityCommentsController = threadController({
  type: 'priority',
  collection: 'priorities',
  param: 'priorityId',
  roles: EVERYONE,
  name: 'PriorityCommentsController',
  label: 'a priority (enjeu)',
});

@ApiTags('alliances')
@ApiBearerAuth()
@ApiParam(TERRITORY)
@Controller('territories/:territoryId/alliances/:allianceId/contacts')
export class AllianceContactsController {
  constructor(private readonly contacts: AllianceContactsService) {}

  @Get()
  @Roles(...EVERYONE)
  @ApiParam({ name: 'allianceId', format: 'uuid' })
  @ApiOperation({
    summary: 'The parties’ contact persons, for the parties and the coordination once the alliance is under discussion',
  })
  @ApiOkResponse({ type: [PartyContactsDto] })
  @ApiConflictResponse({ description: 'contacts_not_shared: the alliance is not (or no longer) under discussion' })
  list(@UuidParam('allianceId') allianceId: string): Promise<PartyContactsView[]> {
    return this.contacts.list(allianceId);
  }
}
