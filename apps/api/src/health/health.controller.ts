import { Controller, Get, HttpCode, HttpStatus } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { HealthService, DomainError, Public, type Readiness } from '@maillage/platform';

const CHECK_STATUS = { enum: ['up', 'down'], enumName: 'CheckStatus' } as const;

class CheckResultDto {
  @ApiProperty(CHECK_STATUS) status!: string;
  @ApiProperty() latencyMs!: number;
  @ApiPropertyOptional() error?: string;
}

class WorkersCheckDto {
  @ApiProperty(CHECK_STATUS) status!: string;
  @ApiProperty({ type: 'integer' }) alive!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSeenAt!: string | null;
}

class LateScheduleDto {
  @ApiProperty({ description: 'Scheduled job (e.g. notifications.digest.daily)' }) name!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastRunAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) dueBy!: string;
}

class SchedulesCheckDto {
  @ApiProperty({ enum: ['up', 'late'], enumName: 'SchedulesStatus' }) status!: string;
  @ApiProperty({ type: [LateScheduleDto] }) late!: LateScheduleDto[];
}

class ReadinessChecksDto {
  @ApiProperty({ type: CheckResultDto }) database!: CheckResultDto;
  @ApiProperty({ type: CheckResultDto }) queue!: CheckResultDto;
  @ApiProperty({ type: WorkersCheckDto, description: 'Informational: readiness does not depend on workers' })
  workers!: WorkersCheckDto;
  @ApiProperty({
    type: SchedulesCheckDto,
    description: 'Informational: scheduled jobs (mail digests) that have not run when due',
  })
  schedules!: SchedulesCheckDto;
}

class ReadinessDto {
  @ApiProperty({ enum: ['ok'] }) status!: string;
  @ApiProperty({ type: ReadinessChecksDto }) checks!: ReadinessChecksDto;
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({
    schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, required: ['status'] },
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database and the queue answer; workers are reported' })
  @ApiOkResponse({ type: ReadinessDto, description: 'Ready to serve' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down (problem+json with the checks)' })
  async ready(): Promise<Readiness> {
    const readiness = await this.health.readiness();
    if (readiness.status !== 'ok') {
      throw new DomainError('unavailable', {
        code: 'not_ready',
        detail: 'Un service dont Maillage dépend ne répond pas.',
        extensions: { checks: readiness.checks },
      });
    }
    return readiness;
  }
}
