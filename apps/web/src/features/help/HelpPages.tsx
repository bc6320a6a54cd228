import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../ui/components';

/** The help's areas, in the order of the territory's menu; each has its page at `/aide/<area>`. */
export const HELP_AREAS = [
  'annuaire',
  'enjeux',
  'actions',
  'alliances',
  'carte-et-graphe',
  'rapports',
  'imports',
  'membres',
  'observatoire',
] as const;
export type HelpArea = (typeof HELP_AREAS)[number];

const isArea = (value: string | undefined): value is HelpArea =>
  (HELP_AREAS as readonly string[]).includes(value ?? '');

/** `/aide`: what Maillage is for, and one entry per area. */
export function HelpIndexPage(): ReactNode {
  const { t } = useTranslation('help');
  return (
    <>
      <PageHeader title={t('title')} />
      <p className="help-intro">{t('intro')}</p>
      <section aria-labelledby="help-areas">
        <h2 id="help-areas">{t('areasTitle')}</h2>
        <ul className="help-areas">
          {HELP_AREAS.map((area) => (
            <li key={area} className="card">
              <h3>
                <Link to={`/aide/${area}`}>{t(`areas.${area}.title`)}</Link>
              </h3>
              <p>{t(`areas.${area}.summary`)}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

/** `/aide/:area`: one area explained in plain words (text from the catalogue, rendered as text). */
export function HelpAreaPage(): ReactNode {
  const { t } = useTranslation('help');
  const { area } = useParams();
  if (!isArea(area)) {
    return (
      <>
        <PageHeader title={t('title')} />
        <p>{t('notFound')}</p>
        <p>
          <Link to="/aide">{t('back')}</Link>
        </p>
      </>
    );
  }
  const paragraphs = t(`areas.${area}.paragraphs`, { returnObjects: true }) as unknown;
  return (
    <>
      <PageHeader title={t(`areas.${area}.title`)} subtitle={t(`areas.${area}.summary`)} />
      <div className="help-text">
        {(Array.isArray(paragraphs) ? paragraphs : []).map((text, index) => (
          <p key={index}>{String(text)}</p>
        ))}
      </div>
      <p>
        <Link to="/aide">{t('back')}</Link>
      </p>
    </>
  );
}

/** The « Aide » link of an area's page header, to that area's help page. */
export function HelpLink({ area }: { area: HelpArea }): ReactNode {
  const { t } = useTranslation('help');
  return (
    <Link to={`/aide/${area}`} className="btn btn-tertiary help-link">
      {t('pageLink')}
      <span className="visually-hidden"> : {t(`areas.${area}.title`)}</span>
    </Link>
  );
}
