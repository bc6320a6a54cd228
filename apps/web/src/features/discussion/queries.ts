import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { CommentSubjectType } from '@maillage/contract';
import { api, call, cursorPages } from '../../api/client';
import { territoryKey } from '../../api/keys';
import { useTerritory } from '../../app/territory';

/** What a thread is about. */
export type SubjectType = CommentSubjectType;

/**
 * The discussion's query keys, rooted at the territory: `discussionKeys.thread(…)` holds a
 * thread's pages and, under it, who may be mentioned in it.
 */
export const discussionKeys = {
  all: (territoryId: string) => [...territoryKey(territoryId), 'discussion'] as const,
  thread: (territoryId: string, type: SubjectType, subjectId: string) =>
    [...discussionKeys.all(territoryId), type, subjectId] as const,
  messages: (territoryId: string, type: SubjectType, subjectId: string) =>
    [...discussionKeys.thread(territoryId, type, subjectId), 'messages'] as const,
  mentionable: (territoryId: string, type: SubjectType, subjectId: string, q: string) =>
    [...discussionKeys.thread(territoryId, type, subjectId), 'mentionable', q] as const,
  allianceContacts: (territoryId: string, allianceId: string) =>
    [...discussionKeys.all(territoryId), 'alliance-contacts', allianceId] as const,
};

const COLLECTION = { alliance: 'alliances', action: 'actions', priority: 'priorities' } as const;
const SUBJECT_PARAM = { alliance: 'allianceId', action: 'actionId', priority: 'priorityId' } as const;

type AllianceThread = '/api/v1/territories/{territoryId}/alliances/{allianceId}/comments';

/**
 * A thread route of any subject. The three subjects' thread routes have the same shapes, so they
 * are typed as the alliance's; the path and its parameter name are the subject's own.
 */
export function threadRoute<Suffix extends '' | '/mentionable' | '/{commentId}'>(
  type: SubjectType,
  suffix: Suffix,
): `${AllianceThread}${Suffix}` {
  return `/api/v1/territories/{territoryId}/${COLLECTION[type]}/{${SUBJECT_PARAM[type]}}/comments${suffix}` as `${AllianceThread}${Suffix}`;
}

/** The path parameters of `threadRoute` (typed as the alliance's). */
export function threadParams(territoryId: string, type: SubjectType, subjectId: string) {
  return { territoryId, [SUBJECT_PARAM[type]]: subjectId } as { territoryId: string; allianceId: string };
}

const PAGE_SIZE = 50;
/** A thread is read again this often while it is shown (new messages from others). */
const REFRESH_MS = 30_000;

/** A thread's messages, oldest first, 50 a page. */
export function useThread(type: SubjectType, subjectId: string) {
  const { territoryId } = useTerritory();
  return useInfiniteQuery({
    queryKey: discussionKeys.messages(territoryId, type, subjectId),
    refetchInterval: REFRESH_MS,
    ...cursorPages((page) =>
      call(
        api.GET(threadRoute(type, ''), {
          params: { path: threadParams(territoryId, type, subjectId), query: { limit: PAGE_SIZE, ...page } },
        }),
      ),
    ),
  });
}

/** Who may be mentioned in the thread, whose name contains `q` (the composer's autocomplete). */
export function useMentionable(type: SubjectType, subjectId: string, q: string, enabled: boolean) {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: discussionKeys.mentionable(territoryId, type, subjectId, q),
    enabled,
    staleTime: 60_000,
    queryFn: () =>
      call(
        api.GET(threadRoute(type, '/mentionable'), {
          params: { path: threadParams(territoryId, type, subjectId), query: { q, limit: 8 } },
        }),
      ),
  });
}

/** The parties' contact persons, once the alliance is under discussion (`enabled`). */
export function useAllianceContacts(allianceId: string, enabled: boolean) {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: discussionKeys.allianceContacts(territoryId, allianceId),
    enabled,
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/alliances/{allianceId}/contacts', {
          params: { path: { territoryId, allianceId } },
        }),
      ),
  });
}
