import { Body, Controller, Get, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { Roles } from '@maillage/platform';
import { ObserversService, type CreatedObserver, type UserView } from '@maillage/identity';
import { UserDto } from '../auth/auth.dto.js';

export class CreateObserverDto {
  @ApiProperty({ maxLength: 254 })
  @IsEmail({}, { message: 'Adresse e-mail invalide.' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ maxLength: 200, example: 'Observatoire des partenariats' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;
}

class PasswordSetupDto {
  @ApiProperty({ description: 'Shown once' }) token!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

class CreatedObserverDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
  @ApiProperty({ type: PasswordSetupDto }) passwordSetup!: PasswordSetupDto;
  @ApiProperty({
    description:
      'Whether the link went out by e-mail. False (no SMTP configured, or sending failed): pass passwordSetup.url on.',
  })
  mailSent!: boolean;
}

@ApiTags('observers')
@ApiBearerAuth()
@Controller('observers')
export class ObserversController {
  constructor(private readonly observers: ObserversService) {}

  @Post()
  @Roles('platform_admin')
  @ApiOperation({ summary: 'Create an observer account (national body); a password setup link is mailed' })
  @ApiCreatedResponse({ type: CreatedObserverDto })
  @ApiConflictResponse({ description: 'An account exists with this e-mail' })
  create(@Body() body: CreateObserverDto): Promise<CreatedObserver> {
    return this.observers.create(body.email, body.name);
  }

  @Get()
  @Roles('platform_admin')
  @ApiOperation({ summary: 'Observer accounts' })
  @ApiOkResponse({ type: [UserDto] })
  list(): Promise<UserView[]> {
    return this.observers.list();
  }
}
