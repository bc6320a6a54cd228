/** A token's subject as its verification gave it, until the token expires. */
interface Verified<T> {
  subject: T;
  expiresAtMs: number;
}

/**
 * Access tokens already verified (signature, algorithm, issuer, audience, expiry), by their exact
 * text, until they expire: a client sends the same bearer token with each request, and its HMAC,
 * decoding and claim checks give the same answer every time until its `exp`. What can change
 * before then — the account, its password, the session being ended — is not kept here: the access
 * guard checks it in the database on every request. At most `capacity` tokens are kept (the
 * oldest go first); an expired one is forgotten when next seen.
 */
export class VerifiedTokens<T> {
  private readonly tokens = new Map<string, Verified<T>>();

  constructor(
    private readonly capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The subject of a token verified before and not expired yet. */
  get(token: string): T | undefined {
    const known = this.tokens.get(token);
    if (!known) return undefined;
    if (known.expiresAtMs <= this.now()) {
      this.tokens.delete(token);
      return undefined;
    }
    return known.subject;
  }

  /** Keeps a token that has just been verified, until the expiry its claims state (`exp`, in milliseconds). */
  remember(token: string, subject: T, expiresAtMs: number): void {
    if (!Number.isFinite(expiresAtMs) || expiresAtMs <= this.now()) return;
    if (this.tokens.size >= this.capacity && !this.tokens.has(token)) {
      const oldest = this.tokens.keys().next();
      if (!oldest.done) this.tokens.delete(oldest.value);
    }
    this.tokens.set(token, { subject, expiresAtMs });
  }

  get size(): number {
    return this.tokens.size;
  }
}
