import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { IfMatch, Roles, UuidParam, type Page } from '@maillage/platform';
import {
  ActionsService,
  AlliancesService,
  PrioritiesService,
  type ActionView,
  type AllianceView,
  type EvaluationSummary,
  type PriorityView,
} from '@maillage/ecosystem';
import { IF_MATCH, TERRITORY } from '../directory/actors.controller.js';
import {
  ActionPageDto,
  AgreementDto,
  ActionQueryDto,
  ActionViewDto,
  AlliancePageDto,
  AllianceQueryDto,
  AllianceViewDto,
  CreateActionDto,
  CreateAllianceDto,
  EvaluationDto,
  EvaluationSummaryDto,
  PriorityDto,
  PriorityQueryDto,
  PriorityViewDto,
  TransitionDto,
  UpdateActionDto,
  UpdateAllianceDto,
  UpdatePriorityDto,
} from './activity.dto.js';

@ApiTags('priorities')
@ApiBearerAuth()
@ApiParam(TERRITORY)
@Controller('territories/:territoryId/priorities')
export class PrioritiesController {
  constructor(private readonly priorities: PrioritiesService) {}

  @Post()
  @Roles('platform_admin', 'coordinator')
  @ApiOperation({ summary: 'Add a territorial priority (enjeu)' })
  @ApiCreatedResponse({ type: PriorityViewDto })
  create(@Body() body: PriorityDto): Promise<PriorityView> {
    return this.priorities.create(body);
  }

  @Get()
  @Roles('platform_admin', 'coordinator', 'member')
  @ApiOperation({ summary: 'The territory’s priorities' })
  @ApiOkResponse({ type: [PriorityViewDto] })
  list(@Query() query: PriorityQueryDto): Promise<PriorityView[]> {
    return this.priorities.list(query.status);
  }

  @Get(':priorityId')
  @Roles('platform_admin', 'coordinator', 'member')
  @ApiParam({ name: 'priorityId', format: 'uuid' })
  @ApiOperation({ summary: 'One priority' })
  @ApiOkResponse({ type: PriorityViewDto })
  get(@UuidParam('priorityId') id: string): Promise<PriorityView> {
    return this.priorities.get(id);
  }

  @Patch(':priorityId')
  @Roles('platform_admin', 'coordinator')
  @ApiParam({ name: 'priorityId', format: 'uuid' })
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Update a priority (If-Match with its version)' })
  @ApiOkResponse({ type: PriorityViewDto })
  update(
    @UuidParam('priorityId') id: string,
    @IfMatch() version: number,
    @Body() body: UpdatePriorityDto,
  ): Promise<PriorityView> {
    return this.priorities.update(id, version, body);
  }

  @Delete(':priorityId')
  @Roles('platform_admin', 'coordinator')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiParam({ name: 'priorityId', format: 'uuid' })
  @ApiOperation({ summary: 'Delete a priority (its links to actors, actions and alliances go with it)' })
  @ApiNoContentResponse()
  async remove(@UuidParam('priorityId') id: string): Promise<void> {
    await this.priorities.remove(id);
  }
}

@ApiTags('actions')
@ApiBearerAuth()
@ApiParam(TERRITORY)
@Controller('territories/:territoryId/actions')
export class ActionsController {
  constructor(private readonly actions: ActionsService) {}

  @Post()
  @Roles('platform_admin', 'coordinator')
  @ApiOperation({ summary: 'Log an action: animation, collective experiment or support, with the facts of its type' })
  @ApiCreatedResponse({ type: ActionViewDto })
  create(@Body() body: CreateActionDto): Promise<ActionView> {
    return this.actions.create(body);
  }

  @Get()
  @Roles('platform_admin', 'coordinator')
  @ApiOperation({ summary: 'Actions, newest first; filters by type, period, actor, priority' })
  @ApiOkResponse({ type: ActionPageDto })
  list(@Query() query: ActionQueryDto): Promise<Page<ActionView>> {
    const { limit, cursor, ...filters } = query;
    return this.actions.list(filters, limit, cursor);
  }

  @Get(':actionId')
  @Roles('platform_admin', 'coordinator')
  @ApiParam({ name: 'actionId', format: 'uuid' })
  @ApiOperation({ summary: 'One action, with participants and (experiments) its phase history' })
  @ApiOkResponse({ type: ActionViewDto })
  get(@UuidParam('actionId') id: string): Promise<ActionView> {
    return this.actions.get(id);
  }

  @Patch(':actionId')
  @Roles('platform_admin', 'coordinator')
  @ApiParam({ name: 'actionId', format: 'uuid' })
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Update an action (If-Match with its version); a new experiment phase is recorded' })
  @ApiOkResponse({ type: ActionViewDto })
  update(
    @UuidParam('actionId') id: string,
    @IfMatch() version: number,
    @Body() body: UpdateActionDto,
  ): Promise<ActionView> {
    return this.actions.update(id, version, body);
  }

  @Delete(':actionId')
  @Roles('platform_admin', 'coordinator')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiParam({ name: 'actionId', format: 'uuid' })
  @ApiOperation({ summary: 'Delete an action' })
  @ApiNoContentResponse()
  async remove(@UuidParam('actionId') id: string): Promise<void> {
    await this.actions.remove(id);
  }
}

@ApiTags('alliances')
@ApiBearerAuth()
@ApiParam(TERRITORY)
@Controller('territories/:territoryId/alliances')
export class AlliancesController {
  constructor(private readonly alliances: AlliancesService) {}

  @Post()
  @Roles('platform_admin', 'coordinator', 'member')
  @ApiOperation({ summary: 'Create an alliance (coordination) or propose one for one’s organisation (members)' })
  @ApiCreatedResponse({ type: AllianceViewDto })
  create(@Body() body: CreateAllianceDto): Promise<AllianceView> {
    return this.alliances.create(body);
  }

  @Get()
  @Roles('platform_admin', 'coordinator', 'member')
  @ApiOperation({ summary: 'Alliances (members: their organisation’s only), newest first' })
  @ApiOkResponse({ type: AlliancePageDto })
  list(@Query() query: AllianceQueryDto): Promise<Page<AllianceView>> {
    const { limit, cursor, ...filters } = query;
    return this.alliances.list(filters, limit, cursor);
  }

  @Get(':allianceId')
  @Roles('platform_admin', 'coordinator', 'member')
  @ApiParam({ name: 'allianceId', format: 'uuid' })
  @ApiOperation({ summary: 'One alliance, with its parties and every transition' })
  @ApiOkResponse({ type: AllianceViewDto })
  get(@UuidParam('allianceId') id: string): Promise<AllianceView> {
    return this.alliances.get(id);
  }

  @Patch(':allianceId')
  @Roles('platform_admin', 'coordinator', 'member')
  @ApiParam({ name: 'allianceId', format: 'uuid' })
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary:
      'Edit an alliance (If-Match with its version): coordination its terms at any time and its parties until it is active, the proposing organisation its proposal until another party answers',
  })
  @ApiOkResponse({ type: AllianceViewDto })
  @ApiForbiddenResponse({ description: 'alliance_not_editable: the caller may not edit this alliance now' })
  @ApiConflictResponse({ description: 'parties_locked: the parties of an active or finished alliance do not change' })
  update(
    @UuidParam('allianceId') id: string,
    @IfMatch() version: number,
    @Body() body: UpdateAllianceDto,
  ): Promise<AllianceView> {
    return this.alliances.update(id, version, body);
  }

  @Post(':allianceId/transitions')
  @Roles('platform_admin', 'coordinator', 'member')
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'allianceId', format: 'uuid' })
  @ApiOperation({ summary: 'Move the alliance along its lifecycle (accept, decline, withdraw, start, end)' })
  @ApiOkResponse({ type: AllianceViewDto })
  @ApiConflictResponse({
    description:
      'illegal_transition: the lifecycle does not allow it; agreement_required: a member records its agreement instead of activating',
  })
  transition(@UuidParam('allianceId') id: string, @Body() body: TransitionDto): Promise<AllianceView> {
    return this.alliances.transition(id, body.to, body.note, body.occurredOn);
  }

  @Post(':allianceId/agreements')
  @Roles('platform_admin', 'coordinator', 'member')
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'allianceId', format: 'uuid' })
  @ApiOperation({
    summary:
      'A party agrees to make the alliance active (members for their organisation, coordination on a party’s behalf); the last agreement activates it',
  })
  @ApiOkResponse({ type: AllianceViewDto })
  @ApiConflictResponse({ description: 'not_agreeable (not under discussion) or already_agreed' })
  agree(@UuidParam('allianceId') id: string, @Body() body: AgreementDto): Promise<AllianceView> {
    return this.alliances.agree(id, body.actorId);
  }

  @Get(':allianceId/evaluations')
  @Roles('platform_admin', 'coordinator', 'member')
  @ApiParam({ name: 'allianceId', format: 'uuid' })
  @ApiOperation({ summary: 'The parties’ evaluations side by side, per period, with disagreements flagged' })
  @ApiOkResponse({ type: [EvaluationSummaryDto], description: 'Newest period first' })
  evaluations(@UuidParam('allianceId') id: string): Promise<EvaluationSummary[]> {
    return this.alliances.evaluations(id);
  }

  @Put(':allianceId/evaluations')
  @Roles('platform_admin', 'coordinator', 'member')
  @ApiParam({ name: 'allianceId', format: 'uuid' })
  @ApiOperation({ summary: 'A party rates the alliance for a period (product, balance, contribution: 1 to 5)' })
  @ApiOkResponse({ type: [EvaluationSummaryDto], description: 'Every evaluation of the alliance, newest period first' })
  evaluate(@UuidParam('allianceId') id: string, @Body() body: EvaluationDto): Promise<EvaluationSummary[]> {
    return this.alliances.evaluate(id, body);
  }
}
