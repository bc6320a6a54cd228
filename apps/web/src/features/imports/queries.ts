import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, cursorPages, type Schemas } from '../../api/client';
import { territoryKey } from '../../api/keys';
import { afterSuccess, type MutationCallbacks } from '../../api/mutations';
import { useTerritory } from '../../app/territory';

type Import = Schemas['ImportDto'];

/** The imports' query keys, rooted at the territory: invalidate a family by its prefix. */
export const importKeys = {
  all: (territoryId: string) => [...territoryKey(territoryId), 'imports'] as const,
  list: (territoryId: string) => [...importKeys.all(territoryId), 'list'] as const,
  detail: (territoryId: string, importId: string) => [...importKeys.all(territoryId), 'one', importId] as const,
  rows: (territoryId: string, importId: string, ...state: unknown[]) =>
    [...importKeys.detail(territoryId, importId), 'rows', ...state] as const,
};

/** Whether an import is being analysed or run (its state changes on its own). */
export const busy = (item: Import): boolean => item.status === 'analysing' || item.status === 'running';

/** Past imports, newest first, twenty a page; asked again every two seconds while one of them is busy. */
export function useImports() {
  const { territoryId } = useTerritory();
  return useInfiniteQuery({
    queryKey: importKeys.list(territoryId),
    ...cursorPages((page) =>
      call(
        api.GET('/api/v1/territories/{territoryId}/imports', {
          params: { path: { territoryId }, query: { limit: 20, ...page } },
        }),
      ),
    ),
    refetchInterval: (query) => (query.state.data?.pages.some((page) => page.items.some(busy)) ? 2000 : false),
  });
}

/** One import, asked again every 700 ms while it is busy. */
export function useImport(importId: string) {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: importKeys.detail(territoryId, importId),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/imports/{importId}', {
          params: { path: { territoryId, importId } },
        }),
      ),
    refetchInterval: (current) =>
      current.state.status !== 'error' && current.state.data && busy(current.state.data) ? 700 : false,
  });
}

/** An import's rows report (one outcome, or all: `''`), fifty a page; keyed by the import's state too. */
export function useImportRows(item: Import, outcome: Schemas['ImportRowOutcome'] | '') {
  const { territoryId } = useTerritory();
  return useInfiniteQuery({
    queryKey: importKeys.rows(territoryId, item.id, outcome, item.status, item.mode, item.completedAt),
    ...cursorPages((page) =>
      call(
        api.GET('/api/v1/territories/{territoryId}/imports/{importId}/rows', {
          params: {
            path: { territoryId, importId: item.id },
            query: { limit: 50, ...(outcome ? { outcome } : {}), ...page },
          },
        }),
      ),
    ),
  });
}

const CSV_TYPE = 'text/csv';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends a spreadsheet (CSV or XLSX) as it is; the imports refresh. */
export function useUploadImport(callbacks?: MutationCallbacks<Import, File>) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (chosen: File) =>
      call(
        api.POST('/api/v1/territories/{territoryId}/imports', {
          params: { path: { territoryId }, query: { filename: chosen.name } },
          // The API takes the file's bytes as they are, with its media type.
          body: chosen as unknown as string,
          bodySerializer: (raw: unknown) => raw as BodyInit,
          headers: { 'content-type': /\.xlsx$/i.test(chosen.name) ? XLSX_TYPE : CSV_TYPE },
        }),
      ),
    ...afterSuccess(callbacks, () => {
      void queryClient.invalidateQueries({ queryKey: importKeys.all(territoryId) });
    }),
  });
}

/**
 * Analyses (`dry-run`) or runs an import with `mapping`; `check` may refuse first (its error is the
 * mutation's). The answer replaces the cached import.
 */
export function useProcessImport(
  importId: string,
  mapping: Schemas['MappingDto'],
  options: MutationCallbacks<Import, 'dry-run' | 'run'> & { check?: () => Error | undefined },
) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  const { check, ...callbacks } = options;
  return useMutation({
    mutationFn: (mode: 'dry-run' | 'run') => {
      const problem = check?.();
      if (problem) return Promise.reject(problem);
      const request = { params: { path: { territoryId, importId } }, body: { mapping } };
      return call(
        mode === 'run'
          ? api.POST('/api/v1/territories/{territoryId}/imports/{importId}/run', request)
          : api.POST('/api/v1/territories/{territoryId}/imports/{importId}/dry-run', request),
      );
    },
    ...afterSuccess(callbacks, (next) => {
      queryClient.setQueryData(importKeys.detail(territoryId, importId), next);
    }),
  });
}
