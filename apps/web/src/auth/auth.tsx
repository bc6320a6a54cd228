import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { api, call, type Schemas } from '../api/client';
import { session } from './session';
import { meQuery, useMe } from '../api/queries';

export type Me = Schemas['MeDto'];
export type Membership = Schemas['MembershipDto'];

interface AuthState {
  signedIn: boolean;
  me: Me | undefined;
  loading: boolean;
  error: unknown;
  signIn: (email: string, password: string) => Promise<Me>;
  signOut: () => Promise<void>;
  refetch: () => Promise<unknown>;
}

const AuthContext = createContext<AuthState | undefined>(undefined);

function useSignedIn(): boolean {
  return useSyncExternalStore(
    (listener) => session.subscribe(listener),
    () => session.signedIn,
  );
}

export function AuthProvider({ children }: { children: ReactNode }): ReactNode {
  const signedIn = useSignedIn();
  const queryClient = useQueryClient();
  const me = useMe(signedIn);

  // Signing out forgets what the session read. Only a change clears: on a first load signed out, the
  // public page below has already subscribed to its own query (children's effects run first), and
  // clearing then would orphan it, leaving the page loading for ever.
  const wasSignedIn = useRef(signedIn);
  useEffect(() => {
    if (wasSignedIn.current && !signedIn) queryClient.clear();
    wasSignedIn.current = signedIn;
  }, [signedIn, queryClient]);

  const value = useMemo<AuthState>(
    () => ({
      signedIn,
      me: signedIn ? me.data : undefined,
      loading: signedIn && me.isPending,
      error: me.error,
      refetch: () => me.refetch(),
      async signIn(email, password) {
        const pair = await call(api.POST('/api/v1/auth/login', { body: { email, password } }));
        session.store(pair);
        return queryClient.fetchQuery(meQuery);
      },
      async signOut() {
        const refreshToken = session.refreshToken();
        if (refreshToken)
          await call(api.POST('/api/v1/auth/logout', { body: { refreshToken } })).catch(() => undefined);
        session.clear();
        queryClient.clear();
      },
    }),
    [signedIn, me, queryClient],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/**
 * Where a signed-in person starts: their first territory, the observatory, or administration;
 * someone in no territory yet (a join request waiting for the coordination), their requests.
 */
export function homePath(me: Me): string {
  const first = me.memberships[0];
  if (first) return `/t/${first.territoryId}`;
  if (me.roles.includes('observer')) return '/observatoire';
  if (me.roles.includes('platform_admin')) return '/administration';
  return '/mes-demandes';
}
