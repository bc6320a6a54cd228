import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useParams } from 'react-router';
import { type Schemas } from '../api/client';
import { useAuth, type Me } from '../auth/auth';
import type { TerritoryRole } from '../features/registry';
import { ErrorState, Loading, PageHeader } from '../ui/components';
import { territoryDetailQuery } from '../api/queries';
import { isMissingTerritory, spacesOf, territoryAccess } from './territory-access';

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

/**
 * An address of a territory that is not one of the person's spaces, or of none at all: the same
 * page either way (it does not tell whether the territory exists), with the way to their spaces.
 */
function TerritoryNotFound({ me }: { me: Me }): ReactNode {
  const { t } = useTranslation();
  const spaces = spacesOf(me);
  return (
    <>
      <PageHeader title={t('territoryNotFound.title')} />
      <div className="state state-error" role="alert">
        <p>{t('territoryNotFound.text')}</p>
      </div>
      {spaces.length ? (
        <nav aria-labelledby="territory-not-found-spaces">
          <h2 id="territory-not-found-spaces">{t('territoryNotFound.yourSpaces', { count: spaces.length })}</h2>
          <ul>
            {spaces.map((space) => (
              <li key={space.territoryId}>
                <Link to={`/t/${space.territoryId}`}>{space.name}</Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : (
        <p>
          <Link to="/">{t('territoryNotFound.home')}</Link>
        </p>
      )}
    </>
  );
}

export function TerritoryScope(): ReactNode {
  const { t } = useTranslation();
  const { territoryId = '' } = useParams();
  const { me } = useAuth();
  const access = me ? territoryAccess(me, territoryId) : undefined;
  // Nothing is asked about a territory that is not one of the person's spaces.
  const territory = useQuery({ ...territoryDetailQuery(territoryId), enabled: access?.kind !== 'unknown' });
  if (!me || !access) return <Loading />;
  if (access.kind === 'unknown') return <TerritoryNotFound me={me} />;
  if (territory.isPending) return <Loading />;
  if (isMissingTerritory(territory.error)) return <TerritoryNotFound me={me} />;
  if (territory.error || !territory.data)
    return <ErrorState error={territory.error} onRetry={() => void territory.refetch()} />;
  const membership = access.kind === 'member' ? access.membership : undefined;
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
