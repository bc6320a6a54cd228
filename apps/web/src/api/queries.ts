import { useQuery } from '@tanstack/react-query';
import { api, call } from './client';
import { globalKeys, territoryKeys } from './keys';

/** The signed-in person (`/me`): the query the session provider keeps, and signing in fetches. */
export const meQuery = {
  queryKey: globalKeys.me,
  queryFn: () => call(api.GET('/api/v1/me')),
};

/** The signed-in person, while there is one (kept a minute). */
export function useMe(signedIn: boolean) {
  return useQuery({ ...meQuery, enabled: signedIn, staleTime: 60_000 });
}

/** One territory (name, kind, communes count…). */
export const territoryDetailQuery = (territoryId: string) => ({
  queryKey: territoryKeys.detail(territoryId),
  queryFn: () => call(api.GET('/api/v1/territories/{territoryId}', { params: { path: { territoryId } } })),
});

export function useTerritoryDetail(territoryId: string) {
  return useQuery(territoryDetailQuery(territoryId));
}
