import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AuditLogQuery, PageDtoOf, Roles, type AuditEntryView, type Page } from '@maillage/platform';
import { AuditQueryDto } from '../territories/territories.dto.js';

class AuditEntryDto {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorUserId!: string | null;
  @ApiProperty({ type: String, nullable: true }) actorName!: string | null;
  @ApiProperty() entity!: string;
  @ApiProperty() entityId!: string;
  @ApiProperty() action!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'What the entry is about, by name (an alliance’s title, an actor’s name), in French',
  })
  subject!: string | null;
  @ApiProperty({
    description: 'Changed fields: { field: { old, new } }',
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: {
        old: { description: 'Any JSON value; null on creation' },
        new: { description: 'Any JSON value; null on deletion' },
      },
      required: ['old', 'new'],
    },
  })
  changes!: Record<string, { old: unknown; new: unknown }>;
  @ApiProperty({ type: String, nullable: true }) requestId!: string | null;
}

class AuditPageDto extends PageDtoOf(AuditEntryDto) {}

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
