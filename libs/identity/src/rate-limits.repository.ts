import { Injectable } from '@nestjs/common';
import type { Db } from '@maillage/platform';

export interface CounterRow {
  key: string;
  hits: number;
  expired: boolean;
  wait: number;
}

/** SQL of the login counters (`rate_limits`), shared by every API process. */
@Injectable()
export class RateLimitsRepository {
  /** Creates the missing counters and locks them all, in key order; answers their state. */
  async lockCounters(db: Db, keys: string[]): Promise<CounterRow[]> {
    await db.query(
      `insert into rate_limits (key, hits, window_ends_at) select k, 0, now() from unnest($1::text[]) k
       on conflict (key) do nothing`,
      [keys],
    );
    return db.query(
      `select key, hits, window_ends_at <= now() as expired,
              greatest(0, ceil(extract(epoch from coalesce(blocked_until, now()) - now())))::int as wait
       from rate_limits where key = any($1::text[]) order by key for update`,
      [keys],
    );
  }

  /** Records a counter's hits (opening a window if the last one ended) and its gate's delay (0: open). */
  async record(db: Db, key: string, hits: number, windowSeconds: number, delay: number): Promise<void> {
    await db.query(
      `update rate_limits set
         hits = $2,
         window_ends_at = case when window_ends_at <= now() then now() + make_interval(secs => $3) else window_ends_at end,
         blocked_until = case when $4::int > 0 then now() + make_interval(secs => $4::int) end
       where key = $1`,
      [key, hits, windowSeconds, delay],
    );
  }

  /**
   * Counts one hit of an hourly (`windowSeconds`) counter in the caller's transaction, unless it
   * reached `limit` already: false then (nothing counted). A refused transaction counts nothing.
   */
  async hitWithin(db: Db, key: string, limit: number, windowSeconds = 3600): Promise<boolean> {
    const [counter] = await this.lockCounters(db, [key]);
    const hits = !counter || counter.expired ? 0 : counter.hits;
    if (hits >= limit) return false;
    await this.record(db, key, hits + 1, windowSeconds, 0);
    return true;
  }

  /** Drops the long-expired counters. */
  async prune(db: Db): Promise<void> {
    await db.query(
      `delete from rate_limits
       where window_ends_at < now() - interval '1 day' and coalesce(blocked_until, now()) <= now()`,
    );
  }

  async lock(db: Db, keys: string[]): Promise<void> {
    await db.query(`select key from rate_limits where key = any($1::text[]) order by key for update`, [keys]);
  }

  async delete(db: Db, key: string): Promise<void> {
    await db.query(`delete from rate_limits where key = $1`, [key]);
  }

  /** Gives one hit back to each counter. */
  async giveBack(db: Db, keys: string[]): Promise<void> {
    await db.query(`update rate_limits set hits = greatest(hits - 1, 0) where key = any($1::text[])`, [keys]);
  }
}
