import { z } from 'zod';

/**
 * Every environment variable Maillage reads, in one schema. The README's
 * configuration table mirrors this file; keep them in step.
 */
const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const port = z.coerce.number().int().min(0).max(65_535);

const namespace = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and _ only, starting with a letter (max 40)');

const postgresUrl = z
  .string()
  .url()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// or postgresql:// URL');

const redisUrl = z
  .string()
  .url()
  .refine((value) => /^rediss?:\/\//.test(value), 'must be a redis:// or rediss:// URL');

export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  MAILLAGE_PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  HTTP_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(1024 * 1024),
  HTTP_TRUST_PROXY: booleanString.default(false),
  /** Folder of the built web console (default: dist/web beside the API build). */
  MAILLAGE_WEB_DIR: z.string().min(1).optional(),
  /** Map tile URL template for the console's map (`https://…/{z}/{x}/{y}.png`); unset: no tiles. */
  MAILLAGE_MAP_TILES: z
    .string()
    .url()
    .refine(
      (value) => /^https?:\/\//.test(value) && value.includes('{z}') && value.includes('{x}') && value.includes('{y}'),
      {
        message: 'must be an http(s) URL template with {z}, {x} and {y}',
      },
    )
    .optional(),
  MAILLAGE_MAP_ATTRIBUTION: z.string().max(500).optional(),
  /**
   * Base URL of the national address service's geocoder (Base Adresse Nationale:
   * `https://api-adresse.data.gouv.fr`, or a self-hosted addok); unset: no geocoding.
   */
  MAILLAGE_GEOCODER_URL: z
    .string()
    .url()
    .refine((value) => /^https?:\/\//.test(value), { message: 'must be an http(s) URL' })
    .optional(),
  /** Lowest score (0 to 1) of a geocoder answer taken as the actor's position. */
  MAILLAGE_GEOCODER_MIN_SCORE: z.coerce.number().min(0).max(1).default(0.5),
  /** How long one geocoder request may take. */
  MAILLAGE_GEOCODER_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),

  DATABASE_URL: postgresUrl.optional(),
  DATABASE_MIGRATION_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_POOL_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(300_000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  MAILLAGE_MIGRATE_ON_START: booleanString.optional(),
  MAILLAGE_DATA_DIR: z.string().min(1).default('./.maillage'),

  REDIS_URL: redisUrl.optional(),
  MAILLAGE_QUEUE_NAMESPACE: namespace.default('maillage'),
  MAILLAGE_WORKER_IN_PROCESS: booleanString.optional(),
  MAILLAGE_HEARTBEAT_FILE: z.string().min(1).optional(),
  MAILLAGE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  MAILLAGE_QUEUE_DATABASE_URL: postgresUrl.optional(),
  MAILLAGE_JOB_LOCK_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  MAILLAGE_JOB_STALLED_CHECK_MS: z.coerce.number().int().min(500).max(3_600_000).optional(),

  MAILLAGE_ADMIN_EMAIL: z.string().email().max(254).optional(),
  MAILLAGE_ADMIN_PASSWORD: z.string().min(1).max(200).optional(),
  AUTH_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  AUTH_REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  AUTH_LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(10).max(86_400).default(900),
  AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(1000).default(5),
  AUTH_LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(100_000).default(50),
  AUTH_LOGIN_MAX_ACCOUNT_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  MAILLAGE_IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(200 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  MAILLAGE_RESOURCE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(200 * 1024 * 1024)
    .default(20 * 1024 * 1024),
  MAILLAGE_GRAPH_EXACT_UP_TO: z.coerce.number().int().min(3).max(1_000_000).default(2_500),
  MAILLAGE_GRAPH_DEBOUNCE_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
  MAILLAGE_REPORTS_PER_TERRITORY: z.coerce.number().int().min(1).max(64).default(2),
  MAILLAGE_REPORT_KEEP_LAST: z.coerce.number().int().min(1).max(1000).default(12),
  MAILLAGE_SCHEDULE_MIN_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  MAILLAGE_REPORT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  MAILLAGE_OBSERVATORY_THRESHOLD: z.coerce.number().int().min(2).max(1000).default(5),
  MAILLAGE_OBSERVATORY_MONTHS: z.coerce.number().int().min(1).max(120).default(24),
  MAILLAGE_OBSERVATORY_KEEP_PUBLICATIONS: z.coerce.number().int().min(1).max(100).default(3),
  MAILLAGE_DEMO: booleanString.optional(),
  MAILLAGE_DEMO_IN_OBSERVATORY: booleanString.default(false),
  INVITATION_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  SMTP_URL: z
    .string()
    .url()
    .refine((value) => /^smtps?:\/\//.test(value), 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).max(320).default('Maillage <no-reply@maillage.local>'),
  MAILLAGE_NOTIFICATION_MAIL_DELAY_SECONDS: z.coerce.number().int().min(0).max(86_400).default(120),
  MAILLAGE_NOTIFICATION_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3_600).default(30),
  MAILLAGE_MAIL_RETRY_SECONDS: z.coerce.number().int().min(1).max(3_600).default(30),
  MAILLAGE_JOIN_MAX_ACCOUNTS_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(20),
  MAILLAGE_STUDY_PUBLIC_MAX_ANSWERS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(30),
  MAILLAGE_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  MAILLAGE_SECRET_KEY: z.string().min(1).max(1024).optional(),

  MAILLAGE_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
});

export type Environment = z.infer<typeof environmentSchema>;
