import {
  createTenancyFixture,
  engineKind,
  ownerQuery,
  type ApiClient,
  type TenancyFixture,
  type TestApp,
} from '@maillage/testing';
import { TenantContext, type JobContext } from '@maillage/platform';
import { ObservatoryRollupJob, type RollupSummary } from '@maillage/observatory';
import { startApi } from './support/app.js';
import { insertAnimations } from './support/observatory-data.js';
import { insertStudy } from './support/study-answers.js';

/**
 * The incremental rollup: a territory is read from its data only when something it is computed
 * from changed since the last rollup (its change log), otherwise its kept facts are reused; the
 * publication is the same as a full recomputation's right after it (which starts from the cells the
 * incremental run withheld, as every run starts from the last publication's), and a write made while
 * a rollup runs, after its territory was read, is picked up by the next one.
 */
describe(`observatory incremental rollup (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;
  let admin: ApiClient;
  let job: ObservatoryRollupJob;
  const ids: Record<string, string> = {};
  const communes = ['69266', '38185', '01001', '01002', '01006'];
  const sharing = () => ['a', 'b', ...communes];

  async function territory(kind: string, code: string): Promise<string> {
    const created = await admin.post<{ id: string }>('/territories', { kind, code });
    expect(created.status).toBe(201);
    return created.body.id;
  }
  async function share(territoryId: string, value: boolean): Promise<void> {
    expect((await admin.put(`/territories/${territoryId}/observatory-sharing`, { sharing: value })).status).toBe(200);
  }
  const actors = (territoryId: string, count: number, category = 'association') =>
    ownerQuery(
      t.runtime,
      `insert into actors (territory_id, category, name) select $1, $2, $2 || ' ' || g from generate_series(1, $3) g`,
      [territoryId, category, count],
    );
  const animations = (territoryId: string, count: number) => insertAnimations(t.runtime, territoryId, count);
  /** An alliance between the territory's first two actors, proposed then active. */
  async function alliance(territoryId: string): Promise<void> {
    const [made] = await ownerQuery<{ id: string }>(
      t.runtime,
      `insert into alliances (territory_id, title, status, modes) values ($1, 'Alliance', 'active', '{patronage}') returning id`,
      [territoryId],
    );
    await ownerQuery(
      t.runtime,
      `insert into alliance_parties (territory_id, alliance_id, actor_id)
       select $1, $2, id from actors where territory_id = $1 order by id limit 2`,
      [territoryId, made?.id],
    );
    await ownerQuery(
      t.runtime,
      `insert into alliance_transitions (territory_id, alliance_id, from_status, to_status, changed_at)
       values ($1, $2, null, 'proposed', now() - interval '1 minute'), ($1, $2, 'proposed', 'active', now())`,
      [territoryId, made?.id],
    );
  }

  const run = (full = false, context?: Partial<JobContext>): Promise<RollupSummary> =>
    t.app
      .get(TenantContext)
      .runAsSystem('observatory.rollup', () =>
        job.run({ system: { reason: 'incremental rollup test' }, full }, context as JobContext | undefined),
      );

  /** A publication's cells and areas, as comparable lines. */
  async function publication(id: string): Promise<string[]> {
    const cells = await ownerQuery<{ line: string }>(
      t.runtime,
      `select concat_ws('|', level, code, indicator, dimension, period, coalesce(value::text, 'secret')) as line
       from observatory_cells where publication_id = $1
       union all
       select concat_ws('|', 'area', level, code, name, parent_level, parent_code) from observatory_areas
       where publication_id = $1`,
      [id],
    );
    return cells.map((cell) => cell.line).sort();
  }
  async function facts(): Promise<string[]> {
    const rows = await ownerQuery<{ line: string }>(
      t.runtime,
      `select concat_ws('|', territory_id, period, indicator, dimension, value) as line from observatory_facts
       union all
       select concat_ws('|', territory_id, period_from, period_to, created_month, studies::text) from observatory_fact_state`,
    );
    return rows.map((row) => row.line).sort();
  }
  /** The incremental run's publication and kept facts equal a full recomputation's right after it. */
  async function expectSameAsFull(incremental: RollupSummary): Promise<void> {
    const [cells, kept] = [await publication(incremental.publicationId), await facts()];
    const full = await run(true);
    expect(full.territoriesReused).toBe(0);
    expect(full.territoriesRead).toBe(incremental.territories);
    expect(cells.length).toBeGreaterThan(0);
    expect(await publication(full.publicationId)).toEqual(cells);
    expect(await facts()).toEqual(kept);
    // The same cells withheld (the full run starts from the incremental one's: `kept` differs).
    const counts = ({ suppressed: { primary, complementary }, cells: total }: RollupSummary) => ({
      primary,
      complementary,
      total,
    });
    expect(counts(full)).toEqual(counts(incremental));
  }
  /** A's kept count of actors this month. */
  const actorsOfA = async () =>
    (
      await ownerQuery<{ value: number }>(
        t.runtime,
        `select value from observatory_facts where territory_id = $1 and indicator = 'actors' and dimension = 'total'
           and period = to_char(now() at time zone 'Europe/Paris', 'YYYY-MM')`,
        [ids.a],
      )
    )[0]?.value;
  const pending = async (territoryId: string) =>
    (
      await ownerQuery<{ n: number }>(
        t.runtime,
        `select count(*)::int as n from observatory_changes where territory_id = $1`,
        [territoryId],
      )
    )[0]?.n;

  beforeAll(async () => {
    t = await startApi();
    f = await createTenancyFixture(t);
    admin = f.admin.api;
    job = t.app.get(ObservatoryRollupJob);
    ids.a = f.a.id;
    ids.b = f.b.id;
    for (const code of communes) ids[code] = await territory('commune', code);
    ids.lyon = await territory('commune', '69123');
    for (const [index, name] of [...sharing(), 'lyon'].entries()) {
      await actors(ids[name] as string, 6 + index);
      await actors(ids[name] as string, 2 + (index % 3), 'company');
      await animations(ids[name] as string, 1 + (index % 2));
    }
    await alliance(ids.a as string);
    await insertStudy(t.runtime, ids.b as string, [
      { prism: 'association', n: 7, duty: 'agree', fragilities: ['social'] },
      { prism: 'public_body', n: 6, mayor: true, duty: 'agree', innovation: 'agree', dynamic: 'established' },
    ]);
    for (const name of sharing()) await share(ids[name] as string, true);
    await share(ids.lyon as string, false);
  });
  afterAll(() => t?.close());

  it('reads every sharing territory the first time, then reuses their kept facts while nothing changes', async () => {
    const first = await run();
    expect(first).toMatchObject({ territories: 7, territoriesRead: 7, territoriesReused: 0 });
    // Each visited territory consumed its change log (Lyon too, though it does not share).
    for (const name of [...sharing(), 'lyon']) expect(await pending(ids[name] as string)).toBe(0);
    const second = await run();
    expect(second).toMatchObject({ territories: 7, territoriesRead: 0, territoriesReused: 7 });
    expect(await publication(second.publicationId)).toEqual(await publication(first.publicationId));
  });

  it('re-reads only the territories whose data changed, and publishes what a full recomputation publishes', async () => {
    const before = await run();
    // An actor in A; an alliance in B; study answers in Villeurbanne; an action archived in Grenoble
    // (an update), an actor deleted in 01001; 01002's population moved (its peer group: geography,
    // read at every run); Lyon starts sharing, 01006 stops.
    await actors(ids.a as string, 1, 'foundation');
    await alliance(ids.b as string);
    await insertStudy(t.runtime, ids['69266'] as string, [{ prism: 'company', n: 5, duty: 'agree' }]);
    await ownerQuery(t.runtime, `update actions set start_date = start_date - 40 where territory_id = $1`, [
      ids['38185'],
    ]);
    await ownerQuery(
      t.runtime,
      `delete from actors where id = (select id from actors where territory_id = $1 and category = 'company' limit 1)`,
      [ids['01001']],
    );
    await ownerQuery(t.runtime, `update territories set population = 25000 where id = $1`, [ids['01002']]);
    await share(ids.lyon as string, true);
    await share(ids['01006'] as string, false);
    const incremental = await run();
    expect(incremental).toMatchObject({ territories: 7, territoriesRead: 6, territoriesReused: 1 });
    // The disclosure control starts from the cells withheld before: each stays withheld (readers see the
    // same pattern, grown where the new figures need it).
    const valueOf = (line: string) => line.slice(line.lastIndexOf('|') + 1);
    const cellOf = (line: string) => line.slice(0, line.lastIndexOf('|'));
    const after = new Map((await publication(incremental.publicationId)).map((line) => [cellOf(line), valueOf(line)]));
    const withheldBefore = (await publication(before.publicationId)).filter((line) => valueOf(line) === 'secret');
    expect(withheldBefore.length).toBeGreaterThan(0);
    // (An area still published: its cells are all there, a zero as an absent line.)
    const areas = new Set([...after.keys()].map((cell) => cell.split('|').slice(0, 2).join('|')));
    for (const line of withheldBefore)
      if (areas.has(cellOf(line).split('|').slice(0, 2).join('|')))
        expect(`${cellOf(line)}|${after.get(cellOf(line)) ?? '0'}`).toBe(line);
    expect(incremental.suppressed.kept).toBeGreaterThan(0);
    await expectSameAsFull(incremental);
    await share(ids.lyon as string, false);
    await share(ids['01006'] as string, true);
  });

  it('recomputes kept facts computed for another window of months, or for another creation month', async () => {
    await run();
    await ownerQuery(
      t.runtime,
      `update observatory_fact_state set period_to = '2000-01' where territory_id = $1`, // the window moved
      [ids.a],
    );
    await ownerQuery(t.runtime, `update observatory_fact_state set created_month = '2000-01' where territory_id = $1`, [
      ids.b,
    ]);
    // Computed by another version of the indicators (a deploy changed what a figure counts).
    await ownerQuery(t.runtime, `update observatory_fact_state set catalogue = 'ancienne' where territory_id = $1`, [
      ids['01001'],
    ]);
    const incremental = await run();
    expect(incremental).toMatchObject({ territoriesRead: 3, territoriesReused: 4 });
    await expectSameAsFull(incremental);
  });

  it('leaves a write made during a run, after its territory was read, to the next run', async () => {
    await run();
    expect((await run()).territoriesRead).toBe(0);
    let written = false;
    // When every territory has been visited (80 %), a new actor in A, committed at once.
    const during = await run(false, {
      progress: async (percent: number) => {
        if (percent < 80 || written) return;
        written = true;
        await actors(ids.a as string, 1, 'public_body');
      },
    });
    expect(written).toBe(true);
    expect(during.territoriesRead).toBe(0);
    const counted = await actorsOfA();
    expect(await pending(ids.a as string)).toBeGreaterThan(0);
    const after = await run();
    expect(after).toMatchObject({ territoriesRead: 1, territoriesReused: 6 });
    expect(await actorsOfA()).toBe((counted as number) + 1);
    await expectSameAsFull(after);
  });

  it('tells the territory when a rollup last took its figures, reused ones included', async () => {
    await run();
    const territoryId = ids['01001'] as string;
    const before = await admin.get<{ lastComputedAt: string | null }>(
      `/territories/${territoryId}/observatory-sharing`,
    );
    expect(before.body.lastComputedAt).not.toBeNull();
    const reused = await run();
    expect(reused.territoriesRead).toBe(0);
    const after = await admin.get<{ lastComputedAt: string | null }>(`/territories/${territoryId}/observatory-sharing`);
    expect(Date.parse(after.body.lastComputedAt as string)).toBeGreaterThan(
      Date.parse(before.body.lastComputedAt as string),
    );
  });

  it('forgets the kept facts of a territory that stops sharing, and reads it again when it shares again', async () => {
    await run();
    await share(ids['01001'] as string, false);
    const state = await ownerQuery(t.runtime, `select 1 from observatory_fact_state where territory_id = $1`, [
      ids['01001'],
    ]);
    expect(state).toEqual([]);
    expect(await run()).toMatchObject({ territories: 6, territoriesRead: 0, territoriesReused: 6 });
    await share(ids['01001'] as string, true);
    const again = await run();
    expect(again).toMatchObject({ territories: 7, territoriesRead: 1, territoriesReused: 6 });
    await expectSameAsFull(again);
  });
});
