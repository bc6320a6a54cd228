import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
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
  rollup: (jobId: string | null | undefined) => ['observatory-rollup', jobId] as const,
  benchmark: (territoryId: string, period: string | null) =>
    [...territoryKey(territoryId), 'benchmark', period] as const,
  sharing: (territoryId: string) => [...territoryKey(territoryId), 'observatory-sharing'] as const,
};

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
