import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsEmail,
  IsIn,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { PageDtoOf, PageQueryDto } from '@maillage/platform';
import { WEBSITE_MAX_LENGTH, websiteValid, withWebScheme } from '@maillage/contract';
import {
  ACTOR_CATEGORIES,
  FRAGILITIES,
  SIZE_CLASSES,
  type ActorCategory,
  LOCATION_PRECISIONS,
  type LocationPrecision,
  type ActorSort,
  type Fragility,
  type SizeClass,
} from '@maillage/ecosystem';

const nullable = (_object: object, value: unknown) => value !== null;

/** A web address by the contract's rule, the one of the console's form and of the spreadsheet import. */
const IsWebsite = (): PropertyDecorator =>
  ValidateBy({
    name: 'isWebsite',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && websiteValid(value),
      defaultMessage: () => 'Adresse web invalide : par exemple www.exemple.fr ou https://www.exemple.fr.',
    },
  });

export class CreateActorDto {
  @ApiProperty({ enum: ACTOR_CATEGORIES })
  @IsIn(ACTOR_CATEGORIES)
  category!: ActorCategory;

  @ApiProperty({ maxLength: 300, example: 'Les Jardins de Cocagne du Rhône' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name!: string;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'Association employeuse (associations only)' })
  @IsOptional()
  @ValidateIf(nullable)
  @IsBoolean()
  employer?: boolean | null;

  @ApiPropertyOptional({ enum: SIZE_CLASSES, nullable: true, description: 'Company size class (companies only)' })
  @IsOptional()
  @ValidateIf(nullable)
  @IsIn(SIZE_CLASSES)
  sizeClass?: SizeClass | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '732829320' })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @Matches(/^\s*[0-9](\s?[0-9]){8}\s*$/, { message: 'Le SIREN compte 9 chiffres.' })
  siren?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '73282932000074' })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @Matches(/^\s*[0-9](\s?[0-9]){13}\s*$/, { message: 'Le SIRET compte 14 chiffres.' })
  siret?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'W691234567' })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(20)
  rna?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '88.99B' })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(10)
  nafCode?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '69123' })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @Matches(/^[0-9][0-9AB][0-9]{3}$/, { message: 'Code commune INSEE invalide.' })
  communeCode?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500 })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(500)
  address?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: -90, maximum: 90 })
  @IsOptional()
  @ValidateIf(nullable)
  @IsLatitude()
  latitude?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: -180, maximum: 180 })
  @IsOptional()
  @ValidateIf(nullable)
  @IsLongitude()
  longitude?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: WEBSITE_MAX_LENGTH })
  // « www.exemple.fr », as people type a website: https:// is put before it, then it is checked.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? withWebScheme(value) : value))
  @IsOptional()
  @ValidateIf(nullable)
  @IsWebsite()
  @MaxLength(WEBSITE_MAX_LENGTH)
  website?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: 'The day the organisation was created (« Date de création »); not in the future',
  })
  @IsOptional()
  @ValidateIf(nullable)
  @Matches(/^(1\d|20|21)\d{2}-\d{2}-\d{2}$/, { message: 'Date attendue au format AAAA-MM-JJ.' })
  @IsDateString({ strict: true }, { message: 'Date attendue au format AAAA-MM-JJ.' })
  foundedOn?: string | null;

  @ApiPropertyOptional({ enum: FRAGILITIES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(FRAGILITIES, { each: true })
  fragilities?: Fragility[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Territorial priorities (enjeux) the actor addresses',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  priorityIds?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: 30 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string;
}

/** Every field optional; null clears a field, an absent one is kept. */
export class UpdateActorDto extends PartialType(CreateActorDto) {}

const booleanQuery = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ActorQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ACTOR_CATEGORIES })
  @IsOptional()
  @IsIn(ACTOR_CATEGORIES)
  category?: ActorCategory;

  @ApiPropertyOptional({ enum: SIZE_CLASSES })
  @IsOptional()
  @IsIn(SIZE_CLASSES)
  sizeClass?: SizeClass;

  @ApiPropertyOptional({ description: 'INSEE commune code' })
  @IsOptional()
  @Matches(/^[0-9][0-9AB][0-9]{3}$/)
  commune?: string;

  @ApiPropertyOptional({ enum: FRAGILITIES })
  @IsOptional()
  @IsIn(FRAGILITIES)
  fragility?: Fragility;

  @ApiPropertyOptional({ maxLength: 50 })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  tag?: string;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'Actors with (true) or without (false) an alliance. Coordination only: 403 for a member.',
  })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  hasAlliance?: boolean;

  @ApiPropertyOptional({
    description: 'Full-text search on name, description and tags (accents ignored)',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ type: Boolean, default: false })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  includeArchived?: boolean;

  @ApiPropertyOptional({ enum: ['name', '-name', 'createdAt', '-createdAt'], default: 'name' })
  @IsOptional()
  @IsIn(['name', '-name', 'createdAt', '-createdAt'])
  sort?: ActorSort;
}

export class ContactDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ type: String, maxLength: 200, nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(200)
  role?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 254, nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 40, nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @Matches(/^[+0-9 ().-]{6,40}$/, { message: 'Numéro de téléphone invalide.' })
  phone?: string | null;

  @ApiPropertyOptional({
    type: String,
    maxLength: 1000,
    nullable: true,
    description: 'When and how the person agreed to be listed',
  })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(1000)
  consentNote?: string | null;
}

export class MergeDto {
  @ApiProperty({ format: 'uuid', description: 'The duplicate, merged into the actor of the path, then archived' })
  @IsUUID('all')
  sourceId!: string;
}

// Responses

export const ACTOR_CATEGORY = { enum: ACTOR_CATEGORIES, enumName: 'ActorCategory' } as const;
export const FRAGILITY_LIST = { enum: FRAGILITIES, enumName: 'Fragility', isArray: true } as const;

export class ActorLocationDto {
  @ApiProperty() latitude!: number;
  @ApiProperty() longitude!: number;
}

export class ActorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty(ACTOR_CATEGORY) category!: ActorCategory;
  @ApiProperty() name!: string;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Association employeuse (associations only)' })
  employer!: boolean | null;
  @ApiProperty({ enum: SIZE_CLASSES, enumName: 'SizeClass', nullable: true }) sizeClass!: SizeClass | null;
  @ApiProperty({ type: String, nullable: true }) siren!: string | null;
  @ApiProperty({ type: String, nullable: true }) siret!: string | null;
  @ApiProperty({ type: String, nullable: true }) rna!: string | null;
  @ApiProperty({ type: String, nullable: true }) nafCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) nafLabel!: string | null;
  @ApiProperty({ type: String, nullable: true }) communeCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) communeName!: string | null;
  @ApiProperty({ description: 'The commune lies outside the territory' }) external!: boolean;
  @ApiProperty({ type: String, nullable: true }) address!: string | null;
  @ApiProperty({ type: ActorLocationDto, nullable: true }) location!: ActorLocationDto | null;
  @ApiProperty({
    enum: LOCATION_PRECISIONS,
    enumName: 'LocationPrecision',
    nullable: true,
    description:
      'How precise the location is: address, street, commune (the commune’s position: approximate) or manual (placed by a person or given by an import); null without a location',
  })
  locationPrecision!: LocationPrecision | null;
  @ApiProperty({ type: String, nullable: true }) website!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'The day the organisation was created' })
  foundedOn!: string | null;
  @ApiProperty(FRAGILITY_LIST) fragilities!: Fragility[];
  @ApiProperty({ type: [String], format: 'uuid' }) priorityIds!: string[];
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty() description!: string;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description:
      'Open alliances (proposed, under discussion, active). Null for a member, except for their own organisation: members only see their own alliances.',
  })
  allianceCount!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) archivedAt!: string | null;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ActorPageDto extends PageDtoOf(ActorDto) {}

export class ContactPersonDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) actorId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) role!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ type: String, nullable: true }) consentNote!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class TimelineEntryDto {
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ enum: ['action', 'alliance', 'profile'], enumName: 'TimelineEntryKind' }) kind!: string;
  @ApiProperty({ format: 'uuid', description: 'The action, alliance, profile edit or profile change request' })
  id!: string;
  @ApiProperty({ description: 'The action’s or alliance’s title (empty for the profile)' }) title!: string;
  @ApiProperty({
    description:
      'The action’s type, the alliance’s status, or the profile’s move: `edited` (public fields, applied), `requested`, `accepted`, `refused` (reviewed fields)',
  })
  type!: string;
  @ApiProperty({
    description: 'The actor’s role (`supported` for the organisation a support action is for; empty for the profile)',
  })
  role!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The profile’s moves: who made it' }) by!: string | null;
  @ApiProperty({ type: [String], description: 'The profile’s moves: the fields changed or asked for' })
  fields!: string[];
  @ApiProperty({ type: String, nullable: true, description: 'A refused change: the reason' }) reason!: string | null;
}
