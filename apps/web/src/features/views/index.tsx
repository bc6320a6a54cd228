import type { ReactNode } from 'react';
import { RequireRole } from '../../app/territory';
import type { FeatureModule, TerritoryRole } from '../registry';
import { lazyPage } from '../../ui/lazy';
import './views.css';

// Charts, map and graph libraries are large: each page loads its own chunk.
const DashboardPage = lazyPage(() => import('./DashboardPage'), 'DashboardPage');
const MapPage = lazyPage(() => import('./MapPage'), 'MapPage');
const GraphPage = lazyPage(() => import('./GraphPage'), 'GraphPage');

const COORDINATION: TerritoryRole[] = ['coordinator', 'platform_admin'];
const EVERYONE: TerritoryRole[] = ['coordinator', 'member', 'platform_admin'];

function page(roles: TerritoryRole[], element: ReactNode): ReactNode {
  return <RequireRole roles={roles}>{element}</RequireRole>;
}

export const feature: FeatureModule = {
  territoryRoutes: [
    { path: 'tableau-de-bord', element: page(COORDINATION, <DashboardPage />) },
    { path: 'carte', element: page(EVERYONE, <MapPage />) },
    // The API serves the graph to coordination only (GET /graph: platform_admin, coordinator).
    { path: 'graphe', element: page(COORDINATION, <GraphPage />) },
  ],
  nav: [
    { area: 'territory', path: 'tableau-de-bord', label: 'views:nav.dashboard', roles: COORDINATION, order: 10 },
    { area: 'territory', path: 'carte', label: 'views:nav.map', roles: EVERYONE, order: 30, group: 'views' },
    { area: 'territory', path: 'graphe', label: 'views:nav.graph', roles: COORDINATION, order: 35, group: 'views' },
  ],
};
