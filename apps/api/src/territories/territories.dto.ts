import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDate,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  MaxDate,
  MinDate,
} from 'class-validator';
import { EARLIEST, LATEST, PageDtoOf, PageQueryDto } from '@maillage/platform';
import { TERRITORY_KINDS, type OfficialKind, type TerritoryKind } from '@maillage/territories';
import { TokenPairDto, UserDto } from '../auth/auth.dto.js';

export class CreateTerritoryDto {
  @ApiProperty({ enum: TERRITORY_KINDS })
  @IsIn(TERRITORY_KINDS)
  kind!: TerritoryKind;

  @ApiPropertyOptional({
    description: 'Official code (INSEE region/département/commune code, or the EPCI’s SIREN); not for `custom`',
    example: '200046977',
    maxLength: 9,
  })
  @ValidateIf((body: CreateTerritoryDto) => body.kind !== 'custom' || body.code !== undefined)
  @IsString()
  @Matches(/^[0-9AB]{2,9}$/, {
    message:
      'Code officiel invalide : un code INSEE (ou le SIREN d’une intercommunalité), pas un nom ; ' +
      'cherchez le territoire par son nom pour obtenir son code.',
  })
  code?: string;

  @ApiPropertyOptional({ description: 'Name of a custom grouping (custom only)', maxLength: 200 })
  @ValidateIf((body: CreateTerritoryDto) => body.kind === 'custom' || body.name !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    description: 'INSEE codes of the member communes (custom only)',
    type: [String],
    maxItems: 5000,
  })
  @ValidateIf((body: CreateTerritoryDto) => body.kind === 'custom' || body.communes !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @Matches(/^[0-9][0-9AB][0-9]{3}$/, { each: true, message: 'Code commune INSEE invalide.' })
  communes?: string[];
}

export const TERRITORY_ROLE = { enum: ['coordinator', 'member'], enumName: 'TerritoryRole' } as const;

export class TerritoryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: TERRITORY_KINDS, enumName: 'TerritoryKind' }) kind!: string;
  @ApiProperty({ type: String, nullable: true }) code!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'integer', nullable: true }) population!: number | null;
  @ApiProperty({ type: [String] }) regionCodes!: string[];
  @ApiProperty({ type: [String] }) departementCodes!: string[];
  @ApiProperty({ type: String, nullable: true }) epciCode!: string | null;
  @ApiProperty({ type: 'integer' }) communeCount!: number;
  @ApiProperty({ description: 'A demo workspace: generated, fictitious content' }) demo!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ ...TERRITORY_ROLE, description: 'The caller’s role here, when the caller is a member' })
  myRole?: string;
}

export class TerritoryPageDto extends PageDtoOf(TerritoryDto) {}

export class CommuneDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'integer' }) population!: number;
}

export class CommunePageDto extends PageDtoOf(CommuneDto) {}

export class InviteDto {
  @ApiProperty({ maxLength: 254 })
  @IsEmail({}, { message: 'Adresse e-mail invalide.' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: ['coordinator', 'member'] })
  @IsIn(['coordinator', 'member'])
  role!: 'coordinator' | 'member';

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The organisation (actor) the member will act for (role member only)',
  })
  @IsOptional()
  @ValidateIf((_body, value) => value !== null)
  @IsUUID('all')
  actorId?: string | null;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'Name of the new account', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ description: 'Password of the new account', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty(TERRITORY_ROLE) role!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The organisation the member will act for',
  })
  actorId!: string | null;
  @ApiProperty({ enum: ['pending', 'accepted', 'revoked', 'expired'], enumName: 'InvitationStatus' }) status!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acceptedAt!: string | null;
}

export class IssuedInvitationDto extends InvitationDto {
  @ApiProperty({ description: 'Shown once' }) token!: string;
  @ApiProperty() acceptUrl!: string;
  @ApiProperty({
    description:
      'Whether the link went out by e-mail. False (no SMTP configured, or sending failed): pass acceptUrl on.',
  })
  mailSent!: boolean;
}

export class InvitationPageDto extends PageDtoOf(InvitationDto) {}

/** Accepting with a new account: signed in, with the account and the membership. */
export class AcceptedInvitationDto extends TokenPairDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
  @ApiProperty({ format: 'uuid' }) territoryId!: string;
  @ApiProperty(TERRITORY_ROLE) role!: string;
}

class InvitedTerritoryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['region', 'departement', 'epci', 'commune', 'custom'] }) kind!: string;
}

/** What an invitation's link invites to, before it is accepted. */
export class InvitationPreviewDto {
  @ApiProperty({ type: InvitedTerritoryDto }) territory!: InvitedTerritoryDto;
  @ApiProperty({ description: 'The address invited (the account to create or sign in with)' }) email!: string;
  @ApiProperty(TERRITORY_ROLE) role!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The organisation the member will act for' })
  organisation!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who invited' }) invitedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ enum: ['pending', 'accepted', 'revoked', 'expired'] }) status!: string;
}

/** Accepting with the signed-in account: the membership it now holds. */
export class JoinedTerritoryDto {
  @ApiProperty({ format: 'uuid' }) territoryId!: string;
  @ApiProperty(TERRITORY_ROLE) role!: string;
}

export class UpdateMemberDto {
  @ApiPropertyOptional({ enum: ['coordinator', 'member'] })
  @IsOptional()
  @IsIn(['coordinator', 'member'])
  role?: 'coordinator' | 'member';

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The organisation the member acts for; null unlinks',
  })
  @IsOptional()
  @ValidateIf((_body, value) => value !== null)
  @IsUUID('all')
  actorId?: string | null;
}

export class MemberQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['coordinator', 'member'] })
  @IsOptional()
  @IsIn(['coordinator', 'member'])
  role?: 'coordinator' | 'member';
}

export class MemberDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty(TERRITORY_ROLE) role!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The organisation the member acts for' })
  actorId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class MemberPageDto extends PageDtoOf(MemberDto) {}

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Author of the change' })
  @IsOptional()
  @IsUUID('all')
  actorId?: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'membership' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entity?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  @MinDate(EARLIEST)
  @MaxDate(LATEST)
  from?: Date;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  @MinDate(EARLIEST)
  @MaxDate(LATEST)
  to?: Date;
}

const OFFICIAL_KINDS: OfficialKind[] = ['region', 'departement', 'epci', 'commune'];

export class GeographySearchQueryDto {
  @ApiProperty({ minLength: 1, maxLength: 100, description: 'A name, or its beginning; accents and case ignored' })
  @IsString()
  @MinLength(1, { message: 'Saisissez un nom à chercher.' })
  @MaxLength(100, { message: 'Le texte cherché ne dépasse pas 100 caractères.' })
  q!: string;

  @ApiPropertyOptional({ enum: OFFICIAL_KINDS, enumName: 'OfficialKind', description: 'Only this kind of area' })
  @IsOptional()
  @IsIn(OFFICIAL_KINDS, { message: 'Type de territoire inconnu.' })
  kind?: OfficialKind;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 50, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Nombre de résultats entier attendu.' })
  @Min(1, { message: 'Au moins un résultat.' })
  @Max(50, { message: '50 résultats au plus.' })
  limit?: number;
}

export class PlaceDepartementDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
}

export class PlaceDto {
  @ApiProperty({ enum: OFFICIAL_KINDS, enumName: 'OfficialKind' }) kind!: OfficialKind;
  @ApiProperty({ description: 'Official code: INSEE for communes, départements and régions; SIREN for EPCIs' })
  code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({
    type: PlaceDepartementDto,
    nullable: true,
    description: 'A commune’s département, an EPCI’s main one; null for départements and régions',
  })
  departement!: PlaceDepartementDto | null;
  @ApiProperty({ type: 'integer' }) population!: number;
}

export class PlaceListDto {
  @ApiProperty({ type: [PlaceDto] }) items!: PlaceDto[];
}
