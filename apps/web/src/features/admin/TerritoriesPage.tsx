import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Schemas } from '../../api/client';
import {
  Button,
  Dialog,
  fieldErrors,
  FormErrors,
  LoadMore,
  PageHeader,
  QueryView,
  ScrollRegion,
  SelectField,
  TextArea,
  TextField,
} from '../../ui/components';
import { formatDate, formatNumber } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { useDebounced } from '../directory/data';
import { DemoPanel } from './DemoPanel';
import { useCreateTerritory, usePlaceSearch, useTerritories } from './queries';

type Kind = Schemas['CreateTerritoryDto']['kind'];
type Place = Schemas['PlaceDto'];
const KINDS: Kind[] = ['region', 'departement', 'epci', 'commune', 'custom'];

/** Finds an official area of `kind` by name; picking one gives its official code. */
function PlaceSearchField({ kind, onPick }: { kind: Place['kind']; onPick: (place: Place) => void }): ReactNode {
  const { t } = useTranslation(['admin', 'domain']);
  const [text, setText] = useState('');
  const debounced = useDebounced(text, 300);
  const search = usePlaceSearch(debounced, kind);
  const places = search.data?.items ?? [];
  const describe = (place: Place) =>
    [
      t(`domain:territoryKind.${place.kind}`),
      place.departement
        ? t('admin:territories.search.in', { name: place.departement.name, code: place.departement.code })
        : '',
      t('admin:territories.search.population', { count: place.population, formatted: formatNumber(place.population) }),
    ]
      .filter(Boolean)
      .join(' · ');
  let status = '';
  if (debounced.trim().length >= 2) {
    if (search.isFetching) status = t('admin:territories.search.searching');
    else if (search.isError) status = t('admin:territories.search.error');
    else if (places.length === 0) status = t('admin:territories.search.none', { text: debounced.trim() });
    else status = t('admin:territories.search.found', { count: places.length });
  }
  return (
    <div className="place-search">
      <TextField
        type="search"
        label={t('admin:territories.search.label')}
        hint={t(`admin:territories.search.hint.${kind}`)}
        value={text}
        autoComplete="off"
        onChange={(event) => setText(event.target.value)}
      />
      <p className="muted" role="status" aria-live="polite">
        {status}
      </p>
      {places.length > 0 ? (
        <ul className="place-results" aria-label={t('admin:territories.search.results')}>
          {places.map((place) => (
            <li key={`${place.kind}-${place.code}`}>
              <Button
                variant="tertiary"
                onClick={() => {
                  onPick(place);
                  setText('');
                }}
              >
                <strong>{place.name}</strong> <span className="muted">{describe(place)}</span>
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function CreateTerritoryForm({ onDone }: { onDone: (territory: Schemas['TerritoryDto']) => void }): ReactNode {
  const { t } = useTranslation(['admin', 'domain', 'common']);
  const [kind, setKind] = useState<Kind>('epci');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [communes, setCommunes] = useState('');
  const [picked, setPicked] = useState<Place | undefined>();
  const create = useCreateTerritory({ onSuccess: onDone });
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(
          kind === 'custom'
            ? { kind, name: name.trim(), communes: communes.split(/[\s,;]+/).filter(Boolean) }
            : { kind, code: code.trim() },
        );
      }}
    >
      <FormErrors error={create.error} />
      <SelectField
        label={t('admin:territories.kind')}
        value={kind}
        onChange={(event) => {
          setKind(event.target.value as Kind);
          setPicked(undefined);
          setCode('');
        }}
        options={KINDS.map((value) => ({ value, label: t(`domain:territoryKind.${value}`) }))}
        errors={fieldErrors(create.error, 'kind')}
      />
      {kind === 'custom' ? (
        <>
          <TextField
            label={t('admin:territories.name')}
            required
            value={name}
            onChange={(event) => setName(event.target.value)}
            errors={fieldErrors(create.error, 'name')}
          />
          <TextArea
            label={t('admin:territories.communes')}
            hint={t('admin:territories.communesHint')}
            required
            value={communes}
            onChange={(event) => setCommunes(event.target.value)}
            errors={fieldErrors(create.error, 'communes')}
          />
        </>
      ) : (
        <>
          <PlaceSearchField
            kind={kind}
            onPick={(place) => {
              setPicked(place);
              setCode(place.code);
            }}
          />
          {picked ? (
            <p className="alert alert-info">
              {t('admin:territories.search.picked', { name: picked.name, code: picked.code })}
            </p>
          ) : null}
          <TextField
            label={t('admin:territories.code')}
            hint={t(`admin:territories.codeHint.${kind}`)}
            required
            value={code}
            onChange={(event) => {
              setCode(event.target.value);
              setPicked(undefined);
            }}
            errors={fieldErrors(create.error, 'code')}
          />
        </>
      )}
      <div className="form-actions">
        <Button type="submit" busy={create.isPending}>
          {t('common:actions.create')}
        </Button>
      </div>
    </form>
  );
}

/** Platform administration: every territory workspace, and opening a new one. */
export function TerritoriesPage(): ReactNode {
  const { t } = useTranslation(['admin', 'domain', 'common']);
  const [creating, setCreating] = useState(false);
  const notify = useNotify();
  const territories = useTerritories();
  const items = territories.data?.pages.flatMap((page) => page.items);
  return (
    <>
      <PageHeader
        title={t('admin:territories.title')}
        subtitle={t('admin:territories.intro')}
        actions={<Button onClick={() => setCreating(true)}>{t('admin:territories.create')}</Button>}
      />
      <QueryView
        query={{ ...territories, data: items }}
        isEmpty={(list) => list.length === 0}
        empty={t('admin:territories.empty')}
      >
        {(list) => (
          <ScrollRegion label={t('admin:territories.title')}>
            <table>
              <caption className="visually-hidden">{t('admin:territories.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin:territories.name')}</th>
                  <th scope="col">{t('admin:territories.kind')}</th>
                  <th scope="col">{t('admin:territories.code')}</th>
                  <th scope="col">{t('admin:territories.population')}</th>
                  <th scope="col">{t('admin:territories.communeCount')}</th>
                  <th scope="col">{t('admin:territories.createdAt')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((territory) => (
                  <tr key={territory.id}>
                    <td>
                      <Link to={`/t/${territory.id}`}>{territory.name}</Link>
                      {territory.demo ? <span className="badge">{t('admin:territories.demo')}</span> : null}
                    </td>
                    <td>{t(`domain:territoryKind.${territory.kind}`)}</td>
                    <td>{territory.code ?? '—'}</td>
                    <td>{formatNumber(territory.population)}</td>
                    <td>{formatNumber(territory.communeCount)}</td>
                    <td>{formatDate(territory.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </QueryView>
      <LoadMore
        hasMore={Boolean(territories.hasNextPage)}
        loading={territories.isFetchingNextPage}
        onClick={() => void territories.fetchNextPage()}
      />
      <DemoPanel />
      <Dialog open={creating} title={t('admin:territories.create')} onClose={() => setCreating(false)}>
        <CreateTerritoryForm
          onDone={(territory) => {
            setCreating(false);
            notify('success', t('admin:territories.created', { name: territory.name }));
          }}
        />
      </Dialog>
    </>
  );
}
