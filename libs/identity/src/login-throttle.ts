import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { APP_CONFIG, RUNTIME, Transactions, type AppConfig, type Runtime } from '@maillage/platform';

export interface ThrottleKeys {
  account: string;
  ip: string;
}

/**
 * Counts login attempts per account and per IP in a shared store, so every API
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

  /**
   * Counts an attempt before the password is checked, atomically, so
   * parallel attempts cannot all slip under the limit. Returns the seconds to
   * wait when the account or the address is over its limit (0: go ahead).
   */
  async attempt(keys: ThrottleKeys): Promise<number> {
    if (this.byAccount && this.byIp) {
      const [account, ip] = await Promise.all([this.byAccount.penalty(keys.account), this.byIp.penalty(keys.ip)]);
      const waits = [
        account.consumedPoints > this.limits.account ? account.msBeforeNext : 0,
        ip.consumedPoints > this.limits.ip ? ip.msBeforeNext : 0,
      ];
      return Math.ceil(Math.max(...waits) / 1000);
    }
    const rows: { key: string; hits: number; wait: number }[] = await this.transactions.withoutTerritory(async (db) => {
      const counted: { key: string; hits: number; wait: number }[] = [];
      for (const key of [`acct:${keys.account}`, `ip:${keys.ip}`]) {
        const result: { key: string; hits: number; wait: number }[] = await db.query(
          `insert into rate_limits as r (key, hits, window_ends_at) values ($1, 1, now() + make_interval(secs => $2))
           on conflict (key) do update set
             hits = case when r.window_ends_at <= now() then 1 else r.hits + 1 end,
             window_ends_at = case when r.window_ends_at <= now() then excluded.window_ends_at else r.window_ends_at end
           returning key, hits, ceil(extract(epoch from window_ends_at - now()))::int as wait`,
          [key, this.window],
        );
        counted.push(...result);
      }
      // Keep the table small: expired windows are worthless.
      await db.query(`delete from rate_limits where window_ends_at < now() - interval '1 day'`);
      return counted;
    });
    let wait = 0;
    for (const row of rows) {
      const limit = row.key.startsWith('acct:') ? this.limits.account : this.limits.ip;
      if (row.hits > limit) wait = Math.max(wait, row.wait);
    }
    return wait;
  }

  /** A successful login clears the account's count and gives its attempt back to the address. */
  async succeeded(keys: ThrottleKeys): Promise<void> {
    if (this.byAccount && this.byIp) {
      await Promise.all([this.byAccount.delete(keys.account), this.byIp.reward(keys.ip)]);
      return;
    }
    await this.transactions.withoutTerritory(async (db) => {
      await db.query(`delete from rate_limits where key = $1`, [`acct:${keys.account}`]);
      await db.query(`update rate_limits set hits = greatest(hits - 1, 0) where key = $1`, [`ip:${keys.ip}`]);
    });
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}
