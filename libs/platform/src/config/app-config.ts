import { resolve } from 'node:path';
import { type z } from 'zod';
import { environmentSchema, type Environment } from './config.schema.js';

export type DatabaseMode = 'embedded' | 'external';
export type QueueBackendKind = 'redis' | 'postgres';

/** The validated, typed configuration the whole application reads. */
export interface AppConfig {
  readonly env: Environment['NODE_ENV'];
  readonly isProduction: boolean;
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly publicUrl: string | undefined;
    readonly bodyLimit: number;
    /** Largest spreadsheet an import accepts. */
    readonly importLimit: number;
    /** Largest file the resource centre accepts. */
    readonly resourceLimit: number;
    readonly trustProxy: boolean;
  };
  readonly web: {
    /** Folder of the built console; undefined: next to the API build. */
    readonly dir: string | undefined;
    /** Map tiles the console's map loads; undefined: points over the territory's outline only. */
    readonly mapTiles: { readonly url: string; readonly attribution: string } | undefined;
  };
  /** The national address service (Base Adresse Nationale); undefined: actors are not geocoded. */
  readonly geocoder: { readonly url: string; readonly minScore: number; readonly timeoutMs: number } | undefined;
  readonly log: { readonly level: Environment['LOG_LEVEL']; readonly pretty: boolean };
  readonly database: {
    readonly mode: DatabaseMode;
    /** Set in external mode; in embedded mode the URL is known once the engine listens. */
    readonly url: string | undefined;
    readonly migrationUrl: string | undefined;
    readonly poolSize: number;
    /** How long a pooled connection may stay unused before it is closed. */
    readonly poolIdleTimeoutMs: number;
    readonly statementTimeoutMs: number;
    readonly migrateOnStart: boolean;
    /** Absolute path of the embedded engine's data, or `memory://`. */
    readonly dataDir: string;
  };
  readonly queue: {
    readonly backend: QueueBackendKind;
    readonly redisUrl: string | undefined;
    readonly namespace: string;
    readonly workerInProcess: boolean;
    readonly concurrency: number;
    /** File a worker touches at each heartbeat (container health checks). */
    readonly heartbeatFile: string | undefined;
    /** Database of the PostgreSQL backend's tables, when not the schema owner's (`migrationUrl`). */
    readonly databaseUrl: string | undefined;
    /**
     * How long a running job's lock lasts without renewal (a worker renews it
     * at half that). A job whose worker died is taken again once it expires.
     */
    readonly lockMs: number;
    /** How often workers look for jobs whose lock expired (stalled-job recovery). */
    readonly stalledIntervalMs: number;
  };
  readonly auth: {
    readonly accessTokenTtlSeconds: number;
    readonly refreshTokenTtlDays: number;
    readonly loginWindowSeconds: number;
    readonly maxFailuresPerAccount: number;
    readonly maxFailuresPerIp: number;
    /** Longest delay failures on an account from all addresses together impose (it slows, never locks). */
    readonly maxAccountDelaySeconds: number;
    readonly invitationTtlDays: number;
    /** First platform administrator, created at start when none exists. */
    readonly adminEmail: string | undefined;
    readonly adminPassword: string | undefined;
  };
  readonly graph: {
    /** Linked actors up to which betweenness is exact; above, estimated from this many sampled sources. */
    readonly exactUpTo: number;
    /** How long after a change the graph's metrics are recomputed (changes in between join the same run). */
    readonly debounceMs: number;
  };
  readonly reports: {
    /** Reports a schedule keeps by default (older runs are removed). */
    readonly keepLast: number;
    /** Days a finished report and its file are kept. */
    readonly retentionDays: number;
    /** Shortest interval a report schedule may have. */
    readonly scheduleMinIntervalSeconds: number;
    /** Reports one territory may have running at once, so no territory starves the others. */
    readonly perTerritory: number;
  };
  readonly observatory: {
    /** Published counts below this are suppressed (disclosure control). */
    readonly threshold: number;
    /** Months each publication covers, ending with the current month. */
    readonly months: number;
    /** Publications kept (the newest is served). */
    readonly keepPublications: number;
    /** Whether the rollup counts demo territories (never, unless asked). */
    readonly includeDemo: boolean;
  };
  readonly demo: {
    /**
     * The demo territory at start: `ensure` (MAILLAGE_DEMO=true) creates it when missing;
     * `fresh` (the default of the embedded engine, outside tests) on a first start only,
     * when no territory exists yet; `never` (MAILLAGE_DEMO=false, and the default with DATABASE_URL).
     */
    readonly atStart: 'ensure' | 'fresh' | 'never';
  };
  readonly mail: {
    /** SMTP server; unset, messages are written to the log instead of sent. */
    readonly smtpUrl: string | undefined;
    readonly from: string;
  };
  readonly notifications: {
    /** How long an immediate mail waits (so that an undone event, a withdrawn proposal, is never mailed). */
    readonly mailDelaySeconds: number;
    /** How often the mail sweep looks for immediate mails that are due. */
    readonly sweepSeconds: number;
    /** Hour (Europe/Paris) of the daily digest, and of the weekly one on Mondays. */
    readonly digestHour: number;
    /** First retry delay of a mail the server refused (doubles at each attempt). */
    readonly retrySeconds: number;
  };
  /** Accounts one client address may create through join links per hour (public route). */
  readonly joinMaxAccountsPerHour: number;
  /** Answers one client address may send through territorial studies' public links per hour (public route). */
  readonly studyPublicMaxAnswersPerHour: number;
  /**
   * Master secret from which signing keys are derived. Always set in
   * production; elsewhere undefined means "generate one for this data dir".
   */
  readonly secretKey: string | undefined;
  readonly shutdownGraceMs: number;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

const PLACEHOLDER_SECRETS = /^(change[-_ ]?me|changeit|secret|password|default|example|test|maillage|xxx+|todo)/i;

/**
 * The address people reach the console at, for links in mails and documents: MAILLAGE_PUBLIC_URL,
 * else the server's own host and port (a development machine).
 */
export function publicBaseUrl(config: Pick<AppConfig, 'http'>): string {
  return config.http.publicUrl ?? `http://${config.http.host}:${config.http.port}`;
}

/** Why a secret is too weak to sign tokens with, or undefined when it is fine. */
export function secretWeakness(secret: string): string | undefined {
  if (secret.length < 32) return 'must be at least 32 characters long';
  if (PLACEHOLDER_SECRETS.test(secret)) return 'looks like a placeholder; generate a random value';
  if (new Set(secret).size < 10) return 'has too few distinct characters to be random';
  return undefined;
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const key = issue.path.join('.') || '(root)';
    return `${key}: ${issue.message}`;
  });
}

/**
 * Reads and validates the environment. Throws a ConfigValidationError listing
 * every problem at once, so an operator fixes them in one go.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty strings mean "unset": docker-compose and shells often pass VAR= .
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = environmentSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigValidationError(describeIssues(parsed.error));
  }
  const env = parsed.data;
  const problems: string[] = [];
  const isProduction = env.NODE_ENV === 'production';
  const mode: DatabaseMode = env.DATABASE_URL ? 'external' : 'embedded';

  if (isProduction && mode === 'embedded') {
    problems.push('DATABASE_URL: required when NODE_ENV=production (the embedded engine is for development)');
  }
  if (isProduction && !env.REDIS_URL) {
    problems.push('REDIS_URL: required when NODE_ENV=production');
  }
  if (env.DATABASE_MIGRATION_URL && mode === 'embedded') {
    problems.push('DATABASE_MIGRATION_URL: only meaningful together with DATABASE_URL');
  }
  if (env.MAILLAGE_QUEUE_DATABASE_URL && mode === 'embedded') {
    problems.push(
      'MAILLAGE_QUEUE_DATABASE_URL: only meaningful together with DATABASE_URL (the embedded engine keeps its queue itself)',
    );
  }
  if (env.MAILLAGE_QUEUE_DATABASE_URL && env.REDIS_URL) {
    problems.push('MAILLAGE_QUEUE_DATABASE_URL: only meaningful without REDIS_URL (it is the PostgreSQL backend’s)');
  }
  if ((env.MAILLAGE_ADMIN_EMAIL === undefined) !== (env.MAILLAGE_ADMIN_PASSWORD === undefined)) {
    problems.push('MAILLAGE_ADMIN_EMAIL and MAILLAGE_ADMIN_PASSWORD: set both, or neither');
  }
  if (isProduction && !env.SMTP_URL) {
    problems.push('SMTP_URL: required when NODE_ENV=production (invitations and password resets are mailed)');
  }
  if (env.MAILLAGE_SECRET_KEY !== undefined) {
    const weakness = secretWeakness(env.MAILLAGE_SECRET_KEY);
    if (weakness && (isProduction || env.MAILLAGE_SECRET_KEY.length < 16)) {
      problems.push(`MAILLAGE_SECRET_KEY: ${weakness}`);
    }
  } else if (isProduction) {
    problems.push(
      'MAILLAGE_SECRET_KEY: required when NODE_ENV=production (generate one with `openssl rand -base64 48`)',
    );
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);

  const dataDir = env.MAILLAGE_DATA_DIR === 'memory://' ? 'memory://' : resolve(env.MAILLAGE_DATA_DIR);
  return {
    env: env.NODE_ENV,
    isProduction,
    http: {
      host: env.HOST,
      port: env.PORT,
      publicUrl: env.MAILLAGE_PUBLIC_URL?.replace(/\/+$/, ''),
      bodyLimit: env.HTTP_BODY_LIMIT,
      importLimit: env.MAILLAGE_IMPORT_MAX_BYTES,
      resourceLimit: env.MAILLAGE_RESOURCE_MAX_BYTES,
      trustProxy: env.HTTP_TRUST_PROXY,
    },
    web: {
      dir: env.MAILLAGE_WEB_DIR ? resolve(env.MAILLAGE_WEB_DIR) : undefined,
      mapTiles: env.MAILLAGE_MAP_TILES
        ? { url: env.MAILLAGE_MAP_TILES, attribution: env.MAILLAGE_MAP_ATTRIBUTION ?? '' }
        : undefined,
    },
    geocoder: env.MAILLAGE_GEOCODER_URL
      ? {
          url: env.MAILLAGE_GEOCODER_URL.replace(/\/+$/, ''),
          minScore: env.MAILLAGE_GEOCODER_MIN_SCORE,
          timeoutMs: env.MAILLAGE_GEOCODER_TIMEOUT_MS,
        }
      : undefined,
    log: {
      level: env.LOG_LEVEL,
      pretty: env.LOG_FORMAT ? env.LOG_FORMAT === 'pretty' : !isProduction && env.NODE_ENV !== 'test',
    },
    database: {
      mode,
      url: env.DATABASE_URL,
      migrationUrl: env.DATABASE_MIGRATION_URL ?? env.DATABASE_URL,
      poolSize: env.DATABASE_POOL_SIZE,
      poolIdleTimeoutMs: env.DATABASE_POOL_IDLE_TIMEOUT_MS,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      // The embedded engine is always migrated: nobody else would do it.
      migrateOnStart: mode === 'embedded' ? true : (env.MAILLAGE_MIGRATE_ON_START ?? false),
      dataDir,
    },
    queue: {
      backend: env.REDIS_URL ? 'redis' : 'postgres',
      redisUrl: env.REDIS_URL,
      namespace: env.MAILLAGE_QUEUE_NAMESPACE,
      workerInProcess: env.MAILLAGE_WORKER_IN_PROCESS ?? mode === 'embedded',
      concurrency: env.MAILLAGE_WORKER_CONCURRENCY,
      heartbeatFile: env.MAILLAGE_HEARTBEAT_FILE,
      databaseUrl: env.MAILLAGE_QUEUE_DATABASE_URL,
      lockMs: env.MAILLAGE_JOB_LOCK_MS,
      // BullMQ's own default: look for stalled jobs as often as a lock lasts.
      stalledIntervalMs: env.MAILLAGE_JOB_STALLED_CHECK_MS ?? env.MAILLAGE_JOB_LOCK_MS,
    },
    auth: {
      accessTokenTtlSeconds: env.AUTH_ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: env.AUTH_REFRESH_TOKEN_TTL_DAYS,
      loginWindowSeconds: env.AUTH_LOGIN_WINDOW_SECONDS,
      maxFailuresPerAccount: env.AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerIp: env.AUTH_LOGIN_MAX_FAILURES_PER_IP,
      maxAccountDelaySeconds: env.AUTH_LOGIN_MAX_ACCOUNT_DELAY_SECONDS,
      invitationTtlDays: env.INVITATION_TTL_DAYS,
      adminEmail: env.MAILLAGE_ADMIN_EMAIL?.toLowerCase(),
      adminPassword: env.MAILLAGE_ADMIN_PASSWORD,
    },
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM },
    notifications: {
      mailDelaySeconds: env.MAILLAGE_NOTIFICATION_MAIL_DELAY_SECONDS,
      sweepSeconds: env.MAILLAGE_NOTIFICATION_SWEEP_SECONDS,
      digestHour: env.MAILLAGE_DIGEST_HOUR,
      retrySeconds: env.MAILLAGE_MAIL_RETRY_SECONDS,
    },
    joinMaxAccountsPerHour: env.MAILLAGE_JOIN_MAX_ACCOUNTS_PER_HOUR,
    studyPublicMaxAnswersPerHour: env.MAILLAGE_STUDY_PUBLIC_MAX_ANSWERS_PER_HOUR,
    graph: {
      exactUpTo: env.MAILLAGE_GRAPH_EXACT_UP_TO,
      debounceMs: env.MAILLAGE_GRAPH_DEBOUNCE_MS,
    },
    reports: {
      keepLast: env.MAILLAGE_REPORT_KEEP_LAST,
      retentionDays: env.MAILLAGE_REPORT_RETENTION_DAYS,
      scheduleMinIntervalSeconds: env.MAILLAGE_SCHEDULE_MIN_INTERVAL_SECONDS,
      perTerritory: env.MAILLAGE_REPORTS_PER_TERRITORY,
    },
    observatory: {
      threshold: env.MAILLAGE_OBSERVATORY_THRESHOLD,
      months: env.MAILLAGE_OBSERVATORY_MONTHS,
      keepPublications: env.MAILLAGE_OBSERVATORY_KEEP_PUBLICATIONS,
      includeDemo: env.MAILLAGE_DEMO_IN_OBSERVATORY,
    },
    demo: {
      atStart:
        env.MAILLAGE_DEMO === true
          ? 'ensure'
          : env.MAILLAGE_DEMO === false || env.DATABASE_URL || env.NODE_ENV === 'test'
            ? 'never'
            : 'fresh',
    },
    secretKey: env.MAILLAGE_SECRET_KEY,
    shutdownGraceMs: env.MAILLAGE_SHUTDOWN_GRACE_MS,
  };
}
