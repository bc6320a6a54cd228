import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryView, ScrollRegion, SelectField } from '../../ui/components';
import { AreaPicker, useAreaSelection } from './AreaPicker';
import { ChartFigure, LinesChart } from './charts';
import { capitalize, formatMonth, headlineDimension, useLabels, type IndicatorId } from './data';
import { Count, DisclosureNote } from './figures';
import { monthLabel, ObservatoryPage, useMonthLabel, type PublishedContext } from './shared';
import { useSeries } from './queries';

/** One indicator of one area over the publication's months, one line per dimension asked. */
export function SeriesPage(): ReactNode {
  const { t } = useTranslation('observatory');
  return (
    <ObservatoryPage title={t('series.title')} intro={t('series.intro')}>
      {(context) => <Series {...context} />}
    </ObservatoryPage>
  );
}

const ALL = '*';

function Series({ dictionary, months, threshold }: PublishedContext): ReactNode {
  const { t } = useTranslation('observatory');
  const labels = useLabels();
  const runningLabel = useMonthLabel();
  const selection = useAreaSelection();
  const { area, params, setParam, update } = selection;
  const definition =
    dictionary.indicators.find((indicator) => indicator.id === params.get('indicateur')) ?? dictionary.indicators[0];
  const indicatorId = (definition?.id ?? 'actors') as IndicatorId;
  const requestedDimension = params.get('dimension');
  const dimension =
    requestedDimension === ALL || definition?.dimensions.some((item) => item.id === requestedDimension)
      ? (requestedDimension as string)
      : definition
        ? (headlineDimension(definition) ?? ALL)
        : ALL;
  const series = useSeries(area, indicatorId, dimension === ALL ? null : dimension);
  const dimensions = (definition?.dimensions ?? []).filter((item) => dimension === ALL || item.id === dimension);
  const chronological = [...months].reverse();

  return (
    <>
      <section className="card" aria-label={t('series.filters')}>
        <AreaPicker selection={selection}>
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
            onChange={(event) => setParam('dimension', event.target.value)}
            options={[
              { value: ALL, label: t('series.allDimensions') },
              ...(definition?.dimensions ?? []).map((item) => ({
                value: item.id,
                label: labels.dimension(item.id, item.label),
              })),
            ]}
          />
        </AreaPicker>
      </section>
      <QueryView query={series}>
        {(data) => {
          const value = (month: string, dim: string) =>
            data.points.find((point) => point.period === month && point.dimension === dim);
          const rows = chronological.map((month) => ({
            month: capitalize(formatMonth(month, 'short')),
            ...Object.fromEntries(dimensions.map((item) => [item.id, value(month, item.id)?.value ?? null])),
          }));
          const title = `${labels.indicator(indicatorId, definition?.label)} — ${data.area.name}`;
          return (
            <section className="card" aria-labelledby="obs-series-title">
              <h2 id="obs-series-title">{title}</h2>
              <ChartFigure
                caption={t('series.caption', {
                  from: monthLabel(chronological[0] ?? ''),
                  to: monthLabel(chronological[chronological.length - 1] ?? ''),
                  unit: labels.unit(definition?.unit ?? ''),
                })}
                chart={
                  <LinesChart
                    data={rows}
                    series={dimensions.map((item) => ({ key: item.id, name: labels.dimension(item.id, item.label) }))}
                  />
                }
              >
                <ScrollRegion label={t('series.tableLabel')}>
                  <table className="obs-table">
                    <caption className="visually-hidden">{title}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('table.month')}</th>
                        {dimensions.map((item) => (
                          <th scope="col" className="num" key={item.id}>
                            {labels.dimension(item.id, item.label)}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {[...chronological].reverse().map((month) => (
                        <tr key={month}>
                          <th scope="row">{runningLabel(month)}</th>
                          {dimensions.map((item) => {
                            const cell = value(month, item.id);
                            return (
                              <td className="num" key={item.id}>
                                <Count value={cell?.value} suppressed={cell?.suppressed} threshold={threshold} />
                              </td>
                            );
                          })}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </ScrollRegion>
              </ChartFigure>
            </section>
          );
        }}
      </QueryView>
      <DisclosureNote threshold={threshold} rule={dictionary.disclosure} />
    </>
  );
}
