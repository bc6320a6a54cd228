import Supercluster, { type ClusterProperties } from 'supercluster';
import { ACTOR_CATEGORIES, type ActorCategory } from '../ecosystem.types.js';
import type { LocationPrecision } from '../geocoding/ban-geocoder.js';

/** A located actor as the cluster index keeps it (the alliance count is read for the points shown only). */
export interface ClusterPoint {
  id: string;
  name: string;
  category: ActorCategory;
  latitude: number;
  longitude: number;
  external: boolean;
  precision: LocationPrecision | null;
}

/** Zoom up to which points are grouped; from the next one on, every actor is a point of its own. */
export const CLUSTER_MAX_ZOOM = 16;
/** The deepest zoom the API answers (a request above it is answered as at this zoom). */
export const MAP_MAX_ZOOM = 20;
/** Cluster radius, in pixels of the console's 256-pixel tiles (Leaflet's zoom levels). */
const CLUSTER_RADIUS = 60;
const TILE_EXTENT = 256;

export interface ClusterItem {
  clusterId: number;
  longitude: number;
  latitude: number;
  count: number;
  expansionZoom: number;
  categories: Partial<Record<ActorCategory, number>>;
}

/** A cluster's actors per category, as flat properties (supercluster copies them shallowly as it merges). */
type Categories = Partial<Record<ActorCategory, number>>;

/**
 * Supercluster over a territory's filtered located actors, built once per
 * (territory, filters, data version) and queried per viewport.
 */
export class MapClusterIndex {
  private readonly index: Supercluster<{ i: number }, Categories>;

  /** The extent [west, south, east, north] of the actors inside the territory (not the external ones); null if none. */
  readonly extent: [number, number, number, number] | null;

  constructor(
    readonly points: ClusterPoint[],
    /** The territory's communes where actors are placed (see ViewsRepository.mapCommunes). */
    readonly communes: { code: string; name: string; latitude: number; longitude: number }[] = [],
    /** The filtered actors with no position, which no map shows. */
    readonly unlocated = 0,
  ) {
    this.extent = extentOf(points.filter((point) => !point.external).map((point) => [point.longitude, point.latitude]));
    this.index = new Supercluster<{ i: number }, Categories>({
      maxZoom: CLUSTER_MAX_ZOOM,
      radius: CLUSTER_RADIUS,
      extent: TILE_EXTENT,
      map: (properties) => ({ [points[properties.i]!.category]: 1 }),
      reduce: (into, properties) => {
        for (const category of ACTOR_CATEGORIES) {
          const count = properties[category];
          if (count) into[category] = (into[category] ?? 0) + count;
        }
      },
    });
    this.index.load(
      points.map((point, i) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: [point.longitude, point.latitude] },
        properties: { i },
      })),
    );
  }

  /**
   * The clusters and single actors drawn in `bbox` ([west, south, east, north], west ≤ east) at `zoom`: a cluster is
   * in view when its position (the mean of its actors') is, so its count may include actors just outside.
   */
  query(bbox: [number, number, number, number], zoom: number): { clusters: ClusterItem[]; points: ClusterPoint[] } {
    const clusters: ClusterItem[] = [];
    const points: ClusterPoint[] = [];
    for (const feature of this.index.getClusters(bbox, zoom)) {
      const properties = feature.properties as Partial<ClusterProperties & Categories> & { i?: number };
      if (properties.cluster) {
        const [longitude, latitude] = feature.geometry.coordinates as [number, number];
        clusters.push({
          clusterId: properties.cluster_id!,
          longitude,
          latitude,
          count: properties.point_count!,
          expansionZoom: Math.min(this.index.getClusterExpansionZoom(properties.cluster_id!), MAP_MAX_ZOOM),
          categories: Object.fromEntries(
            ACTOR_CATEGORIES.filter((category) => properties[category]).map((category) => [
              category,
              properties[category]!,
            ]),
          ),
        });
      } else {
        points.push(this.points[properties.i!]!);
      }
    }
    return { clusters, points };
  }
}

/** The extent [west, south, east, north] of [longitude, latitude] positions; null if none (a loop: any count). */
export function extentOf(positions: [number, number][]): [number, number, number, number] | null {
  if (positions.length === 0) return null;
  const extent: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [longitude, latitude] of positions) {
    extent[0] = Math.min(extent[0], longitude);
    extent[1] = Math.min(extent[1], latitude);
    extent[2] = Math.max(extent[2], longitude);
    extent[3] = Math.max(extent[3], latitude);
  }
  return extent;
}

/**
 * A small least-recently-used map, bounded by its count of entries and by their total weight (the newest entry
 * is kept even when it alone weighs more).
 */
export class LruCache<V> {
  private readonly entries = new Map<string, V>();
  private weight = 0;

  constructor(
    private readonly capacity: number,
    private readonly maxWeight = Infinity,
    private readonly weigh: (value: V) => number = () => 0,
  ) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.delete(key);
    this.entries.set(key, value);
    this.weight += this.weigh(value);
    while (this.entries.size > 1 && (this.entries.size > this.capacity || this.weight > this.maxWeight)) {
      this.delete(this.entries.keys().next().value as string);
    }
  }

  delete(key: string): void {
    const value = this.entries.get(key);
    if (value === undefined) return;
    this.entries.delete(key);
    this.weight -= this.weigh(value);
  }

  get size(): number {
    return this.entries.size;
  }
}
