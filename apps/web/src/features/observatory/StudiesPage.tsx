import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PHARE_REFERENCE_FIGURES, PHARE_REFERENCE_LABEL } from '@maillage/contract';
import type { Schemas } from '../../api/client';
import { Empty, QueryView, ScrollRegion } from '../../ui/components';
import { formatMonth } from '../../ui/format';
import { AreaPicker, useAreaSelection } from './AreaPicker';
import { BarsChart, ChartFigure, type ChartRow } from './charts';
import { Count, DisclosureNote, Share } from './figures';
import { ObservatoryPage, type PublishedContext } from './shared';
import { useStudies } from './queries';

type Studies = Schemas['ObservatoryStudiesDto'];
type Figure = Schemas['StudyFigureDto'];
type Reference = Schemas['StudyReferenceFigureDto'];

/** PHARE's reference for the devoir d'alliances of a prism (none was published for public bodies). */
const DUTY_REFERENCE: Partial<Record<string, string>> = {
  inhabitant: 'duty_of_alliances_inhabitants',
  company: 'duty_of_alliances_companies',
  association: 'duty_of_alliances_associations',
};

/** A share as a percentage for the charts (not drawn when withheld). */
const percent = (share: number | null | undefined): number | null =>
  share === null || share === undefined ? null : Math.round(share * 1000) / 10;

/** The territorial studies in the observatory: the regard croisé of the sharing territories, beside PHARE. */
export function StudiesPage(): ReactNode {
  const { t } = useTranslation('observatory');
  return (
    <ObservatoryPage
      title={t('studies.title')}
      intro={t('studies.intro')}
      // PHARE's figures are the contract's: they stand before anything is published.
      unpublished={
        <ReferenceNote reference={{ label: PHARE_REFERENCE_LABEL, figures: [...PHARE_REFERENCE_FIGURES] }} />
      }
    >
      {(context) => <StudiesView {...context} />}
    </ObservatoryPage>
  );
}

function StudiesView({ dictionary, threshold }: PublishedContext): ReactNode {
  const { t } = useTranslation('observatory');
  const selection = useAreaSelection();
  const studies = useStudies(selection.area);
  return (
    <>
      <section className="card" aria-label={t('studies.filters')}>
        <AreaPicker selection={selection} />
      </section>
      <QueryView query={studies}>
        {(data) => (
          <>
            <h2 className="obs-area-title">
              {t('studies.areaTitle', {
                area: data.area.name,
                from: formatMonth(data.period.from),
                to: formatMonth(data.period.to),
              })}
            </h2>
            {data.territories === 0 ? (
              <Empty>{t('studies.empty')}</Empty>
            ) : (
              <>
                <p>{t('studies.territories', { count: data.territories })}</p>
                <DutyOfAlliances data={data} threshold={threshold} />
                <Fragilities data={data} threshold={threshold} />
                <Views data={data} threshold={threshold} />
              </>
            )}
            <ReferenceNote reference={data.reference} />
          </>
        )}
      </QueryView>
      <DisclosureNote threshold={threshold} rule={dictionary.disclosure} />
    </>
  );
}

function useReference(data: Studies): (key: string | undefined) => Reference | undefined {
  return (key) => data.reference.figures.find((figure) => figure.key === key);
}

/** A count, as published or withheld. */
function Published({ figure, threshold }: { figure: Figure; threshold: number }): ReactNode {
  return <Count value={figure.value} suppressed={figure.suppressed} threshold={threshold} />;
}

/** One section of the page: its heading, a chart and the table carrying the same figures. */
function StudySection({
  id,
  title,
  intro,
  caption,
  chart,
  tableLabel,
  columns,
  children,
}: {
  id: string;
  title: string;
  intro?: string;
  caption: string;
  chart: ReactNode;
  tableLabel: string;
  /** The header cells after the first (figures, right-aligned). */
  columns: { key: string; label: string; first?: boolean }[];
  children: ReactNode;
}): ReactNode {
  return (
    <section className="card" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {intro ? <p className="muted">{intro}</p> : null}
      <ChartFigure caption={caption} chart={chart}>
        <ScrollRegion label={tableLabel}>
          <table className="obs-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column.key} scope="col" className={column.first ? undefined : 'num'}>
                    {column.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </ScrollRegion>
      </ChartFigure>
    </section>
  );
}

function DutyOfAlliances({ data, threshold }: { data: Studies; threshold: number }): ReactNode {
  const { t } = useTranslation('observatory');
  const reference = useReference(data);
  const rows = data.dutyOfAlliances.map((line) => ({
    ...line,
    name: t(`studies.prism.${line.prism}`),
    reference: reference(DUTY_REFERENCE[line.prism]),
  }));
  const chart: ChartRow[] = rows.map((row) => ({
    label: row.name,
    maillage: percent(row.agreeing.share),
    phare: row.reference?.percent ?? null,
  }));
  return (
    <StudySection
      id="obs-studies-duty"
      title={t('studies.duty.title')}
      intro={t('studies.duty.question')}
      caption={t('studies.duty.caption', { area: data.area.name })}
      chart={
        <BarsChart
          data={chart}
          series={[
            { key: 'maillage', name: t('studies.series.maillage') },
            { key: 'phare', name: t('studies.series.phare') },
          ]}
        />
      }
      tableLabel={t('studies.duty.table')}
      columns={[
        { key: 'prism', label: t('studies.prismColumn'), first: true },
        { key: 'respondents', label: t('studies.respondents') },
        { key: 'agreeing', label: t('studies.duty.agreeing') },
        { key: 'share', label: t('table.share') },
        { key: 'phare', label: t('studies.series.phare') },
      ]}
    >
      {rows.map((row) => (
        <tr key={row.prism}>
          <th scope="row">{row.name}</th>
          <td className="num">
            <Published figure={row.respondents} threshold={threshold} />
          </td>
          <td className="num">
            <Published figure={row.agreeing} threshold={threshold} />
          </td>
          <td className="num">
            <Share value={row.agreeing.share} />
          </td>
          <td className="num">
            <Share value={row.reference ? row.reference.percent / 100 : null} />
          </td>
        </tr>
      ))}
    </StudySection>
  );
}

function Fragilities({ data, threshold }: { data: Studies; threshold: number }): ReactNode {
  const { t } = useTranslation(['observatory', 'domain']);
  const names = data.fragilities[0]?.fragilities.map((item) => item.fragility) ?? [];
  const label = (fragility: string) => t(`domain:fragility.${fragility}`);
  const chart: ChartRow[] = names.map((fragility) => ({
    label: label(fragility),
    ...Object.fromEntries(
      data.fragilities.map((line) => [
        line.prism,
        percent(line.fragilities.find((item) => item.fragility === fragility)?.count.share),
      ]),
    ),
  }));
  return (
    <StudySection
      id="obs-studies-fragilities"
      title={t('studies.fragilities.title')}
      caption={t('studies.fragilities.caption', { area: data.area.name })}
      chart={
        <BarsChart
          data={chart}
          series={data.fragilities.map((line) => ({ key: line.prism, name: t(`studies.prism.${line.prism}`) }))}
        />
      }
      tableLabel={t('studies.fragilities.table')}
      columns={[
        { key: 'fragility', label: t('studies.fragilities.fragility'), first: true },
        ...data.fragilities.map((line) => ({ key: line.prism, label: t(`studies.prism.${line.prism}`) })),
      ]}
    >
      <tr className="obs-total">
        <th scope="row">{t('studies.respondents')}</th>
        {data.fragilities.map((line) => (
          <td key={line.prism} className="num">
            <Published figure={line.respondents} threshold={threshold} />
          </td>
        ))}
      </tr>
      {names.map((fragility) => (
        <tr key={fragility}>
          <th scope="row">{label(fragility)}</th>
          {data.fragilities.map((line) => {
            const count = line.fragilities.find((item) => item.fragility === fragility)?.count;
            return (
              <td key={line.prism} className="num">
                {count ? <Published figure={count} threshold={threshold} /> : null}
                {count?.share !== null && count?.share !== undefined ? (
                  <span className="muted">
                    {' '}
                    (<Share value={count.share} />)
                  </span>
                ) : null}
              </td>
            );
          })}
        </tr>
      ))}
    </StudySection>
  );
}

/** The mayors' and public bodies' views, each beside PHARE-Institutions' figure for mayors. */
function Views({ data, threshold }: { data: Studies; threshold: number }): ReactNode {
  const { t } = useTranslation('observatory');
  const reference = useReference(data);
  const mayors = data.views.find((view) => view.group === 'mayor');
  const publicBodies = data.views.find((view) => view.group === 'public_body');
  if (!mayors || !publicBodies) return null;
  const lines = [
    {
      key: 'innovation',
      of: (view: typeof mayors) => view.innovation.agreeing,
      reference: reference('mayors_partnership_innovation'),
    },
    {
      key: 'inDynamic',
      of: (view: typeof mayors) => view.dynamic.inDynamic,
      reference: reference('mayors_dynamic'),
    },
    {
      key: 'emerging',
      of: (view: typeof mayors) => view.dynamic.emerging,
      reference: reference('mayors_dynamic_emerging'),
    },
    { key: 'established', of: (view: typeof mayors) => view.dynamic.established, reference: undefined },
  ];
  const chart: ChartRow[] = lines.map((line) => ({
    label: t(`studies.views.${line.key}`),
    mayors: percent(line.of(mayors).share),
    publicBodies: percent(line.of(publicBodies).share),
    phare: line.reference?.percent ?? null,
  }));
  const respondents = (view: typeof mayors, key: string) =>
    key === 'innovation' ? view.innovation.respondents : view.dynamic.respondents;
  return (
    <StudySection
      id="obs-studies-views"
      title={t('studies.views.title')}
      caption={t('studies.views.caption', { area: data.area.name })}
      chart={
        <BarsChart
          data={chart}
          series={[
            { key: 'mayors', name: t('studies.views.mayors') },
            { key: 'publicBodies', name: t('studies.views.publicBodies') },
            { key: 'phare', name: t('studies.views.phare') },
          ]}
        />
      }
      tableLabel={t('studies.views.table')}
      columns={[
        { key: 'statement', label: t('studies.views.statement'), first: true },
        { key: 'mayors', label: t('studies.views.mayors') },
        { key: 'publicBodies', label: t('studies.views.publicBodies') },
        { key: 'phare', label: t('studies.views.phare') },
      ]}
    >
      {lines.map((line) => (
        <tr key={line.key}>
          <th scope="row">{t(`studies.views.${line.key}`)}</th>
          {[mayors, publicBodies].map((view) => (
            <td key={view.group} className="num">
              <Published figure={line.of(view)} threshold={threshold} />
              {' / '}
              <Published figure={respondents(view, line.key)} threshold={threshold} />
              <span className="muted">
                {' '}
                (<Share value={line.of(view).share} />)
              </span>
            </td>
          ))}
          <td className="num">
            <Share value={line.reference ? line.reference.percent / 100 : null} />
          </td>
        </tr>
      ))}
    </StudySection>
  );
}

/** PHARE's figures, said to be reference values of 2015–2016 and not Maillage's. */
function ReferenceNote({ reference }: { reference: Studies['reference'] }): ReactNode {
  const { t } = useTranslation('observatory');
  return (
    <section className="card obs-reference" aria-labelledby="obs-studies-reference">
      <h3 id="obs-studies-reference">{t('studies.series.phare')}</h3>
      <p>{reference.label}</p>
      <ul>
        {reference.figures.map((figure) => (
          <li key={figure.key}>
            <strong>
              <Share value={figure.percent / 100} />
            </strong>{' '}
            {figure.label} <span className="muted">({figure.source})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
