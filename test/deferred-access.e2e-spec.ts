import { jest } from '@jest/globals';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { Transactions } from '@maillage/platform';
import { isParsed, leadingThenStatement } from '../libs/platform/src/database/statement-with-commit.js';
import { AccessDecisions } from '@maillage/territories';
import {
  createTenancyFixture,
  engineKind,
  ownerQuery,
  type TenancyFixture,
  type TestApp,
  type TestUser,
} from '@maillage/testing';
import { startApi } from './support/app.js';

/**
 * `@DeferredAccess()` routes (the directory's pages): a caller let in before is let in from the kept
 * answer, its check (has the access epoch moved?) going to PostgreSQL with the page's statement, in one
 * round trip. A stale answer is never acted on: the check runs again and the handler again, with the
 * fresh answer. On the embedded engine the check runs first, as on every route.
 */
describe(`access checked with the first statement (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;
  let decisions: AccessDecisions;
  let opens: jest.SpiedFunction<Transactions['open']>;
  const external = engineKind() === 'external';

  const behind = (sql: string, params: unknown[] = []) => ownerQuery(t.runtime, sql, params);
  /** The status and body of a directory page, with how many access checks and opened transactions it took. */
  const page = async (user: TestUser, territoryId: string, query = '') => {
    const checks = decisions.checks;
    const opened = opens.mock.calls.length;
    const response = await user.api.get<{ items: { name: string }[] }>(`/territories/${territoryId}/actors${query}`);
    return {
      status: response.status,
      names: response.status === 200 ? response.body.items.map((actor) => actor.name) : [],
      checks: decisions.checks - checks,
      opens: opens.mock.calls.length - opened,
    };
  };

  beforeAll(async () => {
    t = await startApi();
    f = await createTenancyFixture(t);
    decisions = t.app.get(AccessDecisions);
    opens = jest.spyOn(t.app.get(Transactions), 'open');
    for (const name of ['Épicerie solidaire', 'Atelier vélo', 'Ressourcerie']) {
      expect(
        (await f.a.coordinator.api.post(`/territories/${f.a.id}/actors`, { name, category: 'association' })).status,
      ).toBe(201);
    }
  });
  afterAll(() => t?.close());

  it('answers from the kept answer without a round trip of its own, with the same page', async () => {
    const first = await page(f.a.coordinator, f.a.id);
    expect(first.status).toBe(200);
    expect(first.names).toEqual(expect.arrayContaining(['Atelier vélo', 'Ressourcerie', 'Épicerie solidaire']));
    // Warm every connection of the pool with the page's statement (a connection that has not prepared it
    // opens the transaction first), then: no check, and on PostgreSQL no transaction opened ahead.
    for (let i = 0; i < 12; i++) await page(f.a.coordinator, f.a.id);
    const next = await page(f.a.coordinator, f.a.id);
    expect(next).toEqual({ ...first, checks: 0, opens: external ? 0 : 1 });
    // Another territory's page for the same caller is refused as before: no kept answer there.
    expect((await page(f.a.coordinator, f.b.id)).status).toBe(404);
  });

  it('runs the check and the handler again with the fresh answer when the epoch moved', async () => {
    // A coordinator may filter by alliance; a member may not (403, decided by the handler from the role).
    const filtered = '?hasAlliance=false';
    expect((await page(f.b.coordinator, f.b.id, filtered)).status).toBe(200);
    expect(await page(f.b.coordinator, f.b.id, filtered)).toMatchObject({ status: 200, checks: 0 });
    await behind(`update memberships set role = 'member' where territory_id = $1 and user_id = $2`, [
      f.b.id,
      f.b.coordinator.id,
    ]);
    const demoted = await page(f.b.coordinator, f.b.id, filtered);
    expect(demoted).toMatchObject({ status: 403, checks: 1 });
    await behind(`update memberships set role = 'coordinator' where territory_id = $1 and user_id = $2`, [
      f.b.id,
      f.b.coordinator.id,
    ]);
    // The kept answer (a member's) would refuse the filter: the refusal waits for the check, which lets it in.
    expect(await page(f.b.coordinator, f.b.id, filtered)).toMatchObject({ status: 200, checks: 1 });
  });

  it('serves the page once the check agrees again after someone else’s change, then keeps the new answer', async () => {
    await page(f.a.member, f.a.id);
    expect(await page(f.a.member, f.a.id)).toMatchObject({ status: 200, checks: 0 });
    // Someone else's membership changes: the epoch moves for everyone.
    await behind(`update memberships set role = 'coordinator' where territory_id = $1 and user_id = $2`, [
      f.b.id,
      f.b.member.id,
    ]);
    const after = await page(f.a.member, f.a.id);
    expect(after).toMatchObject({ status: 200, checks: 1 });
    expect(after.names).toHaveLength(3);
    expect(await page(f.a.member, f.a.id)).toMatchObject({ status: 200, checks: 0 });
    await behind(`update memberships set role = 'member' where territory_id = $1 and user_id = $2`, [
      f.b.id,
      f.b.member.id,
    ]);
  });

  it('refuses at once a caller whose membership or session went behind its back', async () => {
    await page(f.a.member, f.a.id);
    expect(await page(f.a.member, f.a.id)).toMatchObject({ status: 200, checks: 0 });
    await behind(`update refresh_tokens set revoked_at = now() where user_id = $1`, [f.a.member.id]);
    expect((await page(f.a.member, f.a.id)).status).toBe(401);

    await page(f.b.member, f.b.id);
    expect(await page(f.b.member, f.b.id)).toMatchObject({ status: 200, checks: 0 });
    await behind(`delete from memberships where territory_id = $1 and user_id = $2`, [f.b.id, f.b.member.id]);
    expect(await page(f.b.member, f.b.id)).toMatchObject({ status: 404, names: [] });
  });

  (external ? it : it.skip)(
    'sends the settings, the check and the statement in one implicit transaction that leaves nothing behind',
    async () => {
      const runner = t.app.get(DataSource).createQueryRunner();
      await runner.connect();
      const client = (runner as unknown as { databaseConnection: PoolClient }).databaseConnection;
      try {
        const text = `select current_user::text as who, current_setting('app.territory_id', true) as territory,
                             $1::int as n, now() = statement_timestamp() as alone`;
        const name = 'deferred_access_probe';
        const [{ epoch }] = await ownerQuery<{ epoch: string }>(
          t.runtime,
          'select value::text as epoch from access_epoch',
        );
        const leading = (at: string) => ({
          text: `select set_config('role', 'maillage_app', true), set_config('app.territory_id', $1, true),
                   case when (select value from access_epoch) = $2::bigint then 0 else maillage_access_moved() end`,
          values: [f.a.id, at],
        });
        // Not prepared on this connection yet: refused (pg would take the statement for parsed).
        expect(isParsed(client, name)).toBe(false);
        await expect(leadingThenStatement(client, leading(epoch), name, text, [1])).rejects.toThrow(/not parsed/);
        await client.query({ name, text, values: [0] });
        expect(isParsed(client, name)).toBe(true);

        const result = await leadingThenStatement(client, leading(epoch), name, text, [2]);
        expect(result.rows).toEqual([{ who: 'maillage_app', territory: f.a.id, n: 2, alone: false }]);

        // A moved epoch: the statement does not run, and the connection is back outside any transaction.
        const stale = String(BigInt(epoch) + 1n);
        await expect(leadingThenStatement(client, leading(stale), name, text, [3])).rejects.toMatchObject({
          code: 'MAEPO',
        });
        const [after] = (
          await client.query(`select current_user = session_user as own_role,
                                     current_setting('app.territory_id', true) as territory, txid_current_if_assigned() as xid`)
        ).rows;
        expect(after).toEqual({ own_role: true, territory: '', xid: null });
        // The prepared statement survived: the next round trip works on the same connection.
        expect((await leadingThenStatement(client, leading(epoch), name, text, [4])).rows[0]).toMatchObject({ n: 4 });
        await client.query(`deallocate ${name}`);
        delete (client as unknown as { connection: { parsedStatements: Record<string, string> } }).connection
          .parsedStatements[name];
      } finally {
        await runner.release();
      }
    },
  );
});
