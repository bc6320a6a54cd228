import { Readable } from 'node:stream';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ANY_ROLE,
  dropRest,
  DomainError,
  IfMatch,
  InjectConfig,
  PageDtoOf,
  readBounded,
  RESOURCE_UPLOAD_TYPES,
  Roles,
  UuidParam,
  XLSX_TYPE,
  type AppConfig,
  type Page,
  type Role,
} from '@maillage/platform';
import { RESOURCE_FILE_TYPES, RESOURCE_KIT } from '@maillage/contract';
import { frenchBytes } from '@maillage/ecosystem';
import { ResourcesService, type ResourceScope, type ResourceView } from '@maillage/resources';
import { TERRITORY } from '../ecosystem/directory/actors.controller.js';
import { UploadQueryDto } from '../ecosystem/imports/imports.controller.js';
import {
  CreateResourceDto,
  KitDto,
  ResourceDto,
  ResourceQueryDto,
  ResourceVisitDto,
  UpdateResourceDto,
  type ResourceFieldsDto,
} from './resources.dto.js';

export class ResourcePageDto extends PageDtoOf(ResourceDto) {}

const RESOURCE_ID = { name: 'resourceId', format: 'uuid' } as const;
const FILE_TYPES = Object.values(RESOURCE_FILE_TYPES).map((type) => type.contentType);
const UPLOAD_TYPES = [...new Set([...RESOURCE_UPLOAD_TYPES, XLSX_TYPE])];

/** Who reads and who publishes in each centre. */
const ROLES: Record<ResourceScope, { readers: [Role, ...Role[]]; editors: [Role, ...Role[]] }> = {
  national: { readers: ANY_ROLE, editors: ['platform_admin', 'observer'] },
  territory: { readers: ['platform_admin', 'coordinator', 'member'], editors: ['platform_admin', 'coordinator'] },
};

const fields = (body: Partial<ResourceFieldsDto>) => body as Parameters<ResourcesService['update']>[3];

/**
 * The routes of one resource centre. The national centre (`/resources`) and each territory's
 * (`/territories/{territoryId}/resources`) answer the same operations; only who reads, who
 * publishes, and which tables are read differ.
 */
function ResourceRoutes(scope: ResourceScope) {
  const { readers, editors } = ROLES[scope];
  const where = scope === 'national' ? 'the national centre' : 'the territory’s centre';
  // On a class, ApiParam marks the class's own methods: these, not the subclass's.
  const territoryParam: ClassDecorator = scope === 'territory' ? ApiParam(TERRITORY) : () => undefined;

  @territoryParam
  @ApiTags('resources')
  @ApiBearerAuth()
  class Routes {
    constructor(
      readonly resources: ResourcesService,
      @InjectConfig() readonly config: AppConfig,
    ) {}

    @Get()
    @Roles(...readers)
    @ApiOperation({
      summary: `Resources of ${where}: French full-text search, filters by every tag, most recent or most downloaded`,
    })
    @ApiOkResponse({ type: ResourcePageDto })
    list(@Query() query: ResourceQueryDto): Promise<Page<ResourceView>> {
      const { limit, cursor, ...filters } = query;
      return this.resources.list(scope, filters, limit, cursor);
    }

    @Post()
    @Roles(...editors)
    @ApiOperation({
      summary: `Add a resource to ${where}: a link (published at once) or a file (a draft until PUT …/file)`,
    })
    @ApiCreatedResponse({ type: ResourceDto })
    create(@Body() body: CreateResourceDto): Promise<ResourceView> {
      const { kind, ...rest } = body;
      return this.resources.create(scope, kind, { ...fields(rest), title: rest.title, axis: rest.axis });
    }

    @Get(':resourceId')
    @Roles(...readers)
    @ApiParam(RESOURCE_ID)
    @ApiOperation({ summary: 'A resource: its description, tags, file and download count' })
    @ApiOkResponse({ type: ResourceDto })
    get(@UuidParam('resourceId') id: string): Promise<ResourceView> {
      return this.resources.get(scope, id);
    }

    @Patch(':resourceId')
    @Roles(...editors)
    @ApiParam(RESOURCE_ID)
    @ApiOperation({ summary: 'Change a resource’s description or tags (If-Match: its version)' })
    @ApiOkResponse({ type: ResourceDto })
    update(
      @UuidParam('resourceId') id: string,
      @IfMatch() version: number,
      @Body() body: UpdateResourceDto,
    ): Promise<ResourceView> {
      return this.resources.update(scope, id, version, fields(body));
    }

    @Delete(':resourceId')
    @Roles(...editors)
    @HttpCode(HttpStatus.NO_CONTENT)
    @ApiParam(RESOURCE_ID)
    @ApiOperation({ summary: 'Delete a resource and its file' })
    @ApiNoContentResponse()
    async remove(@UuidParam('resourceId') id: string): Promise<void> {
      await this.resources.remove(scope, id);
    }

    @Put(':resourceId/file')
    @Roles(...editors)
    @ApiParam(RESOURCE_ID)
    @ApiConsumes(...UPLOAD_TYPES)
    @ApiBody({
      schema: { type: 'string', format: 'binary' },
      description:
        'The file as it is (PDF, ODT, ODS, ODP, DOCX, XLSX, PPTX, PNG or JPEG, recognised from its content); its name in ?filename=',
    })
    @ApiOperation({ summary: 'Upload (or replace) a file resource’s file; the first upload publishes it' })
    @ApiOkResponse({ type: ResourceDto })
    async upload(
      @UuidParam('resourceId') id: string,
      @Req() request: FastifyRequest,
      @Res({ passthrough: true }) reply: FastifyReply,
      @Query() query: UploadQueryDto,
    ): Promise<ResourceView> {
      const maxBytes = this.config.http.resourceLimit;
      const tooLarge = () =>
        new DomainError('too_large', {
          code: 'payload_too_large',
          detail: `Le fichier dépasse ${frenchBytes(maxBytes)}, la taille la plus grande acceptée.`,
          extensions: { maxBytes },
        });
      try {
        // The resource first: a caller who may not see it gets the same 404 whatever they send.
        await this.resources.get(scope, id);
        if (!(request.body instanceof Readable)) {
          throw new DomainError('unsupported', {
            code: 'unsupported_media_type',
            detail: 'Envoyez le fichier tel quel (par exemple en application/octet-stream), sans l’envelopper.',
          });
        }
        if (Number(request.headers['content-length'] ?? 0) > maxBytes) {
          // Refused unread: the connection closes after the answer.
          void reply.header('connection', 'close');
          throw tooLarge();
        }
        const content = await readBounded(request.body, maxBytes, tooLarge);
        return await this.resources.upload(scope, id, content, query.filename);
      } catch (error) {
        if (request.body instanceof Readable) await dropRest(request.body, maxBytes);
        throw error;
      }
    }

    @Post(':resourceId/visits')
    @Roles(...readers)
    @HttpCode(HttpStatus.OK)
    @ApiParam(RESOURCE_ID)
    @ApiOperation({ summary: 'Count one opening of a link resource (its "most used" order) and return its address' })
    @ApiOkResponse({ type: ResourceVisitDto })
    visit(@UuidParam('resourceId') id: string): Promise<ResourceVisitDto> {
      return this.resources.visit(scope, id);
    }

    @Get(':resourceId/file')
    @Roles(...readers)
    @ApiParam(RESOURCE_ID)
    @ApiProduces(...FILE_TYPES)
    @ApiOperation({
      summary: 'Download a file resource (counted); always as an attachment, with the type recognised at upload',
    })
    @ApiOkResponse({
      description: 'The file (Content-Disposition: attachment; X-Content-Type-Options: nosniff)',
      schema: { type: 'string', format: 'binary' },
    })
    async download(
      @UuidParam('resourceId') id: string,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<StreamableFile> {
      const file = await this.resources.download(scope, id);
      void reply.header('x-content-type-options', 'nosniff');
      void reply.header('content-security-policy', "default-src 'none'; sandbox");
      return new StreamableFile(file.stream, {
        type: file.contentType,
        length: file.size,
        disposition: `attachment; filename="${file.fileName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      });
    }
  }
  return Routes;
}

@Controller('resources')
export class NationalResourcesController extends ResourceRoutes('national') {
  @Get('kit')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary:
      'The practical kit’s structure (Le RAMEAU): its four axes and the toolbox’s four sheet kinds, with what the kit lists in each',
  })
  @ApiOkResponse({ type: KitDto })
  kit(): typeof RESOURCE_KIT {
    return RESOURCE_KIT;
  }
}

@Controller('territories/:territoryId/resources')
export class TerritoryResourcesController extends ResourceRoutes('territory') {}
