import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { lazyPage } from '../../ui/lazy';
import type { FeatureModule } from '../registry';
import './observatory.css';

// The charts library is large: the observatory's pages load as their own chunks.
/** The former address of the indicators: to the observatory's home, keeping the chosen area and period. */
function ToHome(): ReactNode {
  const { search } = useLocation();
  return <Navigate to={{ pathname: '/observatoire', search }} replace />;
}

const IndicatorsPage = lazyPage(() => import('./IndicatorsPage'), 'IndicatorsPage');
const SeriesPage = lazyPage(() => import('./SeriesPage'), 'SeriesPage');
const ComparePage = lazyPage(() => import('./ComparePage'), 'ComparePage');
const StudiesPage = lazyPage(() => import('./StudiesPage'), 'StudiesPage');
const ExportPage = lazyPage(() => import('./ExportPage'), 'ExportPage');
const BenchmarkPage = lazyPage(() => import('./BenchmarkPage'), 'BenchmarkPage');

export const feature: FeatureModule = {
  observatoryRoutes: [
    { index: true, element: <IndicatorsPage /> },
    // One address per page: the indicators are the observatory's home.
    { path: 'indicateurs', element: <ToHome /> },
    { path: 'series', element: <SeriesPage /> },
    { path: 'comparaison', element: <ComparePage /> },
    { path: 'etudes', element: <StudiesPage /> },
    { path: 'donnees', element: <ExportPage /> },
  ],
  // `se-comparer`: the observatory already has its own `comparaison` (between areas).
  territoryRoutes: [{ path: 'se-comparer', element: <BenchmarkPage /> }],
  nav: [
    { area: 'observatory', path: '', label: 'observatory:nav.indicators', order: 10 },
    { area: 'observatory', path: 'series', label: 'observatory:nav.series', order: 20 },
    { area: 'observatory', path: 'comparaison', label: 'observatory:nav.compare', order: 30 },
    { area: 'observatory', path: 'etudes', label: 'observatory:nav.studies', order: 35 },
    { area: 'observatory', path: 'donnees', label: 'observatory:nav.openData', order: 40 },
    {
      area: 'territory',
      path: 'se-comparer',
      label: 'observatory:nav.benchmark',
      roles: ['coordinator', 'platform_admin'],
      // Beside the map (30) and the graph (35): the territory's other views of itself.
      order: 37,
      group: 'views',
    },
  ],
};
