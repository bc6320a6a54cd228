import fc from 'fast-check';
import type { OpenAPIObject } from '@nestjs/swagger';
import {
  createTenancyFixture,
  engineKind,
  seedEcosystem,
  fetchOpenApi,
  fillPath,
  operations,
  type ApiClient,
  type Operation,
  type TenancyFixture,
  type TestApp,
} from '@maillage/testing';
import { startApi } from './support/app.js';
import { objectFor, valueFor, weird } from './support/openapi-values.js';

// The sweep below takes minutes on a loaded machine (the browser suites run beside it).
/** Cases per operation: at least 50 in CI (FUZZ_RUNS raises it for a deeper local run). */
const RUNS = Math.max(50, Number(process.env.FUZZ_RUNS ?? 50));
// Each sweep walks every documented operation: 50 s on an idle machine, four times that beside the
// browser suites on two cores. A minute's margin on the slowest seen is not enough.
const SWEEP_TIMEOUT_MS = 600_000;

/** Query strings carry text: objects and arrays are sent as their JSON. */
function asQueryValue(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
}

interface Request {
  caller: 'admin' | 'coordinator' | 'anonymous';
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

function requestFor(document: OpenAPIObject, operation: Operation, ids: Record<string, string>): fc.Arbitrary<Request> {
  const params = Object.fromEntries(
    operation.parameters
      .filter((parameter) => parameter.in === 'path')
      .map((parameter) => [
        parameter.name,
        fc.oneof(
          { weight: 3, arbitrary: fc.constant(ids[parameter.name] ?? 'inconnu') },
          {
            weight: 2,
            arbitrary: fc.oneof(
              fc.uuid(),
              fc.string({ maxLength: 40 }),
              fc.string({ unit: 'grapheme', maxLength: 20 }),
            ),
          },
        ),
      ]),
  );
  const query = Object.fromEntries(
    operation.parameters
      .filter((parameter) => parameter.in === 'query')
      .map((parameter) => [
        parameter.name,
        fc.option(valueFor(document, parameter.schema).map(asQueryValue), { nil: undefined }),
      ]),
  );
  const body = operation.requestBody
    ? fc.oneof({ weight: 4, arbitrary: objectFor(document, operation.requestBody) }, { weight: 1, arbitrary: weird })
    : fc.constant(undefined);
  return fc.record({
    caller: fc.constantFrom('admin', 'coordinator', 'anonymous'),
    params: fc.record(params),
    query: fc
      .record(query, { requiredKeys: [] })
      .map(
        (values) =>
          Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Record<
            string,
            string
          >,
      ),
    body,
  });
}

describe(`property-based fuzzing of every operation (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;
  let document: OpenAPIObject;
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await startApi({ AUTH_LOGIN_MAX_FAILURES_PER_IP: '100000', AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000' });
    f = await createTenancyFixture(t);
    document = await fetchOpenApi(t.app);
    const invitation = await f.a.coordinator.api.post<{ id: string; token: string }>(
      `/territories/${f.a.id}/invitations`,
      {
        email: 'fuzz@maillage.test',
        role: 'member',
      },
    );
    const eco = await seedEcosystem(f.a.coordinator.api, f.a.id);
    const caseStudy = await f.a.coordinator.api.post<{ id: string }>(`/territories/${f.a.id}/case-studies`, {
      source: 'alliance',
      sourceId: eco.activeAllianceId,
    });
    ids = {
      territoryId: f.a.id,
      userId: f.a.member.id,
      invitationId: invitation.body.id,
      token: invitation.body.token,
      actorId: eco.association,
      contactId: eco.contactId,
      importId: eco.importId,
      reportId: eco.reportId,
      scheduleId: eco.scheduleId,
      priorityId: eco.priorityId,
      actionId: eco.experimentId,
      allianceId: eco.activeAllianceId,
      caseStudyId: caseStudy.body.id,
      studyId: eco.studyId,
    };
  }, SWEEP_TIMEOUT_MS);
  afterAll(() => t?.close());

  it(
    `never answers 5xx, and answers every 4xx with problem+json (${RUNS} cases per operation)`,
    async () => {
      const all = operations(document);
      expect(all.length).toBeGreaterThan(15);
      const callers: Record<Request['caller'], ApiClient> = {
        admin: f.admin.api,
        coordinator: f.a.coordinator.api,
        anonymous: f.anonymous,
      };
      for (const operation of all) {
        // Each call generates a whole demo territory: test/demo.e2e-spec.ts covers its inputs.
        if (operation.operationId === 'DemoController_create') continue;
        await fc.assert(
          fc.asyncProperty(requestFor(document, operation, ids), async (request) => {
            const response = await callers[request.caller].request(
              operation.method,
              fillPath(operation.path, request.params),
              {
                query: request.query,
                ...(request.body !== undefined ? { body: request.body } : {}),
              },
            );
            const context = `${operation.method} ${operation.path} → ${response.status} ${response.text.slice(0, 300)}`;
            expect({ context, serverError: response.status >= 500 }).toEqual({ context, serverError: false });
            if (response.status >= 400) {
              expect({ context, type: response.headers['content-type'] }).toEqual({
                context,
                type: expect.stringMatching(/^application\/problem\+json/),
              });
              expect(response.body).toMatchObject({ status: response.status, code: expect.any(String) });
            }
          }),
          { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647), endOnFailure: true },
        );
      }
    },
    SWEEP_TIMEOUT_MS,
  );

  /** Sends raw bytes as a JSON body to every operation that takes one; returns what answered otherwise than expected. */
  async function sweepJsonBodies(payload: Buffer, expected: { status: number; code: string }): Promise<string[]> {
    const withBody = operations(document).filter((operation) => operation.requestBody);
    expect(withBody.length).toBeGreaterThan(10);
    const unexpected: string[] = [];
    for (const operation of withBody) {
      const response = await t.app.inject({
        method: operation.method,
        url: fillPath(operation.path, ids),
        headers: { authorization: `Bearer ${f.admin.token}`, 'content-type': 'application/json' },
        payload,
      });
      const body = response.headers['content-type']?.toString().startsWith('application/problem+json')
        ? (response.json() as { status?: number; code?: string })
        : {};
      if (response.statusCode !== expected.status || body.status !== expected.status || body.code !== expected.code) {
        unexpected.push(
          `${operation.method} ${operation.path} → ${response.statusCode} ${response.body.slice(0, 200)}`,
        );
      }
    }
    return unexpected;
  }

  it(
    'refuses deeply nested JSON with a 400 problem on every JSON route, before anything walks it',
    async () => {
      const deep = Buffer.from(`{"name":${'['.repeat(8_000)}${']'.repeat(8_000)}}`);
      expect(await sweepJsonBodies(deep, { status: 400, code: 'json_too_deep' })).toEqual([]);
    },
    SWEEP_TIMEOUT_MS,
  );

  it(
    'refuses a JSON body that is not valid UTF-8 with a 400 problem, instead of storing U+FFFD',
    async () => {
      const invalid = Buffer.concat([Buffer.from('{"name":"Caf'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
      expect(await sweepJsonBodies(invalid, { status: 400, code: 'invalid_encoding' })).toEqual([]);
    },
    SWEEP_TIMEOUT_MS,
  );
});
