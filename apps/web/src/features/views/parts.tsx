import { formatMonth as formatMonthIn } from '../../ui/format';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ScrollRegion } from '../../ui/components';

/** A chart with its heading and, behind a disclosure, the same figures as a table (RGAA 1.8). */
export function ChartFigure({
  title,
  description,
  table,
  children,
}: {
  title: string;
  /** One sentence saying what the chart shows, read before the chart. */
  description?: ReactNode;
  table: ReactNode;
  children: ReactNode;
}): ReactNode {
  const { t } = useTranslation('views');
  const id = useId();
  return (
    <section className="card views-chart" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {description ? <p className="muted views-chart-description">{description}</p> : null}
      <div className="views-chart-canvas">{children}</div>
      <details className="views-data">
        <summary>{t('common.showData', { title })}</summary>
        <ScrollRegion label={t('common.dataOf', { title })}>{table}</ScrollRegion>
      </details>
    </section>
  );
}

/** A legend: coloured swatches with their labels, as a list. */
export function Legend({
  label,
  items,
  shape = 'square',
}: {
  label: string;
  items: { key: string; label: string; colour: string; line?: 'solid' | 'dashed' | 'dotted'; approximate?: boolean }[];
  shape?: 'square' | 'circle' | 'line';
}): ReactNode {
  return (
    <div className="views-legend">
      <p className="views-legend-title">{label}</p>
      <ul>
        {items.map((item) => (
          <li key={item.key}>
            <span
              className={`views-swatch views-swatch-${shape}${item.approximate ? ' views-swatch-approximate' : ''}`}
              style={
                shape === 'line'
                  ? { borderTopColor: item.colour, borderTopStyle: item.line ?? 'solid' }
                  : { background: item.colour }
              }
              aria-hidden="true"
            />
            {item.label}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "janv. 2026" from "2026-01" (one argument: usable as a chart tick formatter). */
export function formatMonth(month: string): string {
  return formatMonthIn(month, 'short');
}

/** YYYY-MM-DD of a local date. */
export function isoDate(date: Date): string {
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}
