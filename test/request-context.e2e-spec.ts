import {
  createTenancyFixture,
  engineKind,
  ownerQuery,
  pollUntil,
  type TenancyFixture,
  type TestApp,
} from '@maillage/testing';
import { Readable } from 'node:stream';
import { startApi } from './support/app.js';

/**
 * The request's context (`TenantContext`, entered by the HTTP app's first hook) and the
 * transaction the access guard opens in it for the request's first unit of work: one the request
 * never uses is ended once the response is sent, so its connection goes back to the pool.
 */
describe(`the request's context and its held transaction (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;

  beforeAll(async () => {
    // Three connections: requests that kept theirs would exhaust the pool within a few requests.
    t = await startApi({ DATABASE_POOL_SIZE: '3' });
    f = await createTenancyFixture(t);
  });
  afterAll(() => t?.close());

  it('ends an unused held transaction: refused requests after the access check never exhaust the pool', async () => {
    const api = f.a.coordinator.api;
    const base = `/territories/${f.a.id}`;
    // The access guard opens the transaction; the query's validation then refuses the request (400).
    for (let i = 0; i < 10; i += 1) {
      const refused = await api.get(`${base}/actors`, { limit: 'beaucoup' });
      expect(refused.status).toBe(400);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const together = await Promise.all(
      Array.from({ length: 8 }, (_, i) => api.get(`${base}/actors`, { limit: i % 2 ? '0' : 'tous' })),
    );
    expect(together.map((response) => response.status)).toEqual(Array(8).fill(400));
    // A request that uses its transaction, and one with a body refused by validation, still answer.
    const page = await api.get<{ items: unknown[] }>(`${base}/actors`, { limit: '5' });
    expect(page.status).toBe(200);
    const invalid = await api.post(`${base}/actors`, { category: 'inconnue', name: '' });
    expect(invalid.status).toBe(400);
    const created = await api.post<{ id: string }>(`${base}/actors`, {
      category: 'association',
      name: 'Atelier du contexte',
    });
    expect(created.status).toBe(201);
    const read = await api.get<{ name: string }>(`${base}/actors/${created.body.id}`);
    expect(read.body.name).toBe('Atelier du contexte');

    if (engineKind() === 'external') {
      // No connection of the API is left inside a transaction once the responses are sent.
      await pollUntil(
        'connections idle in a transaction',
        () =>
          ownerQuery<{ count: string }>(
            t.runtime,
            `select count(*)::text as count from pg_stat_activity
              where datname = current_database() and state like 'idle in transaction%'`,
          ),
        (rows) => rows[0]?.count === '0',
        { timeoutMs: 30_000 },
      );
    }
  });

  it('holds no transaction while an upload is read: slow uploads never exhaust the pool', async () => {
    const base = `/api/v1/territories/${f.a.id}`;
    const authorization = `Bearer ${f.a.coordinator.token}`;
    // Five uploads (two more than the pool's connections) whose senders are slow: each body's first
    // line arrives, the rest waits until the test lets it go.
    const uploads = Array.from({ length: 5 }, (_, i) => {
      let release: () => void = () => undefined;
      let reading: () => void = () => undefined;
      const started = new Promise<void>((resolve) => (reading = resolve));
      const rest = new Promise<void>((resolve) => (release = resolve));
      let sent = false;
      const body = new Readable({
        read() {
          if (sent) return;
          sent = true;
          this.push('Nom;Catégorie\n');
          reading();
          void rest.then(() => {
            this.push(`Atelier lent ${i};association\n`);
            this.push(null);
          });
        },
      });
      const response = t.app.inject({
        method: 'POST',
        url: `${base}/imports?filename=lent-${i}.csv`,
        headers: { authorization, 'content-type': 'text/csv' },
        payload: body,
      });
      return { started, release, response };
    });
    // Every upload has passed the access check and is being read by its handler…
    await Promise.all(uploads.map((upload) => upload.started));
    // …and the API still answers other requests, which need a connection each.
    const page = await f.a.coordinator.api.get(`/territories/${f.a.id}/actors`, { limit: '5' });
    expect(page.status).toBe(200);
    for (const upload of uploads) upload.release();
    const answers = await Promise.all(uploads.map((upload) => upload.response));
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(5).fill(202));
  });

  it('keeps each request in its own context: concurrent callers in two territories see their own data', async () => {
    const [a, b] = [f.a, f.b];
    const name = (territory: string, i: number) => `Acteur ${territory} ${i}`;
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        Promise.all([
          a.coordinator.api.post(`/territories/${a.id}/actors`, { category: 'company', name: name('A', i) }),
          b.coordinator.api.post(`/territories/${b.id}/actors`, { category: 'company', name: name('B', i) }),
        ]),
      ),
    );
    const pages = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? b : a).coordinator.api.get<{ items: { name: string }[] }>(
          `/territories/${(i % 2 ? b : a).id}/actors`,
          { q: 'Acteur', limit: '50' },
        ),
      ),
    );
    pages.forEach((page, i) => {
      expect(page.status).toBe(200);
      const names = page.body.items.map((item) => item.name);
      expect(names.length).toBeGreaterThanOrEqual(6);
      expect(names.every((n) => n.startsWith(`Acteur ${i % 2 ? 'B' : 'A'} `))).toBe(true);
    });
  });
});
