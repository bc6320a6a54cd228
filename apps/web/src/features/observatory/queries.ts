import { useMutation, useQuery } from '@tanstack/react-query';
import { api, call, download, type Schemas } from '../../api/client';
import { type MutationCallbacks } from '../../api/mutations';
import type { operations } from '../../api/schema';
import { territoryKey } from '../../api/keys';
import { useTerritory } from '../../app/territory';

/**
 * The observatory's query keys. Its publication is national (not a territory's): rooted at
 * `observatory`; a territory's benchmark and sharing choice are rooted at the territory.
 */
export const observatoryKeys = {
  all: ['observatory'] as const,
  publication: () => [...observatoryKeys.all, 'publication'] as const,
  dictionary: () => [...observatoryKeys.all, 'dictionary'] as const,
  areas: (...scope: unknown[]) => [...observatoryKeys.all, 'areas', ...scope] as const,
  indicators: (...scope: unknown[]) => [...observatoryKeys.all, 'indicators', ...scope] as const,
  series: (...scope: unknown[]) => [...observatoryKeys.all, 'series', ...scope] as const,
  compare: (...scope: unknown[]) => [...observatoryKeys.all, 'compare', ...scope] as const,
  studies: (...scope: unknown[]) => [...observatoryKeys.all, 'studies', ...scope] as const,
  rollup: (jobId: string | null | undefined) => ['observatory-rollup', jobId] as const,
  benchmark: (territoryId: string, period: string | null) =>
    [...territoryKey(territoryId), 'benchmark', period] as const,
  sharing: (territoryId: string) => [...territoryKey(territoryId), 'observatory-sharing'] as const,
};

type Area = { level: Schemas['AreaLevel']; code: string };
type Indicator = NonNullable<operations['ObservatoryController_series']['parameters']['query']>['indicator'];

/** Every indicator of one area for one month. */
export function useAreaIndicators(area: Area, period: string) {
  return useQuery({
    queryKey: observatoryKeys.indicators(area.level, area.code, period),
    queryFn: () =>
      call(
        api.GET('/api/v1/observatory/areas/{level}/{code}/indicators', {
          params: { path: { level: area.level, code: area.code }, query: { period } },
        }),
      ),
  });
}

/** One indicator of one area over the publication's months: one dimension, or all (`null`). */
export function useSeries(area: Area, indicator: Indicator, dimension: string | null) {
  return useQuery({
    queryKey: observatoryKeys.series(area.level, area.code, indicator, dimension ?? '*'),
    queryFn: () =>
      call(
        api.GET('/api/v1/observatory/areas/{level}/{code}/series', {
          params: {
            path: { level: area.level, code: area.code },
            query: { indicator, ...(dimension === null ? {} : { dimension }) },
          },
        }),
      ),
  });
}

/** One indicator of several areas of a level side by side, for one month (asked only when `enabled`). */
export function useComparison(
  scope: { level: Schemas['AreaLevel']; codes: string[]; indicator: Indicator; period: string },
  enabled: boolean,
) {
  const { level, codes, indicator, period } = scope;
  return useQuery({
    queryKey: observatoryKeys.compare(level, codes.join(','), indicator, period),
    queryFn: () =>
      call(
        api.GET('/api/v1/observatory/compare', {
          params: { query: { level, codes, indicator, period } },
          querySerializer: { array: { style: 'form', explode: false } },
        }),
      ),
    enabled,
  });
}

/** The territorial studies of one area, over the publication's window. */
export function useStudies(area: Area) {
  return useQuery({
    queryKey: observatoryKeys.studies(area.level, area.code),
    queryFn: () =>
      call(api.GET('/api/v1/observatory/studies', { params: { query: { level: area.level, code: area.code } } })),
  });
}

/** States after which a rollup job no longer changes (`unknown`: the queue forgot it). */
export const ROLLUP_FINISHED = ['completed', 'failed', 'unknown'];

/** A rollup job, followed every second until it ends. */
export function useRollup(jobId: string | undefined) {
  return useQuery({
    queryKey: observatoryKeys.rollup(jobId),
    queryFn: () => call(api.GET('/api/v1/observatory/rollups/{jobId}', { params: { path: { jobId: jobId ?? '' } } })),
    enabled: Boolean(jobId),
    // Stops on an error (a 404 leaves no data: it would otherwise ask forever) and on any final state.
    refetchInterval: (query) =>
      query.state.status === 'error' || (query.state.data && ROLLUP_FINISHED.includes(query.state.data.state))
        ? false
        : 1000,
  });
}

/** Orders a rollup (publishing now); its answer names the job to follow. */
export function useOrderRollup(callbacks?: MutationCallbacks<Schemas['RollupOrderDto']>) {
  return useMutation({
    mutationFn: () => call(api.POST('/api/v1/observatory/rollups')),
    ...callbacks,
  });
}

/** Downloads the published figures as CSV (the variable is the export's query string). */
export function useObservatoryExport(callbacks?: MutationCallbacks<void, URLSearchParams>) {
  return useMutation({
    mutationFn: (query: URLSearchParams) =>
      download(`/api/v1/observatory/export.csv?${query.toString()}`, 'observatoire-maillage.csv'),
    ...callbacks,
  });
}

/** Whether the territory shares its aggregates with the national observatory (and who last changed it). */
export function useObservatorySharing() {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: observatoryKeys.sharing(territoryId),
    queryFn: () =>
      call(api.GET('/api/v1/territories/{territoryId}/observatory-sharing', { params: { path: { territoryId } } })),
  });
}

/** The territory's figures beside its peer group's, for one period (the latest when none). */
export function useBenchmark(period: string | undefined) {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: observatoryKeys.benchmark(territoryId, period ?? null),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/benchmark', {
          params: { path: { territoryId }, query: period ? { period } : {} },
        }),
      ),
  });
}
