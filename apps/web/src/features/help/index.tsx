import type { FeatureModule } from '../registry';
import { HelpAreaPage, HelpIndexPage } from './HelpPages';
import './help.css';

/** Help: a page per area of the workspace, in plain French, reachable from the header and each area's page. */
export const feature: FeatureModule = {
  personalRoutes: [
    { path: '/aide', element: <HelpIndexPage /> },
    { path: '/aide/:area', element: <HelpAreaPage /> },
  ],
};
