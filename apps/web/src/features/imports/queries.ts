import { territoryKey } from '../../api/keys';

/** The imports' query keys, rooted at the territory: invalidate a family by its prefix. */
export const importKeys = {
  all: (territoryId: string) => [...territoryKey(territoryId), 'imports'] as const,
  list: (territoryId: string) => [...importKeys.all(territoryId), 'list'] as const,
  detail: (territoryId: string, importId: string) => [...importKeys.all(territoryId), 'one', importId] as const,
  rows: (territoryId: string, importId: string, ...state: unknown[]) =>
    [...importKeys.detail(territoryId, importId), 'rows', ...state] as const,
};
