import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';
import { Button, PageHeader } from '../ui/components';

/**
 * What a page that failed to render shows, in French, instead of the router's default screen: most
 * often a page's chunk that no longer exists because a new version went online while the console
 * was open (`main.tsx` reloads once for that), else an unexpected error. Reloading is the way out.
 */
export function RouteError(): ReactNode {
  const error = useRouteError();
  const { t } = useTranslation();
  const chunk =
    error instanceof Error && /dynamically imported module|Importing a module script failed/i.test(error.message);
  return (
    <main className="state state-error" role="alert">
      <PageHeader title={t('errors.pageTitle')} />
      <p>{chunk ? t('errors.newVersion') : t('errors.unexpected')}</p>
      <Button onClick={() => window.location.reload()}>{t('errors.reload')}</Button>
    </main>
  );
}
