import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { AREA_LEVELS, INDICATOR_IDS, type AreaLevel } from '@maillage/observatory';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const PERIOD_MESSAGE = 'doit être un mois AAAA-MM';
const AREA_CODE = /^[0-9A-Za-z:_-]{1,40}$/;

export class PeriodQueryDto {
  @ApiPropertyOptional({ example: '2026-10', description: 'Month (default: the latest published month)' })
  @IsOptional()
  @Matches(PERIOD, { message: PERIOD_MESSAGE })
  period?: string;
}

export class AreaParamsDto {
  @ApiProperty({ enum: AREA_LEVELS })
  @IsIn(AREA_LEVELS)
  level!: AreaLevel;

  @ApiProperty({ example: '69', description: 'Official code (FR for France, kind:band for a peer group)' })
  @Matches(AREA_CODE, { message: 'code de zone invalide' })
  code!: string;
}

export class AreasQueryDto {
  @ApiProperty({ enum: AREA_LEVELS })
  @IsIn(AREA_LEVELS)
  level!: AreaLevel;

  @ApiPropertyOptional({ enum: AREA_LEVELS, description: 'Only the areas inside this parent (with parentCode)' })
  @IsOptional()
  @IsIn(AREA_LEVELS)
  parentLevel?: AreaLevel;

  @ApiPropertyOptional({ maxLength: 40 })
  @IsOptional()
  @Matches(AREA_CODE, { message: 'code de zone invalide' })
  parentCode?: string;
}

/** A range of months, both optional. */
export class MonthRangeDto {
  @ApiPropertyOptional({ example: '2025-11' })
  @IsOptional()
  @Matches(PERIOD, { message: PERIOD_MESSAGE })
  from?: string;

  @ApiPropertyOptional({ example: '2026-10' })
  @IsOptional()
  @Matches(PERIOD, { message: PERIOD_MESSAGE })
  to?: string;
}

export class SeriesQueryDto extends MonthRangeDto {
  @ApiProperty({ enum: INDICATOR_IDS })
  @IsIn(INDICATOR_IDS)
  indicator!: string;

  @ApiPropertyOptional({ example: 'total', maxLength: 60 })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  dimension?: string;
}

export class CompareQueryDto extends PeriodQueryDto {
  @ApiProperty({ enum: AREA_LEVELS })
  @IsIn(AREA_LEVELS)
  level!: AreaLevel;

  @ApiProperty({ example: '69,38', description: 'Two to twenty area codes, comma-separated' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').map((code) => code.trim()) : value,
  )
  @ArrayMinSize(2)
  @ArrayMaxSize(20)
  @Matches(AREA_CODE, { each: true, message: 'code de zone invalide' })
  codes!: string[];

  @ApiProperty({ enum: INDICATOR_IDS })
  @IsIn(INDICATOR_IDS)
  indicator!: string;
}

export class ExportQueryDto extends MonthRangeDto {
  @ApiPropertyOptional({ enum: AREA_LEVELS, description: 'One level (default: all)' })
  @IsOptional()
  @IsIn(AREA_LEVELS)
  level?: AreaLevel;

  @ApiPropertyOptional({ enum: [',', ';'], default: ',' })
  @IsOptional()
  @IsIn([',', ';'])
  delimiter?: ',' | ';';
}

export class SharingDto {
  @ApiProperty({ description: 'Share this territory’s aggregates with the national observatory' })
  @IsBoolean()
  sharing!: boolean;
}

export class SharingViewDto {
  @ApiProperty() sharing!: boolean;
  @ApiPropertyOptional({ nullable: true, format: 'date-time' }) changedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, format: 'uuid' }) changedBy!: string | null;
  @ApiPropertyOptional({ nullable: true, format: 'date-time' }) lastComputedAt!: string | null;
}

export class CellDto {
  @ApiProperty() indicator!: string;
  @ApiProperty() dimension!: string;
  @ApiProperty() period!: string;
  @ApiPropertyOptional({ nullable: true, description: 'Null when suppressed' }) value!: number | null;
  @ApiProperty() suppressed!: boolean;
  @ApiPropertyOptional({ nullable: true }) share!: number | null;
}

export class PublicationDto {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) computedAt!: string;
  @ApiProperty() threshold!: number;
  @ApiProperty() periodFrom!: string;
  @ApiProperty() periodTo!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) areas!: Record<string, number>;
}

export class RollupOrderDto {
  @ApiProperty() jobId!: string;
}
