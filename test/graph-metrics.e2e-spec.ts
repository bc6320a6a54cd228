import {
  createTenancyFixture,
  engineKind,
  ownerQuery,
  pollUntil,
  waitForGraph,
  type ApiClient,
  type TenancyFixture,
  type TestApp,
} from '@maillage/testing';
import type { GraphView } from '@maillage/ecosystem';
import { startApi } from './support/app.js';

/** The API's answer (the library's type: the same shape, dates as strings). */
type Graph = GraphView;

/** The graph's links as [actor id, actor id, alliance id], sorted (the API gives indexes into its lists). */
function links(graph: Graph): [string, string, string][] {
  return graph.edges.source
    .map((source, i): [string, string, string] => {
      const ends = [graph.nodes[source]!.id, graph.nodes[graph.edges.target[i]!]!.id].sort();
      return [ends[0]!, ends[1]!, graph.alliances[graph.edges.alliance[i]!]!.id];
    })
    .sort((x, y) => x.join().localeCompare(y.join()));
}

/** Exact betweenness up to four linked actors here, so a handful of actors makes a "large" territory. */
const EXACT_UP_TO = 4;

describe(`the stored graph metrics (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;

  beforeAll(async () => {
    // A debounce long enough for the test to see the snapshot stale right after a change.
    t = await startApi({ MAILLAGE_GRAPH_EXACT_UP_TO: String(EXACT_UP_TO), MAILLAGE_GRAPH_DEBOUNCE_MS: '3000' });
    f = await createTenancyFixture(t);
  });
  afterAll(() => t?.close());

  async function actors(api: ApiClient, territoryId: string, count: number, tag: string): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const created = await api.post<{ id: string }>(`/territories/${territoryId}/actors`, {
        category: 'public_body',
        name: `Service ${tag} ${i}`,
        communeCode: '69123',
      });
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
    return ids;
  }

  async function ally(api: ApiClient, territoryId: string, a: string, b: string): Promise<string> {
    const created = await api.post<{ id: string }>(`/territories/${territoryId}/alliances`, {
      title: 'Coopération de voisinage',
      parties: [
        { actorId: a, role: 'partenaire' },
        { actorId: b, role: 'partenaire' },
      ],
      modes: ['economic_cooperation'],
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  it('computes a small territory’s graph on its first visit, then follows each change in the background', async () => {
    const api = f.a.coordinator.api;
    const base = `/territories/${f.a.id}`;
    const [a, b, c] = (await actors(api, f.a.id, 3, 'A')) as [string, string, string];
    const firstAlliance = await ally(api, f.a.id, a, b);
    const first = await api.get<Graph>(`${base}/graph`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ source: 'stored', stale: false, asOf: first.body.computedAt });
    expect(first.body.betweenness).toMatchObject({ method: 'exact', linkedActors: 2, error: 0, confidence: 1 });

    const second = await ally(api, f.a.id, b, c);
    const stale = await api.get<Graph>(`${base}/graph`);
    expect(stale.body).toMatchObject({ stale: true, computedAt: first.body.computedAt });
    const current = await waitForGraph<Graph>(api, f.a.id);
    expect(Date.parse(current.computedAt)).toBeGreaterThan(Date.parse(first.body.computedAt));
    const node = (graph: Graph, id: string) => graph.nodes.find((candidate) => candidate.id === id);
    expect(node(current, b)?.degree).toBe(2);
    // Each alliance once, each link as indexes into the nodes and alliances.
    expect(current.alliances.map((alliance) => alliance.id).sort()).toEqual([firstAlliance, second].sort());
    expect(current.edges.source).toHaveLength(2);
    expect(links(current)).toEqual(
      [
        [...[a, b].sort(), firstAlliance],
        [...[b, c].sort(), second],
      ].sort((x, y) => x.join().localeCompare(y.join())),
    );
    expect(node(current, b)?.betweenness).toBeGreaterThan(0);
    // The same figures as an exact analysis made for this request.
    const inline = await api.get<Graph>(`${base}/graph`, { asOf: new Date().toISOString() });
    expect(inline.body).toMatchObject({ source: 'computed', stale: false });
    const metrics = (graph: Graph) =>
      graph.nodes
        .map(({ id, degree, betweenness, component, community }) => ({ id, degree, betweenness, component, community }))
        .sort((x, y) => x.id.localeCompare(y.id));
    expect(metrics(current)).toEqual(metrics(inline.body));
    // Positions are kept: a past date draws the actors where the stored layout put them.
    expect(inline.body.nodes.map(({ id, x, y }) => ({ id, x, y })).sort((x, y) => x.id.localeCompare(y.id))).toEqual(
      current.nodes.map(({ id, x, y }) => ({ id, x, y })).sort((x, y) => x.id.localeCompare(y.id)),
    );
    // The stored snapshot is served as PostgreSQL writes it; the answer built from objects (this request's
    // computation) has the same members, types and values.
    const byId = (graph: Graph) => [...graph.nodes].sort((x, y) => x.id.localeCompare(y.id));
    expect(byId(current)).toEqual(byId(inline.body));
    expect(links(current)).toEqual(links(inline.body));
    const alliancesById = (graph: Graph) => [...graph.alliances].sort((x, y) => x.id.localeCompare(y.id));
    expect(alliancesById(current)).toEqual(alliancesById(inline.body));
    expect(Object.keys(current).sort()).toEqual(Object.keys(inline.body).sort());
    expect(current.betweenness).toEqual(inline.body.betweenness);
    expect({ components: current.components, communities: current.communities }).toEqual({
      components: inline.body.components,
      communities: inline.body.communities,
    });

    // The current snapshot's answer is kept compressed: a browser (gzip accepted) gets it as kept, the
    // same text as decompressed for a client that does not take gzip (or refuses it by its q-value).
    const identity = await api.get<Graph>(`${base}/graph`);
    const gzipped = await api.request<Graph>('GET', `${base}/graph`, {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(gzipped.headers).toMatchObject({ 'content-encoding': 'gzip', vary: 'Accept-Encoding' });
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers['content-type']).toBe(gzipped.headers['content-type']);
    expect(gzipped.text).toBe(identity.text);
    expect(gzipped.body).toEqual(current);
    const refused = await api.request('GET', `${base}/graph`, { headers: { 'accept-encoding': 'br, gzip;q=0' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.text).toBe(identity.text);
    // Byte for byte the answer built from the stored rows, as before it was kept.
    await ownerQuery(
      t.runtime,
      `update graph_snapshots set body_gzip = null where territory_id = $1 and view = 'current'`,
      [f.a.id],
    );
    expect((await api.get(`${base}/graph`)).text).toBe(identity.text);

    // A snapshot stored before the compact links (one object per link), and before its answer was kept
    // compressed, is still served, converted.
    const legacy = current.edges.source.map((source, i) => {
      const alliance = current.alliances[current.edges.alliance[i]!]!;
      return {
        allianceId: alliance.id,
        source: current.nodes[source]!.id,
        target: current.nodes[current.edges.target[i]!]!.id,
        status: alliance.status,
        modes: alliance.modes,
      };
    });
    await ownerQuery(
      t.runtime,
      `update graph_snapshots set edges = $2::jsonb, body_gzip = null where territory_id = $1 and view = 'current'`,
      [f.a.id, JSON.stringify(legacy)],
    );
    const converted = await api.get<Graph>(`${base}/graph`);
    expect(converted.body).toMatchObject({ source: 'stored', stale: false, computedAt: current.computedAt });
    expect(links(converted.body)).toEqual(links(current));
    expect(alliancesById(converted.body)).toEqual(alliancesById(current));
    expect(byId(converted.body)).toEqual(byId(current));

    expect((await api.post(`${base}/alliances/${second}/transitions`, { to: 'declined' })).status).toBe(200);
    // Stale: the kept answer is not sent (it would not say so), the one built says it.
    const staleNow = await api.request<Graph>('GET', `${base}/graph`, { headers: { 'accept-encoding': 'gzip' } });
    expect(staleNow.headers['content-encoding']).toBeUndefined();
    expect(staleNow.body).toMatchObject({ stale: true, computedAt: current.computedAt });
    const declined = await waitForGraph<Graph>(api, f.a.id);
    expect(Date.parse(declined.computedAt)).toBeGreaterThan(Date.parse(current.computedAt));
    expect(declined.alliances.some((alliance) => alliance.id === second)).toBe(false);
    expect(links(declined)).toEqual([[...[a, b].sort(), firstAlliance]]);
    expect(node(declined, c)?.degree).toBe(0);
    expect(node(declined, c)?.community).toBe(-1);

    // A rename and an archival are changes of the graph too; a description is not.
    const actor = await api.get<{ version: number }>(`${base}/actors/${b}`);
    const described = await api.request('PATCH', `${base}/actors/${b}`, {
      body: { description: 'Sans effet sur le graphe' },
      headers: { 'if-match': `"${actor.body.version}"` },
    });
    expect(described.status).toBe(200);
    expect((await api.get<Graph>(`${base}/graph`)).body.stale).toBe(false);
    const renamed = await api.request('PATCH', `${base}/actors/${b}`, {
      body: { name: 'Service A renommé' },
      headers: { 'if-match': `"${actor.body.version + 1}"` },
    });
    expect(renamed.status).toBe(200);
    expect((await api.post(`${base}/actors/${c}/archive`)).status).toBe(200);
    expect((await api.get<Graph>(`${base}/graph`)).body.stale).toBe(true);
    const changed = await waitForGraph<Graph>(api, f.a.id);
    expect(changed.nodes.find((candidate) => candidate.id === b)?.name).toBe('Service A renommé');
    expect(node(changed, c)).toBeUndefined();
  });

  it('answers 202 with progress while the worker computes a large territory, then the kept figures', async () => {
    const api = f.b.coordinator.api;
    const base = `/territories/${f.b.id}`;
    // Written as the owner, so that no change event queues the worker before the first visit (through the API, a
    // set-up slower than the debounce, on a busy machine, let the worker answer first).
    const ids = (
      await ownerQuery<{ id: string }>(
        t.runtime,
        `insert into actors (territory_id, category, name, commune_code)
         select $1, 'public_body', 'Service B ' || g, '69123' from generate_series(1, 6) g returning id`,
        [f.b.id],
      )
    ).map((row) => row.id);
    await ownerQuery(
      t.runtime,
      `with chain as (select ids[g] as a, ids[g + 1] as b from (select $2::uuid[] as ids) x, generate_series(1, 5) g),
            made as (insert into alliances (territory_id, title, status, modes)
                     select $1, 'Coopération de voisinage ' || a, 'active', '{economic_cooperation}' from chain
                     returning id, split_part(title, ' ', 4)::uuid as a),
            parties as (insert into alliance_parties (territory_id, alliance_id, actor_id)
                        select $1, made.id, unnest(array[chain.a, chain.b]) from made join chain using (a))
       insert into alliance_transitions (territory_id, alliance_id, from_status, to_status, changed_at)
       select $1, id, null, 'proposed', now() - interval '1 day' from made
       union all select $1, id, 'proposed', 'active', now() - interval '1 hour' from made`,
      [f.b.id, ids],
    );
    // First visit of a territory above the threshold: queued, not computed in the request.
    const first = await api.get<{ status: string; progress: number; asOf: string | null }>(`${base}/graph`);
    expect(first.status).toBe(202);
    expect(first.headers['retry-after']).toBeDefined();
    expect(first.body).toMatchObject({ status: 'computing', asOf: null });
    expect(first.body.progress).toBeGreaterThanOrEqual(0);
    const stored = await waitForGraph<Graph>(api, f.b.id);
    expect(stored.source).toBe('stored');
    expect(stored.betweenness).toMatchObject({ method: 'sampled', linkedActors: 6, sources: EXACT_UP_TO });
    expect(stored.betweenness.error).toBeGreaterThan(0);

    // A past date on a large territory: 202 while the worker computes it, then kept.
    const asOf = new Date().toISOString();
    const asked = await api.get<{ status: string; asOf: string }>(`${base}/graph`, { asOf });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ status: 'computing', asOf });
    const past = await pollUntil(
      'the past graph to be computed',
      () => api.get<Graph>(`${base}/graph`, { asOf }),
      (answer) => answer.status === 200,
      { intervalMs: 200 },
    );
    expect(past.body).toMatchObject({ source: 'computed', asOf, stale: false });
    expect(past.body.edges.source.length).toBe(ids.length - 1);
    const again = await api.get<Graph>(`${base}/graph`, { asOf });
    expect(again.status).toBe(200);
    expect(again.body.computedAt).toBe(past.body.computedAt);
  });
});
