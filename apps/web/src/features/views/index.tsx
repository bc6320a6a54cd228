import type { ReactNode } from 'react';
import { RequireRole } from '../../app/territory';
import type { FeatureModule, RoutePreload, TerritoryRole } from '../registry';
import { lazyPage } from '../../ui/lazy';
import { clientConfigQuery, graphQuery } from './queries';
import './views.css';

// Each page loads its own chunk (charts, map and graph libraries are large).
const loadMapPage = () => import('./MapPage');
const loadGraphPage = () => import('./GraphPage');
const DashboardPage = lazyPage(() => import('./DashboardPage'), 'DashboardPage');
const MapPage = lazyPage(loadMapPage, 'MapPage');
const GraphPage = lazyPage(loadGraphPage, 'GraphPage');

/** Opened on the map: its chunk (Leaflet) and the settings it waits for (tiles) at once. */
const preloadMap: RoutePreload = ({ queryClient }) => {
  void loadMapPage();
  void queryClient.prefetchQuery(clientConfigQuery);
};

/** Opened on today's graph: its chunk (sigma) and the graph itself (the largest answer) at once. */
const preloadGraph: RoutePreload = ({ queryClient, territoryId, search }) => {
  void loadGraphPage();
  if (!search.get('date')) void queryClient.prefetchQuery(graphQuery(territoryId, null));
};

const COORDINATION: TerritoryRole[] = ['coordinator', 'platform_admin'];
const EVERYONE: TerritoryRole[] = ['coordinator', 'member', 'platform_admin'];

function page(roles: TerritoryRole[], element: ReactNode): ReactNode {
  return <RequireRole roles={roles}>{element}</RequireRole>;
}

export const feature: FeatureModule = {
  territoryRoutes: [
    { path: 'tableau-de-bord', element: page(COORDINATION, <DashboardPage />) },
    { path: 'carte', element: page(EVERYONE, <MapPage />), handle: { preload: preloadMap } },
    // The API serves the graph to coordination only (GET /graph: platform_admin, coordinator).
    { path: 'graphe', element: page(COORDINATION, <GraphPage />), handle: { preload: preloadGraph } },
  ],
  nav: [
    { area: 'territory', path: 'tableau-de-bord', label: 'views:nav.dashboard', roles: COORDINATION, order: 10 },
    { area: 'territory', path: 'carte', label: 'views:nav.map', roles: EVERYONE, order: 30, group: 'views' },
    { area: 'territory', path: 'graphe', label: 'views:nav.graph', roles: COORDINATION, order: 35, group: 'views' },
  ],
};
