import { useEffect, useState } from 'react';
import {
  ACTOR_CATEGORIES,
  FRAGILITIES as CONTRACT_FRAGILITIES,
  SIZE_CLASSES as CONTRACT_SIZE_CLASSES,
} from '@maillage/contract';
import { type Schemas } from '../../api/client';

export type Actor = Schemas['ActorDto'];
export type ActorCategory = Schemas['ActorCategory'];
export type SizeClass = Schemas['SizeClass'];
export type Fragility = Schemas['Fragility'];

// The enums come from the contract shared with the API (libs/contract).
export const CATEGORIES: readonly ActorCategory[] = ACTOR_CATEGORIES;
export const SIZE_CLASSES: readonly SizeClass[] = CONTRACT_SIZE_CLASSES;
export const FRAGILITIES: readonly Fragility[] = CONTRACT_FRAGILITIES;
export const SORTS = ['name', '-name', '-createdAt', 'createdAt'] as const;

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
