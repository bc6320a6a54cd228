import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ActorCategory, StudyPrism, StudyTemplateKey } from '@maillage/contract';
import { api, call } from '../../api/client';
import { territoryKey } from '../../api/keys';
import { afterSuccess, type MutationCallbacks } from '../../api/mutations';
import { priorityKeys } from '../activity/queries';
import type { AnswerBody } from './answer-form';
import type { QuestionnaireBody } from './questionnaire-schema';
import type { PublicStudy, StudyDetail, StudyResults, StudySummary, StudyTemplate } from './types';

/*
 * The API's schemas type questions as one flat object (every kind's fields optional); the
 * console reads them as the contract's union of kinds (`types.ts`), which is what the API sends.
 */

/** The studies' query keys, rooted at the territory. */
export const studyKeys = {
  all: (territoryId: string) => [...territoryKey(territoryId), 'studies'] as const,
  templates: (territoryId: string) => [...studyKeys.all(territoryId), 'templates'] as const,
  list: (territoryId: string) => [...studyKeys.all(territoryId), 'list'] as const,
  detail: (territoryId: string, studyId: string) => [...studyKeys.all(territoryId), 'detail', studyId] as const,
  results: (territoryId: string, studyId: string) => [...studyKeys.all(territoryId), 'results', studyId] as const,
};

const studyPath = (territoryId: string, studyId: string) => ({ params: { path: { territoryId, studyId } } });

/** The questionnaires shipped with Maillage (title, description, source, prisms, questions). */
export function useStudyTemplates(territoryId: string) {
  return useQuery({
    queryKey: studyKeys.templates(territoryId),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/studies/templates', { params: { path: { territoryId } } }),
      ) as Promise<{ items: StudyTemplate[] }>,
    staleTime: Infinity,
  });
}

/** The territory's studies, newest first, with their response counts. */
export function useStudies(territoryId: string) {
  return useQuery({
    queryKey: studyKeys.list(territoryId),
    queryFn: () =>
      call(api.GET('/api/v1/territories/{territoryId}/studies', { params: { path: { territoryId } } })) as Promise<{
        items: StudySummary[];
      }>,
  });
}

/** One study: its current questionnaire, its invitations by prism. */
export function useStudy(territoryId: string, studyId: string) {
  return useQuery({
    queryKey: studyKeys.detail(territoryId, studyId),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/studies/{studyId}', studyPath(territoryId, studyId)),
      ) as Promise<StudyDetail>,
  });
}

/** The regard croisé: every question's answers by prism, small counts suppressed. */
export function useStudyResults(territoryId: string, studyId: string) {
  return useQuery({
    queryKey: studyKeys.results(territoryId, studyId),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/studies/{studyId}/results', studyPath(territoryId, studyId)),
      ) as Promise<StudyResults>,
  });
}

export interface NewStudy {
  templateKey: StudyTemplateKey;
  title?: string;
  prisms?: StudyPrism[];
}

/** Creates a study from a template; the list refreshes. */
export function useCreateStudy(territoryId: string, callbacks?: MutationCallbacks<{ id: string }, NewStudy>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewStudy) =>
      call(api.POST('/api/v1/territories/{territoryId}/studies', { params: { path: { territoryId } }, body })),
    ...afterSuccess(callbacks, () => queryClient.invalidateQueries({ queryKey: studyKeys.list(territoryId) })),
  });
}

/** A change to the study (its questionnaire, title, prisms): the study and its lists refresh. */
function useStudyMutation<TData, TVariables>(
  territoryId: string,
  mutationFn: (variables: TVariables) => Promise<TData>,
  callbacks?: MutationCallbacks<TData, TVariables>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    ...afterSuccess(callbacks, () => queryClient.invalidateQueries({ queryKey: studyKeys.all(territoryId) })),
  });
}

/** Saves the adapted questionnaire, guarded by the study's version. */
export function useSaveQuestionnaire(
  territoryId: string,
  studyId: string,
  version: number,
  callbacks?: MutationCallbacks<unknown, QuestionnaireBody>,
) {
  return useStudyMutation(
    territoryId,
    (body: QuestionnaireBody) =>
      call(
        api.PATCH('/api/v1/territories/{territoryId}/studies/{studyId}', {
          params: { path: { territoryId, studyId }, header: { 'If-Match': String(version) } },
          body,
        }),
      ),
    callbacks,
  );
}

/** Opens the study (draft → open) or closes it (open → closed: e-mails erased, public link closed). */
export function useStudyStatus(
  territoryId: string,
  studyId: string,
  callbacks?: MutationCallbacks<unknown, 'open' | 'close'>,
) {
  return useStudyMutation(
    territoryId,
    (action: 'open' | 'close') =>
      call(
        action === 'open'
          ? api.POST('/api/v1/territories/{territoryId}/studies/{studyId}/open', studyPath(territoryId, studyId))
          : api.POST('/api/v1/territories/{territoryId}/studies/{studyId}/close', studyPath(territoryId, studyId)),
      ),
    callbacks,
  );
}

export interface InvitationCounts {
  invited: number;
  alreadyInvited: number;
  withoutEmail: number;
  outsidePrisms?: number;
}

/** Invites the contact persons of every actor, or of some categories. */
export function useInvite(
  territoryId: string,
  studyId: string,
  callbacks?: MutationCallbacks<InvitationCounts, { categories?: ActorCategory[] }>,
) {
  return useStudyMutation(
    territoryId,
    (body: { categories?: ActorCategory[] }) =>
      call(
        api.POST('/api/v1/territories/{territoryId}/studies/{studyId}/invitations', {
          ...studyPath(territoryId, studyId),
          body,
        }),
      ),
    callbacks,
  );
}

/** Sends a fresh link to every invitation not answered yet. */
export function useRemind(territoryId: string, studyId: string, callbacks?: MutationCallbacks<{ reminded: number }>) {
  return useStudyMutation(
    territoryId,
    () =>
      call(api.POST('/api/v1/territories/{territoryId}/studies/{studyId}/reminders', studyPath(territoryId, studyId))),
    callbacks,
  );
}

/** Opens or renews the inhabitants' public link (its address shown once), or closes it. */
export function usePublicLink(
  territoryId: string,
  studyId: string,
  callbacks?: MutationCallbacks<{ url: string } | null, boolean>,
) {
  return useStudyMutation(
    territoryId,
    async (open: boolean) => {
      if (open) {
        return call(
          api.POST('/api/v1/territories/{territoryId}/studies/{studyId}/public-link', studyPath(territoryId, studyId)),
        );
      }
      await call(
        api.DELETE('/api/v1/territories/{territoryId}/studies/{studyId}/public-link', studyPath(territoryId, studyId)),
      );
      return null;
    },
    callbacks,
  );
}

export interface PriorityItem {
  optionKey: string;
  /** The option's question (option keys may repeat across questions). */
  questionKey: string;
  priorityId?: string;
  title?: string;
}

/** Turns options of the results into enjeux (new ones, or their fragility added to existing ones). */
export function useCreatePriorities(
  territoryId: string,
  studyId: string,
  callbacks?: MutationCallbacks<
    { created: { id: string; title: string }[]; updated: { id: string; title: string }[] },
    PriorityItem[]
  >,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (items: PriorityItem[]) =>
      call(
        api.POST('/api/v1/territories/{territoryId}/studies/{studyId}/priorities', {
          ...studyPath(territoryId, studyId),
          body: { items },
        }),
      ),
    ...afterSuccess(callbacks, () => queryClient.invalidateQueries({ queryKey: priorityKeys.all(territoryId) })),
  });
}

/** Where the results are downloaded from. */
export const exportUrl = (territoryId: string, studyId: string, format: 'csv' | 'xlsx'): string =>
  `/api/v1/territories/${territoryId}/studies/${studyId}/results/export?format=${format}`;

/** The study a personal or public link opens (public: the token is the key). */
export function useStudyToAnswer(token: string) {
  return useQuery({
    queryKey: ['study-answer', token] as const,
    retry: false,
    queryFn: () =>
      call(api.GET('/api/v1/study-answers/{token}', { params: { path: { token } } })) as Promise<PublicStudy>,
  });
}

/** Sends the answers. */
export function useSendAnswers(token: string, callbacks?: MutationCallbacks<unknown, AnswerBody>) {
  return useMutation({
    mutationFn: (answers: AnswerBody) =>
      call(api.POST('/api/v1/study-answers/{token}', { params: { path: { token } }, body: { answers } })),
    ...callbacks,
  });
}
