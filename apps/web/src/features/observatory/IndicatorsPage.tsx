import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryView, ScrollRegion, SelectField } from '../../ui/components';
import { AreaPicker, PeriodSelect, useAreaSelection } from './AreaPicker';
import { ChartFigure, DimensionCharts } from './charts';
import { lastCompleteMonth, useLabels, type Cell } from './data';
import { ExportPanel } from './ExportPanel';
import { Count, DisclosureNote, Share } from './figures';
import { ObservatoryPage, useMonthLabel, type PublishedContext } from './shared';
import { useAreaIndicators } from './queries';

/** The observatory's home: every indicator of one area for one month. */
export function IndicatorsPage(): ReactNode {
  const { t } = useTranslation('observatory');
  return (
    <ObservatoryPage title={t('indicators.title')} intro={t('indicators.intro')} publish>
      {(context) => <Indicators {...context} />}
    </ObservatoryPage>
  );
}

/** The PHARE shares: engaged ÷ all, for two segments. */
const PHARE = ['association_employer:yes', 'segment:company_10_plus'] as const;

function Indicators({ dictionary, months, threshold }: PublishedContext): ReactNode {
  const { t } = useTranslation('observatory');
  const labels = useLabels();
  const selection = useAreaSelection();
  const { area, params, setParam } = selection;
  const requested = params.get('periode');
  const period = requested && months.includes(requested) ? requested : lastCompleteMonth(months);
  const monthLabel = useMonthLabel();
  const detailId = params.get('indicateur') ?? 'actors';
  const detailDefinition =
    dictionary.indicators.find((indicator) => indicator.id === detailId) ?? dictionary.indicators[0];
  const indicators = useAreaIndicators(area, period);

  return (
    <>
      <section className="card" aria-label={t('indicators.filters')}>
        <AreaPicker selection={selection}>
          <PeriodSelect months={months} value={period} onChange={(month) => setParam('periode', month)} />
        </AreaPicker>
      </section>
      <QueryView query={indicators}>
        {(data) => {
          const byIndicator = new Map(data.indicators.map((indicator) => [indicator.id, indicator]));
          const cell = (indicator: string, dimension: string): Cell | undefined =>
            byIndicator.get(indicator)?.values.find((value) => value.dimension === dimension);
          const detail = detailDefinition ? byIndicator.get(detailDefinition.id) : undefined;
          const detailRows = (detailDefinition?.dimensions ?? []).map((dimension) => {
            const value = detail?.values.find((item) => item.dimension === dimension.id);
            return { id: dimension.id, label: labels.dimension(dimension.id, dimension.label), value };
          });
          const seriesLink = `/observatoire/series?${new URLSearchParams([
            ...selection.chain.map((ref) => [ref.level, ref.code]),
            ['indicateur', detailDefinition?.id ?? 'actors'],
          ]).toString()}`;
          return (
            <>
              <h2 className="obs-area-title">
                {t('indicators.areaTitle', { area: data.area.name, period: monthLabel(data.period) })}
              </h2>
              <section aria-labelledby="obs-key-figures">
                <h3 id="obs-key-figures">{t('indicators.keyFigures')}</h3>
                <ul className="obs-stats">
                  {dictionary.indicators
                    .filter((indicator) => indicator.dimensions.some((dimension) => dimension.id === 'total'))
                    .map((indicator) => {
                      const total = cell(indicator.id, 'total');
                      return (
                        <li key={indicator.id} className="stat">
                          <p className="stat-value">
                            <Count value={total?.value} suppressed={total?.suppressed} threshold={threshold} />
                          </p>
                          <p className="stat-label">
                            {labels.shortIndicator(indicator.id, indicator.label)}
                            <span className="obs-unit">
                              {' '}
                              ({labels.unit(indicator.unit)}, {t(`kind.${indicator.kind}`)})
                            </span>
                          </p>
                        </li>
                      );
                    })}
                  {PHARE.map((dimension) => {
                    const engaged = cell('engaged_actors', dimension);
                    return (
                      <li key={dimension} className="stat stat-share">
                        <p className="stat-value">
                          <Share value={engaged?.share} />
                        </p>
                        <p className="stat-label">{t(`indicators.phare.${dimension.replace(':', '.')}`)}</p>
                      </li>
                    );
                  })}
                </ul>
              </section>
              <section className="card" aria-labelledby="obs-detail">
                <h3 id="obs-detail">{t('indicators.detail')}</h3>
                <div className="toolbar">
                  <SelectField
                    label={t('indicators.indicator')}
                    value={detailDefinition?.id ?? ''}
                    onChange={(event) => setParam('indicateur', event.target.value)}
                    options={dictionary.indicators.map((indicator) => ({
                      value: indicator.id,
                      label: labels.indicator(indicator.id, indicator.label),
                    }))}
                  />
                  <Link to={seriesLink} className="btn btn-tertiary">
                    {t('indicators.seeSeries')}
                  </Link>
                </div>
                {detailDefinition ? (
                  <ChartFigure
                    caption={`${labels.indicator(detailDefinition.id, detailDefinition.label)} — ${data.area.name}, ${monthLabel(data.period)} (${labels.unit(detailDefinition.unit)})`}
                    chart={
                      <DimensionCharts
                        rows={detailRows.map((row) => ({
                          dimension: row.id,
                          label: row.label,
                          value: row.value?.value ?? null,
                        }))}
                        series={[{ key: 'value', name: labels.unit(detailDefinition.unit) }]}
                      />
                    }
                  >
                    <ScrollRegion label={t('indicators.tableLabel')}>
                      <table className="obs-table">
                        <caption className="visually-hidden">
                          {labels.indicator(detailDefinition.id, detailDefinition.label)}
                        </caption>
                        <thead>
                          <tr>
                            <th scope="col">{t('table.dimension')}</th>
                            <th scope="col" className="num">
                              {t('table.value')}
                            </th>
                            <th scope="col" className="num">
                              {t('table.share')}
                            </th>
                          </tr>
                        </thead>
                        <tbody>
                          {detailRows.map((row) => (
                            <tr key={row.id} className={row.id === 'total' ? 'obs-total' : undefined}>
                              <th scope="row">{row.label}</th>
                              <td className="num">
                                <Count
                                  value={row.value?.value}
                                  suppressed={row.value?.suppressed}
                                  threshold={threshold}
                                />
                              </td>
                              <td className="num">
                                <Share value={row.value?.share} />
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </ScrollRegion>
                  </ChartFigure>
                ) : null}
              </section>
            </>
          );
        }}
      </QueryView>
      <ExportPanel months={months} level={area.level} key={area.level} />
      <DisclosureNote threshold={threshold} rule={dictionary.disclosure} />
    </>
  );
}
