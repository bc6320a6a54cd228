import {
  ApiProperty,
  ApiPropertyOptional,
  OmitType,
  PartialType,
  PickType,
  type ApiPropertyOptions,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PUBLIC_PROFILE_FIELDS, REVIEWED_PROFILE_FIELDS } from '@maillage/contract';
import { PageDtoOf, PageQueryDto } from '@maillage/platform';
import { ActorDto, CreateActorDto } from '../directory/actors.dto.js';
import { TokenPairDto, UserDto } from '../../auth/auth.dto.js';

const STATUSES = ['pending', 'accepted', 'refused'] as const;
const REQUEST_STATUS = { enum: STATUSES, enumName: 'RequestStatus' } as const;

export class RequestQueryDto extends PageQueryDto {
  @ApiPropertyOptional(REQUEST_STATUS)
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];
}

export class RefuseDto {
  @ApiProperty({ description: 'Why (told to the requester)', maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class LinkRequestDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The organisation of the directory the member acts for' })
  @IsOptional()
  @IsUUID('all')
  actorId?: string;

  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'A message to the coordination; without actorId, the description of the organisation',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  message?: string;
}

export class AcceptLinkRequestDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The organisation to link (default: the one asked for)' })
  @IsOptional()
  @IsUUID('all')
  actorId?: string;
}

class PersonDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
}

class ReviewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty(REQUEST_STATUS) status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The reason of a refusal' }) reason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reviewedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) reviewedBy!: string | null;
}

export class LinkRequestViewDto extends ReviewDto {
  @ApiProperty({ type: PersonDto }) user!: PersonDto;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId!: string | null;
  @ApiProperty({ type: String, nullable: true }) actorName!: string | null;
  @ApiProperty({ description: 'The organisation described in words, when not in the directory' })
  description!: string;
  @ApiProperty() message!: string;
}

export class LinkRequestPageDto extends PageDtoOf(LinkRequestViewDto) {}

export class JoinLinkDto {
  @ApiProperty() open!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) openedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
}

export class OpenedJoinLinkDto extends JoinLinkDto {
  @ApiProperty({ description: 'Shown once: only its hash is kept' }) token!: string;
  @ApiProperty({ description: 'The page to share' }) url!: string;
}

export class JoinRequestViewDto extends ReviewDto {
  @ApiProperty({ type: PersonDto }) user!: PersonDto;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId!: string | null;
  @ApiProperty({ type: String, nullable: true }) actorName!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'The organisation described, created on acceptance',
  })
  newActor!: Record<string, unknown> | null;
  @ApiProperty() message!: string;
}

export class JoinRequestPageDto extends PageDtoOf(JoinRequestViewDto) {}

class TerritoryRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class MyJoinRequestDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: TerritoryRefDto }) territory!: TerritoryRefDto;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The organisation asked for: one of the directory (or created on acceptance), or the one described',
  })
  actorName!: string | null;
  @ApiProperty(REQUEST_STATUS) status!: string;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reviewedAt!: string | null;
}

export class JoinTerritoryDto {
  @ApiProperty({ format: 'uuid' }) territoryId!: string;
  @ApiProperty() name!: string;
}

export class PublicActorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) communeName!: string | null;
}

export class PublicActorPageDto extends PageDtoOf(PublicActorDto) {}

export class PublicActorQueryDto {
  @ApiPropertyOptional({ maxLength: 100, description: 'Part of the name (accents and case ignored)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 20, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  limit?: number;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

/** An organisation described by someone joining: an actor's fields, without the territory's priorities. */
export class NewActorDto extends OmitType(CreateActorDto, ['priorityIds'] as const) {}

export class JoinRequestDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'An organisation of the territory (from the public list)' })
  @IsOptional()
  @IsUUID('all')
  actorId?: string;

  @ApiPropertyOptional({ type: NewActorDto, description: 'Or the organisation described, checked like any actor' })
  @IsOptional()
  @ValidateNested()
  @Type(() => NewActorDto)
  newActor?: NewActorDto;

  @ApiPropertyOptional({ maxLength: 2000, description: 'A word to the coordination' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  message?: string;
}

export class JoinAsNewAccountDto extends JoinRequestDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ maxLength: 254 })
  @IsEmail({}, { message: 'Adresse e-mail invalide.' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ maxLength: 200, description: 'At least 12 characters, not a common password' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

class RequestRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty(REQUEST_STATUS) status!: string;
}

export class JoinedAsNewAccountDto extends TokenPairDto {
  @ApiProperty({ enum: ['joined'], description: 'Signed in: the account and its request exist' })
  outcome!: 'joined';
  @ApiProperty({ type: UserDto }) user!: UserDto;
  @ApiProperty({ format: 'uuid' }) territoryId!: string;
  @ApiProperty({ type: RequestRefDto }) request!: RequestRefDto;
}

export class JoinConfirmationSentDto {
  @ApiProperty({
    enum: ['confirmation_sent'],
    description:
      'Nothing created yet: the request is kept and a mail is on its way (queued, retried): a link to the address, or, when it has an account, a word telling its owner to sign in — the same answer either way',
  })
  outcome!: 'confirmation_sent';
  @ApiProperty({ description: 'The address the mail goes to, normalised' }) email!: string;
  @ApiProperty({ type: 'integer', description: 'How long the mailed link stays valid, from the mail' })
  validHours!: number;
}

export class ConfirmJoinDto {
  @ApiProperty({ description: 'The token of the link mailed to the address', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token!: string;

  @ApiProperty({ description: 'The password chosen in the request, given again', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

export class JoinRequestedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) territoryId!: string;
  @ApiProperty(REQUEST_STATUS) status!: string;
}

/** What a member may change of its organisation (public fields at once, the others reviewed). */
export class UpdateMyOrganisationDto extends PartialType(
  PickType(CreateActorDto, [...PUBLIC_PROFILE_FIELDS, ...REVIEWED_PROFILE_FIELDS] as const),
) {}

/** A field's value: text, a number or a flag (null when empty). */
const fieldValue = (description: string): ApiPropertyOptions => ({
  description,
  nullable: true,
  oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }],
});

class FieldChangeDto {
  @ApiProperty(fieldValue('The value when asked')) old!: string | number | boolean | null;
  @ApiProperty(fieldValue('The value asked for')) new!: string | number | boolean | null;
}

class RequesterDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class ProfileChangeViewDto extends ReviewDto {
  @ApiProperty({ format: 'uuid' }) actorId!: string;
  @ApiProperty() actorName!: string;
  @ApiProperty({ type: RequesterDto, nullable: true }) requestedBy!: RequesterDto | null;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/FieldChangeDto' } })
  changes!: Record<string, FieldChangeDto>;
}

export class ProfileChangePageDto extends PageDtoOf(ProfileChangeViewDto) {}

export class MyOrganisationDto {
  @ApiProperty({ type: ActorDto }) actor!: ActorDto;
  @ApiProperty({ type: [ProfileChangeViewDto], description: 'Changes awaiting a coordinator' })
  pendingChanges!: ProfileChangeViewDto[];
}

export { FieldChangeDto };
