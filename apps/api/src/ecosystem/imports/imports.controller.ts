import { Readable } from 'node:stream';
import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CSV_TYPE,
  InjectConfig,
  PageDtoOf,
  PageQueryDto,
  DomainError,
  dropRest,
  Roles,
  UuidParam,
  XLSX_TYPE,
  type AppConfig,
  type Page,
} from '@maillage/platform';
import {
  frenchBytes,
  IMPORT_FIELDS,
  ImportsService,
  isLegacyExcel,
  LEGACY_EXCEL_MESSAGE,
  type ColumnMapping,
  type ImportRowReport,
  type ImportView,
  type RowOutcome,
} from '@maillage/ecosystem';
import { TERRITORY } from '../directory/actors.controller.js';

export class UploadQueryDto {
  @ApiPropertyOptional({ maxLength: 255, example: 'acteurs-metropole.xlsx' })
  @IsOptional()
  @IsString()
  // eslint-disable-next-line no-control-regex -- control characters are exactly what a file name must not hold
  @Matches(/^[^/\\\u0000-\u001f]{1,255}$/, { message: 'Nom de fichier invalide.' })
  filename?: string;
}

/** Field → column header; each value must be one of the file's columns. */
export class MappingDto implements ColumnMapping {
  [key: string]: string | undefined;
}
for (const field of IMPORT_FIELDS) {
  ApiPropertyOptional({ type: String, maxLength: 200, description: `Column for ${field}` })(
    MappingDto.prototype,
    field,
  );
  IsOptional()(MappingDto.prototype, field);
  IsString()(MappingDto.prototype, field);
  MaxLength(200)(MappingDto.prototype, field);
}

export class ProcessImportDto {
  @ApiPropertyOptional({ type: MappingDto, description: 'Column mapping; by default the current one' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MappingDto)
  mapping?: MappingDto;
}

export class ImportRowsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['valid', 'invalid', 'duplicate', 'created'] })
  @IsOptional()
  @IsIn(['valid', 'invalid', 'duplicate', 'created'])
  outcome?: RowOutcome;
}

const ROW_OUTCOME = { enum: ['valid', 'invalid', 'duplicate', 'created'], enumName: 'ImportRowOutcome' } as const;

export class ImportSummaryDto {
  @ApiProperty({ type: 'integer' }) rows!: number;
  @ApiProperty({ type: 'integer' }) valid!: number;
  @ApiProperty({ type: 'integer' }) invalid!: number;
  @ApiProperty({ type: 'integer' }) duplicates!: number;
  @ApiProperty({ type: 'integer' }) created!: number;
}

export class ImportDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() filename!: string;
  @ApiProperty({ enum: ['csv', 'xlsx'], enumName: 'ImportFormat' }) format!: string;
  @ApiProperty({ enum: ['analysing', 'analysed', 'running', 'completed', 'failed'], enumName: 'ImportStatus' })
  status!: string;
  @ApiProperty({ enum: ['dry_run', 'run'], enumName: 'ImportMode' }) mode!: string;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 }) progress!: number;
  @ApiProperty({ type: [String] }) columns!: string[];
  @ApiProperty({ type: MappingDto }) mapping!: MappingDto;
  @ApiProperty({ type: ImportSummaryDto, nullable: true, description: 'Once analysed' })
  summary!: ImportSummaryDto | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt!: string | null;
}

export class ImportPageDto extends PageDtoOf(ImportDto) {}

export class RowErrorDto {
  @ApiProperty() field!: string;
  @ApiProperty() message!: string;
}

export class DuplicateOfDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'An actor already in the territory' }) actorId?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'An earlier line of the same file' }) line?: number;
  @ApiProperty() name!: string;
  @ApiProperty({
    enum: ['siret', 'siren', 'rna', 'name_and_commune', 'name_and_distance'],
    enumName: 'DuplicateReason',
  })
  reason!: string;
}

export class ImportRowDto {
  @ApiProperty({ type: 'integer', description: 'Line in the spreadsheet (the header is line 1)' }) line!: number;
  @ApiProperty() name!: string;
  @ApiProperty(ROW_OUTCOME) outcome!: string;
  @ApiPropertyOptional({ type: [RowErrorDto] }) errors?: RowErrorDto[];
  @ApiPropertyOptional({ type: DuplicateOfDto }) duplicateOf?: DuplicateOfDto;
  @ApiPropertyOptional({ format: 'uuid', description: 'The actor created (outcome created)' }) actorId?: string;
}

export class ImportRowPageDto extends PageDtoOf(ImportRowDto) {}

const FORMATS: Record<string, 'csv' | 'xlsx'> = { [CSV_TYPE]: 'csv', [XLSX_TYPE]: 'xlsx' };

@ApiTags('imports')
@ApiBearerAuth()
@ApiParam(TERRITORY)
@Controller('territories/:territoryId/imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Post()
  @Roles('platform_admin', 'coordinator')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiConsumes(CSV_TYPE, XLSX_TYPE)
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: 'The spreadsheet (CSV UTF-8 or XLSX)' })
  @ApiOperation({ summary: 'Upload actors from a CSV or XLSX file: the mapping is guessed and a dry run queued' })
  @ApiAcceptedResponse({ type: ImportDto })
  async upload(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: UploadQueryDto,
  ): Promise<ImportView> {
    const type =
      String(request.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim()
        .toLowerCase() ?? '';
    const format = FORMATS[type];
    if (isLegacyExcel(type, query.filename)) {
      // An .xls sent as CSV (or as bytes) is refused unread: the connection closes after the answer.
      if (request.body instanceof Readable) void reply.header('connection', 'close');
      throw new DomainError('unsupported', { code: 'unsupported_media_type', detail: LEGACY_EXCEL_MESSAGE });
    }
    // Spreadsheets reach the handler unread (see createHttpApp): the service reads them with its bounds.
    if (!format || !(request.body instanceof Readable)) {
      throw new DomainError('unsupported', {
        code: 'unsupported_media_type',
        detail: `Envoyez le fichier tel quel, en ${CSV_TYPE} ou ${XLSX_TYPE}.`,
      });
    }
    const maxBytes = this.config.http.importLimit;
    if (Number(request.headers['content-length'] ?? 0) > maxBytes) {
      // Refused unread, as Fastify refuses other bodies over their limit: the connection closes after the answer.
      void reply.header('connection', 'close');
      throw new DomainError('too_large', {
        code: 'payload_too_large',
        detail: `Le fichier dépasse ${frenchBytes(maxBytes)}.`,
      });
    }
    // Not destroyed on a refusal: that would reset the connection before the answer.
    const body = request.body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer | string>;
    try {
      return await this.imports.upload(body, format, query.filename ?? `import.${format}`, maxBytes);
    } catch (error) {
      await dropRest(request.body, maxBytes);
      throw error;
    }
  }

  @Get()
  @Roles('platform_admin', 'coordinator')
  @ApiOperation({ summary: 'Past imports, newest first' })
  @ApiOkResponse({ type: ImportPageDto })
  list(@Query() query: PageQueryDto): Promise<Page<ImportView>> {
    return this.imports.list(query.limit, query.cursor);
  }

  @Get(':importId')
  @Roles('platform_admin', 'coordinator')
  @ApiParam({ name: 'importId', format: 'uuid' })
  @ApiOperation({ summary: 'An import: status, progress, columns, mapping and summary' })
  @ApiOkResponse({ type: ImportDto })
  get(@UuidParam('importId') id: string): Promise<ImportView> {
    return this.imports.get(id);
  }

  @Get(':importId/rows')
  @Roles('platform_admin', 'coordinator')
  @ApiParam({ name: 'importId', format: 'uuid' })
  @ApiOperation({ summary: 'The per-row report: valid, invalid with reasons, duplicate of what and why, created' })
  @ApiOkResponse({ type: ImportRowPageDto })
  rows(@UuidParam('importId') id: string, @Query() query: ImportRowsQueryDto): Promise<Page<ImportRowReport>> {
    return this.imports.rows(id, query.outcome, query.limit, query.cursor);
  }

  @Post(':importId/dry-run')
  @Roles('platform_admin', 'coordinator')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiParam({ name: 'importId', format: 'uuid' })
  @ApiOperation({ summary: 'Analyse again, with another column mapping' })
  @ApiAcceptedResponse({ type: ImportDto })
  dryRun(@UuidParam('importId') id: string, @Body() body: ProcessImportDto): Promise<ImportView> {
    return this.imports.process(id, 'dry_run', body.mapping as ColumnMapping | undefined);
  }

  @Post(':importId/run')
  @Roles('platform_admin', 'coordinator')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiParam({ name: 'importId', format: 'uuid' })
  @ApiOperation({ summary: 'Create the valid, new actors (running the same file again creates nothing new)' })
  @ApiAcceptedResponse({ type: ImportDto })
  run(@UuidParam('importId') id: string, @Body() body: ProcessImportDto): Promise<ImportView> {
    return this.imports.process(id, 'run', body.mapping as ColumnMapping | undefined);
  }
}
