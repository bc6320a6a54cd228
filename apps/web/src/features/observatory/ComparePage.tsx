import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Button,
  CheckboxGroup,
  Empty,
  Loading,
  ErrorState,
  QueryView,
  ScrollRegion,
  SelectField,
} from '../../ui/components';
import { PeriodSelect, useQueryParams } from './AreaPicker';
import { BarsChart, ChartFigure } from './charts';
import {
  COMPARE_LEVELS,
  headlineDimension,
  lastCompleteMonth,
  PARENT_LEVEL,
  useAreas,
  useLabels,
  type AreaLevel,
  type IndicatorId,
} from './data';
import { ExportPanel } from './ExportPanel';
import { Count, DisclosureNote, Share } from './figures';
import { ObservatoryPage, useMonthLabel, type PublishedContext } from './shared';
import { useComparison } from './queries';

const MAX_AREAS = 20;
const DEFAULT_PICK = 6;

/** One indicator for several areas of a level, side by side, for one month. */
export function ComparePage(): ReactNode {
  const { t } = useTranslation('observatory');
  return (
    <ObservatoryPage title={t('compare.title')} intro={t('compare.intro')}>
      {(context) => <Compare {...context} />}
    </ObservatoryPage>
  );
}

type SortKey = 'name' | 'value';

function Compare({ dictionary, months, threshold }: PublishedContext): ReactNode {
  const { t } = useTranslation('observatory');
  const labels = useLabels();
  const [params, update] = useQueryParams();
  const level = (COMPARE_LEVELS.find((item) => item === params.get('niveau')) ?? 'departement') as AreaLevel;
  const parentLevel = PARENT_LEVEL[level];
  const parentCode = parentLevel ? (params.get('dans') ?? '') : '';
  const parents = useAreas(parentLevel ?? 'region', undefined, Boolean(parentLevel));
  const areas = useAreas(level, parentLevel && parentCode ? { level: parentLevel, code: parentCode } : undefined);
  const available = areas.data ?? [];
  const zones = params.get('zones');
  const selected = zones
    ? zones.split(',').filter((code) => available.some((area) => area.code === code))
    : available.slice(0, DEFAULT_PICK).map((area) => area.code);
  const definition =
    dictionary.indicators.find((indicator) => indicator.id === params.get('indicateur')) ?? dictionary.indicators[0];
  const indicatorId = (definition?.id ?? 'actors') as IndicatorId;
  const requestedDimension = params.get('dimension');
  const dimension =
    definition?.dimensions.find((item) => item.id === requestedDimension)?.id ??
    (definition ? (headlineDimension(definition) ?? definition.dimensions[0]?.id) : undefined) ??
    'total';
  const requestedPeriod = params.get('periode');
  const period = requestedPeriod && months.includes(requestedPeriod) ? requestedPeriod : lastCompleteMonth(months);
  const monthLabel = useMonthLabel();
  const ready = selected.length >= 2 && selected.length <= MAX_AREAS;
  const comparison = useComparison({ level, codes: selected, indicator: indicatorId, period }, ready);

  return (
    <>
      <section className="card" aria-label={t('compare.filters')}>
        <div className="toolbar">
          <SelectField
            label={t('compare.level')}
            value={level}
            onChange={(event) => update({ niveau: event.target.value, dans: undefined, zones: undefined })}
            options={COMPARE_LEVELS.map((id) => ({ value: id, label: labels.level(id) }))}
          />
          {parentLevel ? (
            <SelectField
              label={t(`compare.inside.${parentLevel}`)}
              value={parentCode}
              onChange={(event) => update({ dans: event.target.value, zones: undefined })}
              placeholder={t('compare.anywhere')}
              options={(parents.data ?? []).map((area) => ({ value: area.code, label: `${area.name} (${area.code})` }))}
              disabled={parents.isPending}
            />
          ) : null}
        </div>
        {areas.isPending ? (
          <Loading />
        ) : areas.error ? (
          <ErrorState error={areas.error} onRetry={() => void areas.refetch()} />
        ) : available.length === 0 ? (
          <Empty>{t('compare.noAreas')}</Empty>
        ) : (
          <>
            <CheckboxGroup
              legend={t('compare.areas', { max: MAX_AREAS })}
              options={available.map((area) => ({ value: area.code, label: `${area.name} (${area.code})` }))}
              value={selected}
              onChange={(next) => update({ zones: next.join(',') || ',' })}
            />
            <div className="row obs-select-all">
              <Button
                variant="tertiary"
                onClick={() =>
                  update({
                    zones: available
                      .slice(0, MAX_AREAS)
                      .map((area) => area.code)
                      .join(','),
                  })
                }
              >
                {t('compare.selectAll')}
              </Button>
              <Button variant="tertiary" onClick={() => update({ zones: ',' })}>
                {t('compare.selectNone')}
              </Button>
            </div>
          </>
        )}
        <div className="toolbar">
          <SelectField
            label={t('indicators.indicator')}
            value={indicatorId}
            onChange={(event) => update({ indicateur: event.target.value, dimension: undefined })}
            options={dictionary.indicators.map((indicator) => ({
              value: indicator.id,
              label: labels.indicator(indicator.id, indicator.label),
            }))}
          />
          <SelectField
            label={t('series.dimension')}
            value={dimension}
            onChange={(event) => update({ dimension: event.target.value })}
            options={(definition?.dimensions ?? []).map((item) => ({
              value: item.id,
              label: labels.dimension(item.id, item.label),
            }))}
          />
          <PeriodSelect months={months} value={period} onChange={(month) => update({ periode: month })} />
        </div>
      </section>
      {!areas.data || available.length === 0 ? null : selected.length < 2 ? (
        <Empty>{t('compare.pickTwo')}</Empty>
      ) : selected.length > MAX_AREAS ? (
        <Empty>{t('compare.tooMany', { max: MAX_AREAS })}</Empty>
      ) : (
        <QueryView query={comparison}>
          {(data) => {
            const rows = data.areas.map((area) => {
              const cell = area.values.find((value) => value.dimension === dimension);
              return { code: area.code, name: area.name, cell };
            });
            const title = t('compare.heading', {
              indicator: labels.indicator(indicatorId, definition?.label),
              dimension: labels.dimension(
                dimension,
                definition?.dimensions.find((item) => item.id === dimension)?.label,
              ),
              period: monthLabel(data.period, true),
            });
            return (
              <section className="card" aria-labelledby="obs-compare-title">
                <h2 id="obs-compare-title">{title}</h2>
                <ChartFigure
                  caption={t('compare.caption', { unit: labels.unit(definition?.unit ?? '') })}
                  chart={
                    <BarsChart
                      data={rows.map((row) => ({ label: row.name, value: row.cell?.value ?? null }))}
                      series={[{ key: 'value', name: labels.unit(definition?.unit ?? '') }]}
                    />
                  }
                >
                  <SortableTable rows={rows} threshold={threshold} caption={title} />
                </ChartFigure>
              </section>
            );
          }}
        </QueryView>
      )}
      <ExportPanel months={months} level={level} key={level} />
      <DisclosureNote threshold={threshold} rule={dictionary.disclosure} />
    </>
  );
}

interface Row {
  code: string;
  name: string;
  cell: { value: number | null; suppressed: boolean; share: number | null } | undefined;
}

/** Suppressed counts sort just below the published ones (they are between 0 and the threshold − 1, or complements). */
const sortValue = (row: Row): number => (row.cell?.suppressed ? 0.5 : (row.cell?.value ?? -1));

function SortableTable({ rows, threshold, caption }: { rows: Row[]; threshold: number; caption: string }): ReactNode {
  const { t } = useTranslation('observatory');
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'value', descending: true });
  const sorted = [...rows].sort((a, b) => {
    const order = sort.key === 'name' ? a.name.localeCompare(b.name, 'fr') : sortValue(a) - sortValue(b);
    return sort.descending ? -order : order;
  });
  const header = (key: SortKey, label: string, numeric = false) => {
    const active = sort.key === key;
    return (
      <th
        scope="col"
        className={numeric ? 'num' : undefined}
        aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
      >
        <button
          type="button"
          className="obs-sort"
          onClick={() => setSort({ key, descending: active ? !sort.descending : key === 'value' })}
        >
          {label}
          <span aria-hidden="true">{active ? (sort.descending ? ' ▼' : ' ▲') : ' ⇅'}</span>
        </button>
      </th>
    );
  };
  return (
    <ScrollRegion label={t('compare.tableLabel')}>
      <table className="obs-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {header('name', t('table.area'))}
            <th scope="col">{t('table.code')}</th>
            {header('value', t('table.value'), true)}
            <th scope="col" className="num">
              {t('table.share')}
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={row.code}>
              <th scope="row">{row.name}</th>
              <td>{row.code}</td>
              <td className="num">
                <Count value={row.cell?.value} suppressed={row.cell?.suppressed} threshold={threshold} />
              </td>
              <td className="num">
                <Share value={row.cell?.share} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
