import { randomBytes } from 'node:crypto';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { defineJob, systemScope } from './job-catalogue.js';
import { ENQUEUE_TIMEOUT_MS, JobQueue } from './job-queue.js';
import { JobRegistry } from './job-registry.js';
import { QueueBackend } from './queue-backend.js';

const probe = defineJob({
  name: 'system.health-probe',
  queue: 'system',
  payload: z.object({ ...systemScope, nonce: z.string(), requestedAt: z.string() }),
});
const payload = { system: true as const, reason: 'test', nonce: 'n', requestedAt: new Date(0).toISOString() };

/** A JobQueue over a backend whose queue connects as `ready` says and answers `add` as `add` says. */
function jobQueueWith(add: () => Promise<unknown>, ready: () => Promise<unknown> = async () => undefined): JobQueue {
  const registry = new JobRegistry();
  registry.register([probe]);
  const queue = { add, waitUntilReady: ready, on: () => undefined, close: async () => undefined };
  const backend = { createQueue: () => queue as unknown as Queue };
  return new JobQueue(backend as unknown as QueueBackend, registry);
}

describe('JobQueue.enqueue', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('answers the job the queue took', async () => {
    const jobs = jobQueueWith(async () => ({ id: '1' }));
    await expect(jobs.enqueue('system.health-probe', payload as never)).resolves.toEqual({ id: '1' });
  });

  it('fails, rather than waiting for ever, when the queue does not answer', async () => {
    jest.useFakeTimers();
    const jobs = jobQueueWith(() => new Promise(() => undefined));
    const queued = jobs.enqueue('system.health-probe', payload as never);
    const outcome = expect(queued).rejects.toThrow(
      `the job queue did not answer within ${ENQUEUE_TIMEOUT_MS / 1000} s`,
    );
    await jest.advanceTimersByTimeAsync(ENQUEUE_TIMEOUT_MS);
    await outcome;
  });

  it('does not send the job to a queue that has not connected in time (it would add it later)', async () => {
    jest.useFakeTimers();
    let added = 0;
    const jobs = jobQueueWith(
      async () => (added += 1),
      () => new Promise(() => undefined),
    );
    const queued = jobs.enqueue('system.health-probe', payload as never);
    const outcome = expect(queued).rejects.toThrow('the job queue did not answer');
    await jest.advanceTimersByTimeAsync(ENQUEUE_TIMEOUT_MS);
    await outcome;
    expect(added).toBe(0);
  });
});

// Redis gone after start: a producer's command fails at once instead of waiting in ioredis's
// offline queue (the clients workers need wait for ever). Between the queue and Redis, a proxy
// that is then shut, with its connections.
(process.env.REDIS_URL ? describe : describe.skip)('a Redis queue whose Redis goes away', () => {
  it('refuses a job instead of holding it until Redis comes back', async () => {
    const target = new URL(process.env.REDIS_URL as string);
    const sockets = new Set<Socket>();
    const proxy = createServer((client) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
    const namespace = `maillage_test_${randomBytes(4).toString('hex')}`;
    const backend = new QueueBackend({
      kind: 'redis',
      url: `redis://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      namespace,
    });
    const queue = backend.createQueue('system');
    // As JobQueue does: a lost connection is the readiness check's to report.
    queue.on('error', () => undefined);
    const direct = new Redis(process.env.REDIS_URL as string, { maxRetriesPerRequest: 1 });
    try {
      await expect(queue.add('probe', { n: 1 })).resolves.toMatchObject({ name: 'probe' });
      await new Promise<void>((done) => {
        proxy.close(() => done());
        for (const socket of sockets) socket.destroy();
      });
      await expect(queue.add('probe', { n: 2 })).rejects.toThrow();
    } finally {
      await queue.close().catch(() => undefined);
      await backend.close();
      const keys = await direct.keys(`${namespace}:*`);
      if (keys.length) await direct.del(...keys);
      direct.disconnect();
    }
  }, 60_000);
});
