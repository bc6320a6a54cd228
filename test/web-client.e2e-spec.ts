import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fetchOpenApi, type TestApp } from '@maillage/testing';
// The generator's own renderer, so the test compares like with like.
import { renderApiTypes } from '../scripts/api-types.mjs';
import { startApi } from './support/app.js';

/**
 * The web console's client types are generated from the API's OpenAPI
 * document and committed. This fails when a controller or DTO changed and
 * `npm run generate:api` was not run, so the console never compiles against
 * a stale API.
 */
describe('web console API client', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApi();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('apps/web/src/api/schema.d.ts matches the OpenAPI document the API serves', async () => {
    const document = await fetchOpenApi(t.app);
    const expected = await renderApiTypes(document);
    const committed = readFileSync(new URL('../apps/web/src/api/schema.d.ts', import.meta.url), 'utf8');
    if (committed !== expected) {
      throw new Error('apps/web/src/api/schema.d.ts is stale: run `npm run generate:api` and commit the result.');
    }
    expect(committed.length).toBeGreaterThan(1000);
  });

  it('every operation the console may call has a typed success response', async () => {
    const document = await fetchOpenApi(t.app);
    const untyped: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(
        operations as Record<string, { responses?: Record<string, { content?: unknown }> }>,
      )) {
        const success = Object.entries(operation.responses ?? {}).filter(([code]) => code.startsWith('2'));
        // A route that only redirects (a mail's link opened in a browser) is not one the console calls.
        const redirects = Object.keys(operation.responses ?? {}).some((code) => code.startsWith('3'));
        if (success.length === 0 && redirects) continue;
        if (success.length === 0 || success.some(([code, response]) => code !== '204' && !response.content)) {
          untyped.push(`${method.toUpperCase()} ${path}`);
        }
      }
    }
    expect(untyped).toEqual([]);
  });
});
