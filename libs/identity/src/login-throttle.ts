import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Transactions, type AppConfig } from '@maillage/platform';
import { RateLimitsRepository, type CounterRow } from './rate-limits.repository.js';

export interface ThrottleKeys {
  account: string;
  ip: string;
}

export interface ThrottlePolicy {
  /** How long failures are remembered, from the first one (seconds). */
  windowSeconds: number;
  /** Failures an account may have from one address, and from all together, before any delay. */
  freePerAccount: number;
  /** Failures one address may have across all accounts before any delay. */
  freePerIp: number;
  /** Longest delay the account-wide count imposes: it slows a distributed guess, never locks the owner out. */
  maxAccountDelaySeconds: number;
}

/** First delay once the free failures are used up; each further failure doubles it. */
export const FIRST_DELAY_SECONDS = 5;

/** Delay after `failures` failures: none while fewer than `free`, then 5, 10, 20 … seconds, capped. */
export function backoffSeconds(failures: number, free: number, cap: number): number {
  if (failures < free) return 0;
  return Math.min(FIRST_DELAY_SECONDS * 2 ** Math.min(failures - free, 30), cap);
}

/**
 * The delays an attempt that goes ahead imposes on the next ones, given the
 * counts including it: on its (account, address) pair — its own backoff, up
 * to the window, or the account-wide one, bounded by a few seconds — and on
 * its address (backoff up to the window). Nothing gates the account as a
 * whole, so failures elsewhere never stop the owner's own attempts.
 */
export function delaysAfter(
  counts: { pair: number; account: number; ip: number },
  policy: ThrottlePolicy,
): { pair: number; ip: number } {
  return {
    pair: Math.max(
      backoffSeconds(counts.pair, policy.freePerAccount, policy.windowSeconds),
      backoffSeconds(counts.account, policy.freePerAccount, policy.maxAccountDelaySeconds),
    ),
    ip: backoffSeconds(counts.ip, policy.freePerIp, policy.windowSeconds),
  };
}

/**
 * Login throttling after OWASP's authentication guidance: attempts are
 * counted per (account, address) pair, per account and per address, in the
 * `rate_limits` table, so every API process shares the counts and they
 * survive restarts. Past a few failures an attempt closes a gate for a
 * progressively longer delay (429 with `Retry-After`): on its pair (the
 * pair's own backoff, or a short one, capped at `maxAccountDelaySeconds`,
 * growing with the account's failures from every address), and on its
 * address. The account itself is never gated: failures from one address
 * cannot stop the owner signing in from another, and a guess spread over
 * many addresses is slowed, not turned into a lock-out.
 *
 * Each attempt is counted before the password is checked, under row locks,
 * so parallel attempts cannot slip under the limits; a successful login
 * clears its pair and gives its attempt back to the account and the address.
 * (Logins are rare and dominated by argon2, so PostgreSQL serves both
 * engines; Redis is not needed for this.)
 */
@Injectable()
export class LoginThrottle {
  private readonly policy: ThrottlePolicy;

  constructor(
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly counters: RateLimitsRepository = new RateLimitsRepository(),
  ) {
    this.policy = {
      windowSeconds: config.auth.loginWindowSeconds,
      freePerAccount: config.auth.maxFailuresPerAccount,
      freePerIp: config.auth.maxFailuresPerIp,
      maxAccountDelaySeconds: config.auth.maxAccountDelaySeconds,
    };
  }

  /**
   * Counts an attempt, unless a gate on its pair or address is closed.
   * Returns the seconds to wait (0: go ahead and check the password).
   */
  async attempt(keys: ThrottleKeys): Promise<number> {
    const names = counterKeys(keys);
    return this.transactions.withoutTerritory('auth.login', async (db) => {
      const all = [names.pair, names.account, names.ip].sort();
      // Rows exist and are locked in one order, so concurrent attempts queue instead of deadlocking.
      const rows = await this.counters.lockCounters(db, all);
      const row = (key: string): CounterRow =>
        rows.find((r) => r.key === key) ?? { key, hits: 0, expired: true, wait: 0 };
      const wait = Math.max(row(names.pair).wait, row(names.ip).wait);
      if (wait > 0) return wait;

      const counts = {
        pair: row(names.pair).expired ? 1 : row(names.pair).hits + 1,
        account: row(names.account).expired ? 1 : row(names.account).hits + 1,
        ip: row(names.ip).expired ? 1 : row(names.ip).hits + 1,
      };
      const delays = delaysAfter(counts, this.policy);
      const updates: [string, number, number][] = [
        [names.pair, counts.pair, delays.pair],
        [names.account, counts.account, 0],
        [names.ip, counts.ip, delays.ip],
      ];
      for (const [key, hits, delay] of updates) {
        await this.counters.record(db, key, hits, this.policy.windowSeconds, delay);
      }
      // Keep the table small: long-expired counters are worthless.
      await this.counters.prune(db);
      return 0;
    });
  }

  /** A successful login clears its pair and gives its attempt back to the account and the address. */
  async succeeded(keys: ThrottleKeys): Promise<void> {
    const names = counterKeys(keys);
    await this.transactions.withoutTerritory('auth.login', async (db) => {
      // Locked in the order attempts lock them.
      await this.counters.lock(db, [names.pair, names.account, names.ip]);
      await this.counters.delete(db, names.pair);
      await this.counters.giveBack(db, [names.account, names.ip]);
    });
  }
}

function counterKeys(keys: ThrottleKeys): { pair: string; account: string; ip: string } {
  // The pair's key is hashed: an e-mail and an IPv6 address together may exceed the key's 300 characters.
  const pair = createHash('sha256').update(`${keys.account}\n${keys.ip}`).digest('base64url');
  return { pair: `pair:${pair}`, account: `acct:${keys.account}`, ip: `ip:${keys.ip}` };
}
