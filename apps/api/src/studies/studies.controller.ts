import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Patch,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IfMatch, Public, Roles, UuidParam, XLSX_TYPE } from '@maillage/platform';
import type { StudyTemplate } from '@maillage/contract';
import {
  StudiesService,
  StudyAnswersService,
  studyExport,
  type InvitationOutcome,
  type StudyAnswerPage,
  type StudyResults,
  type StudySummary,
  type StudyView,
} from '@maillage/studies';
import type { PriorityView } from '@maillage/ecosystem';
import { IF_MATCH, TERRITORY } from '../ecosystem/directory/actors.controller.js';
import { UuidTokenParam } from '../territories/territories.controller.js';
import {
  CreateStudyDto,
  StudyExportQueryDto,
  StudyInvitationOutcomeDto,
  StudyInviteDto,
  StudyRemindedDto,
  StudyAnswerDto,
  StudyAnsweredDto,
  StudyAnswerPageDto,
  StudyDto,
  StudyListDto,
  StudyPrioritiesDto,
  StudyPrioritiesOutcomeDto,
  StudyPublicLinkDto,
  StudyResultsDto,
  StudyTemplateListDto,
  UpdateStudyDto,
} from './studies.dto.js';

const STUDY_ID = { name: 'studyId', format: 'uuid' } as const;
const MANAGERS = ['platform_admin', 'coordinator'] as const;
const NOT_OPEN = 'study_not_open: the study is a draft or closed';

@ApiTags('studies')
@ApiBearerAuth()
@ApiParam(TERRITORY)
@Controller('territories/:territoryId/studies')
export class StudiesController {
  constructor(private readonly studies: StudiesService) {}

  @Get('templates')
  @Roles(...MANAGERS)
  @ApiOperation({
    summary: 'The questionnaires shipped with Maillage (PHARE, the diagnostic, the partnership check-list)',
  })
  @ApiOkResponse({ type: StudyTemplateListDto })
  templates(): { items: StudyTemplate[] } {
    return { items: this.studies.templates() };
  }

  @Get()
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'The territory’s studies, newest first, with their response rates' })
  @ApiOkResponse({ type: StudyListDto })
  async list(): Promise<{ items: StudySummary[] }> {
    return { items: await this.studies.list() };
  }

  @Post()
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'Start a study from a template (a draft whose version 1 is the template’s questions)' })
  @ApiCreatedResponse({ type: StudyDto })
  create(@Body() body: CreateStudyDto): Promise<StudyView> {
    return this.studies.create(body);
  }

  @Get(':studyId')
  @Roles(...MANAGERS)
  @ApiParam(STUDY_ID)
  @ApiOperation({ summary: 'A study: its current questionnaire, invitations and responses by prism, and its version' })
  @ApiOkResponse({ type: StudyDto })
  get(@UuidParam('studyId') id: string): Promise<StudyView> {
    return this.studies.get(id);
  }

  @Patch(':studyId')
  @Roles(...MANAGERS)
  @ApiParam(STUDY_ID)
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary:
      'Adapt a study (If-Match: its version): title, description, prisms, the whole questionnaire; once answered, a new questionnaire version',
  })
  @ApiOkResponse({ type: StudyDto })
  @ApiConflictResponse({ description: 'study_closed' })
  update(
    @UuidParam('studyId') id: string,
    @IfMatch() version: number,
    @Body() body: UpdateStudyDto,
  ): Promise<StudyView> {
    return this.studies.update(id, version, body);
  }

  @Post(':studyId/open')
  @Roles(...MANAGERS)
  @HttpCode(HttpStatus.OK)
  @ApiParam(STUDY_ID)
  @ApiOperation({ summary: 'Open a draft study: invitations and the public link become possible' })
  @ApiOkResponse({ type: StudyDto })
  @ApiConflictResponse({ description: 'study_not_draft' })
  open(@UuidParam('studyId') id: string): Promise<StudyView> {
    return this.studies.open(id);
  }

  @Post(':studyId/close')
  @Roles(...MANAGERS)
  @HttpCode(HttpStatus.OK)
  @ApiParam(STUDY_ID)
  @ApiOperation({
    summary:
      'Close an open study: answers stop, invitations’ addresses and the public link’s browser fingerprints are erased',
  })
  @ApiOkResponse({ type: StudyDto })
  @ApiConflictResponse({ description: NOT_OPEN })
  close(@UuidParam('studyId') id: string): Promise<StudyView> {
    return this.studies.close(id);
  }

  @Post(':studyId/invitations')
  @Roles(...MANAGERS)
  @HttpCode(HttpStatus.OK)
  @ApiParam(STUDY_ID)
  @ApiOperation({
    summary:
      'Invite the contact persons of actors (chosen ones, categories, or all): one personal one-time link each, mailed',
  })
  @ApiOkResponse({ type: StudyInvitationOutcomeDto })
  @ApiConflictResponse({ description: NOT_OPEN })
  invite(@UuidParam('studyId') id: string, @Body() body: StudyInviteDto): Promise<InvitationOutcome> {
    return this.studies.invite(id, body);
  }

  @Post(':studyId/reminders')
  @Roles(...MANAGERS)
  @HttpCode(HttpStatus.OK)
  @ApiParam(STUDY_ID)
  @ApiOperation({ summary: 'Send unanswered invitations a new link (the previous ones stop working)' })
  @ApiOkResponse({ type: StudyRemindedDto })
  @ApiConflictResponse({ description: NOT_OPEN })
  remind(@UuidParam('studyId') id: string): Promise<{ reminded: number }> {
    return this.studies.remind(id);
  }

  @Post(':studyId/public-link')
  @Roles(...MANAGERS)
  @HttpCode(HttpStatus.OK)
  @ApiParam(STUDY_ID)
  @ApiOperation({ summary: 'Open or renew the inhabitants’ public link (the token is shown once)' })
  @ApiOkResponse({ type: StudyPublicLinkDto })
  @ApiConflictResponse({ description: NOT_OPEN })
  openPublicLink(@UuidParam('studyId') id: string): Promise<{ url: string; token: string }> {
    return this.studies.openPublicLink(id);
  }

  @Delete(':studyId/public-link')
  @Roles(...MANAGERS)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiParam(STUDY_ID)
  @ApiOperation({ summary: 'Close the public link' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: NOT_OPEN })
  async closePublicLink(@UuidParam('studyId') id: string): Promise<void> {
    await this.studies.closePublicLink(id);
  }

  @Get(':studyId/results')
  @Roles(...MANAGERS)
  @ApiParam(STUDY_ID)
  @ApiOperation({
    summary:
      'The regard croisé: each question by prism and for all; a prism under the observatory threshold is suppressed',
  })
  @ApiOkResponse({ type: StudyResultsDto })
  async results(@UuidParam('studyId') id: string): Promise<StudyResults> {
    const { threshold, responses, questions } = await this.studies.results(id);
    return { threshold, responses, questions };
  }

  @Get(':studyId/results/export')
  @Roles(...MANAGERS)
  @ApiParam(STUDY_ID)
  @ApiProduces('text/csv', XLSX_TYPE)
  @ApiOperation({
    summary:
      'The results as a file: CSV (UTF-8 with BOM, « ; », decimal comma) or XLSX; suppressed cells hold « < 5 » (the threshold)',
  })
  @ApiOkResponse({ description: 'The file, as an attachment', schema: { type: 'string', format: 'binary' } })
  async export(
    @UuidParam('studyId') id: string,
    @Query() query: StudyExportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const results = await this.studies.results(id);
    const file = await studyExport(results, results.prisms, results.title, query.format ?? 'csv');
    void reply.header('x-content-type-options', 'nosniff');
    return new StreamableFile(file.content, {
      type: file.contentType,
      length: file.content.length,
      disposition: `attachment; filename="${file.fileName}"`,
    });
  }

  @Post(':studyId/priorities')
  @Roles(...MANAGERS)
  @ApiParam(STUDY_ID)
  @ApiOperation({
    summary:
      'Turn results into enjeux in one step: for each option, add its fragility to an enjeu or create one citing the study',
  })
  @ApiCreatedResponse({ type: StudyPrioritiesOutcomeDto })
  priorities(
    @UuidParam('studyId') id: string,
    @Body() body: StudyPrioritiesDto,
  ): Promise<{ created: PriorityView[]; updated: PriorityView[] }> {
    return this.studies.priorities(id, body.items);
  }
}

@ApiTags('studies')
@Controller('study-answers')
export class StudyAnswersController {
  constructor(private readonly answers: StudyAnswersService) {}

  @Get(':token')
  @Public()
  @ApiParam({ name: 'token', description: 'The answer link’s token (a personal invitation or the public link)' })
  @ApiOperation({ summary: 'The questionnaire an answer link leads to (the questions of its prism)' })
  @ApiOkResponse({ type: StudyAnswerPageDto })
  @ApiNotFoundResponse({ description: 'invalid_study_link: unknown, replaced by a reminder, or closed' })
  @ApiGoneResponse({ description: 'study_already_answered, or study_closed' })
  page(@UuidTokenParam() token: string): Promise<StudyAnswerPage> {
    return this.answers.page(token);
  }

  @Post(':token')
  @Public()
  @ApiParam({ name: 'token', description: 'The answer link’s token (a personal invitation or the public link)' })
  @ApiOperation({ summary: 'Answer, anonymously: the response keeps its prism and day, never who sent it' })
  @ApiCreatedResponse({ type: StudyAnsweredDto })
  @ApiNotFoundResponse({ description: 'invalid_study_link' })
  @ApiGoneResponse({ description: 'study_already_answered (a one-time link used), or study_closed' })
  @ApiConflictResponse({ description: 'study_answered_from_device: the public link, from the same browser' })
  @ApiTooManyRequestsResponse({ description: 'too_many_study_answers: the public link, from this address this hour' })
  async answer(
    @UuidTokenParam() token: string,
    @Body() body: StudyAnswerDto,
    @Req() request: FastifyRequest,
  ): Promise<{ message: string }> {
    await this.answers.answer(token, body.answers, {
      address: request.ip,
      userAgent: String(request.headers['user-agent'] ?? ''),
    });
    return { message: 'Merci, votre réponse est enregistrée.' };
  }
}
