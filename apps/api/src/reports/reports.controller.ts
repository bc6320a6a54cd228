import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { PageDtoOf, PageQueryDto, DomainError, Roles, UuidParam, type Page } from '@maillage/platform';
import {
  CONTENT_TYPES,
  REPORT_FORMATS,
  REPORT_TYPES,
  ReportSchedulesService,
  ReportsService,
  type ScheduleView,
  type ReportFormat,
  type ReportStatus,
  type ReportType,
  type ReportView,
} from '@maillage/reports';

export class RequestReportDto {
  @ApiProperty({ enum: REPORT_TYPES })
  @IsIn(REPORT_TYPES)
  type!: ReportType;

  @ApiProperty({ enum: REPORT_FORMATS })
  @IsIn(REPORT_FORMATS)
  format!: ReportFormat;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'Parameters of the report type (CSV exports: delimiter `;` or `,`, bom, decimalComma with `;` only; …), checked against its catalogue',
  })
  @IsOptional()
  @IsObject()
  params?: Record<string, unknown>;
}

export class ReportQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REPORT_TYPES })
  @IsOptional()
  @IsIn(REPORT_TYPES)
  type?: ReportType;

  @ApiPropertyOptional({ enum: ['queued', 'running', 'completed', 'failed', 'cancelled'] })
  @IsOptional()
  @IsIn(['queued', 'running', 'completed', 'failed', 'cancelled'])
  status?: ReportStatus;
}

const REPORT_TYPE = { enum: REPORT_TYPES, enumName: 'ReportType' } as const;
const REPORT_FORMAT = { enum: REPORT_FORMATS, enumName: 'ReportFormat' } as const;
const PARAMS = {
  type: 'object',
  additionalProperties: true,
  description: 'The parameters, defaults filled in',
} as const;

export class ReportDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty(REPORT_TYPE) type!: string;
  @ApiProperty() label!: string;
  @ApiProperty(REPORT_FORMAT) format!: string;
  @ApiProperty(PARAMS) params!: Record<string, unknown>;
  @ApiProperty({ enum: ['queued', 'running', 'completed', 'failed', 'cancelled'], enumName: 'ReportStatus' })
  status!: string;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 }) progress!: number;
  @ApiProperty({ type: 'integer' }) attempts!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Why it failed' }) error!: string | null;
  @ApiProperty({ type: String, nullable: true }) fileName!: string | null;
  @ApiProperty({ type: String, nullable: true }) contentType!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) sizeBytes!: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
}

export class ReportPageDto extends PageDtoOf(ReportDto) {}

export class ScheduleViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty(REPORT_TYPE) type!: string;
  @ApiProperty(REPORT_FORMAT) format!: string;
  @ApiProperty(PARAMS) params!: Record<string, unknown>;
  @ApiProperty() cron!: string;
  @ApiProperty() timezone!: string;
  @ApiProperty({ type: 'integer', description: 'Runs kept' }) keepLast!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextRunAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastRunAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** The media types of report files, without their parameters. */
const FILE_TYPES = [...new Set(Object.values(CONTENT_TYPES).map((type) => type.split(';')[0]?.trim() ?? type))];

const TERRITORY = { name: 'territoryId', format: 'uuid' } as const;

@ApiTags('reports')
@ApiBearerAuth()
@ApiParam(TERRITORY)
@Controller('territories/:territoryId/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  @Roles('platform_admin', 'coordinator')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat the key to get the same report back' })
  @ApiOperation({
    summary: 'Order a report; it is made in the background (the same order within two minutes is the same report)',
  })
  @ApiAcceptedResponse({ type: ReportDto })
  async request(
    @Body() body: RequestReportDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportView> {
    if (idempotencyKey !== undefined && !/^[A-Za-z0-9._:-]{1,200}$/.test(idempotencyKey)) {
      throw new DomainError('invalid', {
        code: 'validation_failed',
        detail: 'En-tête Idempotency-Key invalide (200 caractères parmi lettres, chiffres, . _ : -).',
        errors: [{ field: 'Idempotency-Key', message: 'invalide' }],
      });
    }
    const { report, created } = await this.reports.request(body.type, body.format, body.params ?? {}, idempotencyKey);
    void reply.header('location', `reports/${report.id}`);
    if (!created) void reply.header('x-report-reused', 'true');
    return report;
  }

  @Get()
  @Roles('platform_admin', 'coordinator')
  @ApiOperation({ summary: 'Past reports, newest first' })
  @ApiOkResponse({ type: ReportPageDto })
  list(@Query() query: ReportQueryDto): Promise<Page<ReportView>> {
    return this.reports.list(
      { ...(query.type ? { type: query.type } : {}), ...(query.status ? { status: query.status } : {}) },
      query.limit,
      query.cursor,
    );
  }

  @Get(':reportId')
  @Roles('platform_admin', 'coordinator')
  @ApiParam({ name: 'reportId', format: 'uuid' })
  @ApiOperation({
    summary: 'A report’s state: queued, running with progress, completed, failed with its reason, cancelled',
  })
  @ApiOkResponse({ type: ReportDto })
  get(@UuidParam('reportId') id: string): Promise<ReportView> {
    return this.reports.get(id);
  }

  @Get(':reportId/file')
  @Roles('platform_admin', 'coordinator')
  @ApiParam({ name: 'reportId', format: 'uuid' })
  @ApiProduces(...FILE_TYPES)
  @ApiOperation({ summary: 'Download the file, streamed' })
  @ApiOkResponse({
    description: 'The file, of the report’s format (Content-Disposition: attachment)',
    schema: { type: 'string', format: 'binary' },
  })
  async file(@UuidParam('reportId') id: string): Promise<StreamableFile> {
    const file = await this.reports.file(id);
    return new StreamableFile(file.stream, {
      type: file.contentType,
      length: file.size,
      disposition: `attachment; filename="${file.fileName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    });
  }

  @Post(':reportId/cancel')
  @Roles('platform_admin', 'coordinator')
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'reportId', format: 'uuid' })
  @ApiOperation({ summary: 'Cancel a queued or running report' })
  @ApiOkResponse({ type: ReportDto })
  cancel(@UuidParam('reportId') id: string): Promise<ReportView> {
    return this.reports.cancel(id);
  }

  @Delete(':reportId')
  @Roles('platform_admin', 'coordinator')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiParam({ name: 'reportId', format: 'uuid' })
  @ApiOperation({ summary: 'Delete a report and its file' })
  @ApiNoContentResponse()
  async remove(@UuidParam('reportId') id: string): Promise<void> {
    await this.reports.remove(id);
  }
}

export class ScheduleDto extends RequestReportDto {
  @ApiProperty({ example: '0 8 1 * *', description: 'Cron expression (5 fields, or 6 with seconds)', maxLength: 100 })
  @IsString()
  @MinLength(9)
  @MaxLength(100)
  cron!: string;

  @ApiProperty({ example: 'Europe/Paris', maxLength: 64 })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  timezone!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, description: 'Runs kept (older ones are removed)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  keepLast?: number;
}

@ApiTags('reports')
@ApiBearerAuth()
@ApiParam(TERRITORY)
@Controller('territories/:territoryId/report-schedules')
export class ReportSchedulesController {
  constructor(private readonly schedules: ReportSchedulesService) {}

  @Post()
  @Roles('platform_admin', 'coordinator')
  @ApiOperation({ summary: 'Schedule a report (cron and timezone); each run is kept as a report, the last N of them' })
  @ApiCreatedResponse({ type: ScheduleViewDto })
  create(@Body() body: ScheduleDto): Promise<ScheduleView> {
    return this.schedules.create({ ...body, params: body.params ?? {} });
  }

  @Get()
  @Roles('platform_admin', 'coordinator')
  @ApiOperation({ summary: 'The territory’s report schedules, with their next run' })
  @ApiOkResponse({ type: [ScheduleViewDto] })
  list(): Promise<ScheduleView[]> {
    return this.schedules.list();
  }

  @Delete(':scheduleId')
  @Roles('platform_admin', 'coordinator')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiParam({ name: 'scheduleId', format: 'uuid' })
  @ApiOperation({ summary: 'Stop a schedule (its past reports stay)' })
  @ApiNoContentResponse()
  async remove(@UuidParam('scheduleId') id: string): Promise<void> {
    await this.schedules.remove(id);
  }
}
