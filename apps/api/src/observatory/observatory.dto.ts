import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { STUDY_PRISMS, type StudyPrism } from '@maillage/contract';
import {
  AREA_LEVELS,
  INDICATOR_IDS,
  STUDY_VIEW_GROUPS,
  type AreaLevel,
  type StudyViewGroup,
} from '@maillage/observatory';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const PERIOD_MESSAGE = 'doit être un mois AAAA-MM';
const AREA_CODE = /^[0-9A-Za-z:_-]{1,40}$/;

export class PeriodQueryDto {
  @ApiPropertyOptional({
    example: '2026-10',
    description: 'Month (default: the last complete published month; the current month is partial)',
  })
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
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) changedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) changedBy!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'When the rollup last took this territory’s figures (null: never, or not sharing)',
  })
  lastComputedAt!: string | null;
}

export class CellDto {
  @ApiProperty() indicator!: string;
  @ApiProperty() dimension!: string;
  @ApiProperty({ example: '2026-10' }) period!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Null when suppressed' }) value!: number | null;
  @ApiProperty() suppressed!: boolean;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Share over the indicator’s denominator, when both are published and the denominator is large enough',
  })
  share!: number | null;
}

export class PublicationDto {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) computedAt!: string;
  @ApiProperty({ type: 'integer', description: 'Disclosure threshold' }) threshold!: number;
  @ApiProperty({ example: '2025-11' }) periodFrom!: string;
  @ApiProperty({ example: '2026-10' }) periodTo!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Areas per level' })
  areas!: Record<string, number>;
}

export class RollupOrderDto {
  @ApiProperty() jobId!: string;
}

const AREA_LEVEL = { enum: AREA_LEVELS, enumName: 'AreaLevel' } as const;

export class AreaRefDto {
  @ApiProperty(AREA_LEVEL) level!: AreaLevel;
  @ApiProperty() code!: string;
}

export class AreaDto extends AreaRefDto {
  @ApiProperty() name!: string;
  @ApiProperty({ type: AreaRefDto, nullable: true }) parent!: AreaRefDto | null;
}

export class LabelledCellDto extends CellDto {
  @ApiProperty({ description: 'Label of the dimension' }) label!: string;
}

export class AreaIndicatorDto {
  @ApiProperty() id!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ enum: ['stock', 'flow'], enumName: 'IndicatorKind' }) kind!: string;
  @ApiProperty() unit!: string;
  @ApiProperty({ type: [LabelledCellDto] }) values!: LabelledCellDto[];
}

export class AreaIndicatorsDto {
  @ApiProperty({ type: AreaDto }) area!: AreaDto;
  @ApiProperty({ example: '2026-10' }) period!: string;
  @ApiProperty({ type: [AreaIndicatorDto] }) indicators!: AreaIndicatorDto[];
}

export class AreaSeriesDto {
  @ApiProperty({ type: AreaDto }) area!: AreaDto;
  @ApiProperty() indicator!: string;
  @ApiProperty({ type: [CellDto] }) points!: CellDto[];
}

export class ComparedAreaDto extends AreaDto {
  @ApiProperty({ type: [CellDto] }) values!: CellDto[];
}

export class ComparisonDto {
  @ApiProperty({ example: '2026-10' }) period!: string;
  @ApiProperty() indicator!: string;
  @ApiProperty({ type: [ComparedAreaDto], description: 'In the order of the codes asked' }) areas!: ComparedAreaDto[];
}

export class IdLabelDto {
  @ApiProperty() id!: string;
  @ApiProperty() label!: string;
}

export class DictionaryColumnDto {
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
}

export class DictionaryIndicatorDto {
  @ApiProperty() id!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ enum: ['stock', 'flow'], enumName: 'IndicatorKind' }) kind!: string;
  @ApiProperty() unit!: string;
  @ApiProperty({ type: [IdLabelDto] }) dimensions!: IdLabelDto[];
  @ApiProperty({ type: String, nullable: true, description: 'What its share divides by' }) share!: string | null;
}

export class DataDictionaryDto {
  @ApiProperty({ type: [DictionaryColumnDto], description: 'Columns of export.csv' }) columns!: DictionaryColumnDto[];
  @ApiProperty({ type: [DictionaryIndicatorDto] }) indicators!: DictionaryIndicatorDto[];
  @ApiProperty({
    type: [DictionaryIndicatorDto],
    description: 'Study indicators, over the publication’s whole window (period AAAA-MM/AAAA-MM)',
  })
  studyIndicators!: DictionaryIndicatorDto[];
  @ApiProperty({ type: [IdLabelDto] }) levels!: IdLabelDto[];
  @ApiProperty({ description: 'The disclosure rule' }) disclosure!: string;
}

export class SuppressionCountsDto {
  @ApiProperty({ type: 'integer' }) primary!: number;
  @ApiProperty({ type: 'integer' }) complementary!: number;
  @ApiProperty({
    type: 'integer',
    description: 'Cells withheld from the start because the previous publication withheld them (same threshold)',
  })
  kept!: number;
}

export class RollupTimingsDto {
  @ApiProperty() territories!: number;
  @ApiProperty() disclosure!: number;
  @ApiProperty() publication!: number;
}

export class DisclosureAuditDto {
  @ApiProperty({ type: 'integer', description: 'Rounds of complementary suppression' }) rounds!: number;
  @ApiProperty({ type: 'integer', description: 'Sensitive figures audited' }) targets!: number;
  @ApiProperty({ type: 'integer', description: 'Linear programs solved' }) linearPrograms!: number;
  @ApiProperty({ type: 'integer', description: 'Identities the data did not satisfy (should be none)' })
  droppedConstraints!: number;
  @ApiProperty({ type: 'integer', description: 'Figures no suppression could protect' }) unprotected!: number;
  @ApiProperty() seconds!: number;
}

export class RollupSummaryDto {
  @ApiProperty() publicationId!: string;
  @ApiProperty({ type: 'integer', description: 'Sharing territories published' }) territories!: number;
  @ApiProperty({
    type: 'integer',
    description: 'Territories whose figures were recomputed (changed since the last rollup)',
  })
  territoriesRead!: number;
  @ApiProperty({ type: 'integer', description: 'Territories whose kept figures were reused (unchanged)' })
  territoriesReused!: number;
  @ApiProperty({ type: 'integer', description: 'Cells published (every area, figure and month)' }) cells!: number;
  @ApiProperty({ type: 'integer', description: 'Of which stored (zeros are not: an absent cell reads as zero)' })
  cellsStored!: number;
  @ApiProperty({ type: SuppressionCountsDto }) suppressed!: SuppressionCountsDto;
  @ApiProperty({ type: DisclosureAuditDto, description: 'The disclosure audit (linear programming)' })
  audit!: DisclosureAuditDto;
  @ApiProperty() periodFrom!: string;
  @ApiProperty() periodTo!: string;
  @ApiProperty({ type: RollupTimingsDto, description: 'Seconds spent per stage' }) seconds!: RollupTimingsDto;
}

export class RollupStateDto {
  @ApiProperty() jobId!: string;
  @ApiProperty({ description: 'Queue state: waiting, delayed, active, completed, failed…' }) state!: string;
  @ApiProperty({ minimum: 0, maximum: 100 }) progress!: number;
  @ApiProperty({ type: RollupSummaryDto, nullable: true, description: 'Once completed' })
  result!: RollupSummaryDto | null;
  @ApiProperty({ type: String, nullable: true }) failedReason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
}

export class PeerGroupDto {
  @ApiProperty({ example: 'epci:50k-100k' }) code!: string;
  @ApiProperty() name!: string;
}

export class PublicationRefDto {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) computedAt!: string;
}

export class BenchmarkLineDto {
  @ApiProperty() indicator!: string;
  @ApiProperty() dimension!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ description: 'This territory’s own figure (live)' }) own!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Sum over the peer group; null when suppressed' })
  peerTotal!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Per territory of the peer group; null when suppressed' })
  peerAverage!: number | null;
  @ApiProperty() suppressed!: boolean;
}

export class BenchmarkDto {
  @ApiProperty({ example: '2026-10' }) period!: string;
  @ApiProperty({ type: PeerGroupDto }) peerGroup!: PeerGroupDto;
  @ApiProperty({ type: 'integer', nullable: true }) peerTerritories!: number | null;
  @ApiProperty({ type: PublicationRefDto, nullable: true }) publication!: PublicationRefDto | null;
  @ApiProperty({ type: [BenchmarkLineDto] }) lines!: BenchmarkLineDto[];
}

export class StudiesQueryDto {
  @ApiPropertyOptional({ enum: AREA_LEVELS, description: 'Level of the area (default: national)' })
  @IsOptional()
  @IsIn(AREA_LEVELS)
  level?: AreaLevel;

  @ApiPropertyOptional({
    example: '69',
    maxLength: 40,
    description: 'Official code of the area (FR by default; required below the national level)',
  })
  @ValidateIf((query: StudiesQueryDto) => query.code !== undefined || (query.level ?? 'national') !== 'national')
  @Matches(AREA_CODE, { message: 'code de zone invalide (obligatoire en dessous de la France entière)' })
  code?: string;
}

export class StudyFigureDto {
  @ApiProperty({ type: Number, nullable: true, description: 'Respondents; null when suppressed' })
  value!: number | null;
  @ApiProperty() suppressed!: boolean;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Share (0 to 1) of the group’s respondents, when both are published and the respondents reach the threshold',
  })
  share!: number | null;
}

const STUDY_PRISM = { enum: STUDY_PRISMS, enumName: 'StudyPrism' } as const;

export class StudyDutyDto {
  @ApiProperty(STUDY_PRISM) prism!: StudyPrism;
  @ApiProperty() label!: string;
  @ApiProperty({ type: StudyFigureDto }) respondents!: StudyFigureDto;
  @ApiProperty({ type: StudyFigureDto, description: 'Agreeing (tout à fait or plutôt d’accord)' })
  agreeing!: StudyFigureDto;
}

export class StudyFragilityCountDto {
  @ApiProperty() fragility!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ type: StudyFigureDto }) count!: StudyFigureDto;
}

export class StudyFragilitiesDto {
  @ApiProperty(STUDY_PRISM) prism!: StudyPrism;
  @ApiProperty() label!: string;
  @ApiProperty({ type: StudyFigureDto }) respondents!: StudyFigureDto;
  @ApiProperty({ type: [StudyFragilityCountDto] }) fragilities!: StudyFragilityCountDto[];
}

export class StudyInnovationDto {
  @ApiProperty({ type: StudyFigureDto }) respondents!: StudyFigureDto;
  @ApiProperty({ type: StudyFigureDto }) agreeing!: StudyFigureDto;
}

export class StudyDynamicDto {
  @ApiProperty({ type: StudyFigureDto }) respondents!: StudyFigureDto;
  @ApiProperty({ type: StudyFigureDto, description: 'Established or emerging' }) inDynamic!: StudyFigureDto;
  @ApiProperty({ type: StudyFigureDto }) established!: StudyFigureDto;
  @ApiProperty({ type: StudyFigureDto }) emerging!: StudyFigureDto;
}

export class StudyViewDto {
  @ApiProperty({ enum: STUDY_VIEW_GROUPS, enumName: 'StudyViewGroup' }) group!: StudyViewGroup;
  @ApiProperty() label!: string;
  @ApiProperty({ type: StudyInnovationDto }) innovation!: StudyInnovationDto;
  @ApiProperty({ type: StudyDynamicDto }) dynamic!: StudyDynamicDto;
}

export class StudyReferenceFigureDto {
  @ApiProperty() key!: string;
  @ApiProperty(STUDY_PRISM) prism!: StudyPrism;
  @ApiProperty({ type: 'integer' }) percent!: number;
  @ApiProperty() label!: string;
  @ApiProperty() source!: string;
}

export class StudyReferenceDto {
  @ApiProperty({ description: 'What these figures are: PHARE’s national surveys of 2015–2016, not Maillage data' })
  label!: string;
  @ApiProperty({ type: [StudyReferenceFigureDto] }) figures!: StudyReferenceFigureDto[];
}

export class MonthWindowDto {
  @ApiProperty({ example: '2024-12' }) from!: string;
  @ApiProperty({ example: '2026-11' }) to!: string;
}

export class ObservatoryStudiesDto {
  @ApiProperty({ type: AreaDto }) area!: AreaDto;
  @ApiProperty({ type: MonthWindowDto, description: 'The months every study figure covers' }) period!: MonthWindowDto;
  @ApiProperty({ type: 'integer', description: 'Disclosure threshold' }) threshold!: number;
  @ApiProperty({
    type: 'integer',
    description: 'Sharing territories whose studies received answers in the window (not suppressed)',
  })
  territories!: number;
  @ApiProperty({ type: [StudyDutyDto], description: 'The « devoir d’alliances », by prism' })
  dutyOfAlliances!: StudyDutyDto[];
  @ApiProperty({ type: [StudyFragilitiesDto], description: 'Fragilities perceived, by prism' })
  fragilities!: StudyFragilitiesDto[];
  @ApiProperty({ type: [StudyViewDto], description: 'Public bodies’ and mayors’ views' }) views!: StudyViewDto[];
  @ApiProperty({ type: StudyReferenceDto }) reference!: StudyReferenceDto;
}
