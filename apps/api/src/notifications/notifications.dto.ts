import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageDtoOf, PageQueryDto } from '@maillage/platform';
import { MAIL_FREQUENCIES, NOTIFICATION_KINDS, type MailFrequency, type NotificationKind } from '@maillage/contract';

const KIND = { enum: NOTIFICATION_KINDS, enumName: 'NotificationKind' } as const;
const FREQUENCY = { enum: MAIL_FREQUENCIES, enumName: 'MailFrequency' } as const;

export class NotificationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only the unread ones' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'unread vaut true ou false.' })
  unread?: boolean;
}

export class NotificationTerritoryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: NotificationTerritoryDto })
  territory!: NotificationTerritoryDto;

  @ApiProperty(KIND)
  kind!: NotificationKind;

  @ApiProperty({ description: 'What happened, in French' })
  text!: string;

  @ApiProperty({ description: 'Path of the console page it is about', example: '/t/…/alliances/…' })
  link!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  readAt!: string | null;
}

export class NotificationPageDto extends PageDtoOf(NotificationDto) {}

export class UnreadCountDto {
  @ApiProperty({ minimum: 0 })
  unread!: number;
}

export class MarkedReadDto {
  @ApiProperty({ minimum: 0 })
  marked!: number;
}

export class PreferenceChoiceDto {
  @ApiProperty(KIND)
  @IsIn(NOTIFICATION_KINDS, { message: 'Type de notification inconnu.' })
  kind!: NotificationKind;

  @ApiProperty(FREQUENCY)
  @IsIn(MAIL_FREQUENCIES, { message: 'Fréquence inconnue : immediate, daily, weekly ou none.' })
  frequency!: MailFrequency;
}

export class PutPreferencesDto {
  @ApiProperty({ type: [PreferenceChoiceDto], maxItems: 50 })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PreferenceChoiceDto)
  preferences!: PreferenceChoiceDto[];
}

export class PreferenceDto {
  @ApiProperty(KIND)
  kind!: NotificationKind;

  @ApiProperty()
  label!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty(FREQUENCY)
  frequency!: MailFrequency;

  @ApiProperty(FREQUENCY)
  defaultFrequency!: MailFrequency;
}

export class FrequencyDto {
  @ApiProperty(FREQUENCY)
  id!: MailFrequency;

  @ApiProperty()
  label!: string;
}

export class PreferencesDto {
  @ApiProperty({ description: 'Whether mail can leave at all (SMTP configured)' })
  mailConfigured!: boolean;

  @ApiProperty({ type: [FrequencyDto] })
  frequencies!: FrequencyDto[];

  @ApiProperty({ type: [PreferenceDto] })
  preferences!: PreferenceDto[];
}

export class UnsubscribeQueryDto {
  @ApiProperty({ description: 'The signed token of the mail’s link', maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  token!: string;
}

export class UnsubscribedDto {
  @ApiProperty({ type: [String], description: 'The kinds of mail stopped, in French' })
  labels!: string[];
}

export class MailWaitingDto {
  @ApiProperty() immediate!: number;
  @ApiProperty() daily!: number;
  @ApiProperty() weekly!: number;
}

export class LateScheduleDto {
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastRunAt!: string | null;
  @ApiProperty({ format: 'date-time' }) dueBy!: string;
}

export class MailStatusDto {
  @ApiProperty() configured!: boolean;
  @ApiProperty({ description: 'In French' }) summary!: string;
  @ApiProperty({ type: MailWaitingDto }) waiting!: MailWaitingDto;
  @ApiProperty() queuedMessages!: number;
  @ApiProperty() failedMessages!: number;
  @ApiProperty() sentLastDay!: number;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastFailedAt!: string | null;
  @ApiProperty({ type: [LateScheduleDto] }) lateSchedules!: LateScheduleDto[];
}
