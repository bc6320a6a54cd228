// The baseline of the API scenarios: a bare Fastify server with a `pg` pool
// running the very SQL the app runs for the same request, inside the same
// isolation transaction (runtime role, territory and user set in one round
// trip; the directory's statement sent with the COMMIT, as the app does), without Nest, authentication, validation or an ORM. `/read-bare`
// runs the read's SQL with no transaction at all, to price the isolation.
//
//   DATABASE_URL=… TERRITORY_ID=… USER_ID=… node bench/baseline-server.mjs
import Fastify from 'fastify';
import pg from 'pg';
import { ACTION_SELECT } from '../dist/libs/ecosystem/src/activity/actions.repository.js';
import { ActorsRepository } from '../dist/libs/ecosystem/src/directory/actors.repository.js';
import { NotificationsRepository } from '../dist/libs/notifications/src/notifications.repository.js';
import { inlineLiterals } from '../dist/libs/platform/src/database/transactions.js';
import { eventStatement } from '../dist/libs/platform/src/events/domain-events.js';
import { statementThenCommit } from '../dist/libs/platform/src/database/statement-with-commit.js';

const { DATABASE_URL, TERRITORY_ID, USER_ID } = process.env;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
if (!UUID.test(TERRITORY_ID ?? '') || !UUID.test(USER_ID ?? ''))
  throw new Error('TERRITORY_ID and USER_ID must be uuids');
// Named prepared statements, as the app uses on PostgreSQL: parsed and planned once per connection.
let statements = 0;
const names = new Map();
const named = (text, values) => {
  if (!names.has(text)) names.set(text, `b_${(statements += 1)}`);
  return { name: names.get(text), text, values };
};
// The app's pool settings (DATABASE_POOL_SIZE, DATABASE_POOL_IDLE_TIMEOUT_MS and their defaults).
const pool = new pg.Pool({
  connectionString: DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  idleTimeoutMillis: Number(process.env.DATABASE_POOL_IDLE_TIMEOUT_MS ?? 300_000),
  keepAlive: true,
});

/**
 * The actors directory's query, built by the app's own code (ActorsRepository.list, its text and
 * parameters captured): `category` filter, by name, first page or the page after a cursor's position.
 */
async function directorySql(category, limit, after, extraWhere = '') {
  let captured;
  await new ActorsRepository().list(
    { query: async (text, values) => ((captured = { text, values }), []) },
    { category },
    after,
    limit,
  );
  if (!extraWhere) return captured;
  // Without row security's predicate, the bare variant names the territory itself.
  const values = [...captured.values, TERRITORY_ID];
  const joiner = / where /.test(captured.text.slice(captured.text.lastIndexOf('from actors a'))) ? 'and' : 'where';
  // The main query's `order by` is the last one (the priorities' subquery has its own).
  const at = captured.text.lastIndexOf(' order by ');
  const text = `${captured.text.slice(0, at)} ${joiner} ${extraWhere.replace('$$', `$${values.length}`)}${captured.text.slice(at)}`;
  return { text, values };
}

/** `category=association` by default (the API read scenario), `category=` for none. */
const categoryOf = (query) => (query.category === undefined ? 'association' : query.category || undefined);

/** The cursor of a keyset page, `k:id` in the query (the sort key as the app's cursor holds it). */
const afterOf = (query) => {
  if (!query.after) return undefined;
  const at = query.after.lastIndexOf(':');
  return { k: query.after.slice(0, at), id: query.after.slice(at + 1) };
};

async function isolated(work) {
  const client = await pool.connect();
  try {
    // One round trip, as the app opens its transactions (the values are the uuids given at start).
    await client.query(
      `begin; select set_config('role', 'maillage_app', true), set_config('app.territory_id', '${TERRITORY_ID}', true),
                     set_config('app.user_id', '${USER_ID}', true)`,
    );
    // `work` answers its result and, if any, a write sent with the COMMIT (as the app sends its audit row).
    // `committed`: the work's last statement went with the COMMIT (`statementThenCommit`).
    const { result, withCommit, committed } = await work(client);
    if (!committed) await client.query(withCommit ? `${withCommit}\n;\nCOMMIT` : 'commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const app = Fastify({ logger: false });

/** The page as the app writes it: each actor's stored JSON text with its priorities spliced in, joined. */
function page(reply, rows) {
  const nextAfter = rows.length > 50 ? `${rows[49].sort_key}:${rows[49].id}` : null;
  void reply.type('application/json; charset=utf-8');
  return `{"items":[${rows
    .slice(0, 50)
    .map((row) => `${row.json.slice(0, -1)},"priorityIds":${row.priority_ids}}`)
    .join(',')}],"nextAfter":${JSON.stringify(nextAfter)}}`;
}

app.get('/read', async (request, reply) => {
  const query = await directorySql(categoryOf(request.query), 50, afterOf(request.query));
  // The directory's statement goes with the COMMIT in one round trip, as the app sends it (`tenantStatement`).
  const rows = await isolated(async (client) => {
    const { name, text, values } = named(query.text, query.values);
    return { result: (await statementThenCommit(client, name, text, values)).result.rows, committed: true };
  });
  return page(reply, rows);
});

app.get('/read-bare', async (request, reply) => {
  const query = await directorySql(categoryOf(request.query), 50, afterOf(request.query), 'a.territory_id = $$');
  const rows = (await pool.query(named(query.text, query.values))).rows;
  return page(reply, rows);
});

const notifications = new NotificationsRepository();

// The statements ActionsService.create runs for an animation with participants: the actors' check, the
// action and its participants, its read-back, the domain event `action.recorded` with the read of the
// audience its notification rule names (the participants' organisations: the app's own SQL, built by
// its own code), and the audit row sent with the COMMIT.
app.post('/write', async (request, reply) => {
  const input = request.body;
  const actorIds = input.participants.map((participant) => participant.actorId);
  const created = await isolated(async (client) => {
    const found = await client.query(
      named(
        `select id, name, archived_at is not null as archived from actors where id = any((select $1::uuid[])::uuid[])`,
        [actorIds],
      ),
    );
    if (found.rowCount !== actorIds.length) throw new Error('unknown actor');
    const [{ id }] = (
      await client.query(
        named(
          `insert into actions (territory_id, type, title, description, start_date, end_date, outcomes, follow_ups,
                                details, phase, supported_actor_id, created_by)
           values (nullif(current_setting('app.territory_id', true), '')::uuid, $1, $2, '', $3, null, '', '', $4, null,
                   null, $5)
           returning id`,
          [input.type, input.title, input.startDate, JSON.stringify(input.animation ?? {}), USER_ID],
        ),
      )
    ).rows;
    await client.query(
      named(
        `insert into action_participants (territory_id, action_id, actor_id, role)
         select nullif(current_setting('app.territory_id', true), '')::uuid, $1, unnest($2::uuid[]), unnest($3::text[])`,
        [id, actorIds, input.participants.map((participant) => participant.role)],
      ),
    );
    const [row] = (await client.query(named(`${ACTION_SELECT} where x.id = $1`, [id]))).rows;
    const event = eventStatement(
      [
        'action.recorded',
        'action',
        id,
        USER_ID,
        null,
        JSON.stringify({
          title: row.title,
          type: row.type,
          startDate: input.startDate,
          participants: actorIds,
          added: actorIds,
        }),
        null,
      ],
      [notifications.audience(false, actorIds, [], false)],
    );
    const [recorded] = (await client.query(named(event.text, event.values))).rows;
    if (!Array.isArray(recorded.read_0)) throw new Error('no audience read');
    return {
      result: row,
      withCommit: inlineLiterals(
        `insert into audit_log (actor_user_id, entity, entity_id, action, changes, request_id)
         values ($1, 'action', $2, 'create', $3, null)`,
        [USER_ID, id, JSON.stringify({ title: { old: null, new: row.title } })],
      ),
    };
  });
  return reply.code(201).send(created);
});

const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`baseline ready: ${address}\n`);
for (const signal of ['SIGTERM', 'SIGINT'])
  process.once(signal, () => {
    void app.close().then(() => pool.end());
  });
