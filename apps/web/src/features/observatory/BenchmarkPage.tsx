import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Schemas } from '../../api/client';
import { RequireRole, useTerritory } from '../../app/territory';
import { Loading, PageHeader, QueryView, ScrollRegion, SelectField } from '../../ui/components';
import { formatDate, formatDateTime, formatNumber } from '../../ui/format';
import { PeriodSelect, useQueryParams } from './AreaPicker';
import { ChartFigure, DimensionCharts } from './charts';
import { recentMonths, useLabels } from './data';
import { Count, DisclosureNote, Suppressed } from './figures';
import { useMonthLabel } from './shared';
import { useBenchmark, useObservatorySharing } from './queries';
import { HelpLink } from '../help/HelpPages';

/** A territory's figures beside its peer group's (same kind, same population band), for coordinators. */
export function BenchmarkPage(): ReactNode {
  return (
    <RequireRole roles={['coordinator', 'platform_admin']}>
      <Benchmark />
    </RequireRole>
  );
}

type Line = Schemas['BenchmarkLineDto'];

function Benchmark(): ReactNode {
  const { t } = useTranslation('observatory');
  const { territoryId, territory } = useTerritory();
  const [params] = useQueryParams();
  const period = params.get('periode') ?? undefined;
  const sharing = useObservatorySharing();
  const benchmark = useBenchmark(period);
  return (
    <>
      <PageHeader
        title={t('benchmark.title')}
        subtitle={t('benchmark.intro', { name: territory.name })}
        actions={<HelpLink area="observatoire" />}
      />
      {sharing.isPending ? (
        <Loading />
      ) : sharing.data ? (
        <SharingState territoryId={territoryId} sharing={sharing.data} />
      ) : null}
      <QueryView query={benchmark}>{(data) => <BenchmarkView data={data} />}</QueryView>
    </>
  );
}

function SharingState({
  territoryId,
  sharing,
}: {
  territoryId: string;
  sharing: Schemas['SharingViewDto'];
}): ReactNode {
  const { t } = useTranslation('observatory');
  const link = <Link to={`/t/${territoryId}/partage`}>{t('benchmark.sharingLink')}</Link>;
  if (!sharing.sharing)
    return (
      <div className="alert alert-info obs-sharing">
        <p>
          <strong>{t('benchmark.notSharing')}</strong>
        </p>
        <p>{t('benchmark.notSharingDetail')}</p>
        <p>{link}</p>
      </div>
    );
  return (
    <p className="obs-sharing muted">
      {t('benchmark.sharing', { date: formatDate(sharing.changedAt) })}{' '}
      {sharing.lastComputedAt
        ? t('benchmark.lastComputed', { date: formatDateTime(sharing.lastComputedAt) })
        : t('benchmark.neverComputed')}{' '}
      {link}
    </p>
  );
}

function BenchmarkView({ data }: { data: Schemas['BenchmarkDto'] }): ReactNode {
  const { t } = useTranslation('observatory');
  const labels = useLabels();
  const monthLabel = useMonthLabel();
  const [params, update] = useQueryParams();
  const indicatorIds = [...new Set(data.lines.map((line) => line.indicator))];
  const indicatorId = indicatorIds.find((id) => id === params.get('indicateur')) ?? indicatorIds[0] ?? '';
  const lines = data.lines.filter((line) => line.indicator === indicatorId);
  const published = data.lines.some((line) => line.suppressed || line.peerTotal !== null);
  const months = recentMonths(24);
  if (!months.includes(data.period)) months.unshift(data.period);
  const [indicatorFallback, ...rest] = (lines[0]?.label ?? '').split(' — ');
  const dimensionLabel = (line: Line) => labels.dimension(line.dimension, line.label.split(' — ')[1] ?? line.dimension);
  const indicatorLabel = labels.indicator(indicatorId, rest.length > 0 ? indicatorFallback : indicatorId);
  const hasAverage = lines.some((line) => line.peerAverage !== null);
  return (
    <>
      <section className="card" aria-labelledby="obs-peer-group">
        <h2 id="obs-peer-group">{t('benchmark.peerGroup')}</h2>
        <dl className="obs-facts">
          <div>
            <dt>{t('benchmark.group')}</dt>
            <dd>{data.peerGroup.name}</dd>
          </div>
          <div>
            <dt>{t('benchmark.peerTerritories')}</dt>
            <dd>
              {data.peerTerritories !== null ? formatNumber(data.peerTerritories) : published ? <Suppressed /> : '—'}
            </dd>
          </div>
          <div>
            <dt>{t('benchmark.publication')}</dt>
            <dd>{data.publication ? formatDateTime(data.publication.computedAt) : t('benchmark.noPublication')}</dd>
          </div>
        </dl>
        {!published ? (
          <p className="alert alert-info">{t('benchmark.noPeerFigures', { period: monthLabel(data.period) })}</p>
        ) : null}
        <div className="toolbar">
          <PeriodSelect months={months} value={data.period} onChange={(month) => update({ periode: month })} />
          <SelectField
            label={t('indicators.indicator')}
            value={indicatorId}
            onChange={(event) => update({ indicateur: event.target.value })}
            options={indicatorIds.map((id) => {
              const first = data.lines.find((line) => line.indicator === id);
              return { value: id, label: labels.indicator(id, first?.label.split(' — ')[0]) };
            })}
          />
        </div>
      </section>
      <section className="card" aria-labelledby="obs-benchmark-title">
        <h2 id="obs-benchmark-title">
          {t('benchmark.heading', { indicator: indicatorLabel, period: monthLabel(data.period, true) })}
        </h2>
        <ChartFigure
          caption={hasAverage ? t('benchmark.caption') : t('benchmark.captionOwnOnly')}
          chart={
            <DimensionCharts
              rows={lines.map((line) => ({
                dimension: line.dimension,
                label: dimensionLabel(line),
                own: line.own,
                average: line.peerAverage,
              }))}
              series={[
                { key: 'own', name: t('benchmark.own') },
                { key: 'average', name: t('benchmark.average') },
              ]}
            />
          }
        >
          <ScrollRegion label={t('benchmark.tableLabel')}>
            <table className="obs-table">
              <caption className="visually-hidden">{indicatorLabel}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('table.dimension')}</th>
                  <th scope="col" className="num">
                    {t('benchmark.own')}
                  </th>
                  <th scope="col" className="num">
                    {t('benchmark.average')}
                  </th>
                  <th scope="col" className="num">
                    {t('benchmark.total')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {lines.map((line) => (
                  <tr key={line.dimension} className={line.dimension === 'total' ? 'obs-total' : undefined}>
                    <th scope="row">{dimensionLabel(line)}</th>
                    <td className="num">{formatNumber(line.own)}</td>
                    <td className="num">
                      <Count value={line.peerAverage} suppressed={line.suppressed} />
                    </td>
                    <td className="num">
                      <Count value={line.peerTotal} suppressed={line.suppressed} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </ChartFigure>
      </section>
      <DisclosureNote />
    </>
  );
}
