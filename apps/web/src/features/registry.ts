import type { QueryClient } from '@tanstack/react-query';
import type { RouteObject } from 'react-router';

/** Who sees a navigation entry inside a territory. */
export type TerritoryRole = 'coordinator' | 'member' | 'platform_admin';

export interface NavItem {
  /** Where the entry lives: a territory's workspace, the observatory, or administration. */
  area: 'territory' | 'observatory' | 'admin';
  /** Path relative to the area's root (`''` for the area's home). */
  path: string;
  /** i18n key, `namespace:key`. */
  label: string;
  /** Territory roles that see the entry (territory area only). */
  roles?: TerritoryRole[];
  /** Position in the menu, ascending. */
  order: number;
  /**
   * The menu's group inside a territory: the daily work first, then the views
   * that read it, then the running of the workspace (default: daily work).
   */
  group?: NavGroup;
}

/** The territory menu's groups, in the order they are shown. */
export const NAV_GROUPS = ['work', 'views', 'workspace'] as const;
export type NavGroup = (typeof NAV_GROUPS)[number];

/**
 * What a territory page may start when the console boots on its URL, in parallel with `/me` and
 * the territory (app/preload.ts): its chunk, its first data. Set as the route's `handle.preload`.
 */
export type RoutePreload = (context: {
  queryClient: QueryClient;
  territoryId: string;
  search: URLSearchParams;
}) => void;

/**
 * A feature of the console: its routes in each area and its menu entries.
 * Every `features/<name>/index.tsx` exports one as `feature`; the shell collects them.
 */
export interface FeatureModule {
  /** Pages before signing in (the public frame: `/connexion`, `/desinscription`…). */
  publicRoutes?: RouteObject[];
  /** Signed-in pages outside any area (`/notifications`, `/compte/…`). */
  personalRoutes?: RouteObject[];
  territoryRoutes?: RouteObject[];
  observatoryRoutes?: RouteObject[];
  adminRoutes?: RouteObject[];
  nav?: NavItem[];
}
