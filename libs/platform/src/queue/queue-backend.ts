import {
  createPostgresBackend,
  Queue,
  QueueEvents,
  withBackend,
  Worker,
  type JobsOptions,
  type Processor,
  type QueueOptions,
  type WorkerOptions,
} from 'bullmq';
import { Redis } from 'ioredis';

/** Where BullMQ keeps its state: Redis, or tables in PostgreSQL. */
export type QueueBackendSettings =
  | { kind: 'redis'; url: string; namespace: string }
  | {
      kind: 'postgres';
      url: string;
      namespace: string;
      poolSize?: number;
      /**
       * How long an idle worker waits before looking for jobs again. Set on
       * the embedded engine, whose socket multiplexer does not route NOTIFY to
       * the listening connection, so workers poll instead of being woken.
       */
      pollSeconds?: number;
    };

/** Schema of BullMQ's tables on the PostgreSQL backend. */
export function postgresQueueSchema(namespace: string): string {
  return `${namespace}_queue`;
}

export interface WorkerSettings {
  concurrency: number;
  /** How long a job's lock lasts before the job counts as stalled. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

/**
 * The one place that builds BullMQ queues, workers and event streams, for
 * either backend. Everything else asks it; nothing else imports ioredis or
 * names a backend.
 */
export class QueueBackend {
  private readonly redisClients: Redis[] = [];
  private readonly pg = withBackend(createPostgresBackend);

  constructor(readonly settings: QueueBackendSettings) {}

  get kind(): QueueBackendSettings['kind'] {
    return this.settings.kind;
  }

  createQueue<D = unknown>(name: string, defaultJobOptions?: JobsOptions): Queue<D> {
    if (this.settings.kind === 'redis') {
      const options: QueueOptions = {
        connection: this.producerClient(),
        prefix: this.settings.namespace,
        ...(defaultJobOptions ? { defaultJobOptions } : {}),
      };
      return new Queue<D>(name, options);
    }
    return new this.pg.Queue<D>(name, {
      connection: this.postgresConnection(),
      ...(defaultJobOptions ? { defaultJobOptions } : {}),
    }) as unknown as Queue<D>;
  }

  createWorker<D = unknown>(name: string, processor: Processor<D>, settings: WorkerSettings): Worker<D> {
    const common = {
      concurrency: settings.concurrency,
      autorun: false,
      ...(settings.lockDurationMs ? { lockDuration: settings.lockDurationMs } : {}),
      ...(settings.stalledIntervalMs ? { stalledInterval: settings.stalledIntervalMs } : {}),
    };
    if (this.settings.kind === 'redis') {
      const options: WorkerOptions = { ...common, connection: this.redisClient(), prefix: this.settings.namespace };
      return new Worker<D>(name, processor, options);
    }
    return new this.pg.Worker<D>(name, processor, {
      ...common,
      ...(this.settings.pollSeconds ? { drainDelay: this.settings.pollSeconds } : {}),
      connection: this.postgresConnection(),
    }) as unknown as Worker<D>;
  }

  createQueueEvents(name: string): QueueEvents {
    if (this.settings.kind === 'redis') {
      return new QueueEvents(name, { connection: this.redisClient(), prefix: this.settings.namespace });
    }
    return new this.pg.QueueEvents(name, { connection: this.postgresConnection() }) as unknown as QueueEvents;
  }

  /** Closes the clients this factory opened (BullMQ leaves caller-owned ones open). */
  async close(): Promise<void> {
    const clients = this.redisClients.splice(0);
    await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
  }

  private redisClient(): Redis {
    if (this.settings.kind !== 'redis') throw new Error('not a Redis backend');
    // BullMQ needs maxRetriesPerRequest: null for its blocking commands.
    const client = new Redis(this.settings.url, { maxRetriesPerRequest: null, lazyConnect: false });
    this.redisClients.push(client);
    return client;
  }

  /**
   * A queue's own client (adding jobs, looking them up, registering schedules): with Redis gone
   * after start, a command fails at once rather than waiting in ioredis's offline queue for Redis
   * to come back (BullMQ's advice for producers), so a request that queues a job answers « try
   * again later » instead of hanging. Workers and event streams keep blocking clients that wait.
   */
  private producerClient(): Redis {
    if (this.settings.kind !== 'redis') throw new Error('not a Redis backend');
    const client = new Redis(this.settings.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redisClients.push(client);
    return client;
  }

  private postgresConnection() {
    if (this.settings.kind !== 'postgres') throw new Error('not a PostgreSQL backend');
    return {
      connectionString: this.settings.url,
      schema: postgresQueueSchema(this.settings.namespace),
      migrate: true,
      max: this.settings.poolSize ?? 3,
      application_name: 'maillage-queue',
    };
  }
}
