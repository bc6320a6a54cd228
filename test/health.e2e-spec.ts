import { ApiModule } from '../apps/api/src/api.module.js';
import { createTestApp, engineKind, type TestApp } from '@maillage/testing';

describe(`health and HTTP basics (${engineKind()} engine)`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp((runtime) => ApiModule.forRoot(runtime, { withWorker: true }));
  });
  afterAll(() => t?.close());

  it('answers liveness', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('is ready with the database and the queue up, and reports the in-process worker', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.status).toBe('ok');
    expect(body.checks.database.status).toBe('up');
    expect(body.checks.queue.status).toBe('up');
    expect(body.checks.workers).toMatchObject({ status: 'up', alive: 1 });
  });

  it('runs on the engine the environment asks for', () => {
    expect(t.runtime.config.database.mode).toBe(engineKind());
    expect(t.runtime.queue.kind).toBe(process.env.REDIS_URL ? 'redis' : 'postgres');
  });

  it('serves the OpenAPI document and its UI', async () => {
    const json = await t.app.inject({ method: 'GET', url: '/docs-json' });
    expect(json.statusCode).toBe(200);
    const document = json.json();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
    const ui = await t.app.inject({ method: 'GET', url: '/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });

  it('answers unknown routes with a problem document and a correlation id', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/does-not-exist' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json();
    expect(problem).toMatchObject({ status: 404, code: 'not_found', title: 'Ressource introuvable' });
    expect(problem.requestId).toBe(response.headers['x-request-id']);
  });

  it('honours a well-formed x-request-id and replaces a malformed one', async () => {
    const kept = await t.app.inject({ method: 'GET', url: '/api/v1/nope', headers: { 'x-request-id': 'abc-123' } });
    expect(kept.headers['x-request-id']).toBe('abc-123');
    expect(kept.json().requestId).toBe('abc-123');
    const replaced = await t.app.inject({
      method: 'GET',
      url: '/api/v1/nope',
      headers: { 'x-request-id': 'bad id\nwith newline' },
    });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers malformed JSON with a 400 problem, never a 500', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/health/live',
      headers: { 'content-type': 'application/json' },
      payload: '{"broken":',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().code).toBe('invalid_json');
  });

  it('refuses bodies over the size limit with 413', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/health/live',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ blob: 'x'.repeat(t.runtime.config.http.bodyLimit + 10) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ status: 413, code: 'payload_too_large' });
  });

  it('sends security headers', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health/live' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['strict-transport-security']).toBeDefined();
  });
});
