import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, PageHeader, QueryView } from '../../ui/components';
import { formatDateTime } from '../../ui/format';
import {
  capitalize,
  currentMonth,
  formatMonth,
  monthsBetween,
  useDictionary,
  usePublication,
  type Dictionary,
  type Publication,
} from './data';
import { PublishPanel } from './PublishPanel';
import { HelpLink } from '../help/HelpPages';

export interface PublishedContext {
  publication: Publication;
  dictionary: Dictionary;
  /** The publication's months, newest first. */
  months: string[];
  threshold: number;
}

/** "Publication du … — de novembre 2024 à octobre 2026". */
export function PublicationLine({ publication }: { publication: Publication }): ReactNode {
  const { t } = useTranslation('observatory');
  return t('publication.line', {
    date: formatDateTime(publication.computedAt),
    from: formatMonth(publication.periodFrom),
    to: formatMonth(publication.periodTo),
  });
}

/**
 * The frame of every observatory page: its heading with the publication's
 * date and months, the administrator's publish action when asked, and the
 * loading, error and "nothing published yet" states around the page's content.
 */
export function ObservatoryPage({
  title,
  intro,
  publish = false,
  unpublished,
  children,
}: {
  title: string;
  intro?: string;
  publish?: boolean;
  /** What the page still shows before the first publication. */
  unpublished?: ReactNode;
  children: (context: PublishedContext) => ReactNode;
}): ReactNode {
  const { t } = useTranslation('observatory');
  const publication = usePublication();
  const dictionary = useDictionary();
  return (
    <>
      <PageHeader
        title={title}
        subtitle={publication.data ? <PublicationLine publication={publication.data} /> : intro}
        actions={<HelpLink area="observatoire" />}
      />
      {publication.data && intro ? <p className="obs-intro">{intro}</p> : null}
      {publish ? <PublishPanel /> : null}
      <QueryView query={publication}>
        {(published) =>
          published === null ? (
            <>
              <Empty>{t('publication.none')}</Empty>
              {unpublished}
            </>
          ) : (
            <QueryView query={dictionary}>
              {(dict) =>
                children({
                  publication: published,
                  dictionary: dict,
                  months: monthsBetween(published.periodFrom, published.periodTo),
                  threshold: published.threshold,
                })
              }
            </QueryView>
          )
        }
      </QueryView>
    </>
  );
}

/**
 * "Novembre 2026", or "Décembre 2026 (en cours)" for the month still running;
 * `inSentence` keeps the month's lower case ("novembre 2026").
 */
export function useMonthLabel(): (month: string, inSentence?: boolean) => string {
  const { t } = useTranslation('observatory');
  return (month: string, inSentence = false) => {
    const name = inSentence ? formatMonth(month) : capitalize(formatMonth(month));
    return month === currentMonth() ? t('period.running', { month: name }) : name;
  };
}

export const monthLabel = (month: string): string => capitalize(formatMonth(month));
