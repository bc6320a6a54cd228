/**
 * The signed-in session: tokens kept in localStorage so that a reload or a
 * second tab stays signed in. Refreshes are serialised across tabs with a Web
 * Lock (the API rotates refresh tokens and treats a reused one as theft), and a
 * tab that waited reuses the fresh token another tab stored.
 */
export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

const KEY = 'maillage.session';
const EARLY_MS = 30_000;
type Listener = (signedIn: boolean) => void;

function read(): StoredSession | undefined {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as StoredSession) : undefined;
  } catch {
    return undefined;
  }
}

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  if (typeof navigator !== 'undefined' && navigator.locks) {
    return navigator.locks.request('maillage-refresh', work);
  }
  return work();
}

class Session {
  private listeners = new Set<Listener>();
  private refreshing: Promise<string | undefined> | undefined;

  constructor() {
    window.addEventListener('storage', (event) => {
      if (event.key === KEY) this.emit(Boolean(read()));
    });
  }

  get signedIn(): boolean {
    return Boolean(read());
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  store(pair: TokenPair): void {
    const stored: StoredSession = {
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      expiresAt: Date.now() + pair.expiresIn * 1000,
    };
    localStorage.setItem(KEY, JSON.stringify(stored));
    this.emit(true);
  }

  clear(): void {
    localStorage.removeItem(KEY);
    this.emit(false);
  }

  /** A valid access token, refreshed first when it is about to expire; undefined when signed out. */
  async accessToken(options: { forceRefresh?: boolean } = {}): Promise<string | undefined> {
    const current = read();
    if (!current) return undefined;
    if (!options.forceRefresh && current.expiresAt - EARLY_MS > Date.now()) return current.accessToken;
    this.refreshing ??= withLock(() => this.refresh(current.accessToken)).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async refresh(staleAccessToken: string): Promise<string | undefined> {
    const latest = read();
    if (!latest) return undefined;
    // Another tab refreshed while this one waited for the lock.
    if (latest.accessToken !== staleAccessToken && latest.expiresAt - EARLY_MS > Date.now()) return latest.accessToken;
    const response = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: latest.refreshToken }),
    }).catch(() => undefined);
    if (!response) return latest.accessToken; // offline: keep the session, the call will fail visibly
    if (!response.ok) {
      this.clear();
      return undefined;
    }
    const pair = (await response.json()) as TokenPair;
    this.store(pair);
    return pair.accessToken;
  }

  /** The refresh token, for logout. */
  refreshToken(): string | undefined {
    return read()?.refreshToken;
  }

  private emit(signedIn: boolean): void {
    for (const listener of this.listeners) listener(signedIn);
  }
}

export const session = new Session();
