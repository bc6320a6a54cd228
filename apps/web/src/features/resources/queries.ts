import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, cursorPages, type Schemas } from '../../api/client';
import { territoryKey } from '../../api/keys';
import { afterSuccess, type MutationCallbacks } from '../../api/mutations';

export type Resource = Schemas['ResourceDto'];

/** Which centre a page shows: the national one, or a territory's. */
export type Centre = { scope: 'national' } | { scope: 'territory'; territoryId: string };

/** The centres' query keys: the national centre is no territory's, a territory's is rooted at it. */
export const resourceKeys = {
  all: (centre: Centre) =>
    centre.scope === 'national'
      ? (['resources', 'national'] as const)
      : ([...territoryKey(centre.territoryId), 'resources'] as const),
  list: (centre: Centre, filters: Filters) => [...resourceKeys.all(centre), 'list', filters] as const,
  kit: ['resources', 'kit'] as const,
};

/** The list's filters, as the page holds them (lists comma-joined as the API reads them). */
export interface Filters {
  q: string;
  axis: Schemas['ResourceAxis'] | '';
  sheetKind: Schemas['ResourceSheetKind'] | '';
  kind: Schemas['ResourceKind'] | '';
  fragilities: string[];
  actionTypes: string[];
  allianceModes: string[];
  audiences: string[];
  sort: Schemas['ResourceSort'] | '';
}

export const noFilters = (): Filters => ({
  q: '',
  axis: '',
  sheetKind: '',
  kind: '',
  fragilities: [],
  actionTypes: [],
  allianceModes: [],
  audiences: [],
  sort: '',
});

function query(filters: Filters, cursor?: string) {
  const lists = (['fragilities', 'actionTypes', 'allianceModes', 'audiences'] as const).flatMap((key) =>
    filters[key].length > 0 ? [[key, filters[key].join(',')] as const] : [],
  );
  return {
    limit: 20,
    ...(filters.q.trim() ? { q: filters.q.trim() } : {}),
    ...(filters.axis ? { axis: filters.axis } : {}),
    ...(filters.sheetKind ? { sheetKind: filters.sheetKind } : {}),
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.sort ? { sort: filters.sort } : {}),
    ...Object.fromEntries(lists),
    ...(cursor ? { cursor } : {}),
  };
}

/** A centre's resources matching the filters, twenty a page. */
export function useResources(centre: Centre, filters: Filters) {
  return useInfiniteQuery({
    queryKey: resourceKeys.list(centre, filters),
    ...cursorPages((page) =>
      call(
        centre.scope === 'national'
          ? api.GET('/api/v1/resources', { params: { query: query(filters, page.cursor) } })
          : api.GET('/api/v1/territories/{territoryId}/resources', {
              params: { path: { territoryId: centre.territoryId }, query: query(filters, page.cursor) },
            }),
      ),
    ),
  });
}

/** The kit's structure (its axes and sheet kinds, from Le RAMEAU's kit). */
export function useKit() {
  return useQuery({
    queryKey: resourceKeys.kit,
    queryFn: () => call(api.GET('/api/v1/resources/kit')),
    staleTime: Infinity,
  });
}

/** Adds a resource: its description, then, for a file, its bytes; the centre's lists refresh. */
export function useAddResource(
  centre: Centre,
  callbacks?: MutationCallbacks<Resource, { body: Schemas['CreateResourceDto']; file: File | null }>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, file }: { body: Schemas['CreateResourceDto']; file: File | null }) => {
      const created = await call(
        centre.scope === 'national'
          ? api.POST('/api/v1/resources', { body })
          : api.POST('/api/v1/territories/{territoryId}/resources', {
              params: { path: { territoryId: centre.territoryId } },
              body,
            }),
      );
      if (body.kind !== 'file' || !file) return created;
      // The API takes the file's bytes as they are and recognises its type from them.
      const upload = {
        body: file as unknown as string,
        bodySerializer: (raw: unknown) => raw as BodyInit,
        headers: { 'content-type': 'application/octet-stream' },
      };
      return call(
        centre.scope === 'national'
          ? api.PUT('/api/v1/resources/{resourceId}/file', {
              params: { path: { resourceId: created.id }, query: { filename: file.name } },
              ...upload,
            })
          : api.PUT('/api/v1/territories/{territoryId}/resources/{resourceId}/file', {
              params: {
                path: { territoryId: centre.territoryId, resourceId: created.id },
                query: { filename: file.name },
              },
              ...upload,
            }),
      );
    },
    ...afterSuccess(callbacks, () => queryClient.invalidateQueries({ queryKey: resourceKeys.all(centre) })),
    // A refused file leaves a draft behind: the list shows it to its editors, who may upload again or delete it.
    onError: (error, variables, result, context) => {
      void queryClient.invalidateQueries({ queryKey: resourceKeys.all(centre) });
      return callbacks?.onError?.(error, variables, result, context);
    },
  });
}

/** Saves an edited description and tags (If-Match: the version the form started from). */
export function useUpdateResource(
  centre: Centre,
  callbacks?: MutationCallbacks<Resource, { resource: Resource; body: Schemas['UpdateResourceDto'] }>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ resource, body }: { resource: Resource; body: Schemas['UpdateResourceDto'] }) => {
      const headers = { 'If-Match': `"${resource.version}"` };
      return call(
        centre.scope === 'national'
          ? api.PATCH('/api/v1/resources/{resourceId}', {
              params: { path: { resourceId: resource.id } },
              headers,
              body,
            })
          : api.PATCH('/api/v1/territories/{territoryId}/resources/{resourceId}', {
              params: { path: { territoryId: centre.territoryId, resourceId: resource.id } },
              headers,
              body,
            }),
      );
    },
    ...afterSuccess(callbacks, () => queryClient.invalidateQueries({ queryKey: resourceKeys.all(centre) })),
  });
}

/** Deletes a resource and its file. */
export function useDeleteResource(centre: Centre, callbacks?: MutationCallbacks<void, Resource>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (resource: Resource) => {
      await call(
        centre.scope === 'national'
          ? api.DELETE('/api/v1/resources/{resourceId}', { params: { path: { resourceId: resource.id } } })
          : api.DELETE('/api/v1/territories/{territoryId}/resources/{resourceId}', {
              params: { path: { territoryId: centre.territoryId, resourceId: resource.id } },
            }),
      );
    },
    ...afterSuccess(callbacks, () => queryClient.invalidateQueries({ queryKey: resourceKeys.all(centre) })),
  });
}

/** Where a resource's file is downloaded from. */
export const fileUrl = (centre: Centre, resource: Resource): string =>
  centre.scope === 'national'
    ? `/api/v1/resources/${resource.id}/file`
    : `/api/v1/territories/${centre.territoryId}/resources/${resource.id}/file`;

/**
 * Counts one opening of a link resource (the centre's "most used" order). The console opens the
 * link itself, as a plain anchor, so a failed count never stands between the reader and the page.
 */
export function useRecordVisit(centre: Centre) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (resource: Resource) =>
      call(
        centre.scope === 'national'
          ? api.POST('/api/v1/resources/{resourceId}/visits', { params: { path: { resourceId: resource.id } } })
          : api.POST('/api/v1/territories/{territoryId}/resources/{resourceId}/visits', {
              params: { path: { territoryId: centre.territoryId, resourceId: resource.id } },
            }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: resourceKeys.all(centre) }),
  });
}
