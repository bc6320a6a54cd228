import type { ReactNode } from 'react';
import { RequireRole } from '../../app/territory';
import type { FeatureModule, TerritoryRole } from '../registry';
import { lazyPage } from '../../ui/lazy';

const AuditLogPage = lazyPage(() => import('./AuditLogPage'), 'AuditLogPage');
const MembersPage = lazyPage(() => import('./MembersPage'), 'MembersPage');
const ReportsPage = lazyPage(() => import('./ReportsPage'), 'ReportsPage');
const RequestsPage = lazyPage(() => import('./RequestsPage'), 'RequestsPage');
const SchedulesPage = lazyPage(() => import('./SchedulesPage'), 'SchedulesPage');
const SharingPage = lazyPage(() => import('./SharingPage'), 'SharingPage');
import './workspace.css';

/** The workspace's own administration is for its coordination (and the platform's administrators). */
const ROLES: TerritoryRole[] = ['coordinator', 'platform_admin'];
const coordination = (page: ReactNode): ReactNode => <RequireRole roles={ROLES}>{page}</RequireRole>;

export const feature: FeatureModule = {
  territoryRoutes: [
    { path: 'rapports', element: coordination(<ReportsPage />) },
    { path: 'rapports/planification', element: coordination(<SchedulesPage />) },
    { path: 'membres', element: coordination(<MembersPage />) },
    { path: 'demandes', element: coordination(<RequestsPage />) },
    { path: 'journal', element: coordination(<AuditLogPage />) },
    { path: 'partage', element: coordination(<SharingPage />) },
  ],
  nav: [
    { area: 'territory', path: 'rapports', label: 'workspace:nav.reports', roles: ROLES, order: 70, group: 'views' },
    { area: 'territory', path: 'membres', label: 'workspace:nav.members', roles: ROLES, order: 80, group: 'workspace' },
    {
      area: 'territory',
      path: 'demandes',
      label: 'workspace:nav.requests',
      roles: ROLES,
      order: 82,
      group: 'workspace',
    },
    { area: 'territory', path: 'journal', label: 'workspace:nav.audit', roles: ROLES, order: 85, group: 'workspace' },
    { area: 'territory', path: 'partage', label: 'workspace:nav.sharing', roles: ROLES, order: 88, group: 'workspace' },
  ],
};
