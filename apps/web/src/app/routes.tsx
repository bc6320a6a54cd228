import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, type RouteObject } from 'react-router';
import { RouteError } from './RouteError';
import { homePath, useAuth } from '../auth/auth';
import { features, navItems } from '../features';
import { LoginPage } from '../pages/LoginPage';
import { PublicLayout } from '../pages/PublicLayout';
import { ErrorState, Loading, PageHeader } from '../ui/components';
import { lazyPage } from '../ui/lazy';
import { Layout } from './Layout';
import { TerritoryScope, useTerritory } from './territory';

// The sign-in page comes with the shell; every other page is its own chunk.
const loadPasswordPages = () => import('../pages/PasswordPages');
const AccountPage = lazyPage(loadPasswordPages, 'AccountPage');
const ForgotPasswordPage = lazyPage(loadPasswordPages, 'ForgotPasswordPage');
const ResetPasswordPage = lazyPage(loadPasswordPages, 'ResetPasswordPage');
const InvitationPage = lazyPage(() => import('../pages/InvitationPage'), 'InvitationPage');
const loadJoinPages = () => import('../pages/JoinPage');
const JoinPage = lazyPage(loadJoinPages, 'JoinPage');
const ConfirmJoinPage = lazyPage(loadJoinPages, 'ConfirmJoinPage');
const MyRequestsPage = lazyPage(() => import('../pages/MyRequestsPage'), 'MyRequestsPage');

function RequireAuth(): ReactNode {
  const { signedIn, me, loading, error, refetch } = useAuth();
  const location = useLocation();
  if (!signedIn) return <Navigate to="/connexion" replace state={{ from: location.pathname + location.search }} />;
  if (loading) return <Loading />;
  if (!me) return <ErrorState error={error} onRetry={() => void refetch()} />;
  return <Outlet />;
}

function Home(): ReactNode {
  const { me } = useAuth();
  return me ? <Navigate to={homePath(me)} replace /> : <Loading />;
}

/** A territory's home: the first menu entry the person's role sees. */
function TerritoryHome(): ReactNode {
  const { role } = useTerritory();
  const first = navItems.find((item) => item.area === 'territory' && (!item.roles || item.roles.includes(role)));
  return first ? <Navigate to={first.path} replace /> : <NotFound />;
}

function AreaHome({ area }: { area: 'observatory' | 'admin' }): ReactNode {
  const first = navItems.find((item) => item.area === area);
  return first ? <Navigate to={first.path} replace /> : <NotFound />;
}

function RequireGlobalRole({ roles }: { roles: string[] }): ReactNode {
  const { me } = useAuth();
  const { t } = useTranslation();
  if (!me?.roles.some((role) => roles.includes(role))) {
    return (
      <div className="state state-error" role="alert">
        <PageHeader title={t('errors.forbiddenTitle')} />
        <p>{t('errors.forbidden')}</p>
      </div>
    );
  }
  return <Outlet />;
}

function NotFound(): ReactNode {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('errors.notFoundTitle')} />
      <p>{t('errors.notFound')}</p>
    </>
  );
}

const observatoryHome = navItems.some((item) => item.area === 'observatory' && item.path === '');
const adminHome = navItems.some((item) => item.area === 'admin' && item.path === '');

/** The console's routes (app/preload.ts matches the opened address against them). */
export const routes: RouteObject[] = [
  {
    element: <PublicLayout />,
    errorElement: <RouteError />,
    children: [
      { path: '/connexion', element: <LoginPage /> },
      { path: '/mot-de-passe-oublie', element: <ForgotPasswordPage /> },
      { path: '/mot-de-passe', element: <ResetPasswordPage /> },
      { path: '/invitations/:token', element: <InvitationPage /> },
      { path: '/rejoindre/confirmer', element: <ConfirmJoinPage /> },
      { path: '/rejoindre/:token', element: <JoinPage /> },
      ...features.flatMap((f) => f.publicRoutes ?? []),
    ],
  },
  {
    element: <RequireAuth />,
    errorElement: <RouteError />,
    children: [
      {
        element: <Layout />,
        children: [
          { path: '/', element: <Home /> },
          { path: '/compte', element: <AccountPage /> },
          { path: '/mes-demandes', element: <MyRequestsPage /> },
          ...features.flatMap((f) => f.personalRoutes ?? []),
          {
            path: '/t/:territoryId',
            element: <TerritoryScope />,
            children: [
              { index: true, element: <TerritoryHome /> },
              ...features.flatMap((f) => f.territoryRoutes ?? []),
            ],
          },
          {
            path: '/observatoire',
            element: <RequireGlobalRole roles={['observer', 'platform_admin']} />,
            children: [
              ...(observatoryHome ? [] : [{ index: true, element: <AreaHome area="observatory" /> }]),
              ...features.flatMap((f) => f.observatoryRoutes ?? []),
            ],
          },
          {
            path: '/administration',
            element: <RequireGlobalRole roles={['platform_admin']} />,
            children: [
              ...(adminHome ? [] : [{ index: true, element: <AreaHome area="admin" /> }]),
              ...features.flatMap((f) => f.adminRoutes ?? []),
            ],
          },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
];
