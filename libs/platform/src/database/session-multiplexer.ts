import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';

interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

/** Frontend messages of the extended query protocol, up to the Sync that ends a sequence. */
const EXTENDED = new Set([
  0x50 /* P */, 0x42 /* B */, 0x44 /* D */, 0x45 /* E */, 0x43 /* C */, 0x48 /* H */, 0x46 /* F */,
]);
const SYNC = 0x53; // S
const QUERY = 0x51; // Q
const PARSE = 0x50; // P
const BIND = 0x42; // B
const DESCRIBE = 0x44; // D
const CLOSE = 0x43; // C
const STATEMENT = 0x53; // S, in Describe and Close: a statement, not a portal
const TERMINATE = 0x58; // X
const NOTIFICATION = 0x41; // A (backend)

function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const message = Buffer.alloc(5 + text.length);
  message[0] = QUERY;
  message.writeUInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}

const ROLLBACK_MESSAGE = simpleQuery('ROLLBACK');
const SYNC_MESSAGE = Uint8Array.from([SYNC, 0, 0, 0, 4]);

/**
 * LISTEN / UNLISTEN statements of a simple query, string literals and comments aside (a query can
 * carry a user's text: the audit records sent with a COMMIT, `Db.withCommit`).
 */
export function listenChanges(sql: string): { listen: string[]; unlisten: string[] } {
  const text = sql.replace(/'(?:[^']|'')*'/g, "''").replace(/--[^\n]*/g, ' ');
  const names = (pattern: RegExp) => [...text.matchAll(pattern)].map((match) => (match[1] as string).toLowerCase());
  return {
    listen: names(/(?<!UN)LISTEN\s+"?([A-Za-z_][\w$]*)"?/gi),
    unlisten: names(/UNLISTEN\s+"?([A-Za-z_][\w$*]*)"?/gi),
  };
}

/**
 * Shares PGlite's single session between socket connections, safely.
 *
 * pglite-socket's own queue hands the session to another connection between
 * any two messages unless a transaction is open. With the extended query
 * protocol (Parse, Bind, Execute… then Sync) two clients' messages then
 * interleave, and one binds or executes the other's unnamed statement
 * ("unnamed prepared statement does not exist"). Here a connection keeps the
 * session from its first message of a sequence until the Sync (or simple
 * Query) that ends it, and for as long as its transaction stays open; and
 * NOTIFY reaches the connections that LISTEN. A connection that goes away
 * while holding the session (killed, or ended mid-transaction) has its work
 * undone, as a server does when a backend's client disappears. Named
 * prepared statements are each connection's own, as on a server. Written by
 * hand: no library offers it.
 */
export class SessionMultiplexer {
  private readonly queue: Pending[] = [];
  private owner: number | null = null;
  private processing = false;
  /** Connections gone (socket closed, or Terminate sent) whose hold on the session is still to be undone. */
  private readonly closed = new Set<number>();
  /** Named prepared statements of each connection, under their name in the session (see ownStatement). */
  private readonly statements = new Map<number, Set<string>>();
  /** Statements of gone connections, deallocated as soon as no connection holds the session. */
  private readonly unused: string[] = [];
  /** Connections that LISTEN, their channels, and how to reach their socket. */
  private readonly listeners = new Map<number, { channels: Set<string>; deliver: (data: Uint8Array) => void }>();

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (;;) {
        // Checked between messages, never during one: a connection that dies while its
        // statement runs only becomes the holder once that statement ends.
        await this.releaseClosed();
        if (this.queue.length === 0) break;
        const index = this.owner === null ? 0 : this.queue.findIndex((item) => item.handlerId === this.owner);
        // The session's holder has not sent its next message yet: everyone else waits for it.
        if (index === -1) break;
        const [item] = this.queue.splice(index, 1) as [Pending];
        let bytes = 0;
        this.trackListen(item);
        const notifications = this.notificationRouter(item.handlerId);
        try {
          const message = this.ownStatement(item.handlerId, item.message);
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                item.onData(data);
                notifications(data);
              },
            }),
          );
        } catch (error) {
          this.owner = this.db.isInTransaction() ? item.handlerId : null;
          item.reject(error);
          continue;
        }
        const type = item.message[0] ?? 0;
        if (type === SYNC || type === QUERY) this.owner = this.db.isInTransaction() ? item.handlerId : null;
        else if (EXTENDED.has(type)) this.owner = item.handlerId;
        // Ending the connection does not commit: the holder stays the owner until its work is undone.
        else if (type === TERMINATE) this.closed.add(item.handlerId);
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }

  /**
   * Undoes what gone connections left on the session, as a server does when
   * a backend loses its client: ROLLBACK aborts their transaction, explicit
   * or the implicit one of an unfinished extended sequence (whose next Sync,
   * from another connection, would otherwise commit it); a Sync ends a
   * sequence that skips every message after an error (the next connection's
   * statements would be skipped and answered with nothing); a transaction
   * that failed there is rolled back after it.
   */
  private async releaseClosed(): Promise<void> {
    for (const handlerId of this.closed) {
      this.closed.delete(handlerId);
      this.unused.push(...(this.statements.get(handlerId) ?? []));
      this.statements.delete(handlerId);
      if (this.owner !== handlerId) continue;
      await this.runInternal(ROLLBACK_MESSAGE);
      await this.runInternal(SYNC_MESSAGE);
      if (this.db.isInTransaction()) await this.runInternal(ROLLBACK_MESSAGE);
      this.owner = null;
    }
    // Only between two connections' work: a statement of ours inside another's sequence would end it.
    while (this.owner === null && this.unused.length > 0) {
      const name = this.unused.pop() as string;
      await this.runInternal(simpleQuery(`DEALLOCATE "${name.replaceAll('"', '""')}"`));
    }
  }

  /**
   * All connections share one session, so two that prepare the same statement
   * name (two processes of one app do) would collide: "prepared statement
   * already exists", or one executing the other's. Each connection's names
   * are prefixed with its id in Parse, Bind, Describe and Close; the unnamed
   * statement needs nothing (a connection keeps the session for its sequence).
   */
  private ownStatement(handlerId: number, message: Uint8Array): Uint8Array {
    const type = message[0];
    if (type !== PARSE && type !== BIND && type !== DESCRIBE && type !== CLOSE) return message;
    const bytes = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
    let start = 5;
    // Bind names its portal first; Describe and Close say whether they mean a statement or a portal.
    if (type === BIND) start = bytes.indexOf(0, 5) + 1;
    else if (type === DESCRIBE || type === CLOSE) {
      if (bytes[5] !== STATEMENT) return message;
      start = 6;
    }
    const end = bytes.indexOf(0, start);
    if (end <= start) return message;
    const name = `c${handlerId}_${bytes.toString('utf8', start, end)}`;
    let names = this.statements.get(handlerId);
    if (!names) this.statements.set(handlerId, (names = new Set()));
    if (type === PARSE) names.add(name);
    else if (type === CLOSE) names.delete(name);
    const renamed = Buffer.concat([bytes.subarray(0, start), Buffer.from(name, 'utf8'), bytes.subarray(end)]);
    renamed.writeUInt32BE(renamed.length - 1, 1);
    return renamed;
  }

  /** Runs a message of our own on the session; its answer goes nowhere. */
  private async runInternal(message: Uint8Array): Promise<void> {
    await this.db
      .runExclusive(() => this.db.execProtocolRawStream(message, { onRawData: () => undefined }))
      .catch(() => undefined);
  }

  /**
   * All connections share one session, so a NOTIFY comes back in the output
   * of whichever connection ran it. It is copied to every other connection
   * that LISTENs on its channel, as a server would deliver it — so BullMQ's
   * workers are woken instead of sleeping until their next poll.
   */
  private notificationRouter(sender: number): (data: Uint8Array) => void {
    let carry = Buffer.alloc(0);
    return (data) => {
      if (this.listeners.size === 0) return;
      carry = carry.length ? Buffer.concat([carry, data]) : Buffer.from(data);
      let offset = 0;
      while (carry.length - offset >= 5) {
        const length = carry.readUInt32BE(offset + 1);
        if (carry.length - offset < length + 1) break;
        if (carry[offset] === NOTIFICATION) {
          const frame = carry.subarray(offset, offset + length + 1);
          const end = frame.indexOf(0, 9);
          const channel = frame.subarray(9, end).toString('utf8').toLowerCase();
          for (const [handlerId, listener] of this.listeners) {
            if (handlerId !== sender && listener.channels.has(channel)) listener.deliver(Uint8Array.from(frame));
          }
        }
        offset += length + 1;
      }
      carry = carry.subarray(offset);
    };
  }

  private trackListen(item: Pending): void {
    if (item.message[0] !== QUERY) return;
    const sql = Buffer.from(item.message.subarray(5, item.message.length - 1)).toString('utf8');
    if (!/LISTEN/i.test(sql)) return;
    const changes = listenChanges(sql);
    const listener = this.listeners.get(item.handlerId) ?? { channels: new Set<string>(), deliver: item.onData };
    listener.deliver = item.onData;
    for (const channel of changes.listen) listener.channels.add(channel);
    for (const channel of changes.unlisten) {
      if (channel === '*') listener.channels.clear();
      else listener.channels.delete(channel);
    }
    if (listener.channels.size > 0) this.listeners.set(item.handlerId, listener);
    else this.listeners.delete(item.handlerId);
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.listeners.delete(handlerId);
    for (let index = this.queue.length - 1; index >= 0; index -= 1) {
      const item = this.queue[index] as Pending;
      if (item.handlerId === handlerId) {
        this.queue.splice(index, 1);
        item.reject(new Error('Connection closed'));
      }
    }
  }

  /**
   * Called when a connection goes away (pglite-socket's handler, on close or
   * error). What it still holds is undone between two messages (see
   * releaseClosed), including when its last statement is running right now.
   */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    this.closed.add(handlerId);
    await this.process();
  }
}

/** A loopback PostgreSQL server in front of one PGlite instance, through a SessionMultiplexer. */
export class MultiplexedServer {
  private readonly multiplexer: SessionMultiplexer;
  private readonly handlers = new Set<PGLiteSocketHandler>();
  private server: Server | undefined;

  constructor(
    db: PGlite,
    private readonly maxConnections: number,
  ) {
    this.multiplexer = new SessionMultiplexer(db);
  }

  async start(): Promise<number> {
    const server = createServer((socket: Socket) => {
      if (this.handlers.size >= this.maxConnections) {
        socket.end();
        return;
      }
      // The handler's queue is structurally the pglite-socket one; this implementation holds the session per sequence.
      const handler = new PGLiteSocketHandler({ queryQueue: this.multiplexer as never, closeOnDetach: true });
      this.handlers.add(handler);
      const forget = () => this.handlers.delete(handler);
      handler.addEventListener('close', forget);
      handler.addEventListener('error', forget);
      handler.attach(socket).catch(() => {
        forget();
        socket.destroy();
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const handler of this.handlers) await handler.detach(true).catch(() => undefined);
    this.handlers.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
