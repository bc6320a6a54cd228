import { parse as parseCsv } from 'csv-parse/sync';
import {
  createTenancyFixture,
  engineKind,
  ownerQuery,
  runObservatoryRollup,
  type ApiClient,
  type TenancyFixture,
  type TestApp,
} from '@maillage/testing';
import {
  areaKey,
  currentMonth,
  FIGURE_KEYS,
  INDICATORS,
  peerGroup,
  shiftMonth,
  STUDY_FIGURE_KEYS,
  STUDY_IDENTITIES,
  STUDY_INDICATORS,
  territoryChain,
  type CellView,
} from '@maillage/observatory';
import { GeographyService, type TerritoryKind } from '@maillage/territories';
import { startApi } from './support/app.js';
import { linearAttack as attack, type AttackFinding } from './support/lp-attacker.js';
import { insertAnimations } from './support/observatory-data.js';
import { insertStudy, type Answers } from './support/study-answers.js';

type Cell = CellView;

/**
 * The fixture, two départements of Auvergne-Rhône-Alpes plus a third for a
 * peer group (all figures for the current month unless said):
 * - Rhône (69): Métropole de Lyon (EPCI workspace A: 11 associations of which 6
 *   employ staff, 2 of those in an active alliance; 10 companies — 5 micro, 5 SME —
 *   created last month; 6 animations), Villeurbanne (commune workspace: 3
 *   employing associations, 5 SME companies), Lyon (commune workspace, NOT
 *   sharing: 50 associations);
 * - Isère (38): Grenoble-Alpes Métropole (EPCI workspace B: 8 associations, 2
 *   foundations), Grenoble (commune workspace: 6 associations, 1 foundation),
 *   Isère (département workspace: 4 public bodies);
 * - Ain (01): five small communes (< 2,000 inhabitants), 4 non-employing associations and 2 animations each.
 * Hand-computed: Rhône 29 actors (14 associations, 15 companies), Isère 21 (14
 * associations, 3 foundations, 4 public bodies), Ain 20, region 84 and France 70.
 *
 * Territorial studies (answers in `STUDIES` below, this month unless said): A, B, Villeurbanne
 * and the Isère workspace have answers; Lyon's do not count (it does not share), nor A's answers
 * of three years ago (outside the window).
 */
const STUDIES: Record<string, Answers[]> = {
  lyonMetro: [
    { prism: 'association', n: 6, duty: 'strongly_agree', fragilities: ['social', 'economic'] },
    { prism: 'association', n: 3, duty: 'agree', fragilities: ['social'] },
    { prism: 'association', n: 1, duty: 'disagree', fragilities: ['environmental'] },
    { prism: 'company', n: 6, duty: 'agree', fragilities: ['economic'] },
    { prism: 'company', n: 2, duty: 'no_opinion', fragilities: ['economic'] },
    { prism: 'public_body', n: 4, mayor: true, duty: 'agree', innovation: 'strongly_agree', dynamic: 'established' },
    { prism: 'public_body', n: 1, mayor: true, duty: 'agree', innovation: 'disagree', dynamic: 'not_yet' },
    { prism: 'public_body', n: 2, duty: 'agree', innovation: 'agree', dynamic: 'emerging' },
    { prism: 'association', n: 7, duty: 'strongly_disagree', old: true },
  ],
  grenobleMetro: [
    { prism: 'association', n: 8, duty: 'agree', fragilities: ['social', 'societal'] },
    { prism: 'association', n: 2, duty: 'strongly_disagree', fragilities: ['social'] },
    { prism: 'company', n: 5, duty: 'strongly_agree', fragilities: ['economic', 'environmental'] },
    { prism: 'company', n: 1, duty: 'disagree', fragilities: ['economic'] },
    { prism: 'inhabitant', n: 14, duty: 'agree', fragilities: ['social'] },
    { prism: 'inhabitant', n: 6, duty: 'disagree', fragilities: ['environmental'] },
    { prism: 'public_body', n: 3, mayor: true, duty: 'agree', innovation: 'agree', dynamic: 'emerging' },
    { prism: 'public_body', n: 4, duty: 'agree', innovation: 'agree', dynamic: 'established' },
  ],
  villeurbanne: [
    { prism: 'association', n: 2, duty: 'agree' },
    { prism: 'association', n: 1, duty: 'disagree' },
  ],
  isere: [{ prism: 'public_body', n: 3, duty: 'agree', innovation: 'agree', dynamic: 'established' }],
  lyon: [{ prism: 'association', n: 50, duty: 'strongly_agree', fragilities: ['social'] }],
};

/**
 * A territory's study figures as the test reads the indicators' definitions, written apart from
 * the product (the LP attack's truth): respondents to a question and those agreeing, per prism;
 * mayors among the public bodies; answers of the window only.
 */
function studyTruth(answers: readonly Answers[]): Map<string, number> {
  const figures = new Map<string, number>();
  const add = (key: string, n: number) => figures.set(key, (figures.get(key) ?? 0) + n);
  const agreeing = (answer: string | undefined) => answer === 'agree' || answer === 'strongly_agree';
  for (const group of answers.filter((answer) => !answer.old)) {
    figures.set('study_territories|total', 1);
    const { prism, n } = group;
    if (group.duty) add(`study_duty_of_alliances|${prism}:respondents`, n);
    if (agreeing(group.duty)) add(`study_duty_of_alliances|${prism}:agreeing`, n);
    if (group.fragilities?.length) add(`study_fragilities|${prism}:respondents`, n);
    for (const fragility of group.fragilities ?? []) add(`study_fragilities|${prism}:fragility:${fragility}`, n);
    if (prism !== 'public_body') continue;
    for (const who of group.mayor ? ['public_body', 'mayor'] : ['public_body']) {
      if (group.innovation) add(`study_innovation|${who}:respondents`, n);
      if (agreeing(group.innovation)) add(`study_innovation|${who}:agreeing`, n);
      if (group.dynamic) add(`study_dynamic|${who}:respondents`, n);
      if (group.dynamic === 'established' || group.dynamic === 'emerging') {
        add(`study_dynamic|${who}:in_dynamic`, n);
        add(`study_dynamic|${who}:${group.dynamic}`, n);
      }
    }
  }
  return figures;
}

describe(`national observatory (${engineKind()} engine)`, () => {
  let t: TestApp;
  let f: TenancyFixture;
  let admin: ApiClient;
  let observer: ApiClient;
  const ids: Record<string, string> = {};
  const month = currentMonth();
  const lastMonth = shiftMonth(month, 1);
  const small = ['01001', '01002', '01006', '01008', '01009'];

  async function territory(kind: string, code: string): Promise<string> {
    const created = await admin.post<{ id: string }>('/territories', { kind, code });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  async function actors(
    territoryId: string,
    count: number,
    category: string,
    extra: { employer?: boolean; sizeClass?: string; lastMonth?: boolean } = {},
  ): Promise<string[]> {
    const rows = await ownerQuery<{ id: string }>(
      t.runtime,
      `insert into actors (territory_id, category, name, employer, size_class, created_at)
       select $1, $2, $2 || ' ' || g, $3, $4,
              case when $5 then (date_trunc('month', now() at time zone 'Europe/Paris') - interval '5 days')
                                at time zone 'Europe/Paris' else now() end
       from generate_series(1, $6) g returning id`,
      [territoryId, category, extra.employer ?? null, extra.sizeClass ?? null, extra.lastMonth ?? false, count],
    );
    return rows.map((row) => row.id);
  }

  async function share(territoryId: string, sharing: boolean, as: ApiClient = admin): Promise<void> {
    const response = await as.put(`/territories/${territoryId}/observatory-sharing`, { sharing });
    expect(response.status).toBe(200);
  }

  const rollup = () => runObservatoryRollup(admin);
  const studyWindow = `${shiftMonth(month, 23)}/${month}`;

  async function indicators(level: string, code: string, period = month): Promise<Map<string, Cell>> {
    const response = await observer.get<{ indicators: { id: string; values: Cell[] }[] }>(
      `/observatory/areas/${level}/${code}/indicators`,
      { period },
    );
    expect(response.status).toBe(200);
    return new Map(
      response.body.indicators.flatMap((indicator) =>
        indicator.values.map((cell) => [`${indicator.id}|${cell.dimension}`, cell] as const),
      ),
    );
  }
  const value = (cells: Map<string, Cell>, key: string) => cells.get(key)?.value;
  /** The observatory's open-data CSV, as an observer downloads it. */
  const exportCsv = (query: Record<string, string>) =>
    t.app.inject({
      method: 'GET',
      url: '/api/v1/observatory/export.csv',
      query,
      headers: { authorization: `Bearer ${f.observer.token}` },
    });

  /** The whole publication (every month) through the open-data export, attacked by linear programming. */
  async function linearAttack(): Promise<AttackFinding[]> {
    const periods = Array.from({ length: 24 }, (_, back) => shiftMonth(month, 23 - back));
    const csv = await exportCsv({ from: periods[0] as string, to: month });
    expect(csv.statusCode).toBe(200);
    const published = new Map<string, number | null>();
    for (const row of parseCsv(csv.body, { columns: true, bom: true, delimiter: [';', ','] }) as Record<
      string,
      string
    >[]) {
      expect(row.secret === 'oui').toBe(row.valeur === '');
      published.set(
        `${row.niveau}:${row.code}|${row.periode}|${row.indicateur}|${row.dimension}`,
        row.secret === 'oui' ? null : Number(String(row.valeur).replace(',', '.')),
      );
    }
    // The truth: each sharing territory's kept figures, added up where they count.
    const geography = t.app.get(GeographyService);
    const territories = await ownerQuery<{ id: string; kind: TerritoryKind; code: string; population: number | null }>(
      t.runtime,
      `select id, kind, code, name, population from territories where id in (select territory_id from observatory_facts)`,
    );
    const facts = await ownerQuery<{ territory_id: string; key: string; value: number }>(
      t.runtime,
      `select territory_id, period || '|' || indicator || '|' || dimension as key, value from observatory_facts`,
    );
    const truth = new Map<string, number>();
    const add = (name: string, amount: number) => truth.set(name, (truth.get(name) ?? 0) + amount);
    const counted = new Map<string, string[]>();
    const ownArea = new Map<string, string>();
    for (const territory of territories) {
      const chain = territoryChain({ ...territory, name: territory.code, communeCodes: [] }, geography);
      ownArea.set(territory.id, areaKey(chain[0] as Parameters<typeof areaKey>[0]));
      counted.set(territory.id, [...chain.map(areaKey), areaKey(peerGroup(territory.kind, territory.population))]);
    }
    for (const fact of facts) {
      for (const area of counted.get(fact.territory_id) ?? []) add(`${area}|${fact.key}`, fact.value);
      add(`own:${ownArea.get(fact.territory_id)}|${fact.key}`, fact.value);
    }
    // The studies' figures, over the window, from the answers given (`STUDIES`).
    for (const territory of territories) {
      const name = Object.keys(ids).find((key) => ids[key] === territory.id) as string;
      for (const [key, amount] of studyTruth(STUDIES[name] ?? [])) {
        for (const area of counted.get(territory.id) ?? []) add(`${area}|${studyWindow}|${key}`, amount);
        add(`own:${ownArea.get(territory.id)}|${studyWindow}|${key}`, amount);
      }
    }
    const children = new Map<string, string[]>();
    for (const level of ['region', 'departement', 'epci', 'commune']) {
      const listed = await observer.get<{ level: string; code: string; parent: { level: string; code: string } }[]>(
        '/observatory/areas',
        { level },
      );
      for (const area of listed.body) {
        const parent = `${area.parent.level}:${area.parent.code}`;
        children.set(parent, [...(children.get(parent) ?? []), `${area.level}:${area.code}`]);
      }
    }
    const peers = (await observer.get<{ code: string }[]>('/observatory/areas', { level: 'peer_group' })).body;
    expect(published.size).toBe(
      new Set([...published.keys()].map((key) => key.split('|')[0])).size *
        (periods.length * FIGURE_KEYS.length + STUDY_FIGURE_KEYS.length),
    );
    return attack({
      published,
      truth,
      periods,
      children,
      withOwnWorkspace: new Set([...ownArea.values()].filter((area) => children.has(area))),
      peerGroups: peers.map((peer) => `peer_group:${peer.code}`),
      threshold: 5,
      windows: [{ period: studyWindow, identities: STUDY_IDENTITIES, counted: 'study_territories|total' }],
    });
  }

  beforeAll(async () => {
    t = await startApi();
    f = await createTenancyFixture(t);
    admin = f.admin.api;
    observer = f.observer.api;
    ids.lyonMetro = f.a.id;
    ids.grenobleMetro = f.b.id;
    ids.villeurbanne = await territory('commune', '69266');
    ids.lyon = await territory('commune', '69123');
    ids.grenoble = await territory('commune', '38185');
    ids.isere = await territory('departement', '38');
    for (const code of small) ids[code] = await territory('commune', code);

    const associationsA = await actors(ids.lyonMetro, 6, 'association', { employer: true });
    await actors(ids.lyonMetro, 5, 'association', { employer: false });
    await actors(ids.lyonMetro, 5, 'company', { sizeClass: 'micro', lastMonth: true });
    await actors(ids.lyonMetro, 5, 'company', { sizeClass: 'sme', lastMonth: true });
    // One active alliance between two employing associations of A.
    const [alliance] = await ownerQuery<{ id: string }>(
      t.runtime,
      `insert into alliances (territory_id, title, status, modes) values ($1, 'Alliance', 'active', '{patronage}') returning id`,
      [ids.lyonMetro],
    );
    await ownerQuery(
      t.runtime,
      `insert into alliance_parties (territory_id, alliance_id, actor_id) select $1, $2, unnest($3::uuid[])`,
      [ids.lyonMetro, alliance?.id, associationsA.slice(0, 2)],
    );
    await ownerQuery(
      t.runtime,
      `insert into alliance_transitions (territory_id, alliance_id, from_status, to_status, changed_at)
       values ($1, $2, null, 'proposed', now() - interval '1 minute'), ($1, $2, 'proposed', 'active', now())`,
      [ids.lyonMetro, alliance?.id],
    );
    // Grenoble-Alpes Métropole: 6 alliances proposed last month, one more this month now under discussion
    // (this month's stock is last month's plus the new one: an identity across months).
    const proposedAt = `(date_trunc('month', now() at time zone 'Europe/Paris') - interval '5 days') at time zone 'Europe/Paris'`;
    await ownerQuery(
      t.runtime,
      `with made as (
         insert into alliances (territory_id, title, status, modes, created_at)
         select $1, 'Projet ' || g, case when g = 7 then 'under_discussion' else 'proposed' end, '{economic_cooperation}',
                case when g = 7 then now() - interval '2 minutes' else ${proposedAt} end
         from generate_series(1, 7) g returning id, created_at, status)
       insert into alliance_transitions (territory_id, alliance_id, from_status, to_status, changed_at, occurred_on)
       select $1, id, null, 'proposed', created_at, (created_at at time zone 'Europe/Paris')::date from made
       union all
       select $1, id, 'proposed', 'under_discussion', now() - interval '1 minute',
              ((now() - interval '1 minute') at time zone 'Europe/Paris')::date
       from made where status = 'under_discussion'`,
      [ids.grenobleMetro],
    );
    const animations = (territoryId: string, count: number) => insertAnimations(t.runtime, territoryId, count);
    await animations(ids.lyonMetro, 6);
    // Two priorities of A (social; social and economic), the first answered by one of the animations.
    const priorities = await ownerQuery<{ id: string }>(
      t.runtime,
      `insert into priorities (territory_id, title, fragilities)
       values ($1, 'Emploi des jeunes', '{social}'), ($1, 'Commerce de proximité', '{social,economic}') returning id`,
      [ids.lyonMetro],
    );
    await ownerQuery(
      t.runtime,
      `insert into action_priorities (territory_id, action_id, priority_id)
       select $1, (select id from actions where territory_id = $1 limit 1), $2`,
      [ids.lyonMetro, priorities[0]?.id],
    );
    await actors(ids.villeurbanne, 3, 'association', { employer: true });
    await actors(ids.villeurbanne, 5, 'company', { sizeClass: 'sme' });
    await actors(ids.lyon, 50, 'association', { employer: true });
    await actors(ids.grenobleMetro, 8, 'association');
    await actors(ids.grenobleMetro, 2, 'foundation');
    await actors(ids.grenoble, 6, 'association');
    await actors(ids.grenoble, 1, 'foundation');
    await actors(ids.isere, 4, 'public_body');
    for (const code of small) {
      await actors(ids[code] as string, 4, 'association', { employer: false });
      await animations(ids[code] as string, 2);
    }

    for (const [name, answers] of Object.entries(STUDIES)) await insertStudy(t.runtime, ids[name] as string, answers);

    await share(ids.lyonMetro, true, f.a.coordinator.api);
    for (const name of ['villeurbanne', 'grenobleMetro', 'grenoble', 'isere', ...small])
      await share(ids[name] as string, true);
    await share(ids.lyon, false);
  });
  afterAll(() => t?.close());

  it('publishes nothing before the first rollup, and refuses coordinators, members and anonymous callers', async () => {
    expect((await observer.get('/observatory/publication')).status).toBe(404);
    const forbidden = await f.a.coordinator.api.get<{ code: string }>('/observatory/publication');
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await f.a.member.api.get('/observatory/dictionary')).status).toBe(403);
    expect((await f.anonymous.get('/observatory/dictionary')).status).toBe(401);
    expect((await observer.post('/observatory/rollups')).status).toBe(403);
    expect((await f.a.coordinator.api.post('/observatory/rollups')).status).toBe(403);
  });

  it('records consent with who and when, for coordinators only', async () => {
    const consent = await f.a.coordinator.api.get<{ sharing: boolean; changedBy: string; changedAt: string }>(
      `/territories/${ids.lyonMetro}/observatory-sharing`,
    );
    expect(consent.body).toMatchObject({ sharing: true, changedBy: f.a.coordinator.id });
    expect(Date.parse(consent.body.changedAt)).toBeGreaterThan(Date.now() - 600_000);
    expect(
      (await f.a.member.api.put(`/territories/${ids.lyonMetro}/observatory-sharing`, { sharing: false })).status,
    ).toBe(403);
    expect(
      (await f.a.coordinator.api.put(`/territories/${ids.lyonMetro}/observatory-sharing`, { sharing: 'oui' })).status,
    ).toBe(400);
    const audit = await f.a.coordinator.api.get<{ items: { entity: string; changes: Record<string, unknown> }[] }>(
      `/territories/${ids.lyonMetro}/audit-log`,
      { entity: 'observatory_sharing' },
    );
    expect(audit.body.items[0]?.changes).toEqual({ sharing: { old: false, new: true } });
  });

  it('rolls the sharing territories up commune → EPCI → département → région → France, as computed by hand', async () => {
    expect((await rollup()).territories).toBe(10);
    // Each sharing territory's own counts are kept, ids and names left out; A has an active alliance: developing.
    const facts = await ownerQuery<{ territory_id: string; dimension: string }>(
      t.runtime,
      `select territory_id, dimension from observatory_facts where period = $1 and indicator = 'territories' and dimension like 'stage:%'`,
      [month],
    );
    const stageOf = (id: string) => facts.find((fact) => fact.territory_id === id)?.dimension;
    expect(stageOf(ids.lyonMetro as string)).toBe('stage:developing');
    expect(stageOf(ids['01001'] as string)).toBe('stage:emerging');
    expect(stageOf(ids.lyon as string)).toBeUndefined();
    const kept = await ownerQuery<{ key: string; value: number }>(
      t.runtime,
      `select indicator || '|' || dimension as key, value from observatory_facts where territory_id = $1 and period = $2`,
      [ids.lyonMetro, month],
    );
    const keptValue = (key: string) => kept.find((fact) => fact.key === key)?.value;
    expect([keptValue('priorities|total'), keptValue('priorities|covered')]).toEqual([2, 1]);
    expect([keptValue('priorities|fragility:social'), keptValue('priorities|fragility:economic')]).toEqual([2, 1]);
    expect([
      keptValue('actions_by_fragility|fragility:social'),
      keptValue('actions_by_fragility|fragility:economic'),
    ]).toEqual([1, undefined]);
    expect(keptValue('engaged_actors|association_employer:yes')).toBe(2);
    expect(keptValue('active_alliances|mode:patronage')).toBe(1);
    expect(keptValue('actors|total')).toBe(21);
    const france = await indicators('national', 'FR');
    expect(value(france, 'actors|total')).toBe(70);
    expect(value(france, 'territories|total')).toBe(10);
    const region = await indicators('region', '84');
    expect(value(region, 'actors|total')).toBe(70);
    expect(value(region, 'actors|category:association')).toBe(48);
    // Where complementary suppression left them published, the figures are the hand-computed ones.
    const handComputed = (cells: Map<string, Cell>, key: string, expected: number) =>
      expect(cells.get(key)?.suppressed ? expected : value(cells, key)).toBe(expected);
    // Rhône's 10 + 5 companies; Isère's 3 foundations, small: withheld.
    handComputed(region, 'actors|category:company', 15);
    expect(region.get('actors|category:foundation')).toMatchObject({ value: null, suppressed: true });
    const rhone = await indicators('departement', '69');
    handComputed(rhone, 'actors|total', 29);
    handComputed(rhone, 'actors|category:association', 14);
    handComputed(rhone, 'actions|type:animation', 6);
    const isere = await indicators('departement', '38');
    handComputed(isere, 'actors|total', 21);
    handComputed(isere, 'actors|category:association', 14);
    handComputed(await indicators('departement', '01'), 'actors|association_employer:no', 20);
    // Lyon does not share: its 50 associations are nowhere, and it has no area of its own.
    expect((await observer.get('/observatory/areas/commune/69123/indicators')).status).toBe(404);
    const communes = await observer.get<{ code: string; parent: { code: string } }[]>('/observatory/areas', {
      level: 'commune',
      parentLevel: 'epci',
      parentCode: '200046977',
    });
    expect(communes.body.map((area) => area.code)).toEqual(['69266']);
  });

  it('suppresses small counts and what would give them away by subtraction', async () => {
    const villeurbanne = await indicators('commune', '69266');
    // 3 associations: suppressed; 5 companies too, else 8 − 5 = 3 (and the total, which the peer group and
    // the EPCI would otherwise tie to published figures).
    expect(villeurbanne.get('actors|category:association')).toMatchObject({ value: null, suppressed: true });
    expect(
      villeurbanne.get('actors|total')?.suppressed || villeurbanne.get('actors|category:company')?.suppressed,
    ).toBe(true);
    // Isère = Grenoble-Alpes Métropole + the département workspace's 4 public bodies: the EPCI's total is
    // suppressed, else 21 − 17 would single out the département workspace's figure.
    const grenobleMetro = await indicators('epci', '200040715');
    expect(grenobleMetro.get('actors|total')).toMatchObject({ value: null, suppressed: true });

    // The attack, on everything published over every month.
    const findings = await linearAttack();
    expect(findings).toEqual([]);
  });

  it('publishes the territorial studies by prism over the window, beside PHARE’s reference figures', async () => {
    type Figure = { value: number | null; suppressed: boolean; share: number | null };
    type Studies = {
      area: { name: string };
      period: { from: string; to: string };
      territories: number;
      dutyOfAlliances: { prism: string; label: string; respondents: Figure; agreeing: Figure }[];
      fragilities: { prism: string; respondents: Figure; fragilities: { fragility: string; count: Figure }[] }[];
      views: {
        group: string;
        innovation: { respondents: Figure; agreeing: Figure };
        dynamic: { respondents: Figure; inDynamic: Figure; established: Figure; emerging: Figure };
      }[];
      reference: { label: string; figures: { key: string; prism: string; percent: number }[] };
    };
    const studies = async (query: Record<string, string> = {}) => {
      const response = await observer.get<Studies>('/observatory/studies', query);
      expect(response.status).toBe(200);
      return response.body;
    };
    /**
     * Where complementary suppression left it published, the hand-computed count; its share of the respondents
     * `over` is published exactly when both are.
     */
    const handComputed = (figure: Figure | undefined, expected: number, share?: [over: Figure | undefined, number]) => {
      expect(figure?.suppressed ? expected : figure?.value).toBe(expected);
      if (share) expect(figure?.share).toBe(figure?.suppressed || share[0]?.suppressed ? null : share[1]);
    };
    const france = await studies();
    expect(france.area.name).toBe('France');
    expect(france.period).toEqual({ from: shiftMonth(month, 23), to: month });
    // A, B, Villeurbanne and the Isère workspace ran studies (Lyon does not share): published as it is.
    expect(france.territories).toBe(4);
    const duty = new Map(france.dutyOfAlliances.map((line) => [line.prism, line]));
    expect([...duty.keys()]).toEqual(['association', 'company', 'public_body', 'inhabitant']);
    expect(duty.get('inhabitant')?.label).toBe('Habitants');
    // Associations: A 10 (9 agreeing; its 7 of three years ago left out), B 10 (8), Villeurbanne 3 (2): 19 / 23.
    // Companies: A 8 (6), B 6 (5): 11 / 14. Public bodies: 7 + 7 + 3, all agreeing. Inhabitants: B's 14 / 20.
    // Large enough to be published, and nothing small can be recovered from them: the headline shares.
    const published = (count: number, share: number | null = null) => ({ value: count, suppressed: false, share });
    expect(duty.get('association')).toMatchObject({ respondents: published(23), agreeing: published(19, 0.8261) });
    expect(duty.get('company')).toMatchObject({ respondents: published(14), agreeing: published(11, 0.7857) });
    expect(duty.get('public_body')).toMatchObject({ respondents: published(17), agreeing: published(17, 1) });
    expect(duty.get('inhabitant')).toMatchObject({ respondents: published(20), agreeing: published(14, 0.7) });
    // Fragilities perceived by associations: A's 6 + 3 and B's 8 + 2 social (19 of 20), A's 1 environmental.
    const associations = france.fragilities.find((line) => line.prism === 'association');
    handComputed(associations?.respondents, 20);
    const fragility = (name: string) => associations?.fragilities.find((line) => line.fragility === name)?.count;
    handComputed(fragility('social'), 19, [associations?.respondents, 0.95]);
    handComputed(fragility('societal'), 8, [associations?.respondents, 0.4]);
    expect(fragility('environmental')).toEqual({ value: null, suppressed: true, share: null });
    // Mayors: A's 5 (4 see innovation, 4 an installed dynamic) and B's 3 (all, an emerging one): 7 of 8 both.
    const mayors = france.views.find((view) => view.group === 'mayor');
    handComputed(mayors?.innovation.respondents, 8);
    handComputed(mayors?.innovation.agreeing, 7, [mayors?.innovation.respondents, 0.875]);
    handComputed(mayors?.dynamic.inDynamic, 7, [mayors?.dynamic.respondents, 0.875]);
    // 4 installed and 3 emerging: below the threshold, withheld with no share.
    expect(mayors?.dynamic.established).toEqual({ value: null, suppressed: true, share: null });
    expect(mayors?.dynamic.emerging).toEqual({ value: null, suppressed: true, share: null });
    // Public bodies: 17, 16 seeing innovation; installed 4 + 4 + 3 = 11, emerging 2 + 3 = 5.
    const publicBodies = france.views.find((view) => view.group === 'public_body');
    handComputed(publicBodies?.innovation.agreeing, 16, [publicBodies?.innovation.respondents, 0.9412]);
    handComputed(publicBodies?.dynamic.established, 11);
    handComputed(publicBodies?.dynamic.inDynamic, 16);

    // PHARE's figures beside them, labelled as reference values of 2015–2016, never Maillage's.
    expect(france.reference.label).toContain('2015–2016');
    expect(france.reference.label).toContain('pas calculées à partir des données de Maillage');
    expect(france.reference.figures.map((figure) => [figure.prism, figure.percent])).toEqual([
      ['inhabitant', 69],
      ['company', 81],
      ['association', 86],
      ['public_body', 87],
      ['public_body', 76],
      ['public_body', 46],
    ]);

    // Villeurbanne: 3 associations, 2 agreeing: withheld, no share.
    const villeurbanne = await studies({ level: 'commune', code: '69266' });
    expect(villeurbanne.territories).toBe(1);
    const villeurbanneDuty = villeurbanne.dutyOfAlliances.find((line) => line.prism === 'association');
    expect(villeurbanneDuty?.respondents).toEqual({ value: null, suppressed: true, share: null });
    expect(villeurbanneDuty?.agreeing).toEqual({ value: null, suppressed: true, share: null });
    // Isère = B (7 public bodies) + the département workspace's own 3: one of the two is withheld besides,
    // else 10 − 7 would give the département workspace's 3 away.
    const isere = await studies({ level: 'departement', code: '38' });
    const grenobleMetro = await studies({ level: 'epci', code: '200040715' });
    const respondents = (view: Studies) =>
      view.dutyOfAlliances.find((line) => line.prism === 'public_body')?.respondents as Figure;
    expect(respondents(isere).suppressed || respondents(grenobleMetro).suppressed).toBe(true);
    handComputed(respondents(isere), 10);
    handComputed(respondents(grenobleMetro), 7);
    // The Ain's small communes ran no study: their zeros are everyone's, published as zeros.
    const ain = await studies({ level: 'departement', code: '01' });
    expect(ain.territories).toBe(0);
    expect(ain.dutyOfAlliances.every((line) => line.respondents.value === 0 && !line.respondents.suppressed)).toBe(
      true,
    );

    expect((await observer.get('/observatory/studies', { level: 'departement' })).status).toBe(400);
    expect((await observer.get('/observatory/studies', { level: 'planet', code: '84' })).status).toBe(400);
    expect((await observer.get('/observatory/studies', { level: 'commune', code: '69123' })).status).toBe(404);
    expect((await f.a.coordinator.api.get('/observatory/studies')).status).toBe(403);

    // In the open-data export, over the window, with French labels.
    const csv = parseCsv((await exportCsv({ level: 'national', delimiter: ';' })).body, {
      columns: true,
      delimiter: ';',
    }) as Record<string, string>[];
    const line = csv.find(
      (row) => row.indicateur === 'study_duty_of_alliances' && row.dimension === 'association:agreeing',
    );
    expect(line).toMatchObject({
      periode: studyWindow,
      libelle_dimension: 'Associations — répondants d’accord',
      libelle_indicateur: STUDY_INDICATORS.find((indicator) => indicator.id === 'study_duty_of_alliances')?.label,
    });
    // Not in an export of some months only: the figures cover the whole window.
    const lastMonths = parseCsv((await exportCsv({ level: 'national', from: lastMonth, delimiter: ';' })).body, {
      columns: true,
      delimiter: ';',
    }) as Record<string, string>[];
    expect(lastMonths.some((row) => row.indicateur.startsWith('study_'))).toBe(false);
  });

  it('serves time series, comparisons, shares, the data dictionary and a CSV export', async () => {
    const series = await observer.get<{ points: Cell[] }>('/observatory/areas/national/FR/series', {
      indicator: 'actors',
      dimension: 'total',
    });
    expect(series.status).toBe(200);
    expect(series.body.points).toHaveLength(24);
    expect(series.body.points.at(-1)).toMatchObject({ period: month, value: 70 });
    expect(series.body.points.find((point) => point.period === lastMonth)).toMatchObject({ value: 10 });
    expect(series.body.points[0]).toMatchObject({ value: 0, suppressed: false });
    // The workspaces were all created this month: none counts before it, at any stage.
    for (const dimension of ['total', 'stage:emerging']) {
      const territories = await observer.get<{ points: Cell[] }>('/observatory/areas/national/FR/series', {
        indicator: 'territories',
        dimension,
      });
      expect(territories.body.points.find((point) => point.period === lastMonth)).toMatchObject({ value: 0 });
    }

    // Without a month, the last complete one: the current month is still running.
    const byDefault = await observer.get<{ period: string }>('/observatory/areas/region/84/indicators');
    expect(byDefault.body.period).toBe(lastMonth);
    const compareByDefault = await observer.get<{ period: string }>('/observatory/compare', {
      level: 'departement',
      codes: '69,38',
      indicator: 'actors',
    });
    expect(compareByDefault.body.period).toBe(lastMonth);
    const compare = await observer.get<{ period: string; areas: { code: string; name: string; values: Cell[] }[] }>(
      '/observatory/compare',
      { level: 'departement', codes: '69,38', indicator: 'actors', period: month },
    );
    expect(compare.status).toBe(200);
    expect(compare.body.period).toBe(month);
    expect(
      compare.body.areas.map((area) => [
        area.name,
        area.values.find((v) => v.dimension === 'category:association')?.value,
      ]),
    ).toEqual([
      ['Rhône', value(await indicators('departement', '69'), 'actors|category:association')],
      ['Isère', value(await indicators('departement', '38'), 'actors|category:association')],
    ]);
    expect(
      (await observer.get('/observatory/compare', { level: 'departement', codes: '69,2B', indicator: 'actors' }))
        .status,
    ).toBe(404);
    expect(
      (await observer.get('/observatory/compare', { level: 'departement', codes: '69', indicator: 'actors' })).status,
    ).toBe(400);
    expect((await observer.get('/observatory/areas/region/84/series', { indicator: 'nope' })).status).toBe(400);
    expect((await observer.get('/observatory/areas/planet/84/indicators')).status).toBe(400);

    // Shares: published only when numerator and denominator are, and the denominator reaches the threshold.
    const region = await indicators('region', '84');
    expect(region.get('engaged_actors|category:association')).toMatchObject({
      value: null,
      suppressed: true,
      share: null,
    });
    // A zero where workspaces share is withheld like a small count (else every withheld count would be
    // known to be at least 1); before any workspace shared, zeros are everyone's and published.
    const employers = region.get('engaged_actors|association_employer:no');
    expect(employers).toMatchObject({ value: null, suppressed: true, share: null });

    const dictionary = await observer.get<{
      indicators: { id: string }[];
      studyIndicators: { id: string }[];
      columns: { name: string }[];
      disclosure: string;
    }>('/observatory/dictionary');
    expect(dictionary.body.indicators.map((indicator) => indicator.id)).toEqual(INDICATORS.map((i) => i.id));
    expect(dictionary.body.studyIndicators.map((indicator) => indicator.id)).toEqual(STUDY_INDICATORS.map((i) => i.id));
    expect(dictionary.body.columns.map((column) => column.name)).toEqual([
      'niveau',
      'code',
      'nom',
      'indicateur',
      'dimension',
      'periode',
      'valeur',
      'secret',
      'part',
      'libelle_niveau',
      'libelle_indicateur',
      'libelle_dimension',
    ]);
    expect(dictionary.body.disclosure).toContain('entre 0 et 4');

    const csv = await exportCsv({ level: 'departement', delimiter: ';' });
    const rows = parseCsv(csv.body, { columns: true, delimiter: ';' }) as Record<string, string>[];
    expect(new Set(rows.map((row) => row.code))).toEqual(new Set(['01', '38', '69']));
    expect(rows).toHaveLength(
      3 * (24 * INDICATORS.reduce((sum, indicator) => sum + indicator.dimensions.length, 0) + STUDY_FIGURE_KEYS.length),
    );
    expect(
      rows.find(
        (row) =>
          row.code === '69' &&
          row.periode === month &&
          row.indicateur === 'actors' &&
          row.dimension === 'category:association',
      ),
    ).toMatchObject({
      nom: 'Rhône',
      libelle_niveau: 'Département',
      libelle_indicateur: INDICATORS.find((indicator) => indicator.id === 'actors')?.label,
      libelle_dimension: 'Associations',
      valeur: String(value(await indicators('departement', '69'), 'actors|category:association') ?? ''),
      secret: (await indicators('departement', '69')).get('actors|category:association')?.suppressed ? 'oui' : 'non',
    });
  });

  it('neutralises formula injection in the CSV export: a name that starts with = is quoted and prefixed', async () => {
    // A custom territory's name is typed by a person; here a published area's name is made hostile.
    await ownerQuery(t.runtime, `update observatory_areas set name = $1 where level = 'departement' and code = '69'`, [
      '=HYPERLINK("https://evil.example";"Rhône")',
    ]);
    try {
      const csv = await exportCsv({ level: 'departement', delimiter: ';' });
      const rows = parseCsv(csv.body, { columns: true, delimiter: ';' }) as Record<string, string>[];
      const rhone = rows.filter((row) => row.code === '69');
      expect(rhone.length).toBeGreaterThan(0);
      for (const row of rhone) expect(row.nom).toBe(`'=HYPERLINK("https://evil.example";"Rhône")`);
      // Figures stay numbers.
      expect(rhone.some((row) => /^\d+$/.test(row.valeur ?? ''))).toBe(true);
    } finally {
      await ownerQuery(
        t.runtime,
        `update observatory_areas set name = 'Rhône' where level = 'departement' and code = '69'`,
      );
    }
  });

  it('compares a territory with territories like it, from published figures only', async () => {
    const small = await admin.get<{
      peerGroup: { code: string };
      peerTerritories: number;
      lines: {
        indicator: string;
        dimension: string;
        own: number;
        peerTotal: number | null;
        peerAverage: number | null;
      }[];
    }>(`/territories/${ids['01001']}/benchmark`, { period: month });
    expect(small.status).toBe(200);
    expect(small.body.peerGroup.code).toBe('commune:moins-de-2k');
    expect(small.body.peerTerritories).toBe(5);
    // Each peer figure is the published one (null where suppressed); averages divide by the 5 territories.
    const peers = await indicators('peer_group', 'commune:moins-de-2k');
    for (const line of small.body.lines) {
      expect(line.peerTotal).toBe(peers.get(`${line.indicator}|${line.dimension}`)?.value ?? null);
      expect(line.peerAverage).toBe(line.peerTotal === null ? null : line.peerTotal / 5);
    }
    expect(small.body.lines.find((line) => line.indicator === 'actors' && line.dimension === 'total')?.own).toBe(4);
    expect(
      small.body.lines.find((line) => line.indicator === 'actions' && line.dimension === 'type:animation'),
    ).toMatchObject({
      own: 2,
      peerTotal: 10,
      peerAverage: 2,
    });
    // Villeurbanne and Grenoble are the only large communes: their peer figures stay suppressed (the count of
    // workspaces is published: it describes the workspaces, which chose to share, not organisations).
    const large = await admin.get<{
      peerTerritories: number | null;
      lines: { indicator: string; dimension: string; own: number; peerAverage: number | null; suppressed: boolean }[];
    }>(`/territories/${ids.villeurbanne}/benchmark`, { period: month });
    expect(large.body.peerTerritories).toBe(2);
    expect(large.body.lines.find((line) => line.indicator === 'actors' && line.dimension === 'total')).toMatchObject({
      own: 8,
      peerAverage: null,
      suppressed: true,
    });
    expect((await f.a.member.api.get(`/territories/${ids.lyonMetro}/benchmark`)).status).toBe(403);
    expect((await observer.get(`/territories/${ids.lyonMetro}/benchmark`)).status).toBe(404);
  });

  it('drops a territory that stops sharing from the next publication, and its kept figures at once', async () => {
    const before = await ownerQuery<{ n: number }>(
      t.runtime,
      `select count(*)::int as n from observatory_facts where territory_id = $1`,
      [ids.lyonMetro],
    );
    expect(before[0]?.n).toBeGreaterThan(0);
    await share(ids.lyonMetro, false, f.a.coordinator.api);
    const after = await ownerQuery<{ n: number }>(
      t.runtime,
      `select count(*)::int as n from observatory_facts where territory_id = $1`,
      [ids.lyonMetro],
    );
    expect(after[0]?.n).toBe(0);
    expect((await rollup()).territories).toBe(9);
    expect(value(await indicators('national', 'FR'), 'actors|total')).toBe(70 - 21);
    // Villeurbanne alone in its EPCI now: its figures are the EPCI's, withheld alike.
    expect((await indicators('epci', '200046977')).get('actors|total')).toEqual(
      (await indicators('commune', '69266')).get('actors|total'),
    );
    expect(await linearAttack()).toEqual([]);
  });
});
