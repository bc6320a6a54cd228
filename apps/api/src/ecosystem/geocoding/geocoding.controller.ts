import { Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { Roles, UuidParam } from '@maillage/platform';
import { GeocodingService, type GeocodingRunView } from '@maillage/ecosystem';
import { TERRITORY } from '../directory/actors.controller.js';

const OUTCOMES = ['address', 'street', 'commune', 'not_found', 'failed', 'skipped'];

export class GeocodingSummaryDto {
  @ApiProperty({ type: 'integer', description: 'Actors the run covers' }) actors!: number;
  @ApiProperty({ type: 'integer', description: 'Placed at their address (house number)' }) address!: number;
  @ApiProperty({ type: 'integer', description: 'Placed at their street or place' }) street!: number;
  @ApiProperty({ type: 'integer', description: 'Placed at their commune’s position (approximate)' }) commune!: number;
  @ApiProperty({ type: 'integer', description: 'Not found: no position' }) notFound!: number;
  @ApiProperty({ type: 'integer', description: 'The service stayed unreachable: unchanged' }) failed!: number;
  @ApiProperty({ type: 'integer', description: 'Placed by a person meanwhile, or archived' }) skipped!: number;
}

export class GeocodingRowDto {
  @ApiProperty({ format: 'uuid' }) actorId!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ type: 'integer', description: 'Line of the import’s spreadsheet' }) line?: number;
  @ApiProperty({ enum: OUTCOMES, enumName: 'GeocodingOutcome' }) outcome!: string;
  @ApiPropertyOptional({ description: 'The address the service recognised' }) label?: string;
  @ApiPropertyOptional({ description: 'The service’s score, 0 to 1' }) score?: number;
  @ApiPropertyOptional({ description: 'In French: why no position, or why an approximate one' }) message?: string;
}

export class GeocodingRunDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The import whose actors it places' })
  importId!: string | null;
  @ApiProperty({ enum: ['running', 'completed', 'failed'], enumName: 'GeocodingStatus' }) status!: string;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 }) progress!: number;
  @ApiProperty({ type: GeocodingSummaryDto }) summary!: GeocodingSummaryDto;
  @ApiProperty({ type: [GeocodingRowDto], description: 'One result per actor done so far' }) rows!: GeocodingRowDto[];
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt!: string | null;
}

export class GeocodingRunListDto {
  @ApiProperty({ type: [GeocodingRunDto] }) items!: GeocodingRunDto[];
}

export class GeocodingQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The runs of this import only' })
  @IsOptional()
  @IsUUID('all', { message: 'Identifiant d’import invalide.' })
  importId?: string;
}

@ApiTags('geocoding')
@ApiBearerAuth()
@ApiParam(TERRITORY)
@Controller('territories/:territoryId/geocoding')
export class GeocodingController {
  constructor(private readonly geocoding: GeocodingService) {}

  @Post()
  @Roles('platform_admin', 'coordinator')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary:
      'Geocode the actors without a precise position through the national address service (or show the run already going); 409 when no geocoder is configured',
  })
  @ApiAcceptedResponse({ type: GeocodingRunDto })
  start(): Promise<GeocodingRunView> {
    return this.geocoding.start();
  }

  @Get()
  @Roles('platform_admin', 'coordinator')
  @ApiOperation({ summary: 'The latest geocoding runs (twenty), newest first' })
  @ApiOkResponse({ type: GeocodingRunListDto })
  async list(@Query() query: GeocodingQueryDto): Promise<{ items: GeocodingRunView[] }> {
    return { items: await this.geocoding.list(query.importId) };
  }

  @Get(':runId')
  @Roles('platform_admin', 'coordinator')
  @ApiParam({ name: 'runId', format: 'uuid' })
  @ApiOperation({ summary: 'A geocoding run: status, progress, summary and one result per actor' })
  @ApiOkResponse({ type: GeocodingRunDto })
  get(@UuidParam('runId') id: string): Promise<GeocodingRunView> {
    return this.geocoding.get(id);
  }
}
