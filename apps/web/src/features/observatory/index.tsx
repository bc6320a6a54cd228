import type { FeatureModule } from '../registry';
import { BenchmarkPage } from './BenchmarkPage';
import { ComparePage } from './ComparePage';
import { ExportPage } from './ExportPage';
import { IndicatorsPage } from './IndicatorsPage';
import { SeriesPage } from './SeriesPage';
import './observatory.css';

export const feature: FeatureModule = {
  observatoryRoutes: [
    { index: true, element: <IndicatorsPage /> },
    { path: 'indicateurs', element: <IndicatorsPage /> },
    { path: 'series', element: <SeriesPage /> },
    { path: 'comparaison', element: <ComparePage /> },
    { path: 'donnees', element: <ExportPage /> },
  ],
  territoryRoutes: [{ path: 'comparaison', element: <BenchmarkPage /> }],
  nav: [
    { area: 'observatory', path: '', label: 'observatory:nav.indicators', order: 10 },
    { area: 'observatory', path: 'series', label: 'observatory:nav.series', order: 20 },
    { area: 'observatory', path: 'comparaison', label: 'observatory:nav.compare', order: 30 },
    { area: 'observatory', path: 'donnees', label: 'observatory:nav.openData', order: 40 },
    {
      area: 'territory',
      path: 'comparaison',
      label: 'observatory:nav.benchmark',
      roles: ['coordinator', 'platform_admin'],
      order: 90,
    },
  ],
};
