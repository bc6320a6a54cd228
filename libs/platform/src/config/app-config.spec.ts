import { ConfigValidationError, loadConfig, secretWeakness } from './app-config.js';

const strongSecret = 'q9V2mXr7LpT4sWc8ZbN1dHf6KjY3uE5a';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('defaults to the embedded engine and the PostgreSQL queue backend with no services configured', () => {
    const config = loadConfig({});
    expect(config.database.mode).toBe('embedded');
    expect(config.database.migrateOnStart).toBe(true);
    expect(config.queue.backend).toBe('postgres');
    expect(config.queue.workerInProcess).toBe(true);
    expect(config.http.port).toBe(3000);
    expect(config.database.dataDir).toMatch(/\.maillage$/);
    expect(config.secretKey).toBeUndefined();
  });

  it('creates the demo territory at start on a fresh embedded instance only, unless MAILLAGE_DEMO says otherwise', () => {
    const pg = { DATABASE_URL: 'postgres://maillage@db/maillage' };
    expect(loadConfig({}).demo.atStart).toBe('fresh');
    expect(loadConfig({ NODE_ENV: 'test' }).demo.atStart).toBe('never');
    expect(loadConfig({ MAILLAGE_DEMO: 'false' }).demo.atStart).toBe('never');
    expect(loadConfig(pg).demo.atStart).toBe('never');
    expect(loadConfig({ ...pg, MAILLAGE_DEMO: 'true' }).demo.atStart).toBe('ensure');
    expect(loadConfig({}).observatory.includeDemo).toBe(false);
    expect(loadConfig({ MAILLAGE_DEMO_IN_OBSERVATORY: 'true' }).observatory.includeDemo).toBe(true);
    expect(problemsOf({ MAILLAGE_DEMO: 'peut-être' })).toHaveLength(1);
  });

  it('takes the console map tiles as a {z}/{x}/{y} template and refuses anything else', () => {
    expect(loadConfig({}).web.mapTiles).toBeUndefined();
    const config = loadConfig({
      MAILLAGE_MAP_TILES: 'https://{s}.tile.example.org/{z}/{x}/{y}.png',
      MAILLAGE_MAP_ATTRIBUTION: '© contributeurs',
    });
    expect(config.web.mapTiles).toEqual({
      url: 'https://{s}.tile.example.org/{z}/{x}/{y}.png',
      attribution: '© contributeurs',
    });
    expect(problemsOf({ MAILLAGE_MAP_TILES: 'https://tile.example.org/tiles.png' })[0]).toMatch(/MAILLAGE_MAP_TILES/);
    expect(problemsOf({ MAILLAGE_MAP_TILES: 'file:///tmp/{z}/{x}/{y}.png' })[0]).toMatch(/MAILLAGE_MAP_TILES/);
  });

  it('uses real services when DATABASE_URL and REDIS_URL are set', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://app@db:5432/maillage',
      REDIS_URL: 'redis://cache:6379',
      PORT: '8080',
    });
    expect(config.database.mode).toBe('external');
    expect(config.database.migrateOnStart).toBe(false);
    expect(config.database.migrationUrl).toBe('postgres://app@db:5432/maillage');
    expect(config.queue.backend).toBe('redis');
    expect(config.queue.workerInProcess).toBe(false);
    expect(config.http.port).toBe(8080);
  });

  it('keeps the PostgreSQL queue backend with the schema owner unless told another database', () => {
    const owner = {
      DATABASE_URL: 'postgres://app@db/maillage',
      DATABASE_MIGRATION_URL: 'postgres://owner@db/maillage',
    };
    expect(loadConfig(owner).queue.databaseUrl).toBeUndefined();
    expect(loadConfig({ ...owner, MAILLAGE_QUEUE_DATABASE_URL: 'postgres://queue@db2/jobs' }).queue.databaseUrl).toBe(
      'postgres://queue@db2/jobs',
    );
    expect(problemsOf({ MAILLAGE_QUEUE_DATABASE_URL: 'postgres://queue@db2/jobs' })).toEqual([
      expect.stringMatching(/^MAILLAGE_QUEUE_DATABASE_URL: only meaningful together with DATABASE_URL/),
    ]);
    expect(
      problemsOf({ ...owner, REDIS_URL: 'redis://cache:6379', MAILLAGE_QUEUE_DATABASE_URL: 'postgres://q@db2/jobs' }),
    ).toEqual([expect.stringMatching(/^MAILLAGE_QUEUE_DATABASE_URL: only meaningful without REDIS_URL/)]);
  });

  it('locks running jobs for 30 s by default and looks for stalled ones as often, or as configured', () => {
    expect(loadConfig({}).queue).toMatchObject({ lockMs: 30_000, stalledIntervalMs: 30_000 });
    expect(loadConfig({ MAILLAGE_JOB_LOCK_MS: '4000' }).queue).toMatchObject({ lockMs: 4000, stalledIntervalMs: 4000 });
    expect(loadConfig({ MAILLAGE_JOB_LOCK_MS: '4000', MAILLAGE_JOB_STALLED_CHECK_MS: '1000' }).queue).toMatchObject({
      lockMs: 4000,
      stalledIntervalMs: 1000,
    });
    expect(problemsOf({ MAILLAGE_JOB_LOCK_MS: '10' })[0]).toMatch(/^MAILLAGE_JOB_LOCK_MS/);
  });

  it('keeps pooled connections for 5 minutes of idleness by default, or as configured', () => {
    expect(loadConfig({}).database.poolIdleTimeoutMs).toBe(300_000);
    expect(loadConfig({ DATABASE_POOL_IDLE_TIMEOUT_MS: '60000' }).database.poolIdleTimeoutMs).toBe(60_000);
    expect(problemsOf({ DATABASE_POOL_IDLE_TIMEOUT_MS: '10' })[0]).toMatch(/^DATABASE_POOL_IDLE_TIMEOUT_MS/);
    expect(problemsOf({ DATABASE_POOL_IDLE_TIMEOUT_MS: 'long' })[0]).toMatch(/^DATABASE_POOL_IDLE_TIMEOUT_MS/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).database.mode).toBe('embedded');
  });

  it('lists every invalid variable at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://nope',
      REDIS_URL: 'http://x',
      LOG_LEVEL: 'loud',
      MAILLAGE_QUEUE_NAMESPACE: 'Bad-Name',
    });
    const keys = problems.map((problem) => problem.split(':')[0]);
    expect(keys).toEqual(
      expect.arrayContaining(['PORT', 'DATABASE_URL', 'REDIS_URL', 'LOG_LEVEL', 'MAILLAGE_QUEUE_NAMESPACE']),
    );
  });

  it('requires real services and a strong secret in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems.join('\n')).toMatch(/DATABASE_URL/);
    expect(problems.join('\n')).toMatch(/REDIS_URL/);
    expect(problems.join('\n')).toMatch(/MAILLAGE_SECRET_KEY/);
    expect(problems.join('\n')).toMatch(/SMTP_URL/);
  });

  it('wants the first administrator’s e-mail and password together', () => {
    expect(problemsOf({ MAILLAGE_ADMIN_EMAIL: 'admin@example.org' })).toEqual([
      'MAILLAGE_ADMIN_EMAIL and MAILLAGE_ADMIN_PASSWORD: set both, or neither',
    ]);
  });

  it('refuses weak secrets in production', () => {
    const base = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://a@b/c',
      REDIS_URL: 'redis://r:6379',
      SMTP_URL: 'smtp://mail:25',
    };
    expect(problemsOf({ ...base, MAILLAGE_SECRET_KEY: 'short' })).toEqual([
      'MAILLAGE_SECRET_KEY: must be at least 32 characters long',
    ]);
    expect(problemsOf({ ...base, MAILLAGE_SECRET_KEY: 'changeme-changeme-changeme-changeme' })).toHaveLength(1);
    expect(problemsOf({ ...base, MAILLAGE_SECRET_KEY: 'a'.repeat(40) })).toHaveLength(1);
    expect(problemsOf({ ...base, MAILLAGE_SECRET_KEY: strongSecret })).toEqual([]);
  });

  it('accepts a production configuration that is complete', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://app@db/maillage',
      DATABASE_MIGRATION_URL: 'postgres://owner@db/maillage',
      REDIS_URL: 'redis://cache:6379',
      SMTP_URL: 'smtp://mail.example.org:587',
      MAILLAGE_SECRET_KEY: strongSecret,
    });
    expect(config.isProduction).toBe(true);
    expect(config.database.migrationUrl).toBe('postgres://owner@db/maillage');
    expect(config.log.pretty).toBe(false);
  });
});

describe('secretWeakness', () => {
  it('accepts random-looking secrets only', () => {
    expect(secretWeakness(strongSecret)).toBeUndefined();
    expect(secretWeakness('password-password-password-password')).toBeDefined();
    expect(secretWeakness('abababababababababababababababab')).toBeDefined();
  });
});
