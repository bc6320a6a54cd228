import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';
import { afterSuccess, type MutationCallbacks } from '../../api/mutations';
import { useTerritory } from '../../app/territory';
import { discussionKeys, threadParams, threadRoute, type SubjectType } from './queries';

type Comment = Schemas['CommentViewDto'];

/** Posts a message; the thread is read again (the new message at its end). */
export function usePostComment(
  type: SubjectType,
  subjectId: string,
  callbacks?: MutationCallbacks<Comment, { body: string }>,
) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { body: string }) =>
      call(api.POST(threadRoute(type, ''), { params: { path: threadParams(territoryId, type, subjectId) }, body })),
    ...afterSuccess(callbacks, () =>
      queryClient.invalidateQueries({ queryKey: discussionKeys.messages(territoryId, type, subjectId) }),
    ),
  });
}

/** Edits (with `body`) or deletes (without) one's message; the thread is read again. */
export function useChangeComment(
  type: SubjectType,
  subjectId: string,
  callbacks?: MutationCallbacks<Comment, { commentId: string; body?: string }>,
) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ commentId, body }: { commentId: string; body?: string }) => {
      const path = { ...threadParams(territoryId, type, subjectId), commentId };
      return body === undefined
        ? call(api.DELETE(threadRoute(type, '/{commentId}'), { params: { path } }))
        : call(api.PATCH(threadRoute(type, '/{commentId}'), { params: { path }, body: { body } }));
    },
    ...afterSuccess(callbacks, () =>
      queryClient.invalidateQueries({ queryKey: discussionKeys.messages(territoryId, type, subjectId) }),
    ),
  });
}
