import {
  createTenancyFixture,
  engineKind,
  ownerQuery,
  seedEcosystem,
  type ApiClient,
  type EcosystemFixture,
  type TenancyFixture,
  type TestApp,
} from '@maillage/testing';
import { startApi } from './support/app.js';

interface Feature {
  geometry: { coordinates: [number, number] };
  properties: { id: string; category: string; allianceCount: number | null; approximate: boolean };
}
interface Clusters {
  total: number;
  unlocated: number;
  inView: number;
  zoom: number;
  clusters: { id: number; count: number; expansionZoom: number; categories: Record<string, number> }[];
  features: Feature[];
}

/** More located actors than the old map's cap (20,000), seeded in one statement. */
const SEEDED = 20_500;
/** Everything the territory holds (the fixture's actors are around Lyon, the seeded ones too). */
const WORLD = '-180,-90,180,90';

describe(`map clusters and the uncapped GeoJSON (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;
  let eco: EcosystemFixture;
  let coordinator: ApiClient;
  let base: string;
  /** Filtered located actors, counted in the database. */
  const located = async (where = 'true', params: unknown[] = []): Promise<number> => {
    const rows = await ownerQuery<{ count: number }>(
      t.runtime,
      `select count(*)::int as count from actors a
       where a.territory_id = $1 and a.archived_at is null and a.latitude is not null and ${where}`,
      [f.a.id, ...params],
    );
    return rows[0]!.count;
  };

  beforeAll(async () => {
    t = await startApi();
    f = await createTenancyFixture(t);
    coordinator = f.a.coordinator.api;
    base = `/territories/${f.a.id}`;
    eco = await seedEcosystem(coordinator, f.a.id);
    // A grid around Lyon, categories in turn, every tenth placed at its commune only.
    await ownerQuery(
      t.runtime,
      `insert into actors (territory_id, category, name, commune_code, search_text, latitude, longitude,
                           location_precision)
       select $1, (array['association', 'company', 'public_body', 'foundation'])[n % 4 + 1],
              'Acteur ' || to_char(n, 'FM000000'), '69123', 'acteur',
              45.70 + (n % 150) * 0.001, 4.75 + (n / 150) * 0.0015,
              case when n % 10 = 0 then 'commune' else 'address' end
       from generate_series(1, $2::int) n`,
      [f.a.id, SEEDED],
    );
  }, 120_000);
  afterAll(() => t?.close());

  it('streams every located actor as GeoJSON, beyond the old cap of 20,000', async () => {
    const map = await coordinator.get<{ type: string; bbox: number[]; communes: unknown[]; features: Feature[] }>(
      `${base}/map`,
    );
    expect(map.status).toBe(200);
    expect(map.headers['content-type']).toMatch(/^application\/json/);
    expect(map.body.type).toBe('FeatureCollection');
    expect(map.body.features.length).toBeGreaterThan(20_000);
    expect(map.body.features.length).toBe(await located());
    expect(new Set(map.body.features.map((feature) => feature.properties.id)).size).toBe(map.body.features.length);
    expect(map.body.bbox).toHaveLength(4);
    const filtered = await coordinator.get<{ features: Feature[] }>(`${base}/map`, { category: 'company' });
    expect(filtered.body.features.length).toBe(await located(`a.category = 'company'`));
  });

  it('adds the clusters up to the filtered count, at every zoom, over the whole territory', async () => {
    const total = await located();
    for (const zoom of [0, 5, 9, 12, 15, 16]) {
      const answer = await coordinator.get<Clusters>(`${base}/map/clusters`, { bbox: WORLD, zoom: String(zoom) });
      expect(answer.status).toBe(200);
      const sum = answer.body.clusters.reduce((count, cluster) => count + cluster.count, 0);
      expect({
        zoom,
        total: answer.body.total,
        inView: answer.body.inView,
        sum: sum + answer.body.features.length,
      }).toEqual({ zoom, total, inView: total, sum: total });
      for (const cluster of answer.body.clusters) {
        expect(Object.values(cluster.categories).reduce((count, value) => count + value, 0)).toBe(cluster.count);
        expect(cluster.expansionZoom).toBeGreaterThan(zoom);
      }
    }
    const low = await coordinator.get<Clusters>(`${base}/map/clusters`, { bbox: WORLD, zoom: '3' });
    // At a region's zoom, a few bubbles stand for thousands of actors.
    expect(low.body.clusters.length).toBeLessThan(20);
  });

  it('applies the directory’s filters, and gives only points at the deepest zoom', async () => {
    const companies = await located(`a.category = 'company'`);
    const filtered = await coordinator.get<Clusters>(`${base}/map/clusters`, {
      bbox: WORLD,
      zoom: '10',
      category: 'company',
    });
    expect(filtered.body.total).toBe(companies);
    expect(filtered.body.inView).toBe(companies);
    for (const cluster of filtered.body.clusters) expect(Object.keys(cluster.categories)).toEqual(['company']);

    // A small extent at the deepest zoom: every actor inside it as a point, exactly those.
    // Its edges fall between the seeded grid's points (exact comparisons at an edge are the projection's).
    const bbox = [4.79025, 45.72025, 4.80025, 45.73025];
    const inside = await located('a.longitude between $2 and $4 and a.latitude between $3 and $5', bbox);
    expect(inside).toBeGreaterThan(50);
    const deepest = await coordinator.get<Clusters>(`${base}/map/clusters`, { bbox: bbox.join(','), zoom: '17' });
    expect(deepest.body.clusters).toEqual([]);
    expect(deepest.body.features).toHaveLength(inside);
    expect(deepest.body.inView).toBe(inside);
    expect(deepest.body.features.some((feature) => feature.properties.approximate)).toBe(true);
    // Above the deepest zoom, the same.
    const deeper = await coordinator.get<Clusters>(`${base}/map/clusters`, { bbox: bbox.join(','), zoom: '20' });
    expect(deeper.body.features).toHaveLength(inside);
    // An extent with nobody in it.
    const empty = await coordinator.get<Clusters>(`${base}/map/clusters`, { bbox: '-10,-10,-9,-9', zoom: '8' });
    expect(empty.body).toMatchObject({ inView: 0, clusters: [], features: [], total: await located() });
  });

  it('counts the filtered actors it cannot show, those with no position', async () => {
    const unlocated = async (category?: string): Promise<number> =>
      (
        await ownerQuery<{ count: number }>(
          t.runtime,
          `select count(*)::int as count from actors a
           where a.territory_id = $1 and a.archived_at is null and a.latitude is null
             and ($2::text is null or a.category = $2)`,
          [f.a.id, category ?? null],
        )
      )[0]!.count;
    const before = await coordinator.get<Clusters>(`${base}/map/clusters`, { bbox: WORLD, zoom: '5' });
    expect(before.body.unlocated).toBe(await unlocated());
    // An actor given only its commune, with no geocoder to place it.
    const created = await coordinator.post(`${base}/actors`, {
      category: 'citizen_group',
      name: 'Collectif sans adresse',
      communeCode: '69266',
    });
    expect(created.status).toBe(201);
    const after = await coordinator.get<Clusters>(`${base}/map/clusters`, { bbox: WORLD, zoom: '5' });
    expect(after.body).toMatchObject({ unlocated: before.body.unlocated + 1, total: before.body.total });
    const filtered = await coordinator.get<Clusters>(`${base}/map/clusters`, {
      bbox: WORLD,
      zoom: '5',
      category: 'citizen_group',
    });
    expect(filtered.body.unlocated).toBe(await unlocated('citizen_group'));
    expect(filtered.body.unlocated).toBeGreaterThan(0);
  });

  it('follows every write: an archived actor leaves its cluster at once, and comes back', async () => {
    const before = await coordinator.get<Clusters>(`${base}/map/clusters`, { bbox: WORLD, zoom: '4' });
    expect((await coordinator.post(`${base}/actors/${eco.company}/archive`)).status).toBe(200);
    const after = await coordinator.get<Clusters>(`${base}/map/clusters`, { bbox: WORLD, zoom: '4' });
    expect(after.body.total).toBe(before.body.total - 1);
    expect(after.body.inView).toBe(before.body.inView - 1);
    expect((await coordinator.post(`${base}/actors/${eco.company}/unarchive`)).status).toBe(200);
    const restored = await coordinator.get<Clusters>(`${base}/map/clusters`, { bbox: WORLD, zoom: '4' });
    expect(restored.body.total).toBe(before.body.total);
  });

  it('follows a move: the actor leaves one viewport and appears in another', async () => {
    const gap = '5.60,45.10,5.70,45.20'; // near Grenoble, where nothing is placed
    const ids = async (bbox: string) =>
      (await coordinator.get<Clusters>(`${base}/map/clusters`, { bbox, zoom: '16' })).body.features.map(
        (feature) => feature.properties.id,
      );
    expect(await ids(gap)).toEqual([]);
    const actor = await coordinator.get<{ version: number; location: { latitude: number; longitude: number } }>(
      `${base}/actors/${eco.association}`,
    );
    const move = (latitude: number, longitude: number, version: number) =>
      coordinator.request('PATCH', `${base}/actors/${eco.association}`, {
        body: { latitude, longitude },
        headers: { 'if-match': `"${version}"` },
      });
    expect((await move(45.15, 5.65, actor.body.version)).status).toBe(200);
    expect(await ids(gap)).toEqual([eco.association]);
    // And back where it was (the next test finds it there).
    expect(
      (await move(actor.body.location.latitude, actor.body.location.longitude, actor.body.version + 1)).status,
    ).toBe(200);
    expect(await ids(gap)).toEqual([]);
  });

  it('hides alliance counts from a member not linked to them, and refuses them the alliance filter', async () => {
    const member = f.a.member.api;
    const fixture = '4.8,45.75,4.9,45.8';
    const points = await member.get<Clusters>(`${base}/map/clusters`, { bbox: fixture, zoom: '18' });
    expect(points.status).toBe(200);
    expect(points.body.features.some((feature) => feature.properties.id === eco.association)).toBe(true);
    // f.a.member is linked to no organisation here: no count is theirs to see.
    expect(points.body.features.every((feature) => feature.properties.allianceCount === null)).toBe(true);
    const coordinatorView = await coordinator.get<Clusters>(`${base}/map/clusters`, { bbox: fixture, zoom: '18' });
    expect(coordinatorView.body.features.every((feature) => typeof feature.properties.allianceCount === 'number')).toBe(
      true,
    );
    const refused = await member.get<{ code: string }>(`${base}/map/clusters`, {
      bbox: WORLD,
      zoom: '5',
      hasAlliance: 'true',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden_filter');
    const withAlliance = await coordinator.get<Clusters>(`${base}/map/clusters`, {
      bbox: WORLD,
      zoom: '5',
      hasAlliance: 'true',
    });
    expect(withAlliance.body.total).toBe(
      await located(
        'exists (select 1 from alliance_parties p where p.territory_id = a.territory_id and p.actor_id = a.id)',
      ),
    );
  });

  it('refuses a bad extent or zoom with a 400 in French', async () => {
    const cases: Record<string, string>[] = [
      { zoom: '5' },
      { bbox: WORLD },
      { bbox: '4.9,45.7,4.8,45.8', zoom: '5' }, // west > east: inverted, or across the antimeridian
      { bbox: '170,-20,-170,20', zoom: '5' },
      { bbox: '4.8,45.8,4.9,45.7', zoom: '5' },
      { bbox: '-181,0,0,10', zoom: '5' },
      { bbox: '0,-91,10,10', zoom: '5' },
      { bbox: '1,2,3', zoom: '5' },
      { bbox: 'a,b,c,d', zoom: '5' },
      { bbox: '1e3,0,2,2', zoom: '5' },
      { bbox: WORLD, zoom: '2.5' },
      { bbox: WORLD, zoom: '-1' },
      { bbox: WORLD, zoom: '21' },
      { bbox: WORLD, zoom: 'loin' },
    ];
    for (const query of cases) {
      const answer = await coordinator.get<{ detail: string; errors?: { field: string; message: string }[] }>(
        `${base}/map/clusters`,
        query,
      );
      expect({ query, status: answer.status }).toEqual({ query, status: 400 });
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(answer.body)).toMatch(/Emprise|zoom|requis|attendu/i);
    }
  });
});
