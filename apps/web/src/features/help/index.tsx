import type { FeatureModule } from '../registry';
import { lazyPage } from '../../ui/lazy';
import './help.css';

const loadHelp = () => import('./HelpPages');
const HelpIndexPage = lazyPage(loadHelp, 'HelpIndexPage');
const HelpAreaPage = lazyPage(loadHelp, 'HelpAreaPage');

/** Help: a page per area of the workspace, in plain French, reachable from the header and each area's page. */
export const feature: FeatureModule = {
  personalRoutes: [
    { path: '/aide', element: <HelpIndexPage /> },
    { path: '/aide/:area', element: <HelpAreaPage /> },
  ],
};
