import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageDtoOf, PageQueryDto } from '@maillage/platform';
import { COMMENT_MAX_LENGTH } from '@maillage/contract';
import { ContactPersonDto } from '../directory/actors.dto.js';

export class CommentBodyDto {
  @ApiProperty({
    minLength: 1,
    maxLength: COMMENT_MAX_LENGTH,
    description:
      'Plain text (trimmed; not empty). Mention someone who may read the thread as `@[Name](userId)`: ' +
      'they are notified (`mentions`); the console shows « @Name ».',
    example: 'Bonjour @[Camille Durand](0b6a3c56-1f0e-4a8b-9a57-2b1c3d4e5f60), on en parle jeudi ?',
  })
  @IsString()
  @MinLength(1, { message: 'Le message est vide.' })
  @MaxLength(COMMENT_MAX_LENGTH, { message: `Le message dépasse ${COMMENT_MAX_LENGTH} caractères.` })
  body!: string;
}

export class CommentAuthorDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null once the account is gone' })
  id!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The organisation a member wrote for' })
  organisation!: string | null;
}

export class CommentMentionDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() name!: string;
}

export class CommentDeletedByDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) id!: string | null;
  @ApiProperty() name!: string;
}

export class CommentViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: CommentAuthorDto }) author!: CommentAuthorDto;
  @ApiProperty({ description: 'Plain text with `@[Name](userId)` mentions; empty once deleted' }) body!: string;
  @ApiProperty({ type: [CommentMentionDto] }) mentions!: CommentMentionDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) editedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) deletedAt!: string | null;
  @ApiProperty({ type: CommentDeletedByDto, nullable: true }) deletedBy!: CommentDeletedByDto | null;
  @ApiProperty({ description: 'The caller wrote it and may still edit it (15 minutes)' }) canEdit!: boolean;
  @ApiProperty({ description: 'The caller may delete it (its author, or the coordination)' }) canDelete!: boolean;
}

export class CommentPageDto extends PageDtoOf(CommentViewDto) {}

export class CommentQueryDto extends PageQueryDto {}

export class MentionableQueryDto {
  @ApiPropertyOptional({ maxLength: 100, description: 'Part of the name (accents and case ignored)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

export class MentionableDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['coordinator', 'member'] }) role!: 'coordinator' | 'member';
  @ApiProperty({ nullable: true, type: String }) organisation!: string | null;
}

export class PartyContactsDto {
  @ApiProperty({ format: 'uuid' }) actorId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() role!: string;
  @ApiProperty({ type: [ContactPersonDto] }) contacts!: ContactPersonDto[];
}
