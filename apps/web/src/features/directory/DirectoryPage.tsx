import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useTerritory } from '../../app/territory';
import {
  Badge,
  Button,
  ButtonLink,
  Checkbox,
  Empty,
  ErrorState,
  Loading,
  LoadMore,
  PageHeader,
  ScrollRegion,
  SelectField,
  TextField,
} from '../../ui/components';
import { formatNumber } from '../../ui/format';
import { CATEGORIES, FRAGILITIES, readFilters, SIZE_CLASSES, SORTS, useDebounced, type Actor } from './data';
import { useActorList, useCommunes } from './queries';
import { HelpLink } from '../help/HelpPages';

const FILTER_KEYS = [
  'q',
  'category',
  'sizeClass',
  'commune',
  'fragility',
  'tag',
  'hasAlliance',
  'includeArchived',
  'sort',
];

/** A text box that follows a URL parameter and writes back to it once typing pauses. */
function useUrlText(
  params: URLSearchParams,
  key: string,
  apply: (key: string, value: string) => void,
): [string, (value: string) => void] {
  const fromUrl = params.get(key) ?? '';
  const [text, setText] = useState(fromUrl);
  const debounced = useDebounced(text, 350);
  const last = useRef(fromUrl);
  useEffect(() => {
    if (fromUrl !== last.current) {
      last.current = fromUrl;
      setText(fromUrl);
    }
  }, [fromUrl]);
  useEffect(() => {
    if (debounced !== last.current) {
      last.current = debounced;
      apply(key, debounced);
    }
  }, [debounced, key, apply]);
  return [text, setText];
}

function ActorTable({ actors, base }: { actors: Actor[]; base: string }): ReactNode {
  const { t } = useTranslation(['directory', 'domain']);
  return (
    <ScrollRegion label={t('directory:list.title')}>
      <table className="directory-table">
        <caption className="visually-hidden">{t('directory:list.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('directory:fields.name')}</th>
            <th scope="col">{t('directory:fields.category')}</th>
            <th scope="col">{t('directory:fields.commune')}</th>
            <th scope="col" className="numeric">
              {t('directory:list.alliances')}
            </th>
          </tr>
        </thead>
        <tbody>
          {actors.map((actor) => (
            <tr key={actor.id}>
              <th scope="row">
                <Link to={`${base}/${actor.id}`}>{actor.name}</Link>
                {actor.archivedAt ? (
                  <>
                    {' '}
                    <Badge tone="warning">{t('directory:actor.archived')}</Badge>
                  </>
                ) : null}
              </th>
              <td>
                <Badge tone="info">{t(`domain:category.${actor.category}`)}</Badge>
              </td>
              <td>
                {actor.communeName ?? actor.communeCode ?? '—'}
                {actor.external ? <span className="muted"> {t('directory:actor.externalShort')}</span> : null}
              </td>
              <td className="numeric">{formatNumber(actor.allianceCount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** The directory of the territory's actors: search, filters and sort in the URL, cursor pages. */
export function DirectoryPage(): ReactNode {
  const { t } = useTranslation(['directory', 'domain', 'common']);
  const { territoryId, isCoordinator } = useTerritory();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params, isCoordinator);
  const communes = useCommunes(territoryId);
  const base = `/t/${territoryId}/annuaire`;

  // One stable "set this parameter" for the text boxes' effects; it always sees the latest URL.
  const latest = useRef({ params, setParams });
  latest.current = { params, setParams };
  const apply = useCallback((key: string, value: string) => {
    const next = new URLSearchParams(latest.current.params);
    if (value) next.set(key, value);
    else next.delete(key);
    latest.current.setParams(next);
  }, []);
  const [search, setSearch] = useUrlText(params, 'q', apply);
  const [tag, setTag] = useUrlText(params, 'tag', apply);

  const actors = useActorList(filters);
  const items = actors.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = FILTER_KEYS.some((key) => key !== 'sort' && params.has(key));
  const [filtersOpen, setFiltersOpen] = useState(filtered);

  let results: ReactNode;
  if (actors.isPending) results = <Loading />;
  else if (actors.error && !actors.data)
    results = <ErrorState error={actors.error} onRetry={() => void actors.refetch()} />;
  else if (items.length === 0)
    results = (
      <Empty>
        {filtered ? t('directory:list.noMatch') : t('directory:list.empty')}{' '}
        {filtered ? (
          <Button variant="tertiary" onClick={() => setParams(new URLSearchParams())}>
            {t('directory:filters.reset')}
          </Button>
        ) : isCoordinator ? (
          <>
            <Link to={`${base}/nouveau`}>{t('directory:list.addFirst')}</Link>{' '}
            <Link to={`/t/${territoryId}/imports/nouveau`}>{t('directory:list.orImport')}</Link>
          </>
        ) : (
          t('directory:list.emptyMember')
        )}
      </Empty>
    );
  else
    results = (
      <>
        <ActorTable actors={items} base={base} />
        <LoadMore
          hasMore={Boolean(actors.hasNextPage)}
          loading={actors.isFetchingNextPage}
          onClick={() => void actors.fetchNextPage()}
        />
      </>
    );

  return (
    <>
      <PageHeader
        title={t('directory:list.title')}
        subtitle={t('directory:list.intro')}
        actions={
          <>
            {isCoordinator ? (
              <>
                <ButtonLink variant="primary" to={`${base}/nouveau`}>
                  {t('directory:list.add')}
                </ButtonLink>
                <ButtonLink to={`/t/${territoryId}/imports/nouveau`}>{t('directory:list.import')}</ButtonLink>
              </>
            ) : undefined}
            <HelpLink area="annuaire" />
          </>
        }
      />
      <form role="search" className="directory-search" onSubmit={(event) => event.preventDefault()}>
        <TextField
          label={t('directory:filters.search')}
          hint={t('directory:filters.searchHint')}
          type="search"
          value={search}
          maxLength={200}
          onChange={(event) => setSearch(event.target.value)}
        />
      </form>
      <details
        className="directory-filters card"
        open={filtersOpen}
        onToggle={(event) => setFiltersOpen(event.currentTarget.open)}
      >
        <summary>{t('directory:filters.title')}</summary>
        <div className="directory-filter-grid">
          <SelectField
            label={t('directory:fields.category')}
            value={filters.category ?? ''}
            placeholder={t('directory:filters.all')}
            options={CATEGORIES.map((value) => ({ value, label: t(`domain:category.${value}`) }))}
            onChange={(event) => apply('category', event.target.value)}
          />
          <SelectField
            label={t('directory:fields.sizeClass')}
            value={filters.sizeClass ?? ''}
            placeholder={t('directory:filters.all')}
            options={SIZE_CLASSES.map((value) => ({ value, label: t(`domain:sizeClass.${value}`) }))}
            onChange={(event) => apply('sizeClass', event.target.value)}
          />
          <SelectField
            label={t('directory:fields.commune')}
            value={filters.commune ?? ''}
            placeholder={communes.isPending ? t('common:state.loading') : t('directory:filters.allCommunes')}
            options={(communes.data ?? []).map((commune) => ({
              value: commune.code,
              label: `${commune.name} (${commune.code})`,
            }))}
            onChange={(event) => apply('commune', event.target.value)}
          />
          <SelectField
            label={t('directory:fields.fragility')}
            value={filters.fragility ?? ''}
            placeholder={t('directory:filters.all')}
            options={FRAGILITIES.map((value) => ({ value, label: t(`domain:fragility.${value}`) }))}
            onChange={(event) => apply('fragility', event.target.value)}
          />
          <TextField
            label={t('directory:fields.tag')}
            value={tag}
            maxLength={50}
            onChange={(event) => setTag(event.target.value)}
          />
          {isCoordinator ? (
            <SelectField
              label={t('directory:filters.hasAlliance')}
              value={params.get('hasAlliance') ?? ''}
              placeholder={t('directory:filters.all')}
              options={[
                { value: 'true', label: t('directory:filters.withAlliance') },
                { value: 'false', label: t('directory:filters.withoutAlliance') },
              ]}
              onChange={(event) => apply('hasAlliance', event.target.value)}
            />
          ) : null}
          <SelectField
            label={t('directory:filters.sort')}
            value={filters.sort ?? 'name'}
            options={SORTS.map((value) => ({ value, label: t(`directory:filters.sorts.${value}`) }))}
            onChange={(event) => apply('sort', event.target.value === 'name' ? '' : event.target.value)}
          />
          <div className="directory-filter-checks">
            <Checkbox
              label={t('directory:filters.includeArchived')}
              checked={filters.includeArchived ?? false}
              onChange={(event) => apply('includeArchived', event.target.checked ? 'true' : '')}
            />
            {filtered ? (
              <Button variant="tertiary" onClick={() => setParams(new URLSearchParams())}>
                {t('directory:filters.reset')}
              </Button>
            ) : null}
          </div>
        </div>
      </details>
      <p className="directory-count" role="status" aria-live="polite">
        {actors.isPending || (actors.error && !actors.data)
          ? ''
          : actors.hasNextPage
            ? t('directory:list.countMore', { count: items.length })
            : t('directory:list.count', { count: items.length })}
        {actors.isFetching && !actors.isPending && !actors.isFetchingNextPage ? (
          <span className="muted"> {t('directory:list.refreshing')}</span>
        ) : null}
      </p>
      {actors.error && actors.data ? <ErrorState error={actors.error} onRetry={() => void actors.refetch()} /> : null}
      {results}
    </>
  );
}
