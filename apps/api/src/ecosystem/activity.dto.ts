import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@maillage/platform';
import {
  ACTION_TYPES,
  ALLIANCE_MODES,
  ALLIANCE_STATUSES,
  EXPERIMENT_PHASES,
  FRAGILITIES,
  PARTICIPANT_ROLES,
  PATRONAGE_KINDS,
  PRIORITY_STATUSES,
  type ActionType,
  type AllianceMode,
  type AllianceStatus,
  type ExperimentPhase,
  type Fragility,
  type ParticipantRole,
  type PatronageKind,
  type PriorityStatus,
} from '@maillage/ecosystem';

const nullable = (_object: object, value: unknown) => value !== null;
/** Calendar dates Maillage deals with: 1900 to 2199 (PostgreSQL has no year 0, and such dates are typos). */
const ISO_DATE = /^(19|20|21)\d{2}-\d{2}-\d{2}$/;

/** An existing calendar day, written AAAA-MM-JJ. */
const IsCalendarDate = (): PropertyDecorator =>
  applyDecorators(
    Matches(ISO_DATE, { message: 'Date attendue au format AAAA-MM-JJ.' }),
    IsDateString({ strict: true }),
  );

export class PriorityDto {
  @ApiProperty({ maxLength: 300, example: 'Insertion des jeunes décrocheurs' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string;

  @ApiPropertyOptional({ enum: FRAGILITIES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(FRAGILITIES, { each: true })
  fragilities?: Fragility[];

  @ApiPropertyOptional({ enum: PRIORITY_STATUSES, default: 'active' })
  @IsOptional()
  @IsIn(PRIORITY_STATUSES)
  status?: PriorityStatus;
}

export class UpdatePriorityDto extends PartialType(PriorityDto) {}

export class PriorityQueryDto {
  @ApiPropertyOptional({ enum: PRIORITY_STATUSES })
  @IsOptional()
  @IsIn(PRIORITY_STATUSES)
  status?: PriorityStatus;
}

export class ParticipantDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  actorId!: string;

  @ApiProperty({ enum: PARTICIPANT_ROLES })
  @IsIn(PARTICIPANT_ROLES)
  role!: ParticipantRole;
}

export class AnimationDto {
  @ApiProperty({ maxLength: 100, example: 'forum' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  format!: string;

  @ApiPropertyOptional({ maxLength: 300, nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(300)
  place?: string | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 100000, nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @IsInt()
  @Min(0)
  @Max(100_000)
  headcount?: number | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  topics?: string[];
}

export class IndicatorDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ maxLength: 50, nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(50)
  unit?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  target?: number | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  measured?: number | null;
}

export class ExperimentDto {
  @ApiProperty({ enum: EXPERIMENT_PHASES })
  @IsIn(EXPERIMENT_PHASES)
  phase!: ExperimentPhase;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  objectives?: string[];

  @ApiPropertyOptional({ type: [IndicatorDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => IndicatorDto)
  indicators?: IndicatorDto[];
}

export class SessionDto {
  @ApiProperty({ format: 'date', example: '2026-03-12' })
  @IsCalendarDate()
  date!: string;

  @ApiProperty({ minimum: 1, maximum: 10000, description: 'Time spent, in minutes' })
  @IsInt()
  @Min(1)
  @Max(10_000)
  minutes!: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class SupportDto {
  @ApiProperty({ format: 'uuid', description: 'The organisation supported' })
  @IsUUID('all')
  supportedActorId!: string;

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  diagnosis?: string;

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  outcome?: string;

  @ApiPropertyOptional({ type: [SessionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => SessionDto)
  sessions?: SessionDto[];

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  resultingAllianceIds?: string[];
}

export class CreateActionDto {
  @ApiProperty({ enum: ACTION_TYPES })
  @IsIn(ACTION_TYPES)
  type!: ActionType;

  @ApiProperty({ maxLength: 300 })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string;

  @ApiProperty({ format: 'date', example: '2026-03-12' })
  @IsCalendarDate()
  startDate!: string;

  @ApiPropertyOptional({ format: 'date', nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @IsCalendarDate()
  endDate?: string | null;

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  outcomes?: string;

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  followUps?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  priorityIds?: string[];

  @ApiPropertyOptional({ type: [ParticipantDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ParticipantDto)
  participants?: ParticipantDto[];

  @ApiPropertyOptional({ type: AnimationDto, description: 'For type animation' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AnimationDto)
  animation?: AnimationDto;

  @ApiPropertyOptional({ type: ExperimentDto, description: 'For type collective_experiment' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ExperimentDto)
  experiment?: ExperimentDto;

  @ApiPropertyOptional({ type: SupportDto, description: 'For type support' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SupportDto)
  support?: SupportDto;
}

/** Every field of an action but its type, each optional; a new experiment phase is recorded in its history. */
export class UpdateActionDto extends PartialType(OmitType(CreateActionDto, ['type'] as const)) {}

export class ActionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ACTION_TYPES })
  @IsOptional()
  @IsIn(ACTION_TYPES)
  type?: ActionType;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  actorId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  priorityId?: string;
}

export class PartyDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  actorId!: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'porteur' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  role?: string;
}

export class CreateAllianceDto {
  @ApiProperty({ maxLength: 300 })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string;

  @ApiProperty({ type: [PartyDto], minItems: 2 })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PartyDto)
  parties!: PartyDto[];

  @ApiProperty({ enum: ALLIANCE_MODES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @IsIn(ALLIANCE_MODES, { each: true })
  modes!: AllianceMode[];

  @ApiPropertyOptional({ enum: PATRONAGE_KINDS, isArray: true, description: 'With the patronage mode' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @IsIn(PATRONAGE_KINDS, { each: true })
  patronageKinds?: PatronageKind[];

  @ApiPropertyOptional({ enum: FRAGILITIES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(FRAGILITIES, { each: true })
  fragilities?: Fragility[];

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  priorityIds?: string[];

  @ApiPropertyOptional({ format: 'date', nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @IsCalendarDate()
  startDate?: string | null;

  @ApiPropertyOptional({ format: 'date', nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @IsCalendarDate()
  endDate?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'The action this alliance came out of' })
  @IsOptional()
  @ValidateIf(nullable)
  @IsUUID('all')
  originActionId?: string | null;
}

export class TransitionDto {
  @ApiProperty({ enum: ALLIANCE_STATUSES })
  @IsIn(ALLIANCE_STATUSES)
  to!: AllianceStatus;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class EvaluationDto {
  @ApiProperty({ format: 'uuid', description: 'The party evaluating' })
  @IsUUID('all')
  actorId!: string;

  @ApiProperty({ example: '2026-S1', description: 'Year, half (S1/S2), quarter (Q1…Q4) or month (2026-03)' })
  @Matches(/^[0-9]{4}(-(S[12]|Q[1-4]|0[1-9]|1[0-2]))?$/, {
    message: 'Période attendue : 2026, 2026-S1, 2026-Q3 ou 2026-03.',
  })
  period!: string;

  @ApiProperty({ minimum: 1, maximum: 5, description: 'What the alliance produced' })
  @IsInt()
  @Min(1)
  @Max(5)
  product!: number;

  @ApiProperty({ minimum: 1, maximum: 5, description: 'Its balance' })
  @IsInt()
  @Min(1)
  @Max(5)
  balance!: number;

  @ApiProperty({ minimum: 1, maximum: 5, description: 'The value of each party’s contribution' })
  @IsInt()
  @Min(1)
  @Max(5)
  contribution!: number;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  comment?: string;
}

export class AllianceQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ALLIANCE_STATUSES })
  @IsOptional()
  @IsIn(ALLIANCE_STATUSES)
  status?: AllianceStatus;

  @ApiPropertyOptional({ enum: ALLIANCE_MODES })
  @IsOptional()
  @IsIn(ALLIANCE_MODES)
  mode?: AllianceMode;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  actorId?: string;
}

export class DashboardQueryDto {
  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}
