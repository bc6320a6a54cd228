import { randomUUID } from 'node:crypto';
import type { OpenAPIObject } from '@nestjs/swagger';
import { RUNTIME_ROLE, TenantContext, Transactions } from '@maillage/platform';
import {
  createTenancyFixture,
  databaseSnapshot,
  joinTerritory,
  seedEcosystem,
  seedOrganisations,
  runObservatoryRollup,
  engineKind,
  fetchOpenApi,
  fillPath,
  operations,
  ownerQuery,
  pollUntil,
  type Operation,
  type TenancyFixture,
  type TestApp,
  type TestUser,
} from '@maillage/testing';
import pg from 'pg';
import { startApi } from './support/app.js';
import { validBody } from './support/openapi-values.js';
import { BanServer } from './support/ban-server.js';
import { plantJoinConfirmation } from './support/join-confirmations.js';

// These tests walk every documented operation; under a loaded machine (the browser
// suites run beside them) a sweep takes minutes, not the default minute.
const SWEEP_TIMEOUT_MS = 600_000;

const TENANT_PREFIX = '/api/v1/territories/{territoryId}';

/** Tenant tables empty between transactions by design, with a row to insert as the owner for the sweep. */
const TRANSIENT_TABLES: Record<string, string> = {
  // Notes of a transaction's writes, consumed at its COMMIT (migration 1763800000064).
  revision_pending: `insert into revision_pending (territory_id, kind) values ($1, 'graph')`,
};

describe(`tenant isolation (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;
  let document: OpenAPIObject;
  let tenantOperations: Operation[];
  /** Ids of territory A's resources, by path parameter name. */
  let idsInA: Record<string, string>;
  /** A case study of A published to the national centre. */
  let publishedCaseStudyId: string;
  /** The address service the geocoding runs ask (it knows nothing: every actor is reported not found). */
  const ban = new BanServer();

  beforeAll(async () => {
    t = await startApi({ MAILLAGE_GEOCODER_URL: await ban.start() });
    f = await createTenancyFixture(t);
    document = await fetchOpenApi(t.app);
    tenantOperations = operations(document).filter((operation) => operation.path.startsWith(TENANT_PREFIX));
    const invitation = await f.a.coordinator.api.post<{ id: string }>(`/territories/${f.a.id}/invitations`, {
      email: 'pending.a@maillage.test',
      role: 'member',
    });
    const ecosystem = await seedEcosystem(f.a.coordinator.api, f.a.id);
    // A message in one of A's threads (every thread route names a comment of A the same way).
    const comment = await f.a.coordinator.api.post<{ id: string }>(
      `/territories/${f.a.id}/alliances/${ecosystem.allianceId}/comments`,
      { body: 'Premier échange sur cette alliance.' },
    );
    const organisations = await seedOrganisations(f.a.coordinator.api, f.a.member, f.anonymous, f.a.id, ecosystem);
    // A geocoding run of A, finished (a run going would make the sweep's snapshots move).
    const run = await f.a.coordinator.api.post<{ id: string }>(`/territories/${f.a.id}/geocoding`);
    await pollUntil(
      'territory A’s geocoding run to finish',
      () => f.a.coordinator.api.get<{ status: string }>(`/territories/${f.a.id}/geocoding/${run.body.id}`),
      (answer) => answer.body.status !== 'running',
    );
    // A case study of A, from its action (it cites the association, whose id names the consent route's actor).
    const caseStudy = await f.a.coordinator.api.post<{ id: string }>(`/territories/${f.a.id}/case-studies`, {
      source: 'action',
      sourceId: ecosystem.actionId,
    });
    // Another, published to the national centre (approved by a second coordinator of A).
    const reviewer = await joinTerritory(
      f.a.coordinator.api,
      f.anonymous,
      f.a.id,
      'relecture.a@maillage.test',
      'coordinator',
    );
    const published = await f.a.coordinator.api.post<{ id: string }>(`/territories/${f.a.id}/case-studies`, {
      source: 'alliance',
      sourceId: ecosystem.allianceId,
    });
    publishedCaseStudyId = published.body.id;
    for (const [caller, step, version] of [
      [f.a.coordinator, 'submit', 1],
      [reviewer, 'approve', 2],
      [f.a.coordinator, 'publish', 3],
    ] as const) {
      const answer = await caller.api.request(
        'POST',
        `/territories/${f.a.id}/case-studies/${published.body.id}/${step}`,
        {
          headers: { 'if-match': `"${version}"` },
        },
      );
      expect(answer.status).toBe(200);
    }
    idsInA = {
      territoryId: f.a.id,
      userId: f.a.member.id,
      invitationId: invitation.body.id,
      actorId: ecosystem.association,
      contactId: ecosystem.contactId,
      importId: ecosystem.importId,
      reportId: ecosystem.reportId,
      scheduleId: ecosystem.scheduleId,
      priorityId: ecosystem.priorityId,
      actionId: ecosystem.actionId,
      allianceId: ecosystem.allianceId,
      commentId: comment.body.id,
      linkRequestId: organisations.linkRequestId,
      joinRequestId: organisations.joinRequestId,
      changeId: organisations.changeId,
      runId: run.body.id,
      resourceId: ecosystem.resourceId,
      caseStudyId: caseStudy.body.id,
      studyId: ecosystem.studyId,
    };
    // B has its own ecosystem too, so "B's routes with A's ids" are checked against real neighbours.
    await seedEcosystem(f.b.coordinator.api, f.b.id, 2);
    // A join request from a new address waiting for its confirmation, in each (mailed where SMTP is set).
    for (const [territoryId, who] of [
      [f.a.id, 'a'],
      [f.b.id, 'b'],
    ] as const) {
      await plantJoinConfirmation(t, territoryId, {
        email: `en.attente.${who}@maillage.test`,
        name: 'Personne en attente',
        password: 'Chene-liege-des-Maures-2026',
        request: { message: 'En attente de confirmation' },
      });
    }
    // Both share with the observatory, and a publication exists: its tenant tables hold rows too.
    await runObservatoryRollup(f.admin.api);
    // A change since: the observatory's change log holds rows for the next rollup (the rollup consumed the others).
    await ownerQuery(t.runtime, `update actions set title = title where territory_id = any($1::uuid[])`, [
      [f.a.id, f.b.id],
    ]);
  }, SWEEP_TIMEOUT_MS);
  afterAll(async () => {
    await t?.close();
    await ban.stop();
  });

  it('covers every tenant route of the OpenAPI document, with an id of territory A for each parameter', () => {
    expect(tenantOperations.length).toBeGreaterThanOrEqual(8);
    const missing = tenantOperations.flatMap((operation) =>
      operation.parameters
        .filter((p) => p.in === 'path' && !(p.name in idsInA))
        .map((p) => `${operation.operationId}:${p.name}`),
    );
    // A new tenant route with a new path parameter needs an id of territory A here.
    expect(missing).toEqual([]);
  });

  async function expectHiddenAndUnchanged(caller: TestUser, operation: Operation, path: string): Promise<void> {
    const before = await databaseSnapshot(t.runtime);
    const response = await caller.api.request(operation.method, path, {
      ...(operation.requestBody ? { body: validBody(document, operation.requestBody) } : {}),
      headers: { 'if-match': '"1"' },
    });
    const context = `${caller.email} ${operation.method} ${path}`;
    expect({ context, status: response.status }).toEqual({ context, status: 404 });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await databaseSnapshot(t.runtime)).toEqual(before);
  }

  it(
    'answers 404 to a member or coordinator of B calling territory A’s routes and ids, and changes nothing',
    async () => {
      for (const operation of tenantOperations) {
        for (const caller of [f.b.member, f.b.coordinator]) {
          await expectHiddenAndUnchanged(caller, operation, fillPath(operation.path, idsInA));
        }
      }
    },
    SWEEP_TIMEOUT_MS,
  );

  it(
    'answers 404 when B’s coordinator names A’s resources under territory B, like a missing id',
    async () => {
      const withSubResources = tenantOperations.filter((operation) =>
        operation.parameters.some((p) => p.in === 'path' && p.name !== 'territoryId'),
      );
      expect(withSubResources.length).toBeGreaterThan(0);
      for (const operation of withSubResources) {
        const path = fillPath(operation.path, { ...idsInA, territoryId: f.b.id });
        const before = await databaseSnapshot(t.runtime);
        const foreign = await f.b.coordinator.api.request(operation.method, path, {
          ...(operation.requestBody ? { body: validBody(document, operation.requestBody) } : {}),
          headers: { 'if-match': '"1"' },
        });
        const missingIds = Object.fromEntries(Object.keys(idsInA).map((name) => [name, randomUUID()]));
        const missing = await f.b.coordinator.api.request(
          operation.method,
          fillPath(operation.path, { ...missingIds, territoryId: f.b.id }),
          {
            ...(operation.requestBody ? { body: validBody(document, operation.requestBody) } : {}),
            headers: { 'if-match': '"1"' },
          },
        );
        const shape = (body: unknown) => {
          const { requestId: _id, instance: _instance, ...rest } = body as Record<string, unknown>;
          return rest;
        };
        // Nothing in the answer tells A's resource from one that does not exist.
        expect({ path, status: foreign.status, body: shape(foreign.body) }).toEqual({
          path,
          status: missing.status,
          body: shape(missing.body),
        });
        // Bodies are valid (built from the schema), so write routes reach the service with A's ids; where a
        // rule beyond the schema still refuses the body first, both answer the same 400. Otherwise both are 404.
        expect([400, 404]).toContain(foreign.status);
        expect(await databaseSnapshot(t.runtime)).toEqual(before);
      }
    },
    SWEEP_TIMEOUT_MS,
  );

  it(
    'answers 404 to an observer on every tenant route',
    async () => {
      for (const operation of tenantOperations) {
        await expectHiddenAndUnchanged(f.observer, operation, fillPath(operation.path, idsInA));
      }
    },
    SWEEP_TIMEOUT_MS,
  );

  it('lets every signed-in account read a published case study’s national copy, and no one a draft of A', async () => {
    const draft = idsInA.caseStudyId as string;
    for (const reader of [f.admin, f.observer, f.a.coordinator, f.a.member, f.b.coordinator, f.b.member]) {
      const page = await reader.api.get<{ items: { id: string }[] }>('/case-studies');
      expect({ who: reader.email, ids: page.body.items.map((item) => item.id) }).toEqual({
        who: reader.email,
        ids: [publishedCaseStudyId],
      });
      expect((await reader.api.get(`/case-studies/${publishedCaseStudyId}`)).status).toBe(200);
      expect((await reader.api.get(`/case-studies/${draft}`)).status).toBe(404);
    }
    expect((await f.anonymous.get('/case-studies')).status).toBe(401);
  });

  it('enables and forces row security, with the territory policy, on every table that has a territory_id', async () => {
    const tables = await ownerQuery<{ table: string; enabled: boolean; forced: boolean; policies: string[] }>(
      t.runtime,
      `select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
              coalesce(array_agg(p.qual::text) filter (where p.policyname is not null), '{}') as policies
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
       join pg_attribute a on a.attrelid = c.oid and a.attname = 'territory_id' and not a.attisdropped
       left join pg_policies p on p.schemaname = 'public' and p.tablename = c.relname
       where c.relkind in ('r', 'p')
       group by c.relname, c.relrowsecurity, c.relforcerowsecurity
       order by 1`,
    );
    expect(tables.map((table) => table.table)).toEqual(
      expect.arrayContaining(['audit_log', 'invitations', 'memberships', 'territory_communes']),
    );
    for (const table of tables) {
      expect({ table: table.table, enabled: table.enabled, forced: table.forced }).toEqual({
        table: table.table,
        enabled: true,
        forced: true,
      });
      expect({
        table: table.table,
        territoryPolicy: table.policies.some((q) => q.includes('app.territory_id')),
      }).toEqual({
        table: table.table,
        territoryPolicy: true,
      });
    }
  });

  it('shows the runtime role no tenant row and refuses its inserts when no territory is set', async () => {
    const tenantTables = (
      await ownerQuery<{ table_name: string }>(
        t.runtime,
        `select table_name from information_schema.columns where table_schema = 'public' and column_name = 'territory_id'`,
      )
    ).map((row) => row.table_name);
    const client = new pg.Client({ connectionString: t.runtime.migrationUrl });
    await client.connect();
    try {
      for (const table of tenantTables) {
        await client.query('begin');
        // A table empty between transactions by design gets a row of its own, rolled back with the check.
        const transient = TRANSIENT_TABLES[table];
        if (transient) await client.query(transient, [f.a.id]);
        const [{ count: ownerCount }] = (
          await client.query<{ count: string }>(`select count(*)::text as count from ${table}`)
        ).rows as [{ count: string }];
        expect({ table, hasRows: Number(ownerCount) > 0 }).toEqual({ table, hasRows: true });
        await client.query(`select set_config('role', $1, true)`, [RUNTIME_ROLE]);
        const [{ count }] = (await client.query<{ count: string }>(`select count(*)::text as count from ${table}`))
          .rows as [{ count: string }];
        expect({ table, visible: count }).toEqual({ table, visible: '0' });
        await client.query('rollback');
      }
      await client.query('begin');
      await client.query(`select set_config('role', $1, true)`, [RUNTIME_ROLE]);
      await expect(
        client.query(`insert into memberships (territory_id, user_id, role) values ($1, $2, 'coordinator')`, [
          f.a.id,
          f.b.member.id,
        ]),
      ).rejects.toThrow(/row-level security/);
      await client.query('rollback');
    } finally {
      await client.end();
    }
  });

  it('keeps the audit log append-only for the runtime role, even inside its own territory', async () => {
    const client = new pg.Client({ connectionString: t.runtime.migrationUrl });
    await client.connect();
    try {
      for (const statement of [
        'update audit_log set action = $2 where territory_id = $1',
        'delete from audit_log where territory_id = $1 and $2 = $2',
      ]) {
        await client.query('begin');
        await client.query(`select set_config('role', $1, true), set_config('app.territory_id', $2, true)`, [
          RUNTIME_ROLE,
          f.a.id,
        ]);
        await expect(client.query(statement, [f.a.id, 'tampered'])).rejects.toThrow(/permission denied/);
        await client.query('rollback');
      }
    } finally {
      await client.end();
    }
  });

  it('refuses tenant work in the application when no territory is in context', async () => {
    const transactions = t.app.get(Transactions);
    expect(t.app.get(TenantContext).territory).toBeUndefined();
    await expect(transactions.tenant(async () => 'leak')).rejects.toThrow(/No territory in context/);
  });

  it('names every scope: a system reason only inside its runAsSystem, and the reason pinned in the transaction', async () => {
    const transactions = t.app.get(Transactions);
    await expect(transactions.withTerritory(f.a.id, 'observatory.rollup', async () => 'leak')).rejects.toThrow(
      /only valid inside runAsSystem/,
    );
    await expect(transactions.withoutTerritory('reports.retention', async () => 'leak')).rejects.toThrow(
      /only valid inside runAsSystem/,
    );
    const rows: { scope: string; territory: string }[] = await transactions.withoutTerritory('health.check', (db) =>
      db.query(
        `select current_setting('app.scope', true) as scope, current_setting('app.territory_id', true) as territory`,
      ),
    );
    expect(rows).toEqual([{ scope: 'health.check', territory: '' }]);
  });
});
