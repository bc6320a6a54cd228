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
import { useCreateTerritory, useTerritories } from './queries';

type Kind = Schemas['CreateTerritoryDto']['kind'];
const KINDS: Kind[] = ['region', 'departement', 'epci', 'commune', 'custom'];

function CreateTerritoryForm({ onDone }: { onDone: (territory: Schemas['TerritoryDto']) => void }): ReactNode {
  const { t } = useTranslation(['admin', 'domain', 'common']);
  const [kind, setKind] = useState<Kind>('epci');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [communes, setCommunes] = useState('');
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
        onChange={(event) => setKind(event.target.value as Kind)}
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
        <TextField
          label={t('admin:territories.code')}
          hint={t(`admin:territories.codeHint.${kind}`)}
          required
          value={code}
          onChange={(event) => setCode(event.target.value)}
          errors={fieldErrors(create.error, 'code')}
        />
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
