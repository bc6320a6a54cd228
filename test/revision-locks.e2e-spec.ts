import pg from 'pg';
import {
  createTenancyFixture,
  engineKind,
  ownerQuery,
  pollUntil,
  type TenancyFixture,
  type TestApp,
} from '@maillage/testing';
import { startApi } from './support/app.js';

interface Revisions {
  revision: string;
  map_revision: string;
}

describe(`the graph and map revisions, bumped at commit (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;

  beforeAll(async () => {
    t = await startApi();
    f = await createTenancyFixture(t);
  });
  afterAll(() => t?.close());

  const base = () => `/territories/${f.a.id}`;

  async function revisions(): Promise<Revisions> {
    const rows = await ownerQuery<Revisions>(
      t.runtime,
      `select revision::text, map_revision::text from graph_revisions where territory_id = $1`,
      [f.a.id],
    );
    return rows[0] ?? { revision: '0', map_revision: '0' };
  }

  async function actor(name: string): Promise<string> {
    const created = await f.a.coordinator.api.post<{ id: string }>(`${base()}/actors`, {
      category: 'association',
      name,
      communeCode: '69123',
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  const alliance = (first: string, second: string) => ({
    title: 'Jardin partagé du quartier',
    parties: [
      { actorId: first, role: 'porteur' },
      { actorId: second, role: 'partenaire' },
    ],
    modes: ['economic_cooperation'],
  });

  it('counts a transaction of several writes once, and leaves no note behind', async () => {
    const first = await actor('Les Jardins de la Croix-Rousse');
    const second = await actor('Régie de quartier Pentes');
    const before = await revisions();
    // One request: the alliance, its two parties, its first transition, the parties' counts.
    const created = await f.a.coordinator.api.post(`${base()}/alliances`, alliance(first, second));
    expect(created.status).toBe(201);
    const after = await revisions();
    expect(Number(after.revision)).toBe(Number(before.revision) + 1);
    expect(Number(after.map_revision)).toBe(Number(before.map_revision) + 1);
    expect(await ownerQuery(t.runtime, `select * from revision_pending`)).toEqual([]);

    // A write that changes nothing the graph shows (the description) moves the map's revision only.
    const current = await f.a.coordinator.api.get<{ version: number }>(`${base()}/actors/${first}`);
    const described = await f.a.coordinator.api.request('PATCH', `${base()}/actors/${first}`, {
      body: { description: 'Potager collectif' },
      headers: { 'if-match': `"${current.body.version}"` },
    });
    expect(described.status).toBe(200);
    const later = await revisions();
    expect(later.revision).toBe(after.revision);
    expect(Number(later.map_revision)).toBe(Number(after.map_revision) + 1);
  });

  // A raw session as the runtime role: the embedded engine runs everything as its superuser, so it is skipped there.
  (engineKind() === 'external' ? it : it.skip)(
    'bumps the territory written in, even when the transaction sets another one before its COMMIT',
    async () => {
      const renamed = await actor('Épicerie solidaire de Gerland');
      const before = await revisions();
      const script = new pg.Client({ connectionString: t.runtime.migrationUrl });
      await script.connect();
      try {
        await script.query('begin');
        await script.query('set local role maillage_app');
        await script.query(`select set_config('app.territory_id', $1, true)`, [f.a.id]);
        await script.query(`update actors set name = 'Épicerie solidaire de Gerland et du 7e' where id = $1`, [
          renamed,
        ]);
        await script.query(`select set_config('app.territory_id', $1, true)`, [f.b.id]);
        await script.query('commit');
      } finally {
        await script.end();
      }
      expect(Number((await revisions()).revision)).toBe(Number(before.revision) + 1);
    },
  );

  // Two sessions side by side: the embedded engine has a single one, so it is skipped there.
  (engineKind() === 'external' ? it : it.skip)(
    'lets an actor being edited and an alliance being created with it both commit (no deadlock)',
    async () => {
      const first = await actor('Ressourcerie des Monts d’Or');
      const second = await actor('Fabrique d’initiatives locales');
      const before = await revisions();
      const editor = new pg.Client({ connectionString: t.runtime.migrationUrl });
      await editor.connect();
      try {
        // An actor's update as the app runs it: the row locked first, then updated, in the territory, as the
        // runtime role.
        await editor.query('begin');
        await editor.query('set local role maillage_app');
        await editor.query(`select set_config('app.territory_id', $1, true)`, [f.a.id]);
        await editor.query(`select id from actors where id = $1 for update`, [first]);

        // Meanwhile an alliance with that actor: its transaction writes the alliance, then waits for the
        // actor's row (its parties' key check and count).
        const creation = f.a.coordinator.api.post(`${base()}/alliances`, alliance(first, second));
        await pollUntil(
          'the alliance waiting for the edited actor',
          () =>
            ownerQuery<{ waiting: string }>(
              t.runtime,
              `select count(*)::text as waiting from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock' and pid <> $1`,
              [(editor as unknown as { processID: number }).processID],
            ),
          (rows) => rows[0]?.waiting === '1',
          { timeoutMs: 60_000 },
        );

        // The edit goes on and commits: before, its triggers waited for the revision row the alliance's
        // transaction held, which waited for this actor, and PostgreSQL aborted one of them.
        await editor.query(`update actors set name = 'Ressourcerie des Monts d’Or et du Val de Saône' where id = $1`, [
          first,
        ]);
        await editor.query('commit');
        const created = await creation;
        expect(created.status).toBe(201);
      } finally {
        await editor.end();
      }
      const after = await revisions();
      expect(Number(after.revision)).toBe(Number(before.revision) + 2);
      expect(Number(after.map_revision)).toBe(Number(before.map_revision) + 2);
      const edited = await f.a.coordinator.api.get<{ name: string; allianceCount: number }>(
        `${base()}/actors/${first}`,
      );
      expect(edited.body).toMatchObject({ name: 'Ressourcerie des Monts d’Or et du Val de Saône', allianceCount: 1 });
    },
  );
});
