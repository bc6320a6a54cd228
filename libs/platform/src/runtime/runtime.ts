import { mkdir } from 'node:fs/promises';
import type { Logger } from 'pino';
import { loadConfig, type AppConfig } from '../config/app-config.js';
import {
  startEmbeddedEngine,
  MEMORY_DATA_DIR,
  type EmbeddedDumps,
  type EmbeddedEngine,
} from '../database/embedded-engine.js';
import { assertMigrated, runMigrations, type MigrationClass } from '../database/migrator.js';
import { createLogger } from '../logging/logger.js';
import { postgresQueueSchema, type QueueBackendSettings } from '../queue/queue-backend.js';
import { resolveSecretKey } from './secret-key.js';

/**
 * Everything a process needs before Nest starts: validated configuration,
 * the database (the embedded engine when none is configured, migrated),
 * and the queue backend settings.
 */
export interface Runtime {
  readonly config: AppConfig;
  readonly logger: Logger;
  /** Where the application's connections go (they switch to the runtime role per transaction). */
  readonly databaseUrl: string;
  readonly migrationUrl: string;
  readonly queue: QueueBackendSettings;
  readonly secretKey: string;
  readonly engine: EmbeddedEngine | undefined;
  /** Stops what prepareRuntime started (the embedded engine). Idempotent. */
  close(): Promise<void>;
}

/** Idle workers on the embedded engine look for new jobs this often (see QueueBackendSettings). */
const EMBEDDED_POLL_SECONDS = 0.25;

export interface PrepareRuntimeOptions {
  env?: NodeJS.ProcessEnv;
  migrations: MigrationClass[];
  logger?: Logger;
  /** Process role, for log lines. */
  role?: string;
  /**
   * An in-memory embedded engine starts from these migrated dumps when there
   * are some, and leaves its own once migrated when there are none (the tests:
   * each file gets a fresh database without creating and migrating clusters).
   */
  embeddedTemplate?: EmbeddedTemplateStore;
}

/** Where the migrated dumps of an in-memory engine are kept between starts. */
export interface EmbeddedTemplateStore {
  load(): Promise<EmbeddedDumps | undefined>;
  save(dumps: EmbeddedDumps): Promise<void>;
}

export async function prepareRuntime(options: PrepareRuntimeOptions): Promise<Runtime> {
  const config = loadConfig(options.env);
  const logger =
    options.logger ??
    createLogger({ level: config.log.level, pretty: config.log.pretty, name: `maillage-${options.role ?? 'app'}` });
  let engine: EmbeddedEngine | undefined;
  try {
    if (config.database.mode === 'embedded') {
      const inMemory = config.database.dataDir === MEMORY_DATA_DIR;
      if (!inMemory) await mkdir(config.database.dataDir, { recursive: true });
      engine = await startEmbeddedEngine({
        dataDir: config.database.dataDir,
        queueSchema: postgresQueueSchema(config.queue.namespace),
        logger,
        template: inMemory ? await options.embeddedTemplate?.load() : undefined,
      });
    }
    const databaseUrl = engine?.databaseUrl ?? (config.database.url as string);
    const migrationUrl = engine?.databaseUrl ?? (config.database.migrationUrl as string);
    if (config.database.migrateOnStart) {
      const applied = await runMigrations(migrationUrl, options.migrations);
      logger.info({ applied }, applied.length ? 'database migrated' : 'database schema up to date');
    } else {
      await assertMigrated(migrationUrl, options.migrations);
    }
    if (
      engine &&
      options.embeddedTemplate &&
      !engine.fromTemplate &&
      config.database.migrateOnStart &&
      config.database.dataDir === MEMORY_DATA_DIR
    ) {
      await options.embeddedTemplate.save(await engine.dump());
    }
    const queue: QueueBackendSettings =
      config.queue.backend === 'redis'
        ? { kind: 'redis', url: config.queue.redisUrl as string, namespace: config.queue.namespace }
        : engine
          ? {
              kind: 'postgres',
              url: engine.queueUrl,
              namespace: config.queue.namespace,
              pollSeconds: EMBEDDED_POLL_SECONDS,
            }
          : { kind: 'postgres', url: config.queue.databaseUrl ?? migrationUrl, namespace: config.queue.namespace };
    const secretKey = await resolveSecretKey(config.secretKey, config.database.dataDir);
    const startedEngine = engine;
    return {
      config,
      logger,
      databaseUrl,
      migrationUrl,
      queue,
      secretKey,
      engine: startedEngine,
      close: async () => {
        await startedEngine?.stop();
      },
    };
  } catch (error) {
    await engine?.stop();
    throw error;
  }
}
