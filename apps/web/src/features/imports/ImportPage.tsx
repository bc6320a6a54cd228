import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPORT_FIELDS, REQUIRED_IMPORT_FIELDS } from '@maillage/contract';
import { Link, useParams } from 'react-router';
import { ApiError, type Schemas } from '../../api/client';
import { useTerritory } from '../../app/territory';
import {
  Badge,
  Button,
  ErrorState,
  fieldErrors,
  FormErrors,
  Loading,
  LoadMore,
  PageHeader,
  ProgressBar,
  QueryView,
  ScrollRegion,
  SelectField,
} from '../../ui/components';
import { formatDateTime, formatNumber } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { ImportSteps, statusTone, type Import } from './ImportsPages';
import { actorKeys } from '../directory/queries';
import { busy, importKeys, useImport, useImportRows, useProcessImport } from './queries';

type Mapping = Schemas['MappingDto'];
type MappedField = keyof Mapping;
type Outcome = Schemas['ImportRowOutcome'];

/** Actor fields a column can feed, from the contract shared with the API, in the order of the form. */
const MAPPED_FIELDS: readonly MappedField[] = IMPORT_FIELDS;
const REQUIRED: readonly MappedField[] = REQUIRED_IMPORT_FIELDS;
const OUTCOMES: Outcome[] = ['valid', 'invalid', 'duplicate', 'created'];

const sameMapping = (a: Mapping, b: Mapping): boolean =>
  MAPPED_FIELDS.every((field) => (a[field] ?? '') === (b[field] ?? ''));

function outcomeTone(outcome: Outcome): 'success' | 'error' | 'warning' | 'info' {
  if (outcome === 'created') return 'success';
  if (outcome === 'invalid') return 'error';
  if (outcome === 'duplicate') return 'warning';
  return 'info';
}

/** A field's label in the mapping form: the import's own wording when it reads more than the actor form takes. */
function useFieldLabel(): (field: MappedField) => string {
  const { t } = useTranslation('directory');
  return (field) => t([`imports.fieldLabels.${field}`, `fields.${field}`]);
}

/** What each column of the file is read as, with the current mapping (columns no field uses are ignored). */
function ColumnsUnderstood({ item, mapping }: { item: Import; mapping: Mapping }): ReactNode {
  const { t } = useTranslation('directory');
  const label = useFieldLabel();
  const fieldOf = new Map(MAPPED_FIELDS.flatMap((field) => (mapping[field] ? [[mapping[field], field] as const] : [])));
  return (
    <ScrollRegion label={t('imports.understood.title')}>
      <table className="import-columns">
        <caption>{t('imports.understood.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('imports.understood.column')}</th>
            <th scope="col">{t('imports.understood.readAs')}</th>
            <th scope="col">{t('imports.understood.accepted')}</th>
          </tr>
        </thead>
        <tbody>
          {item.columns.map((column) => {
            const field = fieldOf.get(column);
            return (
              <tr key={column}>
                <th scope="row">{column}</th>
                <td>{field ? label(field) : <span className="muted">{t('imports.understood.ignored')}</span>}</td>
                <td className="muted">{field ? t(`imports.fieldHints.${field}`, { defaultValue: '' }) : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function MappingForm({
  item,
  mapping,
  onChange,
  error,
}: {
  item: Import;
  mapping: Mapping;
  onChange: (next: Mapping) => void;
  error: unknown;
}): ReactNode {
  const { t } = useTranslation('directory');
  const label = useFieldLabel();
  const options = item.columns.map((column) => ({ value: column, label: column }));
  return (
    <div className="mapping-grid">
      {MAPPED_FIELDS.map((field) => (
        <SelectField
          key={field}
          label={label(field)}
          required={REQUIRED.includes(field)}
          value={mapping[field] ?? ''}
          placeholder={t('imports.ignore')}
          options={options}
          disabled={busy(item)}
          errors={fieldErrors(error, `mapping.${field}`)}
          onChange={(event) => {
            const next = { ...mapping };
            if (event.target.value) next[field] = event.target.value;
            else delete next[field];
            onChange(next);
          }}
        />
      ))}
    </div>
  );
}

function RowDetails({ row }: { row: Schemas['ImportRowDto'] }): ReactNode {
  const { t } = useTranslation('directory');
  const { territoryId } = useTerritory();
  if (row.errors?.length) {
    return (
      <ul className="row-errors">
        {row.errors.map((error, index) => (
          <li key={`${error.field}-${index}`}>
            {/* A problem of the whole row (its cells not lining up with the header) names no field. */}
            {error.field === 'row' ? null : (
              <strong>
                {t('imports.fieldError', {
                  field: t([`imports.fieldLabels.${error.field}`, `fields.${error.field}`], {
                    defaultValue: error.field,
                  }),
                })}
              </strong>
            )}
            {error.message}
          </li>
        ))}
      </ul>
    );
  }
  if (row.duplicateOf) {
    const of = row.duplicateOf;
    return (
      <p>
        {of.actorId ? (
          <>
            {t('imports.duplicateOfActor')} <Link to={`/t/${territoryId}/annuaire/${of.actorId}`}>{of.name}</Link>
          </>
        ) : (
          t('imports.duplicateOfLine', { line: of.line, name: of.name })
        )}{' '}
        <span className="muted">({t(`imports.reasons.${of.reason}`)})</span>
      </p>
    );
  }
  if (row.actorId) return <Link to={`/t/${territoryId}/annuaire/${row.actorId}`}>{t('imports.openActor')}</Link>;
  return <span className="muted">—</span>;
}

function RowsReport({ item }: { item: Import }): ReactNode {
  const { t } = useTranslation(['directory', 'domain']);
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const rows = useImportRows(item, outcome);
  const items = rows.data?.pages.flatMap((page) => page.items);
  const summary = item.summary;
  const counts: Record<Outcome, number | undefined> = {
    valid: summary?.valid,
    invalid: summary?.invalid,
    duplicate: summary?.duplicates,
    created: summary?.created,
  };
  return (
    <>
      <div className="toolbar">
        <SelectField
          label={t('directory:imports.showOutcome')}
          value={outcome}
          placeholder={t('directory:imports.allRows', { count: summary?.rows ?? 0 })}
          options={OUTCOMES.filter((value) => value !== 'created' || item.mode === 'run').map((value) => ({
            value,
            label: `${t(`domain:importOutcome.${value}`)} (${formatNumber(counts[value] ?? 0)})`,
          }))}
          onChange={(event) => setOutcome(event.target.value as Outcome | '')}
        />
      </div>
      <QueryView
        query={{ ...rows, data: items }}
        isEmpty={(list) => list.length === 0}
        empty={t('directory:imports.noRow')}
      >
        {(list) => (
          <ScrollRegion label={t('directory:imports.rows')}>
            <table className="import-rows">
              <caption className="visually-hidden">{t('directory:imports.rows')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="numeric">
                    {t('directory:imports.line')}
                  </th>
                  <th scope="col">{t('directory:fields.name')}</th>
                  <th scope="col">{t('directory:imports.outcome')}</th>
                  <th scope="col">{t('directory:imports.details')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((row) => (
                  <tr key={row.line}>
                    <td className="numeric">{row.line}</td>
                    <th scope="row">{row.name || '—'}</th>
                    <td>
                      <Badge tone={outcomeTone(row.outcome)}>{t(`domain:importOutcome.${row.outcome}`)}</Badge>
                    </td>
                    <td>
                      <RowDetails row={row} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </QueryView>
      <LoadMore
        hasMore={Boolean(rows.hasNextPage)}
        loading={rows.isFetchingNextPage}
        onClick={() => void rows.fetchNextPage()}
      />
    </>
  );
}

function Summary({ item }: { item: Import }): ReactNode {
  const { t } = useTranslation('directory');
  const summary = item.summary;
  if (!summary) return null;
  const stats: [string, number][] = [
    [t('imports.summary.rows'), summary.rows],
    [t('imports.summary.valid'), summary.valid],
    [t('imports.summary.invalid'), summary.invalid],
    [t('imports.summary.duplicates'), summary.duplicates],
  ];
  if (item.mode === 'run') stats.push([t('imports.summary.created'), summary.created]);
  return (
    <dl className="grid import-summary">
      {stats.map(([label, value]) => (
        <div className="stat" key={label}>
          <dt className="stat-label">{label}</dt>
          <dd className="stat-value">{formatNumber(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Steps 2 and 3: the mapping, the dry run's report row by row, then the real run with its progress. */
export function ImportPage(): ReactNode {
  const { importId = '' } = useParams();
  const { t } = useTranslation(['directory', 'domain', 'common']);
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const query = useImport(importId);
  const item = query.data;
  const [mapping, setMapping] = useState<Mapping | undefined>();
  const current = mapping ?? item?.mapping ?? {};

  // When processing ends: tell the user, refresh the lists it changed.
  const wasBusy = useRef<Import | undefined>(undefined);
  useEffect(() => {
    if (!item) return;
    const before = wasBusy.current;
    wasBusy.current = busy(item) ? item : undefined;
    if (!before || busy(item)) return;
    void queryClient.invalidateQueries({ queryKey: importKeys.list(territoryId) });
    if (item.status === 'completed') {
      void queryClient.invalidateQueries({ queryKey: actorKeys.all(territoryId) });
      notify('success', t('directory:imports.completed', { count: item.summary?.created ?? 0 }));
    } else if (item.status === 'analysed') {
      notify('info', t('directory:imports.analysed', { count: item.summary?.rows ?? 0 }));
    } else if (item.status === 'failed') {
      notify('error', item.error ?? t('domain:importStatus.failed'));
    }
  }, [item, queryClient, territoryId, notify, t]);

  const processing = useProcessImport(importId, current, {
    check: () => {
      const missing = REQUIRED.filter((field) => !current[field]);
      if (missing.length === 0) return undefined;
      return new ApiError(400, {
        detail: t('directory:imports.mappingRequired'),
        errors: missing.map((field) => ({
          field: `mapping.${field}`,
          message: t('directory:imports.columnRequired', { field: t(`directory:fields.${field}`) }),
        })),
      });
    },
    onSuccess: () => setMapping(undefined),
  });

  if (query.isPending) return <Loading />;
  if (query.error || !item)
    return (
      <>
        <PageHeader title={t('directory:imports.notFound')} />
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </>
    );

  const done = item.status === 'completed' && item.mode === 'run';
  const mappingChanged = !sameMapping(current, item.mapping);
  const step = done || item.status === 'running' ? 3 : 2;
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/t/${territoryId}/imports`}>{t('directory:imports.back')}</Link>
      </p>
      <PageHeader
        title={t('directory:imports.importTitle', { name: item.filename })}
        subtitle={
          <span className="row">
            <Badge tone={statusTone(item.status)}>{t(`domain:importStatus.${item.status}`)}</Badge>
            <span>{t('directory:imports.createdAt', { date: formatDateTime(item.createdAt) })}</span>
          </span>
        }
      />
      <ImportSteps current={step} />
      {busy(item) ? (
        <section className="card" aria-labelledby="import-progress">
          <h2 id="import-progress">
            {item.status === 'running' ? t('directory:imports.running') : t('directory:imports.analysing')}
          </h2>
          <ProgressBar
            value={item.progress / 100}
            label={item.status === 'running' ? t('directory:imports.running') : t('directory:imports.analysing')}
          />
        </section>
      ) : null}
      {item.status === 'failed' ? (
        <div className="alert alert-error" role="alert">
          <p>{item.error ?? t('domain:importStatus.failed')}</p>
        </div>
      ) : null}
      {done ? (
        <section className="card" aria-labelledby="import-done">
          <h2 id="import-done">{t('directory:imports.doneTitle')}</h2>
          <p className="alert alert-success">
            {t('directory:imports.doneText', { count: item.summary?.created ?? 0 })}
          </p>
          <Summary item={item} />
          <p>
            <Link to={`/t/${territoryId}/annuaire?sort=-createdAt`}>{t('directory:imports.seeDirectory')}</Link>
          </p>
        </section>
      ) : null}
      {!done && item.status === 'analysed' && item.summary ? (
        <section className="card" aria-labelledby="import-run">
          <h2 id="import-run">{t('directory:imports.runTitle')}</h2>
          <Summary item={item} />
          {processing.variables === 'run' ? <FormErrors error={processing.error} /> : null}
          {mappingChanged ? (
            <p className="alert alert-warning">{t('directory:imports.mappingChanged')}</p>
          ) : (
            <p>{t('directory:imports.runIntro', { count: item.summary.valid })}</p>
          )}
          <Button
            busy={processing.isPending && processing.variables === 'run'}
            disabled={mappingChanged || item.summary.valid === 0}
            onClick={() => processing.mutate('run')}
          >
            {t('directory:imports.run', { count: item.summary.valid })}
          </Button>
        </section>
      ) : null}
      {item.summary && !busy(item) ? (
        <section className="card" aria-labelledby="import-report">
          <h2 id="import-report">{done ? t('directory:imports.reportRun') : t('directory:imports.reportDry')}</h2>
          <RowsReport item={item} />
        </section>
      ) : null}
      {done ? null : (
        <section className="card" aria-labelledby="import-mapping">
          <h2 id="import-mapping">
            {item.summary ? t('directory:imports.mappingAdjust') : t('directory:imports.mappingTitle')}
          </h2>
          <p className="muted">{t('directory:imports.mappingIntro', { count: item.columns.length })}</p>
          {processing.variables === 'dry-run' ? <FormErrors error={processing.error} /> : null}
          <MappingForm
            item={item}
            mapping={current}
            onChange={setMapping}
            error={processing.variables === 'dry-run' ? processing.error : undefined}
          />
          <ColumnsUnderstood item={item} mapping={current} />
          <div className="form-actions">
            <Button
              variant={mappingChanged ? 'primary' : 'secondary'}
              busy={processing.isPending && processing.variables === 'dry-run'}
              disabled={busy(item)}
              onClick={() => processing.mutate('dry-run')}
            >
              {t('directory:imports.reanalyse')}
            </Button>
          </div>
        </section>
      )}
    </>
  );
}
