import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { Loading } from '../../ui/components';
import type { FeatureModule } from '../registry';
import './observatory.css';

// The charts library is large: the observatory's pages load as their own chunks.
function deferred<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): () => ReactNode {
  const Page = lazy<ComponentType>(() => load().then((module) => ({ default: module[name] as ComponentType })));
  return function DeferredPage(): ReactNode {
    return (
      <Suspense fallback={<Loading />}>
        <Page />
      </Suspense>
    );
  };
}

const IndicatorsPage = deferred(() => import('./IndicatorsPage'), 'IndicatorsPage');
const SeriesPage = deferred(() => import('./SeriesPage'), 'SeriesPage');
const ComparePage = deferred(() => import('./ComparePage'), 'ComparePage');
const ExportPage = deferred(() => import('./ExportPage'), 'ExportPage');
const BenchmarkPage = deferred(() => import('./BenchmarkPage'), 'BenchmarkPage');

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
