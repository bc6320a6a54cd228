import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  ACTOR_CATEGORIES,
  FRAGILITIES,
  STUDY_LIMITS,
  STUDY_PRISMS,
  STUDY_QUESTION_KINDS,
  STUDY_TEMPLATE_KEYS,
  type ActorCategory,
  type StudyPrism,
  type StudyTemplateKey,
} from '@maillage/contract';
import { PriorityViewDto } from '../ecosystem/activity/activity.dto.js';

const PRISM = { enum: STUDY_PRISMS, enumName: 'StudyPrism' } as const;
const PRISM_LIST = { ...PRISM, isArray: true } as const;
const KIND = { enum: STUDY_QUESTION_KINDS, enumName: 'StudyQuestionKind' } as const;
const TEMPLATE = { enum: STUDY_TEMPLATE_KEYS, enumName: 'StudyTemplateKey' } as const;
const FRAGILITY = { enum: FRAGILITIES, enumName: 'Fragility' } as const;
const STATUS = { enum: ['draft', 'open', 'closed'], enumName: 'StudyStatus' } as const;

/** A schema with one property per prism (the regard croisé's columns). */
function prismRecord(name: string, options: ApiPropertyOptions): new () => Record<StudyPrism, unknown> {
  const Record = class {} as new () => Record<StudyPrism, unknown>;
  for (const prism of STUDY_PRISMS) ApiProperty(options)(Record.prototype, prism);
  Object.defineProperty(Record, 'name', { value: name });
  return Record;
}

/** An optional list of nested objects, each checked against its class. */
const OptionalList = (type: new () => object, max: number): PropertyDecorator =>
  applyDecorators(
    IsOptional(),
    IsArray(),
    ArrayMaxSize(max),
    ValidateNested({ each: true }),
    Type(() => type),
  );

// Questionnaires

export class StudyOptionDto {
  @ApiProperty({ example: 'economic' }) key!: string;
  @ApiProperty() label!: string;
  @ApiPropertyOptional({ ...FRAGILITY, description: 'The fragility the option stands for (enjeux are made from it)' })
  fragility?: string;
}

export class StudyQuestionDto {
  @ApiProperty({ example: 'duty_of_alliances' }) key!: string;
  @ApiProperty(KIND) kind!: string;
  @ApiProperty() label!: string;
  @ApiPropertyOptional() help?: string;
  @ApiProperty() required!: boolean;
  @ApiPropertyOptional({ ...PRISM_LIST, description: 'Asked only in these prisms; every prism when absent' })
  prisms?: string[];
  @ApiPropertyOptional({ type: [StudyOptionDto], description: 'single and multiple' }) options?: StudyOptionDto[];
  @ApiPropertyOptional({ type: 'integer', description: 'multiple: most options one may tick' }) maxChoices?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'scale' }) min?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'scale' }) max?: number;
  @ApiPropertyOptional({ description: 'scale' }) minLabel?: string;
  @ApiPropertyOptional({ description: 'scale' }) maxLabel?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'text: longest answer' }) maxLength?: number;
}

export class StudyTemplateDto {
  @ApiProperty(TEMPLATE) key!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'Where the template comes from in Le RAMEAU’s kit' }) source!: string;
  @ApiProperty(PRISM_LIST) prisms!: string[];
  @ApiProperty({ type: [StudyQuestionDto] }) questions!: StudyQuestionDto[];
}

export class StudyTemplateListDto {
  @ApiProperty({ type: [StudyTemplateDto] }) items!: StudyTemplateDto[];
}

/** An option as the coordinator sends it (a new one may come without a key). */
export class StudyOptionInputDto {
  @ApiPropertyOptional({
    maxLength: 100,
    description: 'Kept from the template or an earlier version; generated when absent',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  key?: string;

  @ApiProperty({ maxLength: STUDY_LIMITS.optionLabelLength })
  @IsString()
  @MaxLength(STUDY_LIMITS.optionLabelLength)
  label!: string;

  @ApiPropertyOptional({ ...FRAGILITY, nullable: true })
  @IsOptional()
  @IsIn([...FRAGILITIES, null])
  fragility?: string | null;
}

/** A question as the coordinator sends it; checked in full by the server (French field errors). */
export class StudyQuestionInputDto {
  @ApiPropertyOptional({
    maxLength: 100,
    pattern: '^[a-z][a-z0-9_]{0,99}$',
    description: 'Kept from the template or an earlier version (answers are read by it); generated when absent',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  key?: string;

  @ApiProperty(KIND)
  @IsIn(STUDY_QUESTION_KINDS)
  kind!: string;

  @ApiProperty({ maxLength: STUDY_LIMITS.labelLength })
  @IsString()
  @MaxLength(STUDY_LIMITS.labelLength)
  label!: string;

  @ApiPropertyOptional({ type: String, maxLength: STUDY_LIMITS.helpLength, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(STUDY_LIMITS.helpLength)
  help?: string | null;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({ ...PRISM_LIST, nullable: true, description: 'Asked only in these prisms; all when absent' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(STUDY_PRISMS.length)
  @IsIn(STUDY_PRISMS, { each: true })
  prisms?: string[] | null;

  @ApiPropertyOptional({ type: [StudyOptionInputDto], description: 'single and multiple: 2 to 20 options' })
  @OptionalList(StudyOptionInputDto, STUDY_LIMITS.options)
  options?: StudyOptionInputDto[];

  @ApiPropertyOptional({ type: 'integer', nullable: true, description: 'multiple: at most the number of options' })
  @IsOptional()
  @IsInt()
  maxChoices?: number | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: STUDY_LIMITS.scaleMax })
  @IsOptional()
  @IsInt()
  min?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: STUDY_LIMITS.scaleMax })
  @IsOptional()
  @IsInt()
  max?: number;

  @ApiPropertyOptional({ maxLength: STUDY_LIMITS.optionLabelLength })
  @IsOptional()
  @IsString()
  @MaxLength(STUDY_LIMITS.optionLabelLength)
  minLabel?: string;

  @ApiPropertyOptional({ maxLength: STUDY_LIMITS.optionLabelLength })
  @IsOptional()
  @IsString()
  @MaxLength(STUDY_LIMITS.optionLabelLength)
  maxLabel?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: STUDY_LIMITS.textAnswerLength })
  @IsOptional()
  @IsInt()
  maxLength?: number;
}

// Studies

/** A study's description, shared by creation and update. */
class StudyFieldsDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 300, description: 'On creation, the template’s title when absent' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ maxLength: 5000, description: 'On creation, the template’s description when absent' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ ...PRISM_LIST, description: 'On creation, the template’s prisms when absent' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(STUDY_PRISMS.length)
  @IsIn(STUDY_PRISMS, { each: true })
  prisms?: StudyPrism[];
}

export class CreateStudyDto extends StudyFieldsDto {
  @ApiProperty(TEMPLATE)
  @IsIn(STUDY_TEMPLATE_KEYS)
  templateKey!: StudyTemplateKey;
}

export class UpdateStudyDto extends StudyFieldsDto {
  @ApiPropertyOptional({
    type: [StudyQuestionInputDto],
    description:
      'The whole questionnaire, in order. Once the current version has answers, a change makes version N+1 (answers to kept keys still count).',
  })
  @OptionalList(StudyQuestionInputDto, STUDY_LIMITS.questions)
  questions?: StudyQuestionInputDto[];
}

export class StudyInvitationCountsDto {
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) answered!: number;
}

export const StudyPrismCountsDto = prismRecord('StudyPrismCounts', { type: 'integer' });
export const StudyPrismInvitationsDto = prismRecord('StudyPrismInvitations', { type: StudyInvitationCountsDto });

export class StudyResponsesDto {
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: StudyPrismCountsDto }) byPrism!: Record<StudyPrism, number>;
}

export class StudySummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty(TEMPLATE) templateKey!: string;
  @ApiProperty(STATUS) status!: string;
  @ApiProperty(PRISM_LIST) prisms!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) openedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: StudyInvitationCountsDto }) invitations!: StudyInvitationCountsDto;
  @ApiProperty({ type: StudyResponsesDto }) responses!: StudyResponsesDto;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Answered invitations over invitations (0 to 1, three decimals); null before any invitation',
  })
  responseRate!: number | null;
  @ApiProperty() publicLinkOpen!: boolean;
}

export class StudyListDto {
  @ApiProperty({ type: [StudySummaryDto] }) items!: StudySummaryDto[];
}

export class StudyDto extends StudySummaryDto {
  @ApiProperty() description!: string;
  @ApiProperty({ type: 'integer', description: 'The number of the questionnaire version now asked' })
  currentVersion!: number;
  @ApiProperty({ type: [StudyQuestionDto], description: 'The current version’s questions' })
  questions!: StudyQuestionDto[];
  @ApiProperty({ type: 'integer', description: 'How many versions the questionnaire has had' }) versions!: number;
  @ApiProperty({ type: StudyPrismInvitationsDto }) invitationsByPrism!: Record<StudyPrism, StudyInvitationCountsDto>;
  @ApiProperty({
    type: 'integer',
    description:
      'Invitation mails (first links and reminders) still waiting for the mail server (retried with backoff)',
  })
  pendingMails!: number;
  @ApiProperty({ type: 'integer', description: 'For If-Match when changing it' }) version!: number;
}

export class StudyInviteDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'These actors only' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  actorIds?: string[];

  @ApiPropertyOptional({ enum: ACTOR_CATEGORIES, enumName: 'ActorCategory', isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ACTOR_CATEGORIES.length)
  @IsIn(ACTOR_CATEGORIES, { each: true })
  categories?: ActorCategory[];
}

export class StudyInvitationOutcomeDto {
  @ApiProperty({ type: 'integer', description: 'Contact persons invited now (one mail each)' }) invited!: number;
  @ApiProperty({ type: 'integer', description: 'Contact persons invited before (not invited twice)' })
  alreadyInvited!: number;
  @ApiProperty({ type: 'integer', description: 'Chosen actors with no contact person with an e-mail address' })
  withoutEmail!: number;
  @ApiProperty({ type: 'integer', description: 'Chosen actors whose prism the study does not ask' })
  outsidePrisms!: number;
}

export class StudyRemindedDto {
  @ApiProperty({ type: 'integer', description: 'Unanswered invitations sent a new link' }) reminded!: number;
}

export class StudyPublicLinkDto {
  @ApiProperty({ description: 'The answer page’s address, to share' }) url!: string;
  @ApiProperty({ description: 'Shown once: only its hash is stored' }) token!: string;
}

// Results

export class StudyOptionResultDto {
  @ApiProperty() key!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ type: 'integer', nullable: true }) count!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Of the prism’s respondents to the question, one decimal' })
  percent!: number | null;
}

export class StudyScaleCountDto {
  @ApiProperty({ type: 'integer' }) value!: number;
  @ApiProperty({ type: 'integer', nullable: true }) count!: number | null;
}

export class StudyPrismResultDto {
  @ApiProperty({ type: 'integer', nullable: true }) respondents!: number | null;
  @ApiProperty({ description: 'Fewer respondents than the threshold: every figure is null, no text' })
  suppressed!: boolean;
  @ApiPropertyOptional({ type: [StudyOptionResultDto] }) options?: StudyOptionResultDto[];
  @ApiPropertyOptional({ type: Number, nullable: true }) mean?: number | null;
  @ApiPropertyOptional({ type: [StudyScaleCountDto] }) distribution?: StudyScaleCountDto[];
  @ApiPropertyOptional({
    type: [String],
    description: 'Free texts, in a stable order that is not the order of submission',
  })
  texts?: string[];
}

export const StudyPrismResultsDto = prismRecord('StudyPrismResults', { type: StudyPrismResultDto });
export const StudyPrismSuppressedCountsDto = prismRecord('StudyPrismSuppressedCounts', {
  type: 'integer',
  nullable: true,
});

export class StudyQuestionResultDto {
  @ApiProperty() key!: string;
  @ApiProperty() label!: string;
  @ApiProperty(KIND) kind!: string;
  @ApiProperty({ type: StudyPrismResultsDto }) byPrism!: Record<StudyPrism, StudyPrismResultDto>;
  @ApiProperty({
    type: StudyPrismResultDto,
    description:
      'Every prism together; suppressed too when under the threshold or when exactly one prism with answers is suppressed (it could be deduced by difference)',
  })
  all!: StudyPrismResultDto;
}

export class StudyResultResponsesDto {
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Null when exactly one prism with answers is suppressed',
  })
  total!: number | null;
  @ApiProperty({ type: StudyPrismSuppressedCountsDto }) byPrism!: Record<StudyPrism, number | null>;
}

export class StudyResultsDto {
  @ApiProperty({ type: 'integer', description: 'The disclosure threshold (MAILLAGE_OBSERVATORY_THRESHOLD)' })
  threshold!: number;
  @ApiProperty({ type: StudyResultResponsesDto }) responses!: StudyResultResponsesDto;
  @ApiProperty({ type: [StudyQuestionResultDto] }) questions!: StudyQuestionResultDto[];
}

export class StudyExportQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'csv' })
  @IsOptional()
  @IsIn(['csv', 'xlsx'])
  format?: 'csv' | 'xlsx';
}

export class StudyPriorityItemDto {
  @ApiProperty({ maxLength: 100, description: 'An option that stands for a fragility', example: 'employment' })
  @IsString()
  @MaxLength(100)
  optionKey!: string;

  @ApiPropertyOptional({ maxLength: 100, description: 'The option’s question, when keys repeat' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  questionKey?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Add the fragility to this enjeu; create one when absent' })
  @IsOptional()
  @IsUUID('all')
  priorityId?: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 300,
    description: 'A new enjeu’s title (the option’s label when absent)',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title?: string;
}

export class StudyPrioritiesDto {
  @ApiProperty({ type: [StudyPriorityItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => StudyPriorityItemDto)
  items!: StudyPriorityItemDto[];
}

export class StudyPrioritiesOutcomeDto {
  @ApiProperty({ type: [PriorityViewDto] }) created!: PriorityViewDto[];
  @ApiProperty({ type: [PriorityViewDto] }) updated!: PriorityViewDto[];
}

// Answering

export class StudyAnswerPageDto {
  @ApiProperty() territoryName!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ ...PRISM, description: 'The invitation’s prism; inhabitant for the public link' }) prism!: string;
  @ApiProperty({ type: [StudyQuestionDto], description: 'The questions of that prism' })
  questions!: StudyQuestionDto[];
  @ApiProperty({ enum: ['invitation', 'public'], enumName: 'StudyChannel' }) channel!: string;
}

export class StudyAnswerDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: {
      oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }, { type: 'integer' }],
    },
    description: 'By question key: an option key (single), option keys (multiple), an integer (scale) or a text (text)',
    example: { duty_of_alliances: 'agree', perceived_fragilities: ['social', 'economic'] },
  })
  @IsObject()
  answers!: Record<string, string | string[] | number>;
}

export class StudyAnsweredDto {
  @ApiProperty({ example: 'Merci, votre réponse est enregistrée.' }) message!: string;
}
