import { VerifiedTokens } from './verified-tokens.js';

describe('VerifiedTokens (access tokens verified once, until they expire)', () => {
  let now = 1_000_000;
  const clock = () => now;

  it('answers a remembered token until its expiry, then forgets it', () => {
    const tokens = new VerifiedTokens<{ userId: string }>(10, clock);
    tokens.remember('a.b.c', { userId: 'u1' }, now + 60_000);
    expect(tokens.get('a.b.c')).toEqual({ userId: 'u1' });
    expect(tokens.get('a.b.d')).toBeUndefined();
    now += 59_999;
    expect(tokens.get('a.b.c')).toEqual({ userId: 'u1' });
    now += 1;
    expect(tokens.get('a.b.c')).toBeUndefined();
    expect(tokens.size).toBe(0);
  });

  it('does not keep a token already expired or without a valid expiry', () => {
    const tokens = new VerifiedTokens<string>(10, clock);
    tokens.remember('old', 'u', now - 1);
    tokens.remember('now', 'u', now);
    tokens.remember('nan', 'u', Number.NaN);
    expect(tokens.size).toBe(0);
  });

  it('keeps at most its capacity, the oldest going first', () => {
    const tokens = new VerifiedTokens<number>(3, clock);
    for (let i = 1; i <= 5; i += 1) tokens.remember(`t${i}`, i, now + 1000);
    expect(tokens.size).toBe(3);
    expect([1, 2, 3, 4, 5].map((i) => tokens.get(`t${i}`))).toEqual([undefined, undefined, 3, 4, 5]);
    // Remembering a token already kept replaces it without evicting another.
    tokens.remember('t5', 50, now + 1000);
    expect([3, 4, 5].map((i) => tokens.get(`t${i}`))).toEqual([3, 4, 50]);
  });
});
