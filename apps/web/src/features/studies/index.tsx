import type { ReactNode } from 'react';
import { RequireRole } from '../../app/territory';
import { lazyPage } from '../../ui/lazy';
import type { FeatureModule, TerritoryRole } from '../registry';
import './studies.css';

const COORDINATION: TerritoryRole[] = ['coordinator', 'platform_admin'];
const only = (element: ReactNode) => <RequireRole roles={COORDINATION}>{element}</RequireRole>;

// The study page holds the results' charts (a large library): its own chunk.
const StudyPage = lazyPage(() => import('./StudyPage'), 'StudyPage');
const AnswerPage = lazyPage(() => import('./AnswerPage'), 'AnswerPage');
const StudiesPage = lazyPage(() => import('./StudiesPage'), 'StudiesPage');

/** Territorial studies: the coordination's questionnaires, and the public page that answers them. */
export const feature: FeatureModule = {
  publicRoutes: [{ path: '/etude/:token', element: <AnswerPage /> }],
  territoryRoutes: [
    { path: 'etudes', element: only(<StudiesPage />) },
    { path: 'etudes/:studyId', element: only(<StudyPage />) },
    { path: 'etudes/:studyId/:part', element: only(<StudyPage />) },
  ],
  nav: [
    // Beside the enjeux (40) they feed: the coordination's daily work.
    { area: 'territory', path: 'etudes', label: 'studies:nav', roles: COORDINATION, order: 45, group: 'work' },
  ],
};
