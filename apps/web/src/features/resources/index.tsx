import type { FeatureModule, TerritoryRole } from '../registry';
import { NationalResourcesPage, ResourcesPage } from './ResourcesPage';

/** Every member reads the centres; the territory's coordination publishes in its own. */
const ROLES: TerritoryRole[] = ['coordinator', 'member', 'platform_admin'];

export const feature: FeatureModule = {
  territoryRoutes: [
    { path: 'ressources', element: <ResourcesPage scope="national" /> },
    { path: 'ressources/territoire', element: <ResourcesPage scope="territory" /> },
  ],
  observatoryRoutes: [
    {
      path: 'ressources',
      element: <NationalResourcesPage />,
    },
  ],
  nav: [
    { area: 'territory', path: 'ressources', label: 'resources:nav', roles: ROLES, order: 65, group: 'views' },
    { area: 'observatory', path: 'ressources', label: 'resources:nav', order: 50 },
  ],
};
