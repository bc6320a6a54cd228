import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { MultiplexedServer } from './session-multiplexer.js';

/**
 * The embedded engine shares one PGlite session between connections. A
 * connection that goes away while holding it — a worker killed with SIGKILL,
 * a client that disconnects mid-transaction or mid-sequence — must leave
 * nothing behind for the next one: its work rolled back, the session free.
 */

const ROOT = resolve(import.meta.dirname, '..', '..', '..', '..');

function frame(type: string, body: Buffer): Buffer {
  const message = Buffer.alloc(5 + body.length);
  message.write(type, 0, 'latin1');
  message.writeUInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return message;
}

const cstring = (text: string) => Buffer.from(`${text}\0`, 'utf8');

/** A client speaking the protocol by hand, to stop exactly between two messages as a killed process would. */
async function rawClient(port: number): Promise<{ socket: Socket; send(...messages: Buffer[]): Promise<void> }> {
  const socket = connect(port, '127.0.0.1');
  let received = Buffer.alloc(0);
  const waiters: { type: number; done: () => void }[] = [];
  socket.on('data', (data: Buffer) => {
    received = Buffer.concat([received, data]);
    while (received.length >= 5 && received.length >= 1 + received.readUInt32BE(1)) {
      const type = received[0] as number;
      received = received.subarray(1 + received.readUInt32BE(1));
      for (const waiter of waiters.splice(0)) {
        if (waiter.type === type) waiter.done();
        else waiters.push(waiter);
      }
    }
  });
  const answer = (type: string) => new Promise<void>((done) => waiters.push({ type: type.charCodeAt(0), done }));
  await new Promise<void>((done, fail) => socket.once('connect', done).once('error', fail));
  const ready = answer('Z');
  const params = Buffer.concat([
    cstring('user'),
    cstring('postgres'),
    cstring('database'),
    cstring('postgres'),
    cstring(''),
  ]);
  const startup = Buffer.alloc(8);
  startup.writeUInt32BE(8 + params.length, 0);
  startup.writeUInt32BE(196_608, 4);
  socket.write(Buffer.concat([startup, params]));
  await ready;
  return {
    socket,
    /** Sends messages and waits for the answer to the last one (ParseComplete, CommandComplete or ErrorResponse). */
    async send(...messages) {
      const last = messages.at(-1)?.[0];
      const expected = last === 0x50 ? '1' : 'C';
      const settled = Promise.race([answer(expected), answer('E')]);
      socket.write(Buffer.concat(messages));
      await settled;
    },
  };
}

const parse = (sql: string) => frame('P', Buffer.concat([cstring(''), cstring(sql), Buffer.from([0, 0])]));
const bind = () => frame('B', Buffer.concat([cstring(''), cstring(''), Buffer.alloc(6)]));
const execute = () => frame('E', Buffer.concat([cstring(''), Buffer.alloc(4)]));
const query = (sql: string) => frame('Q', cstring(sql));

/** Fails instead of hanging when the session is never given back. */
function within<T>(work: Promise<T>, ms = 5_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error(`no answer within ${ms} ms: the session is still held`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

describe('SessionMultiplexer: connections that go away, and what each connection owns', () => {
  let db: PGlite;
  let server: MultiplexedServer;
  let url: string;

  /** Serves `engine` (the PGlite itself, or a wrapper around it). */
  async function serve(engine: PGlite): Promise<void> {
    server = new MultiplexedServer(engine, 20);
    const port = await server.start();
    url = `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
  }

  async function rowsOfT(): Promise<number> {
    const client = new pg.Client({ connectionString: url });
    await within(client.connect());
    try {
      // Parameters: the extended protocol, the one a leftover sequence would confuse.
      const result = await within(
        client.query<{ n: number }>('select count(*)::int as n from t where $1::int = 1', [1]),
      );
      expect(result.rows).toHaveLength(1);
      return result.rows[0]?.n as number;
    } finally {
      await client.end();
    }
  }

  const port = () => Number(new URL(url).port);

  // One engine for the file (starting PGlite takes seconds), a fresh table per test: each test
  // checks that the session it leaves has no transaction, and the next one starts from an empty table.
  beforeAll(async () => {
    db = await PGlite.create('memory://');
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db.exec('drop table if exists t; create table t (n int)');
  });
  afterEach(async () => {
    await server?.stop();
    if (db.isInTransaction()) await db.exec('rollback');
  });

  it('rolls back the transaction of a client process killed with SIGKILL, and frees the session', async () => {
    await serve(db);
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import pg from 'pg';
         const client = new pg.Client({ connectionString: process.env.URL });
         await client.connect();
         await client.query('begin');
         await client.query('insert into t values ($1)', [1]);
         process.stdout.write('in-transaction\\n');
         setInterval(() => undefined, 1000);`,
      ],
      { cwd: ROOT, env: { PATH: process.env.PATH, URL: url }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((done) => child.on('exit', done));
    await within(
      new Promise<void>((done) => child.stdout.on('data', (data) => String(data).includes('in-transaction') && done())),
      20_000,
    );
    child.kill('SIGKILL');
    await exited;
    expect(await rowsOfT()).toBe(0);
    expect(db.isInTransaction()).toBe(false);
  });

  /** A client that sends these exchanges, each answered, then disappears without a word, as a killed process does. */
  async function dieAfter(...exchanges: Buffer[][]): Promise<void> {
    await serve(db);
    const dying = await rawClient(port());
    for (const messages of exchanges) await dying.send(...messages);
    dying.socket.resetAndDestroy();
  }

  it('does not let the next Sync commit what a dead client executed before its own Sync', async () => {
    await dieAfter([parse('insert into t values (7)'), bind(), execute()]);
    expect(await rowsOfT()).toBe(0);
  });

  it('answers the next client after a dead client failed in the middle of an extended sequence', async () => {
    // The error makes the session skip every message until a Sync that never comes.
    await dieAfter([parse('selec oops')]);
    expect(await rowsOfT()).toBe(0);
  });

  it('rolls back a failed transaction of a dead client', async () => {
    await dieAfter(
      [query('begin; insert into t values (1)')],
      [parse('insert into t values (1 / 0)'), bind(), execute()],
    );
    expect(await rowsOfT()).toBe(0);
    expect(db.isInTransaction()).toBe(false);
  });

  it('rolls back the transaction of a client that ends its connection in the middle of it', async () => {
    await serve(db);
    const leaving = new pg.Client({ connectionString: url });
    await leaving.connect();
    await leaving.query('begin');
    await leaving.query('insert into t values (1)');
    await leaving.end();
    expect(await rowsOfT()).toBe(0);
    expect(db.isInTransaction()).toBe(false);
  });

  it('keeps each connection’s named prepared statements its own, and drops them when it goes', async () => {
    await serve(db);
    const clients = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })];
    for (const client of clients) await client.connect();
    // Two processes of the same app prepare the same statement names (pg's `name`), as on a real server.
    const same = { name: 'count_t', text: 'select count(*)::int as n from t where $1::int = 1', values: [1] };
    for (const client of [...clients, ...clients]) expect((await within(client.query(same))).rows).toEqual([{ n: 0 }]);
    await Promise.all(clients.map((client) => client.end()));
    expect(await rowsOfT()).toBe(0);
    expect((await db.query('select name from pg_prepared_statements')).rows).toEqual([]);
  });

  it('frees the session when a client dies while its statement is running', async () => {
    // PGlite runs a statement without letting the event loop turn, today. Should a statement ever
    // let it turn, the disconnection is seen before the statement that opens the transaction has
    // ended (the holder is then a connection already gone): simulated here.
    let slow = false;
    const slowEngine = new Proxy(db, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (property === 'execProtocolRawStream') {
          const run = value as PGlite['execProtocolRawStream'];
          return async (...args: Parameters<PGlite['execProtocolRawStream']>) => {
            if (slow) await new Promise((done) => setTimeout(done, 200));
            return run.apply(target, args);
          };
        }
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    await serve(slowEngine);
    const dying = await rawClient(port());
    slow = true;
    dying.socket.write(query('begin; insert into t values (1)'));
    await new Promise((done) => setTimeout(done, 50));
    dying.socket.resetAndDestroy();
    await new Promise((done) => setTimeout(done, 50));
    slow = false;
    expect(await rowsOfT()).toBe(0);
    expect(db.isInTransaction()).toBe(false);
  });
});
