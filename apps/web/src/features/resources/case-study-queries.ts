import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, cursorPages, type Schemas } from '../../api/client';
import { territoryKey } from '../../api/keys';
import { afterSuccess, type MutationCallbacks } from '../../api/mutations';

export type CaseStudy = Schemas['CaseStudyDto'];
export type NationalCaseStudy = Schemas['NationalCaseStudyDto'];
export type ReviewStep = 'submit' | 'approve' | 'publish' | 'unpublish';

/** The gallery's filters, as the page holds them ('' for "any"). */
export interface GalleryFilters {
  q: string;
  fragility: Schemas['Fragility'] | '';
  actionType: Schemas['ActionType'] | '';
  allianceMode: Schemas['AllianceMode'] | '';
  territoryKind: Schemas['TerritoryKind'] | '';
}

export const noGalleryFilters = (): GalleryFilters => ({
  q: '',
  fragility: '',
  actionType: '',
  allianceMode: '',
  territoryKind: '',
});

export const caseStudyKeys = {
  territory: (territoryId: string) => [...territoryKey(territoryId), 'case-studies'] as const,
  one: (territoryId: string, id: string) => [...caseStudyKeys.territory(territoryId), id] as const,
  national: ['case-studies', 'national'] as const,
};

/** The territory's case studies (a member: those citing their organisation), newest first. */
export function useCaseStudies(territoryId: string) {
  return useInfiniteQuery({
    queryKey: [...caseStudyKeys.territory(territoryId), 'list'],
    ...cursorPages((page) =>
      call(
        api.GET('/api/v1/territories/{territoryId}/case-studies', {
          params: { path: { territoryId }, query: { limit: 50, ...(page.cursor ? { cursor: page.cursor } : {}) } },
        }),
      ),
    ),
  });
}

export function useCaseStudy(territoryId: string, caseStudyId: string) {
  return useQuery({
    queryKey: caseStudyKeys.one(territoryId, caseStudyId),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/case-studies/{caseStudyId}', {
          params: { path: { territoryId, caseStudyId } },
        }),
      ),
  });
}

/** Every change answers the case study as it now is: it replaces the cached one, and the lists refresh. */
function useCaseStudyMutation<V>(
  territoryId: string,
  run: (variables: V) => Promise<CaseStudy>,
  callbacks?: MutationCallbacks<CaseStudy, V>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    ...afterSuccess(callbacks, (saved) => {
      queryClient.setQueryData(caseStudyKeys.one(territoryId, saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: [...caseStudyKeys.territory(territoryId), 'list'] });
      void queryClient.invalidateQueries({ queryKey: caseStudyKeys.national });
    }),
  });
}

/** Turns an action or an alliance into a draft. */
export function useCreateCaseStudy(
  territoryId: string,
  callbacks?: MutationCallbacks<CaseStudy, Schemas['CreateCaseStudyDto']>,
) {
  return useCaseStudyMutation(
    territoryId,
    (body: Schemas['CreateCaseStudyDto']) =>
      call(api.POST('/api/v1/territories/{territoryId}/case-studies', { params: { path: { territoryId } }, body })),
    callbacks,
  );
}

/** Saves a draft's sections from the version it was read at. */
export function useSaveCaseStudy(
  territoryId: string,
  caseStudy: CaseStudy,
  callbacks?: MutationCallbacks<CaseStudy, Schemas['UpdateCaseStudyDto']>,
) {
  return useCaseStudyMutation(
    territoryId,
    (body: Schemas['UpdateCaseStudyDto']) =>
      call(
        api.PATCH('/api/v1/territories/{territoryId}/case-studies/{caseStudyId}', {
          params: {
            path: { territoryId, caseStudyId: caseStudy.id },
            header: { 'If-Match': `"${caseStudy.version}"` },
          },
          body,
        }),
      ),
    callbacks,
  );
}

/** A step of the review (return aside, which carries a comment). */
export function useReviewStep(
  territoryId: string,
  caseStudy: CaseStudy,
  callbacks?: MutationCallbacks<CaseStudy, ReviewStep>,
) {
  return useCaseStudyMutation(
    territoryId,
    (step: ReviewStep) =>
      call(
        api.POST(`/api/v1/territories/{territoryId}/case-studies/{caseStudyId}/${step}`, {
          params: {
            path: { territoryId, caseStudyId: caseStudy.id },
            header: { 'If-Match': `"${caseStudy.version}"` },
          },
        }),
      ),
    callbacks,
  );
}

export function useReturnCaseStudy(
  territoryId: string,
  caseStudy: CaseStudy,
  callbacks?: MutationCallbacks<CaseStudy, string>,
) {
  return useCaseStudyMutation(
    territoryId,
    (comment: string) =>
      call(
        api.POST('/api/v1/territories/{territoryId}/case-studies/{caseStudyId}/return', {
          params: {
            path: { territoryId, caseStudyId: caseStudy.id },
            header: { 'If-Match': `"${caseStudy.version}"` },
          },
          body: { comment },
        }),
      ),
    callbacks,
  );
}

/** An organisation's answer: by its member, or recorded by the coordination with a note. */
export function useConsent(
  territoryId: string,
  caseStudyId: string,
  callbacks?: MutationCallbacks<CaseStudy, { actorId: string; granted: boolean; note?: string }>,
) {
  return useCaseStudyMutation(
    territoryId,
    ({ actorId, granted, note }: { actorId: string; granted: boolean; note?: string }) =>
      call(
        api.PUT('/api/v1/territories/{territoryId}/case-studies/{caseStudyId}/participants/{actorId}/consent', {
          params: { path: { territoryId, caseStudyId, actorId } },
          body: { granted, ...(note ? { note } : {}) },
        }),
      ),
    callbacks,
  );
}

/** The national gallery, newest first, twenty a page. */
export function useNationalCaseStudies(filters: GalleryFilters) {
  const query = Object.fromEntries(
    Object.entries({ ...filters, q: filters.q.trim() }).filter(([, value]) => value !== ''),
  ) as Partial<GalleryFilters>;
  return useInfiniteQuery({
    queryKey: [...caseStudyKeys.national, 'list', filters],
    ...cursorPages((page) =>
      call(
        api.GET('/api/v1/case-studies', {
          params: {
            query: {
              limit: 20,
              ...(query as Record<string, string>),
              ...(page.cursor ? { cursor: page.cursor } : {}),
            },
          },
        }),
      ),
    ),
  });
}

export function useNationalCaseStudy(caseStudyId: string) {
  return useQuery({
    queryKey: [...caseStudyKeys.national, caseStudyId],
    queryFn: () => call(api.GET('/api/v1/case-studies/{caseStudyId}', { params: { path: { caseStudyId } } })),
  });
}
