import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber, formatPercent } from '../../ui/format';
import { DEFAULT_THRESHOLD } from './data';

export const NOTE_ID = 'observatoire-secret';

/**
 * A count covered by statistical secrecy: "< 5" (the publication's threshold;
 * zeros where territories share are withheld too), with its explanation as a tooltip, a footnote mark and for screen readers.
 */
export function Suppressed({ threshold = DEFAULT_THRESHOLD }: { threshold?: number }): ReactNode {
  const { t } = useTranslation('observatory');
  return (
    <span className="obs-suppressed" title={t('suppressed.title', { max: threshold - 1 })}>
      <span>{`< ${formatNumber(threshold)}`}</span>
      <sup aria-hidden="true">*</sup>
      <span className="visually-hidden">{t('suppressed.spoken')}</span>
    </span>
  );
}

/** A published count, a suppressed one, or a dash when the figure is not published at all. */
export function Count({
  value,
  suppressed,
  threshold,
}: {
  value: number | null | undefined;
  suppressed?: boolean;
  threshold?: number;
}): ReactNode {
  if (suppressed) return <Suppressed threshold={threshold} />;
  return formatNumber(value ?? null);
}

export function Share({ value }: { value: number | null | undefined }): ReactNode {
  return formatPercent(value ?? null);
}

/** The footnote every page with figures ends with: what "< 5" means. */
export function DisclosureNote({
  threshold = DEFAULT_THRESHOLD,
  rule,
}: {
  threshold?: number;
  rule?: string;
}): ReactNode {
  const { t } = useTranslation('observatory');
  return (
    <div className="obs-note" id={NOTE_ID}>
      <p>
        <span aria-hidden="true">* </span>
        {t('suppressed.note', { max: threshold - 1, below: `< ${formatNumber(threshold)}` })}
      </p>
      {rule ? <p className="muted">{rule}</p> : null}
    </div>
  );
}
