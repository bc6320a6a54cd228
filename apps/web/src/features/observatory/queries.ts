import { territoryKey } from '../../api/keys';

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
