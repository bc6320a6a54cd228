import type { FeatureModule } from '../registry';
import { lazyPage } from '../../ui/lazy';

const MailStatusPage = lazyPage(() => import('./MailStatusPage'), 'MailStatusPage');
const NotificationsPage = lazyPage(() => import('./NotificationsPage'), 'NotificationsPage');
const PreferencesPage = lazyPage(() => import('./PreferencesPage'), 'PreferencesPage');
const UnsubscribePage = lazyPage(() => import('./UnsubscribePage'), 'UnsubscribePage');
import './notifications.css';

/** Notifications: the list, the mail preferences, the unsubscribe link's page and the mail status. */
export const feature: FeatureModule = {
  publicRoutes: [{ path: '/desinscription', element: <UnsubscribePage /> }],
  personalRoutes: [
    { path: '/notifications', element: <NotificationsPage /> },
    { path: '/compte/notifications', element: <PreferencesPage /> },
  ],
  adminRoutes: [{ path: 'courrier', element: <MailStatusPage /> }],
  nav: [{ area: 'admin', path: 'courrier', label: 'notifications:nav.mail', order: 30 }],
};
