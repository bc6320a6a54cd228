import type { FeatureModule, TerritoryRole } from '../registry';
import { lazyPage } from '../../ui/lazy';

const loadCaseStudies = () => import('./CaseStudiesPages');
const loadResources = () => import('./ResourcesPage');
const CaseStudiesPage = lazyPage(loadCaseStudies, 'CaseStudiesPage');
const CaseStudyPage = lazyPage(loadCaseStudies, 'CaseStudyPage');
const NationalCaseStudyPage = lazyPage(loadCaseStudies, 'NationalCaseStudyPage');
const TerritoryNationalCaseStudyPage = lazyPage(loadCaseStudies, 'TerritoryNationalCaseStudyPage');
const NationalResourcesPage = lazyPage(loadResources, 'NationalResourcesPage');
const ResourcesPage = lazyPage(loadResources, 'ResourcesPage');

/** Every member reads the centres; the territory's coordination publishes in its own. */
const ROLES: TerritoryRole[] = ['coordinator', 'member', 'platform_admin'];
const OBSERVATORY_GALLERY = '/observatoire/ressources/retours-experience';

export const feature: FeatureModule = {
  territoryRoutes: [
    { path: 'ressources', element: <ResourcesPage scope="national" /> },
    { path: 'ressources/territoire', element: <ResourcesPage scope="territory" /> },
    { path: 'ressources/retours-experience', element: <ResourcesPage scope="gallery" /> },
    {
      path: 'ressources/retours-experience/:caseStudyId',
      element: <TerritoryNationalCaseStudyPage />,
    },
    // A territory's own case studies: its coordinators write them, the members they cite answer there.
    { path: 'retours-experience', element: <CaseStudiesPage /> },
    { path: 'retours-experience/:caseStudyId', element: <CaseStudyPage /> },
  ],
  observatoryRoutes: [
    { path: 'ressources', element: <NationalResourcesPage /> },
    { path: 'ressources/retours-experience', element: <NationalResourcesPage gallery /> },
    {
      path: 'ressources/retours-experience/:caseStudyId',
      element: <NationalCaseStudyPage base={OBSERVATORY_GALLERY} />,
    },
  ],
  nav: [
    { area: 'territory', path: 'ressources', label: 'resources:nav', roles: ROLES, order: 65, group: 'views' },
    {
      area: 'territory',
      path: 'retours-experience',
      label: 'resources:caseStudies.nav',
      roles: ROLES,
      order: 66,
      group: 'views',
    },
    { area: 'observatory', path: 'ressources', label: 'resources:nav', order: 50 },
  ],
};
