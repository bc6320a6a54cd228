import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ScrollRegion } from '../../ui/components';
import { useLabels } from './data';
import { ExportPanel } from './ExportPanel';
import { DisclosureNote } from './figures';
import { ObservatoryPage, type PublishedContext } from './shared';

/** Open data: the CSV export and the data dictionary that documents it. */
export function ExportPage(): ReactNode {
  const { t } = useTranslation('observatory');
  return (
    <ObservatoryPage title={t('openData.title')} intro={t('openData.intro')}>
      {(context) => <OpenData {...context} />}
    </ObservatoryPage>
  );
}

function OpenData({ dictionary, months, threshold }: PublishedContext): ReactNode {
  const { t } = useTranslation('observatory');
  const labels = useLabels();
  const study = new Set(dictionary.studyIndicators.map((indicator) => indicator.id));
  return (
    <>
      <ExportPanel months={months} />
      <section className="card" aria-labelledby="obs-columns">
        <h2 id="obs-columns">{t('openData.columns')}</h2>
        <ScrollRegion label={t('openData.columns')}>
          <table className="obs-table">
            <thead>
              <tr>
                <th scope="col">{t('openData.column')}</th>
                <th scope="col">{t('openData.description')}</th>
              </tr>
            </thead>
            <tbody>
              {dictionary.columns.map((column) => (
                <tr key={column.name}>
                  <th scope="row">
                    <code>{column.name}</code>
                  </th>
                  <td>{t(`openData.columnDescription.${column.name}`, { defaultValue: column.description })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>
      <section className="card" aria-labelledby="obs-indicators">
        <h2 id="obs-indicators">{t('openData.indicators')}</h2>
        <ScrollRegion label={t('openData.indicators')}>
          <table className="obs-table">
            <thead>
              <tr>
                <th scope="col">{t('openData.id')}</th>
                <th scope="col">{t('table.indicator')}</th>
                <th scope="col">{t('openData.kind')}</th>
                <th scope="col">{t('openData.unit')}</th>
                <th scope="col">{t('openData.dimensions')}</th>
              </tr>
            </thead>
            <tbody>
              {[...dictionary.indicators, ...dictionary.studyIndicators].map((indicator) => (
                <tr key={indicator.id}>
                  <th scope="row">
                    <code>{indicator.id}</code>
                  </th>
                  <td>{labels.indicator(indicator.id, indicator.label)}</td>
                  <td>{study.has(indicator.id) ? t('studies.kind') : t(`kind.${indicator.kind}`)}</td>
                  <td>{labels.unit(indicator.unit)}</td>
                  <td>
                    <ul className="obs-dimensions">
                      {indicator.dimensions.map((dimension) => (
                        <li key={dimension.id}>
                          <code>{dimension.id}</code> — {labels.dimension(dimension.id, dimension.label)}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>
      <DisclosureNote threshold={threshold} rule={dictionary.disclosure} />
    </>
  );
}
