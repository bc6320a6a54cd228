import type { QueryClient } from '@tanstack/react-query';
import { matchRoutes } from 'react-router';
import { territoryDetailQuery } from '../api/queries';
import { session } from '../auth/session';
import { features } from '../features';
import type { RoutePreload } from '../features/registry';
import { preloadElement } from '../ui/lazy';
import { routes } from './routes';

const TERRITORY_PAGE = /^\/t\/([0-9a-f-]{36})(?:\/([^/]+))?\/?$/i;

/**
 * Opened on a page (a link, a reload), the console would wait for `/me`, then the territory, then
 * the page's chunk, then its data, one after the other. This starts the page's chunk at once and,
 * signed in on a territory's page, the territory and what the page declares (`handle.preload`: its
 * first request), alongside `/me`; the page's queries then find them in the cache or on their way.
 */
export function preloadPage(queryClient: QueryClient, location: { pathname: string; search: string }): void {
  // Every page is its own chunk: the opened page's starts now, not once the shell has rendered.
  for (const match of matchRoutes(routes, location.pathname) ?? []) preloadElement(match.route.element);
  if (!session.signedIn) return;
  const match = TERRITORY_PAGE.exec(location.pathname);
  if (!match) return;
  const territoryId = match[1] as string;
  const page = match[2] ?? '';
  void queryClient.prefetchQuery(territoryDetailQuery(territoryId));
  for (const feature of features) {
    for (const route of feature.territoryRoutes ?? []) {
      const preload = (route.handle as { preload?: RoutePreload } | undefined)?.preload;
      if (route.path === page && preload)
        preload({ queryClient, territoryId, search: new URLSearchParams(location.search) });
    }
  }
}
