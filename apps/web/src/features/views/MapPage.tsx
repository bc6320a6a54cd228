import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTerritory } from '../../app/territory';
import {
  Button,
  errorMessage,
  ErrorState,
  Loading,
  PageHeader,
  ScrollRegion,
  SelectField,
  TextField,
} from '../../ui/components';
import { formatNumber } from '../../ui/format';
import { FRAGILITIES, readFilters, SIZE_CLASSES } from '../directory/data';
import { GeocodingPanel } from './GeocodingPanel';
import { LeafletMap } from './LeafletMap';
import { CATEGORIES, CATEGORY_COLOURS } from './palette';
import { Legend } from './parts';
import { useClientConfig, useFirstCommunes, useMapClusters, type MapViewport } from './queries';
import { HelpLink } from '../help/HelpPages';
import { useActor } from '../directory/queries';
import { usePlaceActor } from '../directory/mutations';
import { useNotify } from '../../ui/notices';

/** The API's deepest zoom (MAP_MAX_ZOOM): every actor of the view a point of its own, for the list. */
const DEEPEST_ZOOM = 20;
/** Rows of the list at a time. */
const LIST_PAGE = 50;
/** Actors in view above which the list asks to zoom in or filter first (its answer stays under ~1.5 MB). */
const LIST_MAX = 5_000;

/** The directory's filters, under the API's own names, in the URL. */
const FILTERS = ['category', 'sizeClass', 'commune', 'fragility', 'tag', 'hasAlliance', 'q'] as const;
type Filter = (typeof FILTERS)[number];

/** The map's filters from the URL, checked like the directory's (a value the API would refuse is ignored). */
function mapFilters(params: URLSearchParams, isCoordinator: boolean) {
  const { category, sizeClass, commune, fragility, tag, hasAlliance, q } = readFilters(params, isCoordinator);
  return {
    ...(category ? { category } : {}),
    ...(sizeClass ? { sizeClass } : {}),
    ...(commune ? { commune } : {}),
    ...(fragility ? { fragility } : {}),
    ...(tag ? { tag } : {}),
    ...(hasAlliance !== undefined ? { hasAlliance } : {}),
    ...(q ? { q } : {}),
  };
}

/**
 * The actors with a location on a map clustered by the API for each view, filtered like the directory, with a
 * list alternative (the actors of the view, a page at a time).
 */
export function MapPage(): ReactNode {
  const { t } = useTranslation(['views', 'domain', 'common']);
  const { territoryId, territory, isCoordinator } = useTerritory();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filterKey = JSON.stringify(mapFilters(params, isCoordinator));
  const filters = useMemo(() => JSON.parse(filterKey) as ReturnType<typeof mapFilters>, [filterKey]);
  const urlQ = params.get('q') ?? '';
  const urlTag = params.get('tag') ?? '';
  const urlCommune = params.get('commune') ?? '';
  const [text, setText] = useState({ q: urlQ, tag: urlTag, commune: urlCommune });
  // The boxes follow their own parameters only: choosing a category keeps what is typed but not yet applied.
  useEffect(() => {
    setText({ q: urlQ, tag: urlTag, commune: urlCommune });
  }, [urlQ, urlTag, urlCommune]);
  const [showList, setShowList] = useState(false);
  const config = useClientConfig();
  // Small territories choose their commune in a list; large ones type its INSEE code.
  const communeList = territory.communeCount <= 100;
  const communes = useFirstCommunes(communeList);
  const [view, setView] = useState<MapViewport | null>(null);
  const points = useMapClusters(filters, view ?? { bbox: '', zoom: 0 }, view !== null);
  // Placing mode (`?placer=<actorId>`, coordinators): the next click on the map is the actor's position.
  const placingId = isCoordinator ? (params.get('placer') ?? '') : '';
  const placing = useActor(territoryId, placingId || 'none', Boolean(placingId));
  const place = usePlaceActor();
  const notify = useNotify();
  const stopPlacing = (): void => {
    const next = new URLSearchParams(params);
    next.delete('placer');
    setParams(next, { replace: true });
  };
  const onPlace =
    placingId && placing.data && !place.isPending
      ? (latitude: number, longitude: number) => {
          const actor = placing.data;
          place.mutate(
            { actorId: actor.id, version: actor.version, latitude, longitude },
            {
              onSuccess: () => {
                notify('success', t('views:map.placed', { name: actor.name }));
                stopPlacing();
              },
              onError: (error) => notify('error', errorMessage(error, t)),
            },
          );
        }
      : undefined;

  const setFilters = (changes: Partial<Record<Filter, string>>): void => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setFilters({ q: text.q.trim(), tag: text.tag.trim(), ...(communeList ? {} : { commune: text.commune.trim() }) });
  };
  const actorHref = (actorId: string): string => `/t/${territoryId}/annuaire/${actorId}`;
  const features = points.data?.features ?? [];
  const inView = points.data?.inView ?? 0;
  const total = points.data?.total ?? 0;
  const active = FILTERS.some((key) => filters[key] !== undefined);
  // New filters, or actors newly placed: once the answer comes, the map frames their actors.
  const fit = useMemo(
    () =>
      points.data && !points.isPlaceholderData && points.data.extent
        ? { key: `${filterKey}:${points.data.total}`, extent: points.data.extent }
        : null,
    [points.data, points.isPlaceholderData, filterKey],
  );

  return (
    <>
      <PageHeader
        title={t('views:map.title')}
        subtitle={t('views:map.subtitle', { name: territory.name })}
        actions={<HelpLink area="carte-et-graphe" />}
      />
      <form className="card views-filters" role="search" aria-label={t('views:map.filters')} onSubmit={submit}>
        <div className="form-grid">
          <TextField
            label={t('views:map.q')}
            type="search"
            value={text.q}
            onChange={(event) => setText((current) => ({ ...current, q: event.target.value }))}
          />
          <SelectField
            label={t('views:map.category')}
            value={filters.category ?? ''}
            placeholder={t('views:map.all')}
            options={CATEGORIES.map((value) => ({ value, label: t(`domain:category.${value}`) }))}
            onChange={(event) => setFilters({ category: event.target.value })}
          />
          <SelectField
            label={t('views:map.sizeClass')}
            value={filters.sizeClass ?? ''}
            placeholder={t('views:map.all')}
            options={SIZE_CLASSES.map((value) => ({ value, label: t(`domain:sizeClass.${value}`) }))}
            onChange={(event) => setFilters({ sizeClass: event.target.value })}
          />
          {communeList ? (
            <SelectField
              label={t('views:map.commune')}
              value={filters.commune ?? ''}
              placeholder={communes.isPending ? t('common:state.loading') : t('views:map.all')}
              options={(communes.data?.items ?? []).map((commune) => ({ value: commune.code, label: commune.name }))}
              onChange={(event) => setFilters({ commune: event.target.value })}
            />
          ) : (
            <TextField
              label={t('views:map.communeCode')}
              hint={t('views:map.communeCodeHint')}
              value={text.commune}
              inputMode="text"
              pattern="[0-9][0-9AB][0-9]{3}"
              onChange={(event) => setText((current) => ({ ...current, commune: event.target.value }))}
            />
          )}
          <SelectField
            label={t('views:map.fragility')}
            value={filters.fragility ?? ''}
            placeholder={t('views:map.all')}
            options={FRAGILITIES.map((value) => ({ value, label: t(`domain:fragility.${value}`) }))}
            onChange={(event) => setFilters({ fragility: event.target.value })}
          />
          <TextField
            label={t('views:map.tag')}
            value={text.tag}
            onChange={(event) => setText((current) => ({ ...current, tag: event.target.value }))}
          />
          {isCoordinator ? (
            <SelectField
              label={t('views:map.hasAlliance')}
              value={filters.hasAlliance === undefined ? '' : String(filters.hasAlliance)}
              placeholder={t('views:map.all')}
              options={[
                { value: 'true', label: t('views:map.withAlliance') },
                { value: 'false', label: t('views:map.withoutAlliance') },
              ]}
              onChange={(event) => setFilters({ hasAlliance: event.target.value })}
            />
          ) : null}
        </div>
        <div className="form-actions">
          <Button type="submit">{t('common:actions.filter')}</Button>
          {active ? (
            <Button variant="tertiary" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
              {t('common:actions.reset')}
            </Button>
          ) : null}
        </div>
      </form>
      {points.error ? (
        <ErrorState error={points.error} onRetry={() => void points.refetch()} />
      ) : config.isPending ? (
        <Loading />
      ) : (
        <section className="card views-map-card" aria-labelledby="views-map-summary" aria-busy={points.isFetching}>
          <div className="views-map-head">
            <p id="views-map-summary" className="views-summary" role="status">
              {points.data
                ? t('views:map.summary', { count: inView, shown: formatNumber(inView), total: formatNumber(total) })
                : t('common:state.loading')}
            </p>
            <Button
              variant="secondary"
              aria-expanded={showList}
              aria-controls="views-map-list"
              onClick={() => setShowList((open) => !open)}
            >
              {showList ? t('views:map.hideList') : t('views:map.showList')}
            </Button>
          </div>
          {points.data && points.data.unlocated > 0 ? (
            <p className="muted" data-unlocated={points.data.unlocated}>
              {t('views:map.unlocated', {
                count: points.data.unlocated,
                formatted: formatNumber(points.data.unlocated),
              })}
              {isCoordinator ? ` ${t('views:map.unlocatedHint', { count: points.data.unlocated })}` : null}
            </p>
          ) : null}
          {config.data?.mapTiles ? null : <p className="muted">{t('views:map.noTiles')}</p>}
          {placingId && placing.data ? (
            <div className="views-placing" role="status">
              <p>
                <strong>{t('views:map.placing', { name: placing.data.name })}</strong> {t('views:map.placingHint')}
              </p>
              <Button variant="tertiary" onClick={stopPlacing}>
                {t('views:map.cancelPlacing')}
              </Button>
            </div>
          ) : null}
          {points.data && total === 0 ? (
            <p className="state state-empty">
              {active ? t('views:map.emptyFiltered') : t('views:map.empty')}{' '}
              {active ? null : <Link to={`/t/${territoryId}/annuaire`}>{t('views:map.emptyLink')}</Link>}
            </p>
          ) : null}
          <LeafletMap
            clusters={points.data?.clusters}
            features={features}
            tiles={config.data?.mapTiles ?? null}
            label={
              onPlace && placing.data
                ? t('views:map.placingLabel', { name: placing.data.name })
                : t('views:map.mapLabel', { count: total, formatted: formatNumber(total) })
            }
            actorHref={actorHref}
            onOpenActor={(actorId) => void navigate(actorHref(actorId))}
            communes={points.data?.communes}
            fit={fit}
            onView={setView}
            onPlace={onPlace}
            drawn={inView}
          />
          <Legend
            label={t('views:map.legend')}
            shape="circle"
            items={CATEGORIES.map((category) => ({
              key: category,
              label: t(`domain:category.${category}`),
              colour: CATEGORY_COLOURS[category],
            }))}
          />
          <Legend
            label={t('views:map.precisionLegend')}
            shape="circle"
            items={[
              { key: 'precise', label: t('views:map.precise'), colour: '#6a6a6a' },
              { key: 'approximate', label: t('views:map.approximate'), colour: 'transparent', approximate: true },
            ]}
          />
          <div id="views-map-list" hidden={!showList}>
            {!showList || !view ? null : inView > LIST_MAX ? (
              <p className="state">
                {t('views:map.listTooMany', {
                  count: inView,
                  formatted: formatNumber(inView),
                  max: formatNumber(LIST_MAX),
                })}
              </p>
            ) : (
              <PointList filters={filters} bbox={view.bbox} actorHref={actorHref} />
            )}
          </div>
        </section>
      )}
      {isCoordinator ? <GeocodingPanel /> : null}
    </>
  );
}

/** The actors of the view, every one a row (no cluster), a page at a time. */
function PointList({
  filters,
  bbox,
  actorHref,
}: {
  filters: ReturnType<typeof mapFilters>;
  bbox: string;
  actorHref: (actorId: string) => string;
}): ReactNode {
  const { t } = useTranslation(['views', 'domain', 'common']);
  const points = useMapClusters(filters, { bbox, zoom: DEEPEST_ZOOM });
  const [start, setStart] = useState(0);
  const features = useMemo(
    () =>
      [...(points.data?.features ?? [])].sort(
        (a, b) =>
          a.properties.name.localeCompare(b.properties.name, 'fr') || a.properties.id.localeCompare(b.properties.id),
      ),
    [points.data],
  );
  // A new view or new filters: back to the first page.
  useEffect(() => setStart(0), [bbox, filters]);
  if (points.error) return <ErrorState error={points.error} onRetry={() => void points.refetch()} />;
  if (!points.data) return <Loading />;
  const page = features.slice(start, start + LIST_PAGE);
  return (
    <>
      <ScrollRegion label={t('views:map.listTitle')}>
        <table>
          <caption>{t('views:map.listTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('views:map.columns.name')}</th>
              <th scope="col">{t('views:map.columns.category')}</th>
              <th scope="col">{t('views:map.columns.alliances')}</th>
              <th scope="col">{t('views:map.columns.latitude')}</th>
              <th scope="col">{t('views:map.columns.longitude')}</th>
              <th scope="col">{t('views:map.columns.precision')}</th>
            </tr>
          </thead>
          <tbody>
            {page.map((feature) => (
              <tr key={feature.properties.id}>
                <th scope="row">
                  <Link to={actorHref(feature.properties.id)}>{feature.properties.name}</Link>
                  {feature.properties.external ? <span className="muted"> {t('views:map.external')}</span> : null}
                </th>
                <td>{t(`domain:category.${feature.properties.category}`)}</td>
                <td>{formatNumber(feature.properties.allianceCount)}</td>
                <td>{formatNumber(feature.geometry.coordinates[1], { maximumFractionDigits: 4 })}</td>
                <td>{formatNumber(feature.geometry.coordinates[0], { maximumFractionDigits: 4 })}</td>
                <td>
                  {feature.properties.precision ? t(`domain:locationPrecision.${feature.properties.precision}`) : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {features.length > LIST_PAGE ? (
        <nav className="views-list-pages" aria-label={t('views:map.listPages')}>
          <p aria-live="polite">
            {t('views:map.listRange', {
              from: formatNumber(start + 1),
              to: formatNumber(start + page.length),
              total: formatNumber(features.length),
            })}
          </p>
          <Button variant="secondary" disabled={start === 0} onClick={() => setStart(Math.max(0, start - LIST_PAGE))}>
            {t('views:map.previousPage')}
          </Button>
          <Button
            variant="secondary"
            disabled={start + LIST_PAGE >= features.length}
            onClick={() => setStart(start + LIST_PAGE)}
          >
            {t('views:map.nextPage')}
          </Button>
        </nav>
      ) : null}
    </>
  );
}
