import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ANY_ROLE, IfMatch, PageDtoOf, Roles, UuidParam, type Page } from '@maillage/platform';
import { CaseStudiesService, type CaseStudyView, type NationalCaseStudyView } from '@maillage/resources';
import { IF_MATCH, TERRITORY } from '../ecosystem/directory/actors.controller.js';
import {
  CaseStudyConsentDto,
  CaseStudyDto,
  CaseStudyQueryDto,
  CreateCaseStudyDto,
  NationalCaseStudyDto,
  NationalCaseStudyQueryDto,
  ReturnCaseStudyDto,
  UpdateCaseStudyDto,
} from './case-studies.dto.js';

export class CaseStudyPageDto extends PageDtoOf(CaseStudyDto) {}
export class NationalCaseStudyPageDto extends PageDtoOf(NationalCaseStudyDto) {}

const CASE_STUDY_ID = { name: 'caseStudyId', format: 'uuid' } as const;

/** A step of the review: the version it was decided on in If-Match. */
function ReviewStep(summary: string): MethodDecorator {
  return (target, key, descriptor) => {
    Roles('platform_admin', 'coordinator')(target, key, descriptor);
    HttpCode(HttpStatus.OK)(target, key, descriptor);
    ApiParam(CASE_STUDY_ID)(target, key, descriptor);
    ApiHeader(IF_MATCH)(target, key, descriptor);
    ApiOperation({ summary })(target, key, descriptor);
    ApiOkResponse({ type: CaseStudyDto })(target, key, descriptor);
  };
}

@ApiTags('case-studies')
@ApiBearerAuth()
@ApiParam(TERRITORY)
@Controller('territories/:territoryId/case-studies')
export class TerritoryCaseStudiesController {
  constructor(private readonly caseStudies: CaseStudiesService) {}

  @Get()
  @Roles('platform_admin', 'coordinator', 'member')
  @ApiOperation({
    summary: 'The territory’s case studies, newest first (members: those citing their organisation)',
  })
  @ApiOkResponse({ type: CaseStudyPageDto })
  list(@Query() query: CaseStudyQueryDto): Promise<Page<CaseStudyView>> {
    return this.caseStudies.list(query.status, query.limit, query.cursor);
  }

  @Post()
  @Roles('platform_admin', 'coordinator')
  @ApiOperation({
    summary:
      'Turn an action or an alliance into a case study (a draft prefilled from it); the organisations it cites are asked whether they may be named',
  })
  @ApiCreatedResponse({ type: CaseStudyDto })
  create(@Body() body: CreateCaseStudyDto): Promise<CaseStudyView> {
    return this.caseStudies.create(body.source, body.sourceId);
  }

  @Get(':caseStudyId')
  @Roles('platform_admin', 'coordinator', 'member')
  @ApiParam(CASE_STUDY_ID)
  @ApiOperation({ summary: 'A case study: its sections, participants with their consent, and its review' })
  @ApiOkResponse({ type: CaseStudyDto })
  get(@UuidParam('caseStudyId') id: string): Promise<CaseStudyView> {
    return this.caseStudies.get(id);
  }

  @Patch(':caseStudyId')
  @Roles('platform_admin', 'coordinator')
  @ApiParam(CASE_STUDY_ID)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Change a draft’s sections (If-Match: its version)' })
  @ApiOkResponse({ type: CaseStudyDto })
  update(
    @UuidParam('caseStudyId') id: string,
    @IfMatch() version: number,
    @Body() body: UpdateCaseStudyDto,
  ): Promise<CaseStudyView> {
    return this.caseStudies.update(id, version, body);
  }

  @Post(':caseStudyId/submit')
  @ReviewStep('Submit a draft for review by the territory’s other coordinators')
  submit(@UuidParam('caseStudyId') id: string, @IfMatch() version: number): Promise<CaseStudyView> {
    return this.caseStudies.submit(id, version);
  }

  @Post(':caseStudyId/approve')
  @ReviewStep('Approve a submitted case study (a coordinator other than its author and submitter)')
  approve(@UuidParam('caseStudyId') id: string, @IfMatch() version: number): Promise<CaseStudyView> {
    return this.caseStudies.approve(id, version);
  }

  @Post(':caseStudyId/return')
  @ReviewStep('Return a submitted or approved case study to its author as a draft, with a comment')
  returnToAuthor(
    @UuidParam('caseStudyId') id: string,
    @IfMatch() version: number,
    @Body() body: ReturnCaseStudyDto,
  ): Promise<CaseStudyView> {
    return this.caseStudies.returnToAuthor(id, version, body.comment);
  }

  @Post(':caseStudyId/publish')
  @ReviewStep(
    'Publish an approved case study to the national centre (a copy naming only consenting organisations); national bodies are notified',
  )
  publish(@UuidParam('caseStudyId') id: string, @IfMatch() version: number): Promise<CaseStudyView> {
    return this.caseStudies.publish(id, version);
  }

  @Post(':caseStudyId/unpublish')
  @ReviewStep('Withdraw a case study from the national centre (its copy is deleted; approved again)')
  unpublish(@UuidParam('caseStudyId') id: string, @IfMatch() version: number): Promise<CaseStudyView> {
    return this.caseStudies.unpublish(id, version);
  }

  @Put(':caseStudyId/participants/:actorId/consent')
  @Roles('platform_admin', 'coordinator', 'member')
  @ApiParam(CASE_STUDY_ID)
  @ApiParam({ name: 'actorId', format: 'uuid' })
  @ApiOperation({
    summary:
      'Grant or refuse that a participating organisation be named: by its members, or by a coordinator with a note saying how it was obtained',
  })
  @ApiOkResponse({ type: CaseStudyDto })
  consent(
    @UuidParam('caseStudyId') id: string,
    @UuidParam('actorId') actorId: string,
    @Body() body: CaseStudyConsentDto,
  ): Promise<CaseStudyView> {
    return this.caseStudies.consent(id, actorId, body.granted, body.note);
  }
}

@ApiTags('case-studies')
@ApiBearerAuth()
@Controller('case-studies')
export class NationalCaseStudiesController {
  constructor(private readonly caseStudies: CaseStudiesService) {}

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary:
      'The national gallery of published case studies, newest first: French full-text search, filters by fragility, action type, alliance mode and territory kind',
  })
  @ApiOkResponse({ type: NationalCaseStudyPageDto })
  list(@Query() query: NationalCaseStudyQueryDto): Promise<Page<NationalCaseStudyView>> {
    const { limit, cursor, ...filters } = query;
    return this.caseStudies.national(filters, limit, cursor);
  }

  @Get(':caseStudyId')
  @Roles(...ANY_ROLE)
  @ApiParam(CASE_STUDY_ID)
  @ApiOperation({ summary: 'A published case study, as the national centre shows it' })
  @ApiOkResponse({ type: NationalCaseStudyDto })
  get(@UuidParam('caseStudyId') id: string): Promise<NationalCaseStudyView> {
    return this.caseStudies.nationalOne(id);
  }
}
