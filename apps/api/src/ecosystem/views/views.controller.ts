import { Readable } from 'node:stream';
import { Controller, Get, Headers, HttpStatus, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { JsonText, Roles, sendGzipJson, sendJsonText } from '@maillage/platform';
import {
  EcosystemViewsService,
  type Dashboard,
  type FirstSteps,
  type GraphComputing,
  type GraphView,
  type MapClusters,
} from '@maillage/ecosystem';
import { actorFilters, TERRITORY } from '../directory/actors.controller.js';
import {
  DashboardDto,
  DashboardQueryDto,
  FeatureCollectionDto,
  FirstStepsDto,
  GraphComputingDto,
  GraphDto,
  GraphQueryDto,
  MapClustersDto,
  MapClustersQueryDto,
  MapQueryDto,
  parseBbox,
} from './views.dto.js';

/** What a 202 of the graph tells the client to wait before asking again. */
const GRAPH_RETRY_SECONDS = 2;

@ApiTags('ecosystem')
@ApiBearerAuth()
@ApiParam(TERRITORY)
@Controller('territories/:territoryId')
export class EcosystemViewsController {
  constructor(private readonly views: EcosystemViewsService) {}

  @Get('map')
  @Roles('platform_admin', 'coordinator', 'member')
  @ApiOperation({
    summary:
      'GeoJSON FeatureCollection of the actors with a location (each with its precision), filterable like the directory, with the territory’s known extent and placed communes',
  })
  @ApiOkResponse({ type: FeatureCollectionDto })
  async map(@Query() query: MapQueryDto): Promise<StreamableFile> {
    const body = await this.views.mapGeoJson(actorFilters(query));
    return new StreamableFile(Readable.from(body), { type: 'application/json; charset=utf-8' });
  }

  @Get('map/clusters')
  @Roles('platform_admin', 'coordinator', 'member')
  @ApiOperation({
    summary:
      'The actors of /map grouped for a view (extent and zoom): clusters with their count, position, splitting zoom and categories; single actors as GeoJSON features',
    description:
      'Filterable like the directory. Every filtered located actor is counted (no cap): `inView` is the clusters’ counts plus the single actors, `total` the whole territory’s. Above the deepest clustering zoom every actor is a point. The grouping is cached per process, per territory, filters and data version.',
  })
  @ApiOkResponse({ type: MapClustersDto })
  clusters(@Query() query: MapClustersQueryDto): Promise<MapClusters> {
    return this.views.mapClusters(actorFilters(query), parseBbox(query.bbox)!, query.zoom);
  }

  @Get('graph')
  @Roles('platform_admin', 'coordinator')
  @ApiOperation({
    summary: 'Who works with whom: actors, alliances, centrality, components, communities and layout',
    description:
      'The stored snapshot the worker keeps current (`stale` while a recomputation is queued), or with `asOf` a past state (computed in the request on a small territory, else by the worker and kept). 202 while the worker computes it: poll again after Retry-After. Compact for large territories: each actor and alliance is listed once, and the links are three integer columns of indexes into `nodes` and `alliances` (`edges.source[i]`, `edges.target[i]`, `edges.alliance[i]`). The current snapshot is kept compressed and sent with `Content-Encoding: gzip` to a client that accepts it (a 50,000-actor graph: about 22 MB of JSON).',
  })
  @ApiOkResponse({ type: GraphDto })
  @ApiAcceptedResponse({
    type: GraphComputingDto,
    description: 'Being computed by the worker: ask again after Retry-After',
    headers: { 'Retry-After': { description: 'Seconds to wait before asking again', schema: { type: 'integer' } } },
  })
  async graph(
    @Query() query: GraphQueryDto,
    @Headers('accept-encoding') acceptEncoding: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<GraphView | GraphComputing | Buffer> {
    const graph = await this.views.graph(query.asOf);
    if ('gzip' in graph) return sendGzipJson(reply, graph.gzip, acceptEncoding);
    void reply.header('Vary', 'Accept-Encoding');
    if ('status' in graph) void reply.status(HttpStatus.ACCEPTED).header('Retry-After', String(GRAPH_RETRY_SECONDS));
    if ('json' in graph) return sendJsonText(reply, new JsonText(graph.json));
    return graph;
  }

  @Get('dashboard')
  @Roles('platform_admin', 'coordinator')
  @ApiOperation({
    summary: 'Counts: actors by category, actions by type and month, alliances by mode and status, evaluations',
    description:
      'With a period: actors as they stood at its end, actions begun in it, alliances begun in it (start date, else the day recorded) with their current status, evaluations of periods beginning in it. The territory activity report counts the same way.',
  })
  @ApiOkResponse({ type: DashboardDto })
  dashboard(@Query() query: DashboardQueryDto): Promise<Dashboard> {
    return this.views.dashboard(query.from, query.to);
  }

  @Get('first-steps')
  @Roles('platform_admin', 'coordinator')
  @ApiOperation({
    summary: 'The « Premiers pas » of a new workspace, each ticked from the data',
    description:
      'Actors added, priorities described, organisations invited or joined, a first action logged, figures shared with the observatory.',
  })
  @ApiOkResponse({ type: FirstStepsDto })
  firstSteps(): Promise<FirstSteps> {
    return this.views.firstSteps();
  }
}
