import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ScrollRegion } from '../../ui/components';
import { formatNumber } from '../../ui/format';

/** Rows per page: a 50,000-row table is never in the DOM at once. */
export const TABLE_PAGE = 100;

/**
 * A table behind a disclosure button: not in the DOM until opened, then one page of
 * rows at a time (`renderRow` is called for that page only).
 */
export function OnDemandTable<Row>({
  title,
  caption,
  className,
  rows,
  head,
  renderRow,
  empty,
}: {
  title: string;
  caption: string;
  className: string;
  rows: Row[];
  head: ReactNode;
  renderRow: (row: Row) => ReactNode;
  empty: string;
}): ReactNode {
  const { t } = useTranslation('views');
  const id = useId();
  const [open, setOpen] = useState(false);
  const [page, setPage] = useState(0);
  const last = Math.max(0, Math.ceil(rows.length / TABLE_PAGE) - 1);
  const current = Math.min(page, last);
  const from = current * TABLE_PAGE;
  const to = Math.min(rows.length, from + TABLE_PAGE);
  return (
    <div className="views-data">
      <button
        type="button"
        className="views-disclosure"
        aria-expanded={open}
        aria-controls={open ? `${id}-panel` : undefined}
        onClick={() => setOpen(!open)}
      >
        {title}
      </button>
      {open ? (
        <div id={`${id}-panel`}>
          {rows.length === 0 ? (
            <p className="state state-empty">{empty}</p>
          ) : (
            <>
              <ScrollRegion label={caption}>
                <table className={className}>
                  <caption className="visually-hidden">{caption}</caption>
                  <thead>{head}</thead>
                  <tbody>{rows.slice(from, to).map(renderRow)}</tbody>
                </table>
              </ScrollRegion>
              {rows.length > TABLE_PAGE ? (
                <nav className="views-pager" aria-label={t('graph.pager', { title: caption })}>
                  <Button variant="secondary" disabled={current === 0} onClick={() => setPage(current - 1)}>
                    {t('graph.previousPage')}
                  </Button>
                  <span aria-live="polite">
                    {t('graph.rows', {
                      from: formatNumber(from + 1),
                      to: formatNumber(to),
                      total: formatNumber(rows.length),
                    })}
                  </span>
                  <Button variant="secondary" disabled={current === last} onClick={() => setPage(current + 1)}>
                    {t('graph.nextPage')}
                  </Button>
                </nav>
              ) : null}
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}
