import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../api/client';
import { globalKeys } from '../api/keys';
import { afterSuccess, type MutationCallbacks } from '../api/mutations';
import { useAuth, type Me } from '../auth/auth';
import { session } from '../auth/session';

/** Signs in; the answer is the signed-in person. */
export function useSignIn(callbacks?: MutationCallbacks<Me, { email: string; password: string }>) {
  const { signIn } = useAuth();
  return useMutation({
    mutationFn: ({ email, password }: { email: string; password: string }) => signIn(email, password),
    ...callbacks,
  });
}

/** Asks for a password reset link (the answer is the same whether the address exists or not). */
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (email: string) => call(api.POST('/api/v1/auth/password-reset', { body: { email } })),
  });
}

/** Sets a new password with a reset link's token; the answer signs the person in. */
export function useConfirmPasswordReset(
  callbacks?: MutationCallbacks<Schemas['TokenPairDto'], { token: string; newPassword: string }>,
) {
  return useMutation({
    mutationFn: (body: { token: string; newPassword: string }) =>
      call(api.POST('/api/v1/auth/password-reset/confirm', { body })),
    ...afterSuccess(callbacks, (pair) => session.store(pair)),
  });
}

/** Changes the signed-in person's password. */
export function useChangePassword(
  callbacks?: MutationCallbacks<unknown, { currentPassword: string; newPassword: string }>,
) {
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      call(api.PUT('/api/v1/me/password', { body })),
    ...callbacks,
  });
}

/** What an invitation's link invites to (public: the token is the key). */
export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: ['invitation', token] as const,
    retry: false,
    queryFn: () => call(api.GET('/api/v1/invitations/{token}', { params: { path: { token } } })),
  });
}

/** A signed-in person joins the invitation's territory with their account; their memberships refresh first. */
export function useJoinInvitation(token: string, callbacks?: MutationCallbacks<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.POST('/api/v1/me/invitations/{token}/accept', { params: { path: { token } } })),
    ...afterSuccess(callbacks, () => queryClient.invalidateQueries({ queryKey: globalKeys.me })),
  });
}

/** Someone new accepts an invitation with a new account, signed in at once. */
export function useAcceptInvitation(
  token: string,
  callbacks?: MutationCallbacks<Schemas['AcceptedInvitationDto'], { name: string; password: string }>,
) {
  return useMutation({
    mutationFn: (body: { name: string; password: string }) =>
      call(api.POST('/api/v1/invitations/{token}/accept', { params: { path: { token } }, body })),
    ...afterSuccess(callbacks, (accepted) => session.store(accepted)),
  });
}

/** The territory an open join link leads to (404 when unknown or closed). */
export function useJoinTerritory(token: string) {
  return useQuery({
    queryKey: ['join', token] as const,
    retry: false,
    queryFn: () => call(api.GET('/api/v1/join/{token}', { params: { path: { token } } })),
  });
}

/** Names and communes of the link's territory's organisations matching `q` (2 characters at least). */
export function usePublicActors(token: string, q: string) {
  return useQuery({
    queryKey: ['join', token, 'actors', q] as const,
    enabled: q.length >= 2,
    queryFn: () => call(api.GET('/api/v1/join/{token}/actors', { params: { path: { token }, query: { q } } })),
  });
}

/** Someone new creates an account and asks to join: signed in at once, the request pending. */
export function useJoinAsNewAccount(
  token: string,
  callbacks?: MutationCallbacks<
    Schemas['JoinedAsNewAccountDto'] | Schemas['JoinConfirmationSentDto'],
    Schemas['JoinAsNewAccountDto']
  >,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['JoinAsNewAccountDto']) =>
      call(api.POST('/api/v1/join/{token}', { params: { path: { token } }, body })),
    ...afterSuccess(callbacks, (answer) => {
      // Where mail can leave, nothing exists until the address is confirmed: nobody to sign in yet.
      if (answer.outcome !== 'joined') return;
      session.store(answer);
      void queryClient.invalidateQueries({ queryKey: globalKeys.me });
    }),
  });
}

/** The link mailed to a new address: its account and join request are created, and the person signed in. */
export function useConfirmJoin(
  callbacks?: MutationCallbacks<Schemas['JoinedAsNewAccountDto'], Schemas['ConfirmJoinDto']>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['ConfirmJoinDto']) => call(api.POST('/api/v1/join-confirmations', { body })),
    ...afterSuccess(callbacks, (joined) => {
      session.store(joined);
      void queryClient.invalidateQueries({ queryKey: globalKeys.me });
    }),
  });
}

/** A signed-in person asks to join with their account. */
export function useJoinAsUser(token: string, callbacks?: MutationCallbacks<unknown, Schemas['JoinRequestDto']>) {
  return useMutation({
    mutationFn: (body: Schemas['JoinRequestDto']) =>
      call(api.POST('/api/v1/me/join/{token}', { params: { path: { token } }, body })),
    ...callbacks,
  });
}

/** The signed-in person's join requests, in every territory: asked again now and then, an answer may come. */
export function useMyJoinRequests(enabled: boolean) {
  return useQuery({
    queryKey: ['me', 'join-requests'] as const,
    enabled,
    refetchInterval: 60_000,
    queryFn: () => call(api.GET('/api/v1/me/join-requests')),
  });
}
