import {
  createTenancyFixture,
  engineKind,
  pollUntil,
  waitForImport,
  type ApiClient,
  type TenancyFixture,
  type TestApp,
} from '@maillage/testing';
import { startApi } from './support/app.js';
import { BanServer } from './support/ban-server.js';

interface RunRow {
  actorId: string;
  name: string;
  line?: number;
  outcome: string;
  label?: string;
  message?: string;
}
interface Run {
  id: string;
  importId: string | null;
  status: string;
  progress: number;
  summary: Record<string, number>;
  rows: RunRow[];
  error: string | null;
}
interface Actor {
  id: string;
  name: string;
  version: number;
  location: { latitude: number; longitude: number } | null;
  locationPrecision: string | null;
}

describe(`geocoding through the national address service (${engineKind()} engine)`, () => {
  const ban = new BanServer();
  let t: TestApp;
  let f: TenancyFixture;
  let coordinator: ApiClient;
  let base: string;

  beforeAll(async () => {
    const url = await ban.start();
    ban.places = [
      { match: '8 rue de la République', type: 'housenumber', latitude: 45.764, longitude: 4.8357, citycode: '69123' },
      { match: 'cours Émile Zola', type: 'street', latitude: 45.7712, longitude: 4.8801, citycode: '69266' },
      { match: 'Lyon', type: 'municipality', latitude: 45.758, longitude: 4.835, citycode: '69123' },
      { match: 'Villeurbanne', type: 'municipality', latitude: 45.7667, longitude: 4.8803, citycode: '69266' },
    ];
    t = await startApi({ MAILLAGE_GEOCODER_URL: url });
    f = await createTenancyFixture(t);
    coordinator = f.a.coordinator.api;
    base = `/territories/${f.a.id}`;
  });
  afterAll(async () => {
    await t?.close();
    await ban.stop();
  });

  const waitForRun = (runId: string, status: 'completed' | 'failed') =>
    pollUntil(
      `geocoding ${runId} to be ${status}`,
      () => coordinator.get<Run>(`${base}/geocoding/${runId}`),
      (answer) => answer.body.status === status,
    ).then((answer) => answer.body);

  const actor = async (id: string) => (await coordinator.get<Actor>(`${base}/actors/${id}`)).body;

  it('geocodes an import’s actors in the worker: addresses placed, commune-only ones approximate, the unknown explained', async () => {
    const csv = [
      'Nom;Catégorie;Adresse;Code INSEE',
      'Maison des Solidarités;association;8 rue de la République;69123',
      'Atelier Zola;association;12 cours Émile Zola;69266',
      'Collectif des Pentes;collectif citoyen;;69123',
      'Épicerie des Nuages;association;999 chemin des Nuages;69266',
      'Lieu sans commune;association;3 impasse Inconnue;',
    ].join('\n');
    const upload = await coordinator.upload<{ id: string }>(`${base}/imports`, Buffer.from(csv, 'utf8'), 'text/csv');
    expect(upload.status).toBe(202);
    await waitForImport(coordinator, f.a.id, upload.body.id, 'analysed');
    expect((await coordinator.post(`${base}/imports/${upload.body.id}/run`, {})).status).toBe(202);
    await waitForImport(coordinator, f.a.id, upload.body.id, 'completed');

    const listed = await pollUntil(
      'a geocoding run for the import',
      () => coordinator.get<{ items: Run[] }>(`${base}/geocoding`, { importId: upload.body.id }),
      (answer) => answer.body.items.length > 0,
    );
    const run = await waitForRun(listed.body.items[0]!.id, 'completed');
    expect(run).toMatchObject({ importId: upload.body.id, progress: 100, error: null });
    expect(run.summary).toEqual({
      actors: 5,
      address: 1,
      street: 1,
      commune: 2,
      notFound: 1,
      failed: 0,
      skipped: 0,
    });
    const byName = Object.fromEntries(run.rows.map((row) => [row.name, row]));
    expect(byName['Maison des Solidarités']).toMatchObject({ line: 2, outcome: 'address' });
    expect(byName['Atelier Zola']).toMatchObject({ line: 3, outcome: 'street' });
    expect(byName['Collectif des Pentes']).toMatchObject({ line: 4, outcome: 'commune' });
    expect(byName['Collectif des Pentes']!.message).toMatch(/position de sa commune, approximative/);
    expect(byName['Épicerie des Nuages']).toMatchObject({ line: 5, outcome: 'commune' });
    expect(byName['Épicerie des Nuages']!.message).toMatch(/Adresse introuvable.*« 999 chemin des Nuages »/);
    expect(byName['Lieu sans commune']).toMatchObject({ line: 6, outcome: 'not_found' });
    expect(byName['Lieu sans commune']!.message).toMatch(/Adresse introuvable.*placez l’acteur sur la carte/);
    // The batch went through search/csv, the communes through search (type=municipality).
    expect(ban.calls.csv).toBeGreaterThanOrEqual(1);

    const placed = await actor(byName['Maison des Solidarités']!.actorId);
    expect(placed).toMatchObject({ location: { latitude: 45.764, longitude: 4.8357 }, locationPrecision: 'address' });
    const approximate = await actor(byName['Collectif des Pentes']!.actorId);
    expect(approximate).toMatchObject({
      location: { latitude: 45.758, longitude: 4.835 },
      locationPrecision: 'commune',
    });
    expect((await actor(byName['Lieu sans commune']!.actorId)).location).toBeNull();

    const map = await coordinator.get<{
      bbox: number[] | null;
      features: { properties: { id: string; precision: string | null; approximate: boolean } }[];
      communes: { code: string; name: string; latitude: number; longitude: number }[];
    }>(`${base}/map`);
    expect(map.status).toBe(200);
    const feature = (id: string) => map.body.features.find((item) => item.properties.id === id)?.properties;
    expect(feature(placed.id)).toMatchObject({ precision: 'address', approximate: false });
    expect(feature(approximate.id)).toMatchObject({ precision: 'commune', approximate: true });
    expect(map.body.communes).toEqual(
      expect.arrayContaining([{ code: '69123', name: 'Lyon', latitude: 45.758, longitude: 4.835 }]),
    );
    expect(map.body.bbox).toHaveLength(4);
  });

  it('places an actor by hand (manual precision) and never moves it afterwards', async () => {
    const created = await coordinator.post<Actor>(`${base}/actors`, {
      category: 'association',
      name: 'Jardin partagé des Canuts',
      communeCode: '69123',
    });
    expect(created.body).toMatchObject({ location: null, locationPrecision: null });
    const moved = await coordinator.request<Actor>('PATCH', `${base}/actors/${created.body.id}`, {
      body: { latitude: 45.7745, longitude: 4.8277 },
      headers: { 'if-match': `"${created.body.version}"` },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      location: { latitude: 45.7745, longitude: 4.8277 },
      locationPrecision: 'manual',
    });
    const started = await coordinator.post<Run>(`${base}/geocoding`);
    expect(started.status).toBe(202);
    const run = await waitForRun(started.body.id, 'completed');
    expect(run.rows.map((row) => row.actorId)).not.toContain(created.body.id);
    expect(await actor(created.body.id)).toMatchObject({
      location: { latitude: 45.7745, longitude: 4.8277 },
      locationPrecision: 'manual',
    });
    // Members neither start nor read runs.
    expect((await f.a.member.api.post(`${base}/geocoding`)).status).toBe(403);
  });

  it('drops a geocoded position when the address changes and places the actor again, but never moves a hand-placed one', async () => {
    const created = await coordinator.post<Actor>(`${base}/actors`, {
      category: 'association',
      name: 'Recyclerie des Pentes',
      address: '8 rue de la République',
      communeCode: '69123',
    });
    const first = await coordinator.post<Run>(`${base}/geocoding`);
    await waitForRun(first.body.id, 'completed');
    const placed = await actor(created.body.id);
    expect(placed).toMatchObject({ location: { latitude: 45.764, longitude: 4.8357 }, locationPrecision: 'address' });

    // Moved to Villeurbanne: the old point no longer says where it is.
    const moved = await coordinator.request<Actor>('PATCH', `${base}/actors/${created.body.id}`, {
      body: { address: '12 cours Émile Zola', communeCode: '69266' },
      headers: { 'if-match': `"${placed.version}"` },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ location: null, locationPrecision: null });
    // The geocoder places it again in the background, at the new address.
    const again = await pollUntil(
      'the moved actor placed again',
      () => actor(created.body.id),
      (answer) => answer.location !== null,
    );
    expect(again).toMatchObject({ location: { latitude: 45.7712, longitude: 4.8801 }, locationPrecision: 'street' });
    await pollUntil(
      'the background run to end',
      () => coordinator.get<{ items: Run[] }>(`${base}/geocoding`),
      (answer) => answer.body.items.every((run) => run.status !== 'running'),
    );

    // A person placed it by hand: a new address leaves the point where they put it.
    const byHand = await coordinator.request<Actor>('PATCH', `${base}/actors/${created.body.id}`, {
      body: { latitude: 45.77, longitude: 4.88 },
      headers: { 'if-match': `"${again.version}"` },
    });
    expect(byHand.body).toMatchObject({ locationPrecision: 'manual' });
    const readdressed = await coordinator.request<Actor>('PATCH', `${base}/actors/${created.body.id}`, {
      body: { address: '8 rue de la République', communeCode: '69123' },
      headers: { 'if-match': `"${byHand.body.version}"` },
    });
    expect(readdressed.body).toMatchObject({
      location: { latitude: 45.77, longitude: 4.88 },
      locationPrecision: 'manual',
    });
  });

  it('retries while the service is down, then reports each actor as failed, unchanged; a later run places them', async () => {
    const created = await coordinator.post<Actor>(`${base}/actors`, {
      category: 'association',
      name: 'Ressourcerie République',
      address: '8 rue de la République',
      communeCode: '69123',
    });
    ban.down = true;
    const refusedBefore = ban.calls.refused;
    try {
      const started = await coordinator.post<Run>(`${base}/geocoding`);
      expect(started.status).toBe(202);
      const run = await waitForRun(started.body.id, 'failed');
      // Three attempts, each refused.
      expect(ban.calls.refused - refusedBefore).toBeGreaterThanOrEqual(3);
      expect(run.error).toMatch(/Service d’adresses indisponible \(HTTP 503\)/);
      const row = run.rows.find((item) => item.actorId === created.body.id);
      expect(row).toMatchObject({ outcome: 'failed' });
      expect(row!.message).toMatch(/position inchangée, relancez le géocodage plus tard/);
      expect(run.summary.failed).toBe(run.summary.actors);
      expect(await actor(created.body.id)).toMatchObject({ location: null, locationPrecision: null });
    } finally {
      ban.down = false;
    }
    const again = await coordinator.post<Run>(`${base}/geocoding`);
    const done = await waitForRun(again.body.id, 'completed');
    expect(done.rows.find((item) => item.actorId === created.body.id)).toMatchObject({ outcome: 'address' });
    expect(await actor(created.body.id)).toMatchObject({ locationPrecision: 'address' });
  });

  it('answers an unknown run with a French 404', async () => {
    const missing = await coordinator.get(`${base}/geocoding/00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
