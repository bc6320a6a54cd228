import type { ReactNode } from 'react';
import { RequireRole } from '../../app/territory';
import type { FeatureModule, TerritoryRole } from '../registry';
import { ActionDetailPage } from './ActionDetailPage';
import { EditActionPage, NewActionPage } from './action-form/ActionFormPage';
import { ActionsCalendarPage, ActionsListPage } from './ActionsPages';
import { AlliancePage } from './AlliancePage';
import { AlliancesPage } from './AlliancesPage';
import { MemberHomePage } from './MemberHomePage';
import { PrioritiesPage } from './PrioritiesPage';
import { ProposeAlliancePage } from './ProposeAlliancePage';
import './activity.css';

const COORDINATION: TerritoryRole[] = ['coordinator', 'platform_admin'];
const EVERYONE: TerritoryRole[] = ['coordinator', 'platform_admin', 'member'];
const only = (roles: TerritoryRole[], element: ReactNode) => <RequireRole roles={roles}>{element}</RequireRole>;

/** Priorities (enjeux), actions, alliances and the members' own view of their organisation. */
export const feature: FeatureModule = {
  territoryRoutes: [
    { path: 'mon-organisation', element: only(['member'], <MemberHomePage />) },
    { path: 'enjeux', element: only(EVERYONE, <PrioritiesPage />) },
    { path: 'actions', element: only(COORDINATION, <ActionsListPage />) },
    { path: 'actions/calendrier', element: only(COORDINATION, <ActionsCalendarPage />) },
    { path: 'actions/nouvelle', element: only(COORDINATION, <NewActionPage />) },
    { path: 'actions/:actionId', element: only(COORDINATION, <ActionDetailPage />) },
    { path: 'actions/:actionId/modifier', element: only(COORDINATION, <EditActionPage />) },
    { path: 'alliances', element: only(EVERYONE, <AlliancesPage />) },
    { path: 'alliances/proposer', element: only(EVERYONE, <ProposeAlliancePage />) },
    { path: 'alliances/:allianceId', element: only(EVERYONE, <AlliancePage />) },
  ],
  nav: [
    { area: 'territory', path: 'mon-organisation', label: 'activity:nav.member', roles: ['member'], order: 15 },
    { area: 'territory', path: 'enjeux', label: 'activity:nav.priorities', roles: EVERYONE, order: 40 },
    { area: 'territory', path: 'actions', label: 'activity:nav.actions', roles: COORDINATION, order: 50 },
    { area: 'territory', path: 'alliances', label: 'activity:nav.alliances', roles: EVERYONE, order: 60 },
  ],
};
