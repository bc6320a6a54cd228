import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class RefreshDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refreshToken!: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ maxLength: 254 })
  @IsEmail({}, { message: 'Adresse e-mail invalide.' })
  @MaxLength(254)
  email!: string;
}

export class PasswordResetConfirmDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token!: string;

  @ApiProperty({ minLength: 12, maxLength: 200, format: 'password' })
  @IsString()
  @MaxLength(200)
  newPassword!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ maxLength: 200, format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  currentPassword!: string;

  @ApiProperty({ minLength: 12, maxLength: 200, format: 'password' })
  @IsString()
  @MaxLength(200)
  newPassword!: string;
}

export class TokenPairDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty() refreshToken!: string;
  @ApiProperty({ type: 'integer', description: 'Access token lifetime in seconds' }) expiresIn!: number;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
}

export class ResetRequestedDto {
  @ApiProperty({ enum: ['accepted'] }) status!: 'accepted';
  @ApiProperty({
    description:
      'Whether this platform can send e-mail at all (SMTP configured). False: no link was mailed, whatever the address; ' +
      'the person must ask the platform administrator. Never says whether the account exists.',
  })
  mailConfigured!: boolean;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['platform_admin', 'observer'], enumName: 'GlobalRole', nullable: true })
  globalRole!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class MembershipDto {
  @ApiProperty({ format: 'uuid' }) territoryId!: string;
  @ApiProperty() territoryName!: string;
  @ApiProperty() territoryKind!: string;
  @ApiProperty({ type: String, nullable: true }) territoryCode!: string | null;
  @ApiProperty({ enum: ['coordinator', 'member'], enumName: 'TerritoryRole' }) role!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The organisation a member acts for (null for coordinators and unlinked members)',
  })
  actorId!: string | null;
}

export class MeDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
  @ApiProperty({ type: [MembershipDto] }) memberships!: MembershipDto[];
  @ApiProperty({ type: [String], description: 'Every role the account holds' }) roles!: string[];
}
