import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSeeOtherResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ANY_ROLE, Public, Roles, UuidParam } from '@maillage/platform';
import { MailStatusService, NotificationsService, PreferencesService } from '@maillage/notifications';
import {
  MailStatusDto,
  MarkedReadDto,
  NotificationPageDto,
  NotificationQueryDto,
  PreferencesDto,
  PutPreferencesDto,
  UnreadCountDto,
  UnsubscribedDto,
  UnsubscribeQueryDto,
} from './notifications.dto.js';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me')
export class MyNotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly preferences: PreferencesService,
  ) {}

  @Get('notifications')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'My notifications across my territories, newest first (cursor-paged)' })
  @ApiOkResponse({ type: NotificationPageDto })
  list(@Query() query: NotificationQueryDto): Promise<NotificationPageDto> {
    return this.notifications.list({
      ...(query.cursor ? { cursor: query.cursor } : {}),
      ...(query.limit ? { limit: query.limit } : {}),
      unread: query.unread ?? false,
    });
  }

  @Get('notifications/unread-count')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'How many of my notifications are unread (the console’s badge)' })
  @ApiOkResponse({ type: UnreadCountDto })
  unread(): Promise<UnreadCountDto> {
    return this.notifications.unreadCount();
  }

  @Post('notifications/read-all')
  @Roles(...ANY_ROLE)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark all my notifications read' })
  @ApiOkResponse({ type: MarkedReadDto })
  readAll(): Promise<MarkedReadDto> {
    return this.notifications.markAllRead();
  }

  @Post('notifications/:notificationId/read')
  @Roles(...ANY_ROLE)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Mark one of my notifications read' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async read(@UuidParam('notificationId') notificationId: string): Promise<void> {
    await this.notifications.markRead(notificationId);
  }

  @Get('notification-preferences')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'How each kind of notification reaches me by mail (immediate, daily, weekly, none)' })
  @ApiOkResponse({ type: PreferencesDto })
  getPreferences(): Promise<PreferencesDto> {
    return this.preferences.get();
  }

  @Put('notification-preferences')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Choose how kinds of notification reach me by mail (the others keep theirs)' })
  @ApiOkResponse({ type: PreferencesDto })
  putPreferences(@Body() body: PutPreferencesDto): Promise<PreferencesDto> {
    return this.preferences.put(body.preferences);
  }
}

@ApiTags('notifications')
@Public()
@Controller('mail/unsubscribe')
export class UnsubscribeController {
  constructor(private readonly preferences: PreferencesService) {}

  @Get()
  @ApiOperation({ summary: 'A mail’s unsubscribe link opened in a browser: sent to the console’s confirmation page' })
  @ApiSeeOtherResponse({ description: 'To /desinscription?token=…' })
  @ApiNotFoundResponse({ description: 'Invalid link' })
  open(@Query() query: UnsubscribeQueryDto, @Res({ passthrough: true }) reply: FastifyReply): void {
    this.preferences.describeUnsubscribe(query.token);
    void reply
      .status(HttpStatus.SEE_OTHER)
      .header('location', `/desinscription?token=${encodeURIComponent(query.token)}`);
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'One-click unsubscribe (RFC 8058): the link’s kinds of mail stop for its account' })
  @ApiOkResponse({ type: UnsubscribedDto })
  @ApiNotFoundResponse({ description: 'Invalid link' })
  unsubscribe(@Query() query: UnsubscribeQueryDto): Promise<UnsubscribedDto> {
    return this.preferences.unsubscribe(query.token);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/mail')
export class MailStatusController {
  constructor(private readonly status: MailStatusService) {}

  @Get()
  @Roles('platform_admin')
  @ApiOperation({ summary: 'Mail: configured or not, what waits, what failed, late digests (platform administrators)' })
  @ApiOkResponse({ type: MailStatusDto })
  get(): Promise<MailStatusDto> {
    return this.status.status();
  }
}
