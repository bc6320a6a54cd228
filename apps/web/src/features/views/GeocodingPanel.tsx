import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTerritory } from '../../app/territory';
import { Button, errorMessage, ScrollRegion } from '../../ui/components';
import { formatNumber } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { useStartGeocoding } from '../directory/mutations';
import { useClientConfig, useGeocodingRuns, viewKeys } from './queries';

/**
 * Coordinators: geocode the actors without a precise position through the
 * national address service, follow the run, and read why an actor is only
 * approximate or not placed.
 */
export function GeocodingPanel(): ReactNode {
  const { t } = useTranslation(['views', 'common']);
  const { territoryId } = useTerritory();
  const runs = useGeocodingRuns(true);
  const config = useClientConfig();
  const available = config.data?.geocoding === true;
  const start = useStartGeocoding();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const run = runs.data?.items[0];
  // When a run ends, the map shows the positions it gave.
  const wasRunning = useRef(false);
  useEffect(() => {
    if (run?.status === 'running') wasRunning.current = true;
    else if (wasRunning.current) {
      wasRunning.current = false;
      void queryClient.invalidateQueries({ queryKey: [...viewKeys.all(territoryId), 'map'] });
    }
  }, [run?.status, queryClient, territoryId]);
  const unresolved = (run?.rows ?? []).filter((row) => row.message);
  return (
    <section className="card views-geocoding" aria-labelledby="views-geocoding-title">
      <h2 id="views-geocoding-title">{t('views:geocoding.title')}</h2>
      <p className="muted">{t('views:geocoding.intro')}</p>
      {available ? (
        <Button
          variant="secondary"
          busy={start.isPending || run?.status === 'running'}
          onClick={() =>
            start.mutate(undefined, {
              onError: (error) => notify('error', errorMessage(error, t)),
            })
          }
        >
          {t('views:geocoding.start')}
        </Button>
      ) : config.data ? (
        <p>{t('views:geocoding.unavailable')}</p>
      ) : null}
      {run ? (
        <div role="status" className="views-geocoding-status">
          <p>
            {run.status === 'running'
              ? t('views:geocoding.running', { progress: run.progress })
              : run.status === 'failed'
                ? t('views:geocoding.failed', { error: run.error ?? '' })
                : t('views:geocoding.completed')}{' '}
            {t('views:geocoding.summary', {
              actors: formatNumber(run.summary.actors),
              address: formatNumber(run.summary.address + run.summary.street),
              commune: formatNumber(run.summary.commune),
              notFound: formatNumber(run.summary.notFound + run.summary.failed),
            })}
          </p>
        </div>
      ) : null}
      {run && unresolved.length > 0 ? (
        <details>
          <summary>{t('views:geocoding.details', { count: unresolved.length })}</summary>
          <ScrollRegion label={t('views:geocoding.tableTitle')}>
            <table>
              <caption>{t('views:geocoding.tableTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('views:geocoding.columns.actor')}</th>
                  <th scope="col">{t('views:geocoding.columns.line')}</th>
                  <th scope="col">{t('views:geocoding.columns.result')}</th>
                </tr>
              </thead>
              <tbody>
                {unresolved.map((row) => (
                  <tr key={row.actorId}>
                    <th scope="row">
                      <Link to={`/t/${territoryId}/annuaire/${row.actorId}`}>{row.name}</Link>
                    </th>
                    <td>{row.line ?? '—'}</td>
                    <td>{row.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </details>
      ) : null}
    </section>
  );
}
