import type { FeatureModule } from '../registry';
import { MailStatusPage } from './MailStatusPage';
import { NotificationsPage } from './NotificationsPage';
import { PreferencesPage } from './PreferencesPage';
import { UnsubscribePage } from './UnsubscribePage';
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
