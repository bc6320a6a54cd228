import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  ACTOR_CATEGORIES,
  FRAGILITIES as CONTRACT_FRAGILITIES,
  SIZE_CLASSES as CONTRACT_SIZE_CLASSES,
} from '@maillage/contract';
import { api, call, type Schemas } from '../../api/client';

export type Actor = Schemas['ActorDto'];
export type ActorCategory = Schemas['ActorCategory'];
export type SizeClass = Schemas['SizeClass'];
export type Fragility = Schemas['Fragility'];

// The enums come from the contract shared with the API (libs/contract).
export const CATEGORIES: readonly ActorCategory[] = ACTOR_CATEGORIES;
export const SIZE_CLASSES: readonly SizeClass[] = CONTRACT_SIZE_CLASSES;
export const FRAGILITIES: readonly Fragility[] = CONTRACT_FRAGILITIES;
export const SORTS = ['name', '-name', '-createdAt', 'createdAt'] as const;

/** Query keys of the feature, so mutations invalidate exactly what they change. */
export const keys = {
  actors: (territoryId: string) => ['actors', territoryId] as const,
  actor: (territoryId: string, actorId: string) => ['actors', territoryId, 'one', actorId] as const,
  imports: (territoryId: string) => ['imports', territoryId] as const,
  import: (territoryId: string, importId: string) => ['imports', territoryId, 'one', importId] as const,
};

/** The territory's communes (all pages: an EPCI has a few dozen, a région a few thousand at most). */
export function useCommunes(territoryId: string) {
  return useQuery({
    queryKey: ['communes', territoryId],
    staleTime: 10 * 60_000,
    queryFn: async () => {
      const all: Schemas['CommuneDto'][] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 50; page += 1) {
        const result = await call(
          api.GET('/api/v1/territories/{territoryId}/communes', {
            params: { path: { territoryId }, query: { limit: 100, ...(cursor ? { cursor } : {}) } },
          }),
        );
        all.push(...result.items);
        if (!result.nextCursor) break;
        cursor = result.nextCursor;
      }
      return all.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    },
  });
}

export function useActor(territoryId: string, actorId: string) {
  return useQuery({
    queryKey: keys.actor(territoryId, actorId),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/actors/{actorId}', { params: { path: { territoryId, actorId } } }),
      ),
  });
}

/** A value that follows `value` after `delay` ms without change (search as you type). */
export function useDebounced<T>(value: T, delay = 300): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}

/**
 * The directory's filters, read from the URL (shareable; the back button restores them). Values
 * the API would refuse are dropped (the alliance filter, for a member); the map reads the same filters.
 */
export function readFilters(params: URLSearchParams, isCoordinator: boolean) {
  const pick = <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
    const value = params.get(key);
    return value && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
  };
  const q = params.get('q')?.trim();
  const commune = params.get('commune')?.trim();
  const tag = params.get('tag')?.trim();
  // Whether other organisations have alliances is for coordination to know (the API refuses it to members).
  const hasAlliance = isCoordinator ? params.get('hasAlliance') : null;
  return {
    ...(q ? { q } : {}),
    ...(pick('category', CATEGORIES) ? { category: pick('category', CATEGORIES) } : {}),
    ...(pick('sizeClass', SIZE_CLASSES) ? { sizeClass: pick('sizeClass', SIZE_CLASSES) } : {}),
    ...(commune && /^[0-9][0-9AB][0-9]{3}$/.test(commune) ? { commune } : {}),
    ...(pick('fragility', FRAGILITIES) ? { fragility: pick('fragility', FRAGILITIES) } : {}),
    ...(tag ? { tag: tag.slice(0, 50) } : {}),
    ...(hasAlliance === 'true' || hasAlliance === 'false' ? { hasAlliance: hasAlliance === 'true' } : {}),
    ...(params.get('includeArchived') === 'true' ? { includeArchived: true } : {}),
    ...(pick('sort', SORTS) ? { sort: pick('sort', SORTS) } : {}),
  };
}
