import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, Max, MaxDate, Min, MinDate, ValidateBy } from 'class-validator';
import { EARLIEST, LATEST } from '@maillage/platform';
import {
  ACTION_TYPES,
  CLUSTER_MAX_ZOOM,
  FIRST_STEPS,
  MAP_MAX_ZOOM,
  LOCATION_PRECISIONS,
  type AllianceMode,
  type AllianceStatus,
} from '@maillage/ecosystem';
import { ACTOR_CATEGORY, ActorQueryDto } from '../directory/actors.dto.js';
import { ALLIANCE_MODE_LIST, ALLIANCE_STATUS, IsCalendarDate } from '../activity/activity.dto.js';

export class DashboardQueryDto {
  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class MapQueryDto extends ActorQueryDto {}

/** `west,south,east,north` in degrees, west ≤ east (no crossing of the antimeridian), south ≤ north; else null. */
export function parseBbox(value: unknown): [number, number, number, number] | null {
  if (typeof value !== 'string' || value.length > 200) return null;
  const parts = value.split(',');
  if (parts.length !== 4 || parts.some((part) => !/^\s*-?[0-9]+(\.[0-9]+)?\s*$/.test(part))) return null;
  const [west, south, east, north] = parts.map(Number) as [number, number, number, number];
  const longitude = (x: number) => x >= -180 && x <= 180;
  const latitude = (y: number) => y >= -90 && y <= 90;
  if (![west, east].every(longitude) || ![south, north].every(latitude)) return null;
  if (west > east || south > north) return null;
  return [west, south, east, north];
}

const IsBbox = (): PropertyDecorator =>
  ValidateBy({
    name: 'isBbox',
    validator: {
      validate: (value: unknown) => parseBbox(value) !== null,
      defaultMessage: () =>
        'Emprise attendue : ouest,sud,est,nord en degrés décimaux (ouest ≤ est, sud ≤ nord, longitudes entre -180 et 180, latitudes entre -90 et 90).',
    },
  });

export class MapClustersQueryDto extends MapQueryDto {
  @ApiProperty({
    description:
      'The view’s extent `west,south,east,north` in decimal degrees (WGS 84). West ≤ east: an extent crossing the antimeridian is refused (400), as is an inverted one.',
    example: '4.75,45.70,4.95,45.80',
    maxLength: 200,
  })
  @IsBbox()
  bbox!: string;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: MAP_MAX_ZOOM,
    description: `Web-map zoom level. Above ${CLUSTER_MAX_ZOOM}, every actor is a point of its own.`,
  })
  @Type(() => Number)
  @IsInt({ message: 'Niveau de zoom attendu : un entier.' })
  @Min(0, { message: 'Niveau de zoom trop petit (0 au moins).' })
  @Max(MAP_MAX_ZOOM, { message: `Niveau de zoom trop grand (${MAP_MAX_ZOOM} au plus).` })
  zoom!: number;
}

export class GraphQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'The graph as it stood on this date' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'Date invalide.' })
  @MinDate(EARLIEST, { message: 'Date trop ancienne.' })
  @MaxDate(LATEST, { message: 'Date trop lointaine.' })
  asOf?: Date;
}

// Responses

export class MapPointDto {
  @ApiProperty({ enum: ['Point'] }) type!: 'Point';
  @ApiProperty({
    type: [Number],
    minItems: 2,
    maxItems: 2,
    description: '[longitude, latitude]',
  })
  coordinates!: [number, number];
}

export class MapCommuneDto {
  @ApiProperty({ description: 'INSEE code' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() latitude!: number;
  @ApiProperty() longitude!: number;
}

export class MapFeaturePropertiesDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty(ACTOR_CATEGORY) category!: string;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Alliances of the actor. Null for a member, except for their own organisation.',
  })
  allianceCount!: number | null;
  @ApiProperty() external!: boolean;
  @ApiProperty({
    enum: LOCATION_PRECISIONS,
    enumName: 'LocationPrecision',
    nullable: true,
    description: 'address, street, commune (the commune’s position: approximate) or manual (placed by a person)',
  })
  precision!: string | null;
  @ApiProperty({ description: 'Placed at its commune’s position only' }) approximate!: boolean;
}

export class MapFeatureDto {
  @ApiProperty({ enum: ['Feature'] }) type!: 'Feature';
  @ApiProperty({ type: MapPointDto }) geometry!: MapPointDto;
  @ApiProperty({ type: MapFeaturePropertiesDto }) properties!: MapFeaturePropertiesDto;
}

export class FeatureCollectionDto {
  @ApiProperty({ enum: ['FeatureCollection'] }) type!: 'FeatureCollection';
  @ApiProperty({ type: [MapFeatureDto] }) features!: MapFeatureDto[];
  @ApiProperty({
    type: [Number],
    nullable: true,
    minItems: 4,
    maxItems: 4,
    description: 'The territory’s known extent [west, south, east, north] (its placed actors and communes)',
  })
  bbox!: [number, number, number, number] | null;
  @ApiProperty({ type: [MapCommuneDto], description: 'Communes of the territory where actors are placed' })
  communes!: MapCommuneDto[];
}

export class MapClusterDto {
  @ApiProperty({ type: 'integer', description: 'The cluster’s id at this zoom' }) id!: number;
  @ApiProperty({ description: 'Mean position of its actors' }) longitude!: number;
  @ApiProperty() latitude!: number;
  @ApiProperty({ type: 'integer', minimum: 2 }) count!: number;
  @ApiProperty({ type: 'integer', description: 'The zoom at which the cluster splits' }) expansionZoom!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Its actors per category (categories with none left out)',
  })
  categories!: Record<string, number>;
}

export class MapClustersDto {
  @ApiProperty({ type: 'integer', description: 'Filtered located actors in the whole territory' }) total!: number;
  @ApiProperty({
    type: 'integer',
    description: 'Filtered actors with no position: on no map until placed (by hand or the geocoder)',
  })
  unlocated!: number;
  @ApiProperty({
    type: 'integer',
    description:
      'Actors drawn in the view: the clusters’ counts plus the single actors (a cluster is in view when its position is)',
  })
  inView!: number;
  @ApiProperty({ type: 'integer' }) zoom!: number;
  @ApiProperty({ type: [Number], minItems: 4, maxItems: 4, description: '[west, south, east, north] as asked' })
  bbox!: [number, number, number, number];
  @ApiProperty({
    type: [Number],
    nullable: true,
    minItems: 4,
    maxItems: 4,
    description: 'The filtered actors’ extent [west, south, east, north] in the territory (external ones left out)',
  })
  extent!: [number, number, number, number] | null;
  @ApiProperty({ type: [MapCommuneDto], description: 'Communes where actors are placed, those in the view' })
  communes!: MapCommuneDto[];
  @ApiProperty({ type: [MapClusterDto] }) clusters!: MapClusterDto[];
  @ApiProperty({ type: [MapFeatureDto], description: 'Single actors, as the features of /map' })
  features!: MapFeatureDto[];
}

export class GraphNodeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty(ACTOR_CATEGORY) category!: string;
  @ApiProperty({ type: 'integer' }) degree!: number;
  @ApiProperty({ description: 'Normalised betweenness centrality' }) betweenness!: number;
  @ApiProperty({ type: 'integer' }) component!: number;
  @ApiProperty({ type: 'integer', description: '-1 when the actor has no link' }) community!: number;
  @ApiProperty({ description: 'Stored layout position (arbitrary units), stable between visits' }) x!: number;
  @ApiProperty({ description: 'Stored layout position (arbitrary units), stable between visits' }) y!: number;
}

export class GraphAllianceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty(ALLIANCE_STATUS) status!: AllianceStatus;
  @ApiProperty(ALLIANCE_MODE_LIST) modes!: AllianceMode[];
}

export class GraphEdgesDto {
  @ApiProperty({
    type: 'integer',
    isArray: true,
    description: 'Per link: the index in `nodes` of one of its two actors',
  })
  source!: number[];
  @ApiProperty({ type: 'integer', isArray: true, description: 'Per link: the index in `nodes` of its other actor' })
  target!: number[];
  @ApiProperty({
    type: 'integer',
    isArray: true,
    description: 'Per link: the index in `alliances` of the alliance that makes it',
  })
  alliance!: number[];
}

export class GraphBetweennessDto {
  @ApiProperty({ enum: ['exact', 'sampled'], enumName: 'BetweennessMethod' }) method!: 'exact' | 'sampled';
  @ApiProperty({ type: 'integer', description: 'Actors with at least one link (betweenness is computed on them)' })
  linkedActors!: number;
  @ApiProperty({ type: 'integer', description: 'BFS sources used (all linked actors when exact)' })
  sources!: number;
  @ApiProperty({ description: 'Stated absolute error bound on each normalised value (0 when exact)' })
  error!: number;
  @ApiProperty({ description: 'Probability that the bound holds for an actor (1 when exact)' })
  confidence!: number;
}

export class GraphDto {
  @ApiProperty({ format: 'date-time', description: 'The moment the figures reflect' }) asOf!: string;
  @ApiProperty({ format: 'date-time', description: 'When the figures were computed' }) computedAt!: string;
  @ApiProperty({
    enum: ['stored', 'computed'],
    enumName: 'GraphSource',
    description: '`stored`: the background snapshot; `computed`: for this request (a past date)',
  })
  source!: 'stored' | 'computed';
  @ApiProperty({ description: 'Actors or alliances changed since `computedAt`: a recomputation is queued' })
  stale!: boolean;
  @ApiProperty({ type: GraphBetweennessDto }) betweenness!: GraphBetweennessDto;
  @ApiProperty({
    type: [GraphNodeDto],
    description: 'The actors, each once, in a stable order: links refer to an actor by its index (0-based) here',
  })
  nodes!: GraphNodeDto[];
  @ApiProperty({
    type: [GraphAllianceDto],
    description:
      'The alliances drawn (not declined nor withdrawn, with at least two actors of the graph), each once: links refer to one by its index (0-based) here',
  })
  alliances!: GraphAllianceDto[];
  @ApiProperty({
    type: GraphEdgesDto,
    description:
      'The links as three columns of the same length (no identifier repeated): link `i` joins `nodes[edges.source[i]]` and `nodes[edges.target[i]]`, made by `alliances[edges.alliance[i]]`. An alliance of n actors makes a link between each pair of them (n(n−1)/2 links).',
  })
  edges!: GraphEdgesDto;
  @ApiProperty({ type: 'integer' }) components!: number;
  @ApiProperty({ type: 'integer' }) communities!: number;
}

export class GraphComputingDto {
  @ApiProperty({ enum: ['computing'] }) status!: 'computing';
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The past date asked, if any' })
  asOf!: string | null;
  @ApiProperty({ minimum: 0, maximum: 1, description: 'Share of the computation done' }) progress!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the worker began it' })
  startedAt!: string | null;
}

export class DashboardPeriodDto {
  @ApiProperty({ type: String, format: 'date', nullable: true }) from!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) to!: string | null;
}

export class ActionMonthCountDto {
  @ApiProperty({ example: '2026-03' }) month!: string;
  @ApiProperty({ enum: ACTION_TYPES, enumName: 'ActionType' }) type!: string;
  @ApiProperty({ type: 'integer' }) count!: number;
}

export class EvaluationAveragesDto {
  @ApiProperty({ type: Number, nullable: true }) product!: number | null;
  @ApiProperty({ type: Number, nullable: true }) balance!: number | null;
  @ApiProperty({ type: Number, nullable: true }) contribution!: number | null;
}

export class EvaluationStatsDto {
  @ApiProperty({ type: 'integer' }) count!: number;
  @ApiProperty({ type: EvaluationAveragesDto }) averages!: EvaluationAveragesDto;
}

const COUNTS = (description: string) =>
  ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description });

export class DashboardDto {
  @ApiProperty({ type: DashboardPeriodDto }) period!: DashboardPeriodDto;
  @COUNTS('Active actors per category') actorsByCategory!: Record<string, number>;
  @ApiProperty({ type: [ActionMonthCountDto] }) actionsByTypeAndMonth!: ActionMonthCountDto[];
  @COUNTS('Alliances per mode (an alliance counts once per mode)') alliancesByMode!: Record<string, number>;
  @COUNTS('Alliances per status') alliancesByStatus!: Record<string, number>;
  @ApiProperty({ type: EvaluationStatsDto }) evaluations!: EvaluationStatsDto;
}

export class FirstStepDto {
  @ApiProperty({ enum: FIRST_STEPS, enumName: 'FirstStepKey' }) key!: string;
  @ApiProperty() done!: boolean;
  @ApiProperty({
    type: 'integer',
    description:
      'Active actors, priorities, members other than coordinators with open member invitations, actions; 1 when sharing with the observatory',
  })
  count!: number;
}

export class FirstStepsDto {
  @ApiProperty({ type: [FirstStepDto] }) steps!: FirstStepDto[];
  @ApiProperty({ type: 'integer', description: 'Steps not done yet' }) remaining!: number;
}
