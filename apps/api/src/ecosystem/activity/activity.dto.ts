import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
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
import { PERIOD_INPUT, storedPeriod } from '@maillage/contract';
import { PageDtoOf, PageQueryDto } from '@maillage/platform';
import { ACTOR_CATEGORY, FRAGILITY_LIST } from '../directory/actors.dto.js';
import {
  ACTION_TYPES,
  ALLIANCE_MODES,
  ALLIANCE_STATUSES,
  EVALUATION_OBJECTS,
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
export const IsCalendarDate = (): PropertyDecorator =>
  applyDecorators(
    Matches(ISO_DATE, { message: 'Date attendue au format AAAA-MM-JJ.' }),
    IsDateString({ strict: true }, { message: 'Cette date n’existe pas au calendrier.' }),
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

  @ApiPropertyOptional({ type: String, maxLength: 300, nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(300)
  place?: string | null;

  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: 100000, nullable: true })
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

  @ApiPropertyOptional({ type: String, maxLength: 50, nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(50)
  unit?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  target?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  measured?: number | null;
}

export class ExperimentDto {
  @ApiProperty({ enum: EXPERIMENT_PHASES })
  @IsIn(EXPERIMENT_PHASES)
  phase!: ExperimentPhase;

  @ApiPropertyOptional({
    format: 'date',
    description:
      'The day the phase began, when it changes (today by default); not in the future, not before the action’s start nor the previous phase',
  })
  @IsOptional()
  @IsCalendarDate()
  phaseOccurredOn?: string;

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

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
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

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @IsCalendarDate()
  startDate?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @IsCalendarDate()
  endDate?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The action this alliance came out of',
  })
  @IsOptional()
  @ValidateIf(nullable)
  @IsUUID('all')
  originActionId?: string | null;
}

/** Any of an alliance's fields; `parties`, when given, is the whole new list (roles included). */
export class UpdateAllianceDto extends PartialType(CreateAllianceDto) {}

export class TransitionDto {
  @ApiProperty({ enum: ALLIANCE_STATUSES })
  @IsIn(ALLIANCE_STATUSES)
  to!: AllianceStatus;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({
    format: 'date',
    description: 'The day it happened (today by default); not in the future, not before the alliance was proposed',
  })
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'Date attendue au format AAAA-MM-JJ.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'Date attendue au format AAAA-MM-JJ.' })
  occurredOn?: string;
}

export class AgreementDto {
  @ApiProperty({ format: 'uuid', description: 'The party agreeing' })
  @IsUUID('all')
  actorId!: string;
}

export class EvaluationDto {
  @ApiProperty({ format: 'uuid', description: 'The party evaluating' })
  @IsUUID('all')
  actorId!: string;

  @ApiProperty({
    example: '2026-T3',
    description: 'Year, half (S1/S2), quarter (T1…T4, or Q1…Q4) or month (2026-03); quarters are stored as Q',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? storedPeriod(value) : value))
  @Matches(PERIOD_INPUT, {
    message: 'Période attendue : une année (2026), un semestre (2026-S1), un trimestre (2026-T3) ou un mois (2026-03).',
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

// Responses

export const ALLIANCE_STATUS = { enum: ALLIANCE_STATUSES, enumName: 'AllianceStatus' } as const;
export const ALLIANCE_MODE_LIST = { enum: ALLIANCE_MODES, enumName: 'AllianceMode', isArray: true } as const;
const EXPERIMENT_PHASE = { enum: EXPERIMENT_PHASES, enumName: 'ExperimentPhase' } as const;
const UUID_LIST: ApiPropertyOptions = { type: [String], format: 'uuid' };

export class PriorityViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty(FRAGILITY_LIST) fragilities!: Fragility[];
  @ApiProperty({ enum: PRIORITY_STATUSES, enumName: 'PriorityStatus' }) status!: PriorityStatus;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ActionParticipantViewDto {
  @ApiProperty({ format: 'uuid' }) actorId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: PARTICIPANT_ROLES, enumName: 'ParticipantRole' }) role!: ParticipantRole;
}

export class AnimationDetailsDto {
  @ApiProperty() format!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) place?: string | null;
  @ApiPropertyOptional({ type: 'integer', nullable: true }) headcount?: number | null;
  @ApiPropertyOptional({ type: [String] }) topics?: string[];
}

export class ExperimentIndicatorViewDto {
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) unit?: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) target?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) measured?: number | null;
}

export class PhaseChangeDto {
  @ApiProperty(EXPERIMENT_PHASE) phase!: ExperimentPhase;
  @ApiProperty({ format: 'date-time', description: 'When it was recorded' }) at!: string;
  @ApiProperty({ format: 'date', description: 'The day the phase began, as said (the day recorded by default)' })
  on!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Who changed it' }) by!: string | null;
}

export class ExperimentDetailsDto {
  @ApiProperty(EXPERIMENT_PHASE) phase!: ExperimentPhase;
  @ApiPropertyOptional({ type: [String] }) objectives?: string[];
  @ApiPropertyOptional({ type: [ExperimentIndicatorViewDto] }) indicators?: ExperimentIndicatorViewDto[];
  @ApiProperty({ type: [PhaseChangeDto], description: 'Every phase, oldest first' }) phaseHistory!: PhaseChangeDto[];
}

export class SupportSessionViewDto {
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ type: 'integer', description: 'Time spent, in minutes' }) minutes!: number;
  @ApiPropertyOptional() notes?: string;
}

export class SupportDetailsDto {
  @ApiProperty({ format: 'uuid', description: 'The organisation supported' }) supportedActorId!: string;
  @ApiPropertyOptional() diagnosis?: string;
  @ApiPropertyOptional() outcome?: string;
  @ApiPropertyOptional({ type: [SupportSessionViewDto] }) sessions?: SupportSessionViewDto[];
  @ApiPropertyOptional(UUID_LIST) resultingAllianceIds?: string[];
  @ApiProperty({ type: 'integer', description: 'Minutes over every session' }) totalMinutes!: number;
}

export class ActionViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ACTION_TYPES, enumName: 'ActionType' }) type!: ActionType;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ format: 'date' }) startDate!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) endDate!: string | null;
  @ApiProperty() outcomes!: string;
  @ApiProperty() followUps!: string;
  @ApiProperty(UUID_LIST) priorityIds!: string[];
  @ApiProperty({ type: [ActionParticipantViewDto] }) participants!: ActionParticipantViewDto[];
  @ApiPropertyOptional({ type: AnimationDetailsDto, description: 'Type animation only' })
  animation?: AnimationDetailsDto;
  @ApiPropertyOptional({ type: ExperimentDetailsDto, description: 'Type collective_experiment only' })
  experiment?: ExperimentDetailsDto;
  @ApiPropertyOptional({ type: SupportDetailsDto, description: 'Type support only' }) support?: SupportDetailsDto;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ActionPageDto extends PageDtoOf(ActionViewDto) {}

export class AlliancePartyViewDto {
  @ApiProperty({ format: 'uuid' }) actorId!: string;
  @ApiProperty() name!: string;
  @ApiProperty(ACTOR_CATEGORY) category!: string;
  @ApiProperty() role!: string;
}

export class AllianceTransitionViewDto {
  @ApiProperty({ ...ALLIANCE_STATUS, nullable: true, description: 'Null for the creation' })
  from!: AllianceStatus | null;
  @ApiProperty(ALLIANCE_STATUS) to!: AllianceStatus;
  @ApiProperty({ format: 'date-time', description: 'When it was recorded' }) at!: string;
  @ApiProperty({ format: 'date', description: 'The day it happened, as said (the day recorded by default)' })
  on!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) by!: string | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
}

export class AllianceAgreementViewDto {
  @ApiProperty({ format: 'uuid' }) actorId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date-time' }) agreedAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Who recorded it' }) agreedBy!:
    string | null;
  @ApiProperty({ description: 'Recorded by the coordination on the party’s behalf' }) onBehalf!: boolean;
}

export class AllianceEditingDto {
  @ApiProperty({ description: 'Title, description, modes, forms of patronage, fragilities, priorities, dates, roles' })
  terms!: boolean;
  @ApiProperty({ description: 'Which actors are parties' }) parties!: boolean;
}

export class AllianceViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty(ALLIANCE_STATUS) status!: AllianceStatus;
  @ApiProperty({
    ...ALLIANCE_STATUS,
    isArray: true,
    description:
      'Statuses the caller may move this alliance to next: every move of the lifecycle for coordination, the moves of its party (proposer or other party) for a member',
  })
  nextStatuses!: AllianceStatus[];
  @ApiProperty({
    type: AllianceEditingDto,
    description:
      'What the caller may change with PATCH: coordination its terms always and its parties until it is active; the proposing organisation its proposal until another party answers',
  })
  editing!: AllianceEditingDto;
  @ApiProperty(ALLIANCE_MODE_LIST) modes!: AllianceMode[];
  @ApiProperty({ enum: PATRONAGE_KINDS, enumName: 'PatronageKind', isArray: true }) patronageKinds!: PatronageKind[];
  @ApiProperty(FRAGILITY_LIST) fragilities!: Fragility[];
  @ApiProperty(UUID_LIST) priorityIds!: string[];
  @ApiProperty({ type: [AlliancePartyViewDto] }) parties!: AlliancePartyViewDto[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) proposerActorId!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) startDate!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) endDate!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) originActionId!: string | null;
  @ApiProperty({ type: [AllianceTransitionViewDto], description: 'Oldest first' })
  transitions!: AllianceTransitionViewDto[];
  @ApiProperty({
    type: [AllianceAgreementViewDto],
    description: 'Parties that agreed to make it active; the others are awaited while it is under discussion',
  })
  agreements!: AllianceAgreementViewDto[];
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class AlliancePageDto extends PageDtoOf(AllianceViewDto) {}

export class EvaluationScoresDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 }) product!: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 }) balance!: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 }) contribution!: number;
}

export class PartyEvaluationDto {
  @ApiProperty({ format: 'uuid' }) actorId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: EvaluationScoresDto }) scores!: EvaluationScoresDto;
  @ApiProperty() comment!: string;
  @ApiProperty({ format: 'date-time' }) evaluatedAt!: string;
}

export class EvaluationSummaryDto {
  @ApiProperty({ example: '2026-S1' }) period!: string;
  @ApiProperty({ type: [PartyEvaluationDto] }) parties!: PartyEvaluationDto[];
  @ApiProperty({
    enum: EVALUATION_OBJECTS,
    enumName: 'EvaluationObject',
    isArray: true,
    description: 'Objects the parties’ scores differ on by 2 or more',
  })
  disagreements!: string[];
}
