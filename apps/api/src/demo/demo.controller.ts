import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiCreatedResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IsBoolean, IsOptional } from 'class-validator';
import { notFound, Roles } from '@maillage/platform';
import { DemoService, type DemoView } from './demo.service.js';

export class CreateDemoDto {
  @ApiPropertyOptional({ description: 'Delete the existing demo territory first and generate it again' })
  @IsOptional()
  @IsBoolean({ message: 'reset doit valoir true ou false.' })
  reset?: boolean;
}

class DemoAccountDto {
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['coordinator', 'member', 'observer'] }) role!: string;
  @ApiProperty({ description: 'What the account shows, in French' }) label!: string;
}

class DemoCountsDto {
  @ApiProperty({ type: 'integer' }) actors!: number;
  @ApiProperty({ type: 'integer' }) priorities!: number;
  @ApiProperty({ type: 'integer' }) actions!: number;
  @ApiProperty({ type: 'integer' }) alliances!: number;
  @ApiProperty({ type: 'integer' }) evaluations!: number;
}

export class DemoDto {
  @ApiProperty({ format: 'uuid' }) territoryId!: string;
  @ApiProperty({ example: 'Démo — Grenoble-Alpes-Métropole' }) name!: string;
  @ApiProperty({ type: [DemoAccountDto] }) accounts!: DemoAccountDto[];
  @ApiProperty({ description: 'The demo accounts’ shared, documented password (demo only)' }) password!: string;
  @ApiProperty({ type: DemoCountsDto }) counts!: DemoCountsDto;
}

export class CreatedDemoDto extends DemoDto {
  @ApiProperty({ description: 'False when the demo already existed (and reset was not asked)' }) created!: boolean;
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/demo')
export class DemoController {
  constructor(private readonly demo: DemoService) {}

  @Get()
  @Roles('platform_admin')
  @ApiOperation({ summary: 'The demo territory, if any: its accounts and counts (platform administrators)' })
  @ApiOkResponse({ type: DemoDto })
  @ApiNotFoundResponse({ description: 'No demo territory' })
  async get(): Promise<DemoView> {
    const found = await this.demo.describeCurrent();
    if (!found) throw notFound('Aucun espace de démonstration.');
    return found;
  }

  @Post()
  @Roles('platform_admin')
  @ApiOperation({
    summary: 'Create the demo territory (generated content over three years), or reset it (platform administrators)',
  })
  @ApiCreatedResponse({ type: CreatedDemoDto, description: 'Created (or reset)' })
  @ApiOkResponse({ type: CreatedDemoDto, description: 'It already existed: unchanged' })
  async create(
    @Body() body: CreateDemoDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DemoView & { created: boolean }> {
    const result = await this.demo.create(body.reset === true);
    void reply.status(result.created ? HttpStatus.CREATED : HttpStatus.OK);
    return result;
  }

  @Delete()
  @Roles('platform_admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete the demo territory and its demo accounts (platform administrators)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'No demo territory' })
  async remove(): Promise<void> {
    if (!(await this.demo.delete())) throw notFound('Aucun espace de démonstration.');
  }
}
