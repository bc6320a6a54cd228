import { useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';
import { useTerritory } from '../../app/territory';
import { memberKeys } from './queries';

/** Every member of the territory (to name people: audit log authors, who changed the sharing). */
export function useMembers(): { data: Schemas['MemberDto'][] | undefined; isPending: boolean } {
  const { territoryId } = useTerritory();
  const query = useQuery({
    queryKey: memberKeys.complete(territoryId),
    queryFn: async () => {
      const all: Schemas['MemberDto'][] = [];
      let cursor: string | undefined;
      // A territory has tens of members; ten pages of a hundred is a safe ceiling.
      for (let page = 0; page < 10; page += 1) {
        const result = await call(
          api.GET('/api/v1/territories/{territoryId}/members', {
            params: { path: { territoryId }, query: { limit: 100, ...(cursor ? { cursor } : {}) } },
          }),
        );
        all.push(...result.items);
        if (!result.nextCursor) break;
        cursor = result.nextCursor;
      }
      return all;
    },
  });
  return { data: query.data, isPending: query.isPending };
}
