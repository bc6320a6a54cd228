import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';

/** Frame of the pages seen before signing in. */
export function PublicLayout(): ReactNode {
  const { t } = useTranslation();
  return (
    <div className="public">
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <header className="public-header">
        <img src="/favicon.svg" alt="" width={40} height={40} />
        <p className="public-brand">{t('app.name')}</p>
        <p className="public-tagline">{t('app.tagline')}</p>
      </header>
      <main id="main" tabIndex={-1} className="public-main">
        <Outlet />
      </main>
    </div>
  );
}
