import type { FeatureModule } from '../registry';
import { lazyPage } from '../../ui/lazy';

const ObserversPage = lazyPage(() => import('./ObserversPage'), 'ObserversPage');
const TerritoriesPage = lazyPage(() => import('./TerritoriesPage'), 'TerritoriesPage');

export const feature: FeatureModule = {
  adminRoutes: [
    { path: 'territoires', element: <TerritoriesPage /> },
    { path: 'observateurs', element: <ObserversPage /> },
  ],
  nav: [
    { area: 'admin', path: 'territoires', label: 'admin:nav.territories', order: 10 },
    { area: 'admin', path: 'observateurs', label: 'admin:nav.observers', order: 20 },
  ],
};
