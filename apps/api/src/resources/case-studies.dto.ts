import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '@maillage/platform';
import {
  ACTION_TYPES,
  ACTOR_CATEGORIES,
  ALLIANCE_MODES,
  CASE_STUDY_CONSENT_SOURCES,
  CASE_STUDY_CONSENTS,
  CASE_STUDY_SOURCES,
  CASE_STUDY_STATUSES,
  FRAGILITIES,
  type ActionType,
  type AllianceMode,
  type CaseStudySource,
  type CaseStudyStatus,
  type Fragility,
} from '@maillage/contract';
import { TERRITORY_KINDS, type TerritoryKind } from '@maillage/territories';

const SOURCE = { enum: CASE_STUDY_SOURCES, enumName: 'CaseStudySource' } as const;
const STATUS = { enum: CASE_STUDY_STATUSES, enumName: 'CaseStudyStatus' } as const;
const FRAGILITY = { enum: FRAGILITIES, enumName: 'Fragility' } as const;
const ACTION_TYPE = { enum: ACTION_TYPES, enumName: 'ActionType' } as const;
const MODE = { enum: ALLIANCE_MODES, enumName: 'AllianceMode' } as const;
const CATEGORY = { enum: ACTOR_CATEGORIES, enumName: 'ActorCategory' } as const;
const TERRITORY_KIND = { enum: TERRITORY_KINDS, enumName: 'TerritoryKind' } as const;
const DATE_MESSAGE = { message: 'Date attendue au format AAAA-MM-JJ.' };

export class CreateCaseStudyDto {
  @ApiProperty({ ...SOURCE, description: 'What the case study tells: one of the territory’s actions or alliances' })
  @IsIn(CASE_STUDY_SOURCES)
  source!: CaseStudySource;

  @ApiProperty({ format: 'uuid', description: 'The action’s or the alliance’s id' })
  @IsUUID()
  sourceId!: string;
}

/** The sections a coordinator writes (a draft only). */
export class UpdateCaseStudyDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 300 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ maxLength: 20000, description: 'Context: the territory and the situation' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  context?: string;

  @ApiPropertyOptional({ maxLength: 20000, description: 'The enjeux addressed (prefilled from the source’s)' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  enjeux?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  whatWasDone?: string;

  @ApiPropertyOptional({ maxLength: 20000, description: 'Results and evaluation' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  results?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  lessons?: string;

  @ApiPropertyOptional({ ...FRAGILITY, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(FRAGILITIES.length)
  @IsIn(FRAGILITIES, { each: true })
  fragilities?: Fragility[];

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsDateString({ strict: true }, DATE_MESSAGE)
  @MaxLength(10)
  startedOn?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsDateString({ strict: true }, DATE_MESSAGE)
  @MaxLength(10)
  endedOn?: string | null;
}

export class ReturnCaseStudyDto {
  @ApiProperty({ minLength: 1, maxLength: 2000, description: 'What the author should take up again' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  comment!: string;
}

export class CaseStudyConsentDto {
  @ApiProperty({ description: 'Whether the organisation may be named in the national copy' })
  @IsBoolean()
  granted!: boolean;

  @ApiPropertyOptional({
    maxLength: 1000,
    description: 'How the answer was obtained: required when the coordination records it for the organisation',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class CaseStudyQueryDto extends PageQueryDto {
  @ApiPropertyOptional(STATUS)
  @IsOptional()
  @IsIn(CASE_STUDY_STATUSES)
  status?: CaseStudyStatus;
}

export class NationalCaseStudyQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'French full-text search (accents and plurals ignored)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional(FRAGILITY)
  @IsOptional()
  @IsIn(FRAGILITIES)
  fragility?: Fragility;

  @ApiPropertyOptional(ACTION_TYPE)
  @IsOptional()
  @IsIn(ACTION_TYPES)
  actionType?: ActionType;

  @ApiPropertyOptional(MODE)
  @IsOptional()
  @IsIn(ALLIANCE_MODES)
  allianceMode?: AllianceMode;

  @ApiPropertyOptional({ ...TERRITORY_KIND, description: 'The kind of the territory that published it' })
  @IsOptional()
  @IsIn(TERRITORY_KINDS)
  territoryKind?: TerritoryKind;
}

export class CaseStudyParticipantDto {
  @ApiProperty({ format: 'uuid' }) actorId!: string;
  @ApiProperty() name!: string;
  @ApiProperty(CATEGORY) category!: string;
  @ApiProperty({ description: 'Its role in the action or alliance, in French' }) role!: string;
  @ApiProperty({ enum: CASE_STUDY_CONSENTS, enumName: 'CaseStudyConsent' }) consent!: string;
  @ApiProperty({ enum: CASE_STUDY_CONSENT_SOURCES, enumName: 'CaseStudyConsentSource', nullable: true })
  consentSource!: string | null;
  @ApiProperty({ type: String, nullable: true }) consentNote!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) consentAt!: string | null;
}

export class CaseStudyReviewDto {
  @ApiProperty({ type: String, nullable: true, description: 'Who wrote it' }) author!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The comment it was last returned with' })
  comment!: string | null;
  @ApiProperty({ type: String, nullable: true }) submittedBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) approvedBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) approvedAt!: string | null;
}

/** The sections every case study has, in the territory and in the national centre. */
class CaseStudySectionsDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty(SOURCE) source!: string;
  @ApiProperty() title!: string;
  @ApiProperty() context!: string;
  @ApiProperty() enjeux!: string;
  @ApiProperty() whatWasDone!: string;
  @ApiProperty() results!: string;
  @ApiProperty() lessons!: string;
  @ApiProperty({ ...FRAGILITY, isArray: true }) fragilities!: string[];
  @ApiProperty({ ...ACTION_TYPE, nullable: true }) actionType!: string | null;
  @ApiProperty({ ...MODE, isArray: true }) allianceModes!: string[];
  @ApiProperty({ type: String, format: 'date', nullable: true }) startedOn!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) endedOn!: string | null;
}

export class CaseStudyDto extends CaseStudySectionsDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actionId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) allianceId!: string | null;
  @ApiProperty(STATUS) status!: string;
  @ApiProperty({ type: [CaseStudyParticipantDto] }) participants!: CaseStudyParticipantDto[];
  @ApiProperty({ type: CaseStudyReviewDto }) review!: CaseStudyReviewDto;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt!: string | null;
  @ApiProperty({
    description: 'Whether the caller may approve it now (a coordinator who neither wrote nor submitted it)',
  })
  canApprove!: boolean;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class NationalParticipantDto {
  @ApiProperty({ type: String, nullable: true, description: 'Only when the organisation consented' })
  name!: string | null;
  @ApiProperty(CATEGORY) category!: string;
  @ApiProperty() role!: string;
  @ApiProperty({ description: 'How the gallery shows it, in French' }) text!: string;
}

export class CaseStudyTerritoryDto {
  @ApiProperty() name!: string;
  @ApiProperty(TERRITORY_KIND) kind!: string;
}

export class NationalCaseStudyDto extends CaseStudySectionsDto {
  @ApiProperty({ type: CaseStudyTerritoryDto }) territory!: CaseStudyTerritoryDto;
  @ApiProperty({ type: [NationalParticipantDto] }) participants!: NationalParticipantDto[];
  @ApiProperty({ format: 'date-time' }) publishedAt!: string;
}
