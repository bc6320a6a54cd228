import { Readable } from 'node:stream';
import {
  applyDecorators,
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Post,
  Put,
  Query,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { APP_CONFIG, JobQueue, notFound, Roles, TenantContext, type AppConfig } from '@maillage/platform';
import {
  AREA_LEVELS,
  dataDictionary,
  DIMENSION_LABELS,
  INDICATORS,
  ObservatoryService,
  ObservatorySharingService,
  type AreaView,
  type BenchmarkView,
  type CellView,
  type PublicationView,
  type SharingView,
  type StudiesView,
} from '@maillage/observatory';
import {
  AreaDto,
  AreaIndicatorsDto,
  AreaParamsDto,
  AreaSeriesDto,
  AreasQueryDto,
  BenchmarkDto,
  CompareQueryDto,
  ComparisonDto,
  DataDictionaryDto,
  ExportQueryDto,
  PeriodQueryDto,
  PublicationDto,
  RollupOrderDto,
  RollupStateDto,
  SeriesQueryDto,
  SharingDto,
  SharingViewDto,
  ObservatoryStudiesDto,
  StudiesQueryDto,
} from './observatory.dto.js';

const AreaParams = (): MethodDecorator =>
  applyDecorators(
    ApiParam({ name: 'level', enum: AREA_LEVELS }),
    ApiParam({ name: 'code', schema: { type: 'string', pattern: '^[0-9A-Za-z:_-]{1,40}$' } }),
  );

/**
 * The national observatory, for national bodies (observers) and platform
 * administrators: published, disclosure-controlled aggregates only, read
 * from the observatory's own tables with no territory set.
 */
@ApiTags('observatory')
@ApiBearerAuth()
@Controller('observatory')
@Roles('observer', 'platform_admin')
export class ObservatoryController {
  constructor(
    private readonly observatory: ObservatoryService,
    private readonly jobs: JobQueue,
    private readonly context: TenantContext,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('publication')
  @ApiOperation({ summary: 'The latest publication: when it was computed, its months, its areas by level' })
  @ApiOkResponse({ type: PublicationDto })
  async publication(): Promise<PublicationView> {
    const publication = await this.observatory.publication();
    if (!publication)
      throw notFound('L’observatoire n’a encore rien publié : la première publication est calculée chaque nuit.');
    return publication;
  }

  @Get('dictionary')
  @ApiOperation({ summary: 'Data dictionary: columns of the export, indicators, dimensions, levels, disclosure rule' })
  @ApiOkResponse({ type: DataDictionaryDto })
  async dictionary(): Promise<ReturnType<typeof dataDictionary>> {
    const publication = await this.observatory.publication();
    return dataDictionary(publication?.threshold ?? this.config.observatory.threshold);
  }

  @Get('areas')
  @ApiOperation({ summary: 'Areas with published figures, at one level (optionally inside a parent area)' })
  @ApiOkResponse({ type: [AreaDto] })
  areas(@Query() query: AreasQueryDto): Promise<AreaView[]> {
    return this.observatory.areas(
      query.level,
      query.parentLevel && query.parentCode ? { level: query.parentLevel, code: query.parentCode } : undefined,
    );
  }

  @Get('areas/:level/:code/indicators')
  @AreaParams()
  @ApiOperation({ summary: 'Every indicator of one area for one month' })
  @ApiOkResponse({ type: AreaIndicatorsDto })
  async indicators(
    @Param() area: AreaParamsDto,
    @Query() query: PeriodQueryDto,
  ): Promise<{
    area: AreaView;
    period: string;
    indicators: { id: string; label: string; kind: string; unit: string; values: (CellView & { label: string })[] }[];
  }> {
    const period = query.period ?? (await this.observatory.defaultPeriod());
    const { areas, rows } = await this.observatory.cells({
      level: area.level,
      codes: [area.code],
      from: period,
      to: period,
    });
    return {
      area: areas.get(area.code) as AreaView,
      period,
      indicators: INDICATORS.map((indicator) => ({
        id: indicator.id,
        label: indicator.label,
        kind: indicator.kind,
        unit: indicator.unit,
        values: rows
          .filter((row) => row.indicator === indicator.id)
          .map(({ code: _code, ...cell }) => ({ ...cell, label: DIMENSION_LABELS[cell.dimension] ?? cell.dimension })),
      })),
    };
  }

  @Get('areas/:level/:code/series')
  @AreaParams()
  @ApiOperation({ summary: 'Time series of one indicator (one or every dimension) for one area' })
  @ApiOkResponse({ type: AreaSeriesDto })
  async series(
    @Param() area: AreaParamsDto,
    @Query() query: SeriesQueryDto,
  ): Promise<{ area: AreaView; indicator: string; points: CellView[] }> {
    const { areas, rows } = await this.observatory.cells({
      level: area.level,
      codes: [area.code],
      indicator: query.indicator,
      ...(query.dimension ? { dimension: query.dimension } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
    });
    return {
      area: areas.get(area.code) as AreaView,
      indicator: query.indicator,
      points: rows.map(({ code: _code, ...cell }) => cell),
    };
  }

  @Get('compare')
  @ApiOperation({ summary: 'One indicator for several areas of the same level, side by side, for one month' })
  @ApiOkResponse({ type: ComparisonDto })
  async compare(
    @Query() query: CompareQueryDto,
  ): Promise<{ period: string; indicator: string; areas: (AreaView & { values: CellView[] })[] }> {
    const period = query.period ?? (await this.observatory.defaultPeriod());
    const codes = [...new Set(query.codes)];
    const { areas, rows } = await this.observatory.cells({
      level: query.level,
      codes,
      indicator: query.indicator,
      from: period,
      to: period,
    });
    return {
      period,
      indicator: query.indicator,
      areas: codes.map((code) => ({
        ...(areas.get(code) as AreaView),
        values: rows.filter((row) => row.code === code).map(({ code: _code, ...cell }) => cell),
      })),
    };
  }

  @Get('studies')
  @ApiOperation({
    summary:
      'Territorial studies of one area over the publication’s window, by prism, beside PHARE’s reference figures (2015–2016)',
  })
  @ApiOkResponse({ type: ObservatoryStudiesDto })
  studies(@Query() query: StudiesQueryDto): Promise<StudiesView> {
    return this.observatory.studies(query.level ?? 'national', query.code ?? 'FR');
  }

  @Get('export.csv')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'Every published figure as CSV (UTF-8, open-data friendly; see /observatory/dictionary)',
  })
  @ApiOkResponse({ description: 'CSV, UTF-8, with a header line', schema: { type: 'string' } })
  async exportCsv(@Query() query: ExportQueryDto): Promise<StreamableFile> {
    await this.observatory.periods(); // 404 before streaming when nothing is published
    const stream = Readable.from(this.observatory.csvRows(query.level, query.from, query.to, query.delimiter ?? ','));
    const name = `observatoire-maillage${query.level ? `-${query.level}` : ''}.csv`;
    return new StreamableFile(stream, {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${name}"`,
    });
  }

  @Post('rollups')
  @Roles('platform_admin')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Compute a new publication now (it also runs every night)' })
  @ApiAcceptedResponse({ type: RollupOrderDto })
  async rollup(): Promise<RollupOrderDto> {
    const caller = this.context.caller;
    const job = await this.jobs.enqueue('observatory.rollup', {
      system: { reason: `observatory rollup requested by ${caller?.email ?? 'an administrator'}` },
      ...(caller ? { requestedBy: caller.userId } : {}),
    });
    return { jobId: String(job.id) };
  }

  @Get('rollups/:jobId')
  @Roles('platform_admin')
  @ApiParam({ name: 'jobId', schema: { type: 'string', pattern: '^[0-9A-Za-z:_-]{1,100}$' } })
  @ApiOperation({ summary: 'State of a requested rollup' })
  @ApiOkResponse({ type: RollupStateDto })
  async rollupState(@Param('jobId') jobId: string): Promise<{
    jobId: string;
    state: string;
    progress: number;
    result: unknown;
    failedReason: string | null;
    startedAt: string | null;
    finishedAt: string | null;
  }> {
    const found = /^[0-9A-Za-z:_-]{1,100}$/.test(jobId) ? await this.jobs.getJob('observatory', jobId) : undefined;
    if (!found || found.name !== 'observatory.rollup') throw notFound();
    const state = await found.getState();
    // Read again once finished: the copy fetched before may predate its result.
    const job =
      state === 'completed' || state === 'failed' ? ((await this.jobs.getJob('observatory', jobId)) ?? found) : found;
    const progress = typeof job.progress === 'number' ? job.progress : 0;
    return {
      jobId,
      state,
      progress,
      result: job.returnvalue ?? null,
      failedReason: job.failedReason ?? null,
      startedAt: job.processedOn ? new Date(job.processedOn).toISOString() : null,
      finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    };
  }
}

/** A territory's consent to the observatory and its benchmark, for its coordinators. */
@ApiTags('observatory')
@ApiBearerAuth()
@ApiParam({ name: 'territoryId', format: 'uuid' })
@Controller('territories/:territoryId')
@Roles('platform_admin', 'coordinator')
export class TerritoryObservatoryController {
  constructor(private readonly sharing: ObservatorySharingService) {}

  @Get('observatory-sharing')
  @ApiOperation({ summary: 'Whether this territory shares its aggregates with the national observatory' })
  @ApiOkResponse({ type: SharingViewDto })
  get(): Promise<SharingView> {
    return this.sharing.get();
  }

  @Put('observatory-sharing')
  @ApiOperation({
    summary: 'Share (or stop sharing) this territory’s aggregates; stopping removes it from the next publication',
  })
  @ApiOkResponse({ type: SharingViewDto })
  set(@Body() body: SharingDto): Promise<SharingView> {
    return this.sharing.set(body.sharing);
  }

  @Get('benchmark')
  @ApiOperation({
    summary:
      'This territory’s figures beside territories like it (same kind, population band), from published aggregates',
  })
  @ApiOkResponse({ type: BenchmarkDto })
  benchmark(@Query() query: PeriodQueryDto): Promise<BenchmarkView> {
    return this.sharing.benchmark(query.period);
  }
}
