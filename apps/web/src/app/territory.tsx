import { createContext, useContext, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useParams } from 'react-router';
import { type Schemas } from '../api/client';
import { useAuth } from '../auth/auth';
import type { TerritoryRole } from '../features/registry';
import { ErrorState, Loading, PageHeader } from '../ui/components';
import { useTerritoryDetail } from '../api/queries';

export interface TerritoryContextValue {
  territoryId: string;
  territory: Schemas['TerritoryDto'];
  role: TerritoryRole;
  /** The organisation a member acts for. */
  actorId: string | null;
  isCoordinator: boolean;
}

const TerritoryContext = createContext<TerritoryContextValue | undefined>(undefined);

/** The current territory workspace (from the URL), its role for the signed-in person. */
export function useTerritory(): TerritoryContextValue {
  const value = useContext(TerritoryContext);
  if (!value) throw new Error('useTerritory outside a territory route');
  return value;
}

export function TerritoryScope(): ReactNode {
  const { t } = useTranslation();
  const { territoryId = '' } = useParams();
  const { me } = useAuth();
  const territory = useTerritoryDetail(territoryId);
  if (!me) return <Loading />;
  const membership = me.memberships.find((item) => item.territoryId === territoryId);
  const isAdmin = me.roles.includes('platform_admin');
  if (!membership && !isAdmin) return <Navigate to="/" replace />;
  if (territory.isPending) return <Loading />;
  if (territory.error || !territory.data)
    return <ErrorState error={territory.error} onRetry={() => void territory.refetch()} />;
  const role: TerritoryRole = membership ? (membership.role as TerritoryRole) : 'platform_admin';
  return (
    <TerritoryContext.Provider
      value={{
        territoryId,
        territory: territory.data,
        role,
        actorId: membership?.actorId ?? null,
        isCoordinator: role === 'coordinator' || role === 'platform_admin',
      }}
    >
      {territory.data.demo ? (
        <p className="alert alert-warning demo-banner" role="note">
          {t('demoBanner')}
        </p>
      ) : null}
      <Outlet />
    </TerritoryContext.Provider>
  );
}

/** Renders its children only for the given roles; others get an explanation, not a blank page. */
export function RequireRole({ roles, children }: { roles: TerritoryRole[]; children: ReactNode }): ReactNode {
  const { role } = useTerritory();
  const { t } = useTranslation();
  if (!roles.includes(role)) {
    return (
      <>
        <PageHeader title={t('errors.forbiddenTitle')} />
        <div className="state state-error" role="alert">
          <p>{t('errors.forbidden')}</p>
        </div>
      </>
    );
  }
  return children;
}
