import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { APP_CONFIG, RUNTIME, Transactions, type AppConfig, type Runtime } from '@maillage/platform';

export interface ThrottleKeys {
  account: string;
  ip: string;
}

/**
 * Counts failed logins per account and per IP in a shared store, so every API
 * process sees the same counts: Redis (rate-limiter-flexible) when
 * configured, else a fixed-window counter table in PostgreSQL.
 * (rate-limiter-flexible's own PostgreSQL store uses named prepared
 * statements, which the embedded engine's shared session cannot host.)
 */
@Injectable()
export class LoginThrottle implements OnApplicationShutdown {
  private readonly redis: Redis | undefined;
  private readonly byAccount: RateLimiterRedis | undefined;
  private readonly byIp: RateLimiterRedis | undefined;
  private readonly window: number;
  private readonly limits: { account: number; ip: number };

  constructor(
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(RUNTIME) runtime: Runtime,
  ) {
    this.window = config.auth.loginWindowSeconds;
    this.limits = { account: config.auth.maxFailuresPerAccount, ip: config.auth.maxFailuresPerIp };
    if (runtime.queue.kind === 'redis') {
      this.redis = new Redis(runtime.queue.url, { maxRetriesPerRequest: 2, enableOfflineQueue: true });
      const common = { storeClient: this.redis, keyPrefix: `${runtime.queue.namespace}:login`, duration: this.window };
      this.byAccount = new RateLimiterRedis({ ...common, points: this.limits.account });
      this.byIp = new RateLimiterRedis({ ...common, keyPrefix: `${common.keyPrefix}:ip`, points: this.limits.ip });
    }
  }

  /** Seconds to wait before another attempt, or 0 when one is allowed. */
  async retryAfter(keys: ThrottleKeys): Promise<number> {
    if (this.byAccount && this.byIp) {
      const [account, ip] = await Promise.all([this.byAccount.get(keys.account), this.byIp.get(keys.ip)]);
      const waits = [
        account && account.consumedPoints >= this.limits.account ? account.msBeforeNext : 0,
        ip && ip.consumedPoints >= this.limits.ip ? ip.msBeforeNext : 0,
      ];
      return Math.ceil(Math.max(...waits) / 1000);
    }
    const rows: { key: string; hits: number; wait: number }[] = await this.transactions.withoutTerritory((db) =>
      db.query(
        `select key, hits, ceil(extract(epoch from window_ends_at - now()))::int as wait
         from rate_limits where key = any($1) and window_ends_at > now()`,
        [[`acct:${keys.account}`, `ip:${keys.ip}`]],
      ),
    );
    let wait = 0;
    for (const row of rows) {
      const limit = row.key.startsWith('acct:') ? this.limits.account : this.limits.ip;
      if (row.hits >= limit) wait = Math.max(wait, row.wait);
    }
    return wait;
  }

  async recordFailure(keys: ThrottleKeys): Promise<void> {
    if (this.byAccount && this.byIp) {
      await Promise.all([
        this.byAccount.penalty(keys.account).catch(() => undefined),
        this.byIp.penalty(keys.ip).catch(() => undefined),
      ]);
      return;
    }
    await this.transactions.withoutTerritory(async (db) => {
      for (const key of [`acct:${keys.account}`, `ip:${keys.ip}`]) {
        await db.query(
          `insert into rate_limits (key, hits, window_ends_at) values ($1, 1, now() + make_interval(secs => $2))
           on conflict (key) do update set
             hits = case when rate_limits.window_ends_at <= now() then 1 else rate_limits.hits + 1 end,
             window_ends_at = case when rate_limits.window_ends_at <= now() then excluded.window_ends_at
                                   else rate_limits.window_ends_at end`,
          [key, this.window],
        );
      }
      // Keep the table small: expired windows are worthless.
      await db.query(`delete from rate_limits where window_ends_at < now() - interval '1 day'`);
    });
  }

  /** A successful login clears the account's failures (not the IP's). */
  async clearAccount(account: string): Promise<void> {
    if (this.byAccount) {
      await this.byAccount.delete(account);
      return;
    }
    await this.transactions.withoutTerritory((db) =>
      db.query(`delete from rate_limits where key = $1`, [`acct:${account}`]),
    );
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}
