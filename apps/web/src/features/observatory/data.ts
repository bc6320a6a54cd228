import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, call, type Schemas } from '../../api/client';
import type { operations } from '../../api/schema';
import { observatoryKeys } from './queries';

export type AreaLevel = Schemas['AreaLevel'];
/** An indicator's id, as the series and compare endpoints accept it. */
export type IndicatorId = NonNullable<operations['ObservatoryController_series']['parameters']['query']>['indicator'];
export type Cell = Schemas['CellDto'];
export type Publication = Schemas['PublicationDto'];
export type Dictionary = Schemas['DataDictionaryDto'];
export type DictionaryIndicator = Schemas['DictionaryIndicatorDto'];

/** The documented default of the disclosure threshold (MAILLAGE_OBSERVATORY_THRESHOLD). */
export const DEFAULT_THRESHOLD = 5;

/** The levels a person can pick areas from, coarsest first (France is the root). */
export const DRILL_LEVELS = ['region', 'departement', 'epci', 'commune'] as const;
export type DrillLevel = (typeof DRILL_LEVELS)[number];
export const COMPARE_LEVELS: AreaLevel[] = ['region', 'departement', 'epci', 'commune', 'peer_group'];

/** The level whose areas contain the given level's areas (for "inside" filters). */
export const PARENT_LEVEL: Partial<Record<AreaLevel, AreaLevel>> = {
  departement: 'region',
  epci: 'departement',
  commune: 'epci',
};

/** The latest publication, or `null` when the observatory has published nothing yet (404). */
export function usePublication() {
  return useQuery({
    queryKey: observatoryKeys.publication(),
    queryFn: async (): Promise<Publication | null> => {
      try {
        return await call(api.GET('/api/v1/observatory/publication'));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}

export function useDictionary() {
  return useQuery({
    queryKey: observatoryKeys.dictionary(),
    queryFn: () => call(api.GET('/api/v1/observatory/dictionary')),
    staleTime: 5 * 60_000,
  });
}

/** Published areas of one level, optionally inside a parent area. */
export function useAreas(level: AreaLevel, parent?: { level: AreaLevel; code: string }, enabled = true) {
  return useQuery({
    queryKey: observatoryKeys.areas(level, parent?.level ?? null, parent?.code ?? null),
    queryFn: () =>
      call(
        api.GET('/api/v1/observatory/areas', {
          params: {
            query: { level, ...(parent ? { parentLevel: parent.level, parentCode: parent.code } : {}) },
          },
        }),
      ),
    enabled,
  });
}

/** Every month of a publication, newest first. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = to.split('-').map(Number) as [number, number];
  for (let guard = 0; guard < 240; guard += 1) {
    const value = `${year}-${String(month).padStart(2, '0')}`;
    if (value < from) break;
    months.push(value);
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  return months;
}

/** The current month in French time, `YYYY-MM` (as the observatory counts months). */
export function currentMonth(now = new Date()): string {
  return now.toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 7);
}

/**
 * The month shown first: the newest month of the publication that is over (the
 * current month is still running, its flows would read "0"), as the API does.
 */
export function lastCompleteMonth(months: string[], now = new Date()): string {
  const current = currentMonth(now);
  return months.find((month) => month < current) ?? months[0] ?? '';
}

/** The part of a dimension before its value (`company_size:micro` → `company_size`); total and covered alone. */
export const dimensionGroup = (dimension: string): string => dimension.split(':')[0] ?? dimension;

/** The current month and the `count - 1` before it, newest first. */
export function recentMonths(count: number, now = new Date()): string[] {
  const to = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  const start = new Date(now.getFullYear(), now.getMonth() - (count - 1), 1);
  const from = `${start.getFullYear()}-${String(start.getMonth() + 1).padStart(2, '0')}`;
  return monthsBetween(from, to);
}

export { formatMonth } from '../../ui/format';

/**
 * Labels of indicators, dimensions and units in the current language: the
 * console's catalogue, falling back to the API's own French label.
 */
export function useLabels() {
  const { t } = useTranslation('observatory');
  const indicator = useCallback(
    (id: string, fallback?: string) => t(`indicator.${id}`, { defaultValue: fallback ?? id }),
    [t],
  );
  const shortIndicator = useCallback(
    (id: string, fallback?: string) =>
      t(`indicatorShort.${id}`, { defaultValue: t(`indicator.${id}`, { defaultValue: fallback ?? id }) }),
    [t],
  );
  const dimension = useCallback(
    (id: string, fallback?: string) => t(`dimension.${id.replace(':', '.')}`, { defaultValue: fallback ?? id }),
    [t],
  );
  const unit = useCallback((id: string) => t(`unit.${id}`, { defaultValue: id }), [t]);
  const level = useCallback((id: string) => t(`level.${id}`, { defaultValue: id }), [t]);
  return { indicator, shortIndicator, dimension, unit, level };
}

export const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The headline dimension of an indicator: its total when it has one. */
export function headlineDimension(indicator: { dimensions: { id: string }[] }): string | undefined {
  return indicator.dimensions.some((dimension) => dimension.id === 'total') ? 'total' : undefined;
}
