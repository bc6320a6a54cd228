import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '@maillage/platform';
import {
  ACTION_TYPES,
  ALLIANCE_MODES,
  FRAGILITIES,
  RESOURCE_AUDIENCES,
  RESOURCE_AXES,
  RESOURCE_FILE_TYPE_KEYS,
  RESOURCE_KINDS,
  RESOURCE_SHEET_KINDS,
  RESOURCE_SORTS,
  type ActionType,
  type AllianceMode,
  type Fragility,
  type ResourceAudience,
  type ResourceAxis,
  type ResourceKind,
  type ResourceSheetKind,
  type ResourceSort,
} from '@maillage/contract';

const AXIS = { enum: RESOURCE_AXES, enumName: 'ResourceAxis' } as const;
const SHEET_KIND = { enum: RESOURCE_SHEET_KINDS, enumName: 'ResourceSheetKind' } as const;
const KIND = { enum: RESOURCE_KINDS, enumName: 'ResourceKind' } as const;
const FRAGILITY_LIST = { enum: FRAGILITIES, enumName: 'Fragility', isArray: true } as const;
const ACTION_TYPE_LIST = { enum: ACTION_TYPES, enumName: 'ActionType', isArray: true } as const;
const MODE_LIST = { enum: ALLIANCE_MODES, enumName: 'AllianceMode', isArray: true } as const;
const AUDIENCE_LIST = { enum: RESOURCE_AUDIENCES, enumName: 'ResourceAudience', isArray: true } as const;

/** The description of a resource, shared by creation and update. */
export class ResourceFieldsDto {
  @ApiProperty({ minLength: 1, maxLength: 300, example: 'Check-list d’évaluation des partenariats' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  summary?: string;

  @ApiPropertyOptional({ maxLength: 300, example: 'Le RAMEAU' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  author?: string;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'When the author published it' })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsDateString({ strict: true }, { message: 'Date attendue au format AAAA-MM-JJ.' })
  @MaxLength(10)
  publishedOn?: string | null;

  @ApiPropertyOptional({ maxLength: 200, example: 'CC BY-SA 4.0' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  licence?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 2000,
    description: 'Address of a link resource (http or https); none for a file',
  })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'Adresse web invalide (http ou https).' })
  @MaxLength(2000)
  url?: string | null;

  @ApiProperty(AXIS)
  @IsIn(RESOURCE_AXES)
  axis!: ResourceAxis;

  @ApiPropertyOptional({ ...SHEET_KIND, nullable: true, description: 'Toolbox resources only' })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsIn(RESOURCE_SHEET_KINDS)
  sheetKind?: ResourceSheetKind | null;

  @ApiPropertyOptional(FRAGILITY_LIST)
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(FRAGILITIES.length)
  @IsIn(FRAGILITIES, { each: true })
  fragilities?: Fragility[];

  @ApiPropertyOptional(ACTION_TYPE_LIST)
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ACTION_TYPES.length)
  @IsIn(ACTION_TYPES, { each: true })
  actionTypes?: ActionType[];

  @ApiPropertyOptional(MODE_LIST)
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ALLIANCE_MODES.length)
  @IsIn(ALLIANCE_MODES, { each: true })
  allianceModes?: AllianceMode[];

  @ApiPropertyOptional(AUDIENCE_LIST)
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(RESOURCE_AUDIENCES.length)
  @IsIn(RESOURCE_AUDIENCES, { each: true })
  audiences?: ResourceAudience[];
}

export class CreateResourceDto extends ResourceFieldsDto {
  @ApiProperty({ ...KIND, description: 'A file (uploaded next, with PUT …/file) or a link (its url)' })
  @IsIn(RESOURCE_KINDS)
  kind!: ResourceKind;
}

export class UpdateResourceDto extends PartialType(ResourceFieldsDto) {}

/** A comma-separated query value as a list (`fragilities=social,economic`). */
const list = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((item) => item.trim()) : value;

export class ResourceQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'French full-text search (accents and plurals ignored)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional(AXIS)
  @IsOptional()
  @IsIn(RESOURCE_AXES)
  axis?: ResourceAxis;

  @ApiPropertyOptional(SHEET_KIND)
  @IsOptional()
  @IsIn(RESOURCE_SHEET_KINDS)
  sheetKind?: ResourceSheetKind;

  @ApiPropertyOptional(KIND)
  @IsOptional()
  @IsIn(RESOURCE_KINDS)
  kind?: ResourceKind;

  @ApiPropertyOptional({ description: 'Comma-separated fragilities (any of them)', example: 'social,economic' })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @ArrayMaxSize(FRAGILITIES.length)
  @IsIn(FRAGILITIES, { each: true })
  fragilities?: Fragility[];

  @ApiPropertyOptional({ description: 'Comma-separated action types (any of them)', example: 'animation' })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @ArrayMaxSize(ACTION_TYPES.length)
  @IsIn(ACTION_TYPES, { each: true })
  actionTypes?: ActionType[];

  @ApiPropertyOptional({ description: 'Comma-separated alliance modes (any of them)', example: 'patronage' })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @ArrayMaxSize(ALLIANCE_MODES.length)
  @IsIn(ALLIANCE_MODES, { each: true })
  allianceModes?: AllianceMode[];

  @ApiPropertyOptional({ description: 'Comma-separated audiences (any of them)', example: 'coordinator' })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @ArrayMaxSize(RESOURCE_AUDIENCES.length)
  @IsIn(RESOURCE_AUDIENCES, { each: true })
  audiences?: ResourceAudience[];

  @ApiPropertyOptional({
    enum: RESOURCE_SORTS,
    enumName: 'ResourceSort',
    description: 'recent (default), popular (most downloaded) or relevance (default with q)',
  })
  @IsOptional()
  @IsIn(RESOURCE_SORTS)
  sort?: ResourceSort;
}

export class ResourceFileDto {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: RESOURCE_FILE_TYPE_KEYS, enumName: 'ResourceFileType' }) type!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty({ type: 'integer' }) sizeBytes!: number;
}

export class ResourceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['national', 'territory'], enumName: 'ResourceScope' }) scope!: string;
  @ApiProperty(KIND) kind!: string;
  @ApiProperty({
    enum: ['draft', 'published'],
    enumName: 'ResourceStatus',
    description: 'A file resource is a draft, seen by its editors only, until its file is uploaded',
  })
  status!: string;
  @ApiProperty() title!: string;
  @ApiProperty() summary!: string;
  @ApiProperty() author!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) publishedOn!: string | null;
  @ApiProperty() licence!: string;
  @ApiProperty({ type: String, nullable: true }) url!: string | null;
  @ApiProperty(AXIS) axis!: string;
  @ApiProperty({ ...SHEET_KIND, nullable: true }) sheetKind!: string | null;
  @ApiProperty(FRAGILITY_LIST) fragilities!: string[];
  @ApiProperty(ACTION_TYPE_LIST) actionTypes!: string[];
  @ApiProperty(MODE_LIST) allianceModes!: string[];
  @ApiProperty(AUDIENCE_LIST) audiences!: string[];
  @ApiProperty({ type: ResourceFileDto, nullable: true }) file!: ResourceFileDto | null;
  @ApiProperty({ type: 'integer' }) downloads!: number;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class KitSheetKindDto {
  @ApiProperty(SHEET_KIND) value!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ type: [String] }) examples!: string[];
}

export class KitAxisDto {
  @ApiProperty(AXIS) value!: string;
  @ApiProperty() label!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String], description: 'What the kit lists in this axis' }) examples!: string[];
  @ApiProperty({ type: [KitSheetKindDto] }) sheetKinds!: KitSheetKindDto[];
}

export class KitDto {
  @ApiProperty() title!: string;
  @ApiProperty({ type: [String] }) objective!: string[];
  @ApiProperty({ type: [KitAxisDto] }) axes!: KitAxisDto[];
}

export class ResourceVisitDto {
  @ApiProperty({ format: 'uri', description: 'The link’s address, to open' }) url!: string;
  @ApiProperty({ type: 'integer', description: 'Openings and downloads counted so far, this one included' })
  downloads!: number;
}
