import { ACTOR_CATEGORIES } from '../ecosystem.types.js';
import { CLUSTER_MAX_ZOOM, extentOf, LruCache, MapClusterIndex, type ClusterPoint } from './map-clusters.js';

/** Points on a grid around Lyon, categories in turn, a few external ones far away. */
function points(count: number): ClusterPoint[] {
  return Array.from({ length: count }, (_, n) => ({
    id: `actor-${n}`,
    name: `Acteur ${n}`,
    category: ACTOR_CATEGORIES[n % ACTOR_CATEGORIES.length]!,
    latitude: 45.7 + (n % 40) * 0.002,
    longitude: n % 97 === 0 ? 2.35 : 4.8 + Math.floor(n / 40) * 0.002,
    external: n % 97 === 0,
    precision: n % 10 === 0 ? 'commune' : 'address',
  }));
}

describe('MapClusterIndex', () => {
  const index = new MapClusterIndex(points(3_000));
  const world: [number, number, number, number] = [-180, -90, 180, 90];

  it('counts every actor once over the whole world, at every zoom', () => {
    for (let zoom = 0; zoom <= CLUSTER_MAX_ZOOM + 2; zoom += 1) {
      const { clusters, points: single } = index.query(world, zoom);
      expect({ zoom, count: clusters.reduce((sum, cluster) => sum + cluster.count, 0) + single.length }).toEqual({
        zoom,
        count: 3_000,
      });
      for (const cluster of clusters) {
        expect(Object.values(cluster.categories).reduce((sum, count) => sum + (count ?? 0), 0)).toBe(cluster.count);
        expect(cluster.expansionZoom).toBeGreaterThan(zoom);
      }
    }
  });

  it('gives only points beyond the deepest clustering zoom', () => {
    const { clusters, points: single } = index.query(world, CLUSTER_MAX_ZOOM + 1);
    expect(clusters).toEqual([]);
    expect(single).toHaveLength(3_000);
  });

  it('frames the actors inside the territory only', () => {
    const [west, south, east, north] = index.extent!;
    expect(west).toBeCloseTo(4.8);
    expect(south).toBeCloseTo(45.7);
    expect(east).toBeGreaterThan(4.9);
    expect(north).toBeCloseTo(45.778);
    expect(extentOf([])).toBeNull();
  });
});

describe('LruCache', () => {
  it('keeps the most recently used entries up to its capacity', () => {
    const cache = new LruCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('keeps the total weight under its bound, the newest entry always', () => {
    const cache = new LruCache<number>(10, 100, (value) => value);
    cache.set('a', 40);
    cache.set('b', 40);
    cache.set('c', 40);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 40, 40]);
    cache.set('huge', 500);
    expect(cache.size).toBe(1);
    expect(cache.get('huge')).toBe(500);
    cache.set('d', 10);
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('d')).toBe(10);
  });
});
