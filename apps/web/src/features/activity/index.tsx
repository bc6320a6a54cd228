import type { ReactNode } from 'react';
import { RequireRole } from '../../app/territory';
import type { FeatureModule, TerritoryRole } from '../registry';
import { lazyPage } from '../../ui/lazy';
import { ActionDetailPage } from './ActionDetailPage';
import { ActionsCalendarPage, ActionsListPage } from './ActionsPages';
import { AlliancePage } from './AlliancePage';
import { AlliancesPage } from './AlliancesPage';
import { PrioritiesPage } from './PrioritiesPage';
import './activity.css';

// The lists and detail pages come with the shell (opened first, every day); the forms and the member's
// home (with its own forms) are chunks of their own.
const loadActionForm = () => import('./action-form/ActionFormPage');
const NewActionPage = lazyPage(loadActionForm, 'NewActionPage');
const EditActionPage = lazyPage(loadActionForm, 'EditActionPage');
const MemberHomePage = lazyPage(() => import('./MemberHomePage'), 'MemberHomePage');
const loadAllianceForm = () => import('./ProposeAlliancePage');
const ProposeAlliancePage = lazyPage(loadAllianceForm, 'ProposeAlliancePage');
const EditAlliancePage = lazyPage(loadAllianceForm, 'EditAlliancePage');

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
    { path: 'alliances/:allianceId/modifier', element: only(EVERYONE, <EditAlliancePage />) },
  ],
  nav: [
    { area: 'territory', path: 'mon-organisation', label: 'activity:nav.member', roles: ['member'], order: 15 },
    { area: 'territory', path: 'enjeux', label: 'activity:nav.priorities', roles: EVERYONE, order: 40 },
    { area: 'territory', path: 'actions', label: 'activity:nav.actions', roles: COORDINATION, order: 50 },
    { area: 'territory', path: 'alliances', label: 'activity:nav.alliances', roles: EVERYONE, order: 60 },
  ],
};
