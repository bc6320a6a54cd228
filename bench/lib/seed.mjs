// Realistic data, fast: territories with their official codes, actors with the
// category mix of DOMAIN.md and valid identifiers, actions with participants,
// alliances with their lifecycle and evaluations. Rows go in by batches of
// `insert … select from unnest(…)` through the real schema, as the runtime
// role with the territory set: row security checks every row, as in the app.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { GeographyService } from '../../dist/libs/territories/src/geography.service.js';
import { searchText } from '../../dist/libs/ecosystem/src/directory/actor.model.js';
import { inTerritory } from './harness.mjs';

export const SIZES = {
  // One territory of 5,000 actors (also `--size=5k`).
  quick: { big: { actors: 5_000, actions: 500, alliances: 10_000 }, others: 0, other: null },
  // One territory of 50,000 actors and 100,000 alliances (`--size=50k`).
  '50k': { big: { actors: 50_000, actions: 5_000, alliances: 100_000 }, others: 0, other: null },
  // 200 territories: one of 50,000 actors; 1,000,000 alliances in all.
  full: {
    big: { actors: 50_000, actions: 5_000, alliances: 900_500 },
    others: 199,
    other: { actors: 250, actions: 25, alliances: 500 },
  },
};

const BATCH = 10_000;
const CATEGORIES = [
  ['association', 45],
  ['company', 30],
  ['public_body', 8],
  ['foundation', 3],
  ['academic', 4],
  ['support_structure', 6],
  ['citizen_group', 4],
];
const MODES = ['responsible_practices', 'patronage', 'economic_cooperation', 'societal_innovation'];
// Shares among companies with partnerships (DOMAIN.md): 42 %, 30 %, 25 %, 16 %.
const MODE_SHARES = [0.42, 0.3, 0.25, 0.16];
const STATUSES = [
  ['active', 40],
  ['ended', 20],
  ['proposed', 15],
  ['under_discussion', 10],
  ['declined', 10],
  ['withdrawn', 5],
];
const FRAGILITIES = ['economic', 'social', 'environmental', 'societal'];
const WORDS = ['Solidarité', 'Avenir', 'Territoires', 'Emploi', 'Culture', 'Transition', 'Jeunesse', 'Insertion'];
const NAF = ['88.99B', '94.99Z', '62.01Z', '43.21A', '56.10A', '85.59A', '70.22Z', '81.30Z'];

/** A small deterministic generator, so two runs seed the same data. */
function random(seed) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

const pickWeighted = (rand, table) => {
  const total = table.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = rand() * total;
  for (const [value, weight] of table) if ((roll -= weight) < 0) return value;
  return table[0][0];
};

/** Appends the Luhn key to `digits`. */
function luhn(digits) {
  for (let key = 0; key < 10; key += 1) {
    const candidate = digits + key;
    let sum = 0;
    for (let index = 0; index < candidate.length; index += 1) {
      let digit = Number(candidate[candidate.length - 1 - index]);
      if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

/** Inserts `rows` (objects) into `table` by batches, each column through one typed array. */
async function insertRows(client, table, columns, rows, returning) {
  const ids = [];
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const names = Object.keys(columns);
    // A column typed `list` holds a text[] per row: it travels as its literal and is cast back.
    const type = (name) => (columns[name] === 'list' ? 'text[]' : columns[name]);
    const value = (name, index) => (columns[name] === 'list' ? `c${index}::text[]` : `c${index}`);
    const result = await client.query(
      `insert into ${table} (territory_id, ${names.join(', ')})
       select nullif(current_setting('app.territory_id', true), '')::uuid, ${names.map(value).join(', ')}
       from unnest(${names.map((name, index) => `$${index + 1}::${type(name)}`).join(', ')})
            as u(${names.map((_, index) => `c${index}`).join(', ')})
       ${returning ? `returning ${returning}` : ''}`,
      names.map((name) =>
        batch.map((row) => {
          const cell = row[name];
          return Array.isArray(cell) ? `{${cell.join(',')}}` : cell;
        }),
      ),
    );
    if (returning) ids.push(...result.rows);
  }
  return ids;
}

function territoryList(geography, count) {
  const big = { kind: 'epci', code: '200046977' };
  if (count === 0) return [big];
  const lyon = new Set(geography.epciCommunes('200046977').map((commune) => commune.code));
  // The largest communes of France outside the big territory: real INSEE codes, real populations.
  const communes = [...geography.data.communes.values()]
    .filter((commune) => !lyon.has(commune.code))
    .sort((a, b) => b.population - a.population)
    .slice(0, count);
  return [big, ...communes.map((commune) => ({ kind: 'commune', code: commune.code }))];
}

async function createTerritory(owner, geography, { kind, code }) {
  const area = geography.resolveOfficial(kind, code);
  const id = randomUUID();
  await owner.query(
    `insert into territories (id, kind, code, name, population, region_codes, departement_codes, epci_code, commune_count)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      id,
      kind,
      code,
      area.name,
      area.population,
      area.regionCodes,
      area.departementCodes,
      area.epciCode,
      area.communeCodes.length,
    ],
  );
  await owner.query(`insert into territory_communes (territory_id, commune_code) select $1, unnest($2::text[])`, [
    id,
    area.communeCodes,
  ]);
  return { id, kind, code, name: area.name, communes: area.communeCodes };
}

async function seedTerritory(pool, territory, size, rand) {
  const now = Date.now();
  const day = 86_400_000;
  const centre = [45 + rand() * 3, 1 + rand() * 5];
  return inTerritory(pool, territory.id, async (client) => {
    const actors = [];
    for (let index = 0; index < size.actors; index += 1) {
      const category = pickWeighted(rand, CATEGORIES);
      const name = `${category === 'association' ? 'Association' : category === 'company' ? 'Société' : 'Structure'} ${
        WORDS[index % WORDS.length]
      } ${territory.code}-${index}`;
      const description = `Acteur ${WORDS[(index * 7) % WORDS.length].toLowerCase()} du territoire ${territory.name}.`;
      const tags = [WORDS[index % WORDS.length].toLowerCase()];
      const siren = category === 'company' || category === 'association' ? luhn(String(10_000_000 + index)) : null;
      actors.push({
        category,
        name,
        employer: category === 'association' ? rand() < 0.4 : null,
        size_class:
          category === 'company'
            ? pickWeighted(rand, [
                ['micro', 70],
                ['sme', 25],
                ['mid_cap', 4],
                ['large', 1],
              ])
            : null,
        siren,
        siret: siren && category === 'company' ? luhn(siren + String(1 + (index % 999)).padStart(4, '0')) : null,
        rna: category === 'association' ? `W${String(100_000_000 + index).slice(0, 9)}` : null,
        naf_code: NAF[index % NAF.length],
        commune_code: territory.communes[index % territory.communes.length],
        latitude: centre[0] + (rand() - 0.5) * 0.05,
        longitude: centre[1] + (rand() - 0.5) * 0.05,
        fragilities: FRAGILITIES.filter(() => rand() < 0.3),
        tags,
        description,
        search_text: searchText({ name, description, tags }),
        created_at: new Date(now - rand() * 3 * 365 * day),
      });
    }
    const actorIds = (
      await insertRows(
        client,
        'actors',
        {
          category: 'text[]',
          name: 'text[]',
          employer: 'boolean[]',
          size_class: 'text[]',
          siren: 'text[]',
          siret: 'text[]',
          rna: 'text[]',
          naf_code: 'text[]',
          commune_code: 'text[]',
          latitude: 'float8[]',
          longitude: 'float8[]',
          fragilities: 'list',
          tags: 'list',
          description: 'text[]',
          search_text: 'text[]',
          created_at: 'timestamptz[]',
        },
        actors,
        'id',
      )
    ).map((row) => row.id);
    const someActor = () => actorIds[Math.floor(rand() * actorIds.length)];

    const priorities = (
      await insertRows(
        client,
        'priorities',
        { title: 'text[]', fragilities: 'list' },
        FRAGILITIES.map((fragility, index) => ({
          title: `Enjeu ${index + 1} : ${fragility}`,
          fragilities: [fragility],
        })),
        'id',
      )
    ).map((row) => row.id);
    // One actor in three works on a priority, one in ten on two (from its index: the random sequence, and
    // so the rest of the seed, stays what it was).
    await insertRows(
      client,
      'actor_priorities',
      { actor_id: 'uuid[]', priority_id: 'uuid[]' },
      actorIds.flatMap((actorId, index) =>
        [
          index % 3 === 0 ? priorities[index % priorities.length] : null,
          index % 10 === 0 ? priorities[(index + 1) % priorities.length] : null,
        ]
          .filter((priority) => priority !== null)
          .map((priority) => ({ actor_id: actorId, priority_id: priority })),
      ),
    );

    const actions = [];
    for (let index = 0; index < size.actions; index += 1) {
      const type = pickWeighted(rand, [
        ['animation', 60],
        ['collective_experiment', 20],
        ['support', 20],
      ]);
      const start = new Date(now - rand() * 2 * 365 * day).toISOString().slice(0, 10);
      actions.push({
        id: randomUUID(),
        type,
        title: `${type === 'animation' ? 'Rencontre' : type === 'support' ? 'Accompagnement' : 'Expérimentation'} ${index + 1}`,
        start_date: start,
        phase: type === 'collective_experiment' ? 'experimentation' : null,
        supported_actor_id: type === 'support' ? someActor() : null,
      });
    }
    await insertRows(
      client,
      'actions',
      {
        id: 'uuid[]',
        type: 'text[]',
        title: 'text[]',
        start_date: 'date[]',
        phase: 'text[]',
        supported_actor_id: 'uuid[]',
      },
      actions,
    );
    const participants = actions.flatMap((action) => {
      const chosen = new Set([someActor(), someActor(), someActor()]);
      return [...chosen].map((actor, index) => ({
        action_id: action.id,
        actor_id: actor,
        role: index === 0 ? 'organiser' : 'participant',
      }));
    });
    await insertRows(
      client,
      'action_participants',
      { action_id: 'uuid[]', actor_id: 'uuid[]', role: 'text[]' },
      participants,
    );
    await insertRows(
      client,
      'action_priorities',
      { action_id: 'uuid[]', priority_id: 'uuid[]' },
      actions
        .filter(() => rand() < 0.5)
        .map((action) => ({ action_id: action.id, priority_id: priorities[Math.floor(rand() * priorities.length)] })),
    );

    for (let start = 0; start < size.alliances; start += BATCH) {
      const alliances = [];
      for (let index = start; index < Math.min(size.alliances, start + BATCH); index += 1) {
        const modes = MODES.filter((_, mode) => rand() < MODE_SHARES[mode]);
        const created = new Date(now - rand() * 2 * 365 * day);
        alliances.push({
          id: randomUUID(),
          title: `Alliance ${index + 1}`,
          status: pickWeighted(rand, STATUSES),
          modes: modes.length ? modes : ['responsible_practices'],
          fragilities: FRAGILITIES.filter(() => rand() < 0.25),
          created_at: created,
          parties: [...new Set([someActor(), someActor()])],
        });
      }
      await insertRows(
        client,
        'alliances',
        {
          id: 'uuid[]',
          title: 'text[]',
          status: 'text[]',
          modes: 'list',
          fragilities: 'list',
          created_at: 'timestamptz[]',
        },
        alliances,
      );
      await insertRows(
        client,
        'alliance_parties',
        { alliance_id: 'uuid[]', actor_id: 'uuid[]' },
        alliances.flatMap((alliance) =>
          alliance.parties.map((actor) => ({ alliance_id: alliance.id, actor_id: actor })),
        ),
      );
      // The lifecycle as it happened: proposed when created, then its present state some days later.
      await insertRows(
        client,
        'alliance_transitions',
        { alliance_id: 'uuid[]', from_status: 'text[]', to_status: 'text[]', changed_at: 'timestamptz[]' },
        alliances.flatMap((alliance) => [
          { alliance_id: alliance.id, from_status: null, to_status: 'proposed', changed_at: alliance.created_at },
          ...(alliance.status === 'proposed'
            ? []
            : [
                {
                  alliance_id: alliance.id,
                  from_status: 'proposed',
                  to_status: alliance.status,
                  changed_at: new Date(alliance.created_at.getTime() + (1 + rand() * 30) * day),
                },
              ]),
        ]),
      );
      await insertRows(
        client,
        'alliance_evaluations',
        {
          alliance_id: 'uuid[]',
          actor_id: 'uuid[]',
          period: 'text[]',
          product: 'int2[]',
          balance: 'int2[]',
          contribution: 'int2[]',
        },
        alliances
          .filter((alliance) => alliance.status === 'active' && rand() < 0.1)
          .flatMap((alliance) =>
            alliance.parties.map((actor) => ({
              alliance_id: alliance.id,
              actor_id: actor,
              period: String(new Date().getFullYear()),
              product: 1 + Math.floor(rand() * 5),
              balance: 1 + Math.floor(rand() * 5),
              contribution: 1 + Math.floor(rand() * 5),
            })),
          ),
      );
    }
    await client.query(
      `insert into observatory_sharing (territory_id, sharing) values (nullif(current_setting('app.territory_id', true), '')::uuid, true)`,
    );
    return { actors: actorIds.length, actions: actions.length, alliances: size.alliances };
  });
}

/**
 * Seeds `databaseUrl` (migrated) at `size` ('quick', '50k' or 'full'); returns the
 * territories, the big one first, and the time it took.
 */
export async function seed(databaseUrl, size) {
  const plan = SIZES[size];
  const geography = new GeographyService();
  const started = Date.now();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const owner = await pool.connect();
  const territories = [];
  try {
    const list = territoryList(geography, plan.others);
    for (const entry of list) territories.push(await createTerritory(owner, geography, entry));
  } finally {
    owner.release();
  }
  try {
    const rand = random(20261123);
    const counts = { actors: 0, actions: 0, alliances: 0 };
    for (const [index, territory] of territories.entries()) {
      const seeded = await seedTerritory(pool, territory, index === 0 ? plan.big : plan.other, rand);
      for (const key of Object.keys(counts)) counts[key] += seeded[key];
    }
    // A bulk load is followed in production by autovacuum's first pass (visibility map, hint bits)
    // and a checkpoint: done here, so that no scenario measures them instead of the requests.
    await pool.query('vacuum (analyze)');
    await pool.query('checkpoint');
    return { territories, counts, seconds: (Date.now() - started) / 1000 };
  } finally {
    await pool.end();
  }
}
