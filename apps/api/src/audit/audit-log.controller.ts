import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { AuditLogQuery, Roles, type AuditEntryView, type Page } from '@maillage/platform';
import { AuditQueryDto } from '../territories/territories.dto.js';

class AuditEntryDto {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) actorUserId!: string | null;
  @ApiPropertyOptional({ nullable: true }) actorName!: string | null;
  @ApiProperty() entity!: string;
  @ApiProperty() entityId!: string;
  @ApiProperty() action!: string;
  @ApiProperty({ description: 'Changed fields: { field: { old, new } }', type: 'object', additionalProperties: true })
  changes!: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true }) requestId!: string | null;
}

class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
  @ApiPropertyOptional({ nullable: true }) nextCursor!: string | null;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('territories/:territoryId/audit-log')
export class AuditLogController {
  constructor(private readonly auditLog: AuditLogQuery) {}

  @Get()
  @Roles('platform_admin', 'coordinator')
  @ApiParam({ name: 'territoryId', format: 'uuid' })
  @ApiOperation({ summary: 'Every change to the territory’s data, newest first' })
  @ApiOkResponse({ type: AuditPageDto })
  list(@Query() query: AuditQueryDto): Promise<Page<AuditEntryView>> {
    return this.auditLog.list(
      {
        ...(query.actorId ? { actorUserId: query.actorId } : {}),
        ...(query.entity ? { entity: query.entity } : {}),
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
      },
      query.limit,
      query.cursor,
    );
  }
}
