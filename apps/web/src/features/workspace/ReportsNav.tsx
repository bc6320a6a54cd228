import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useTerritory } from '../../app/territory';

/** Switches between ordered reports and their schedules. */
export function ReportsNav(): ReactNode {
  const { t } = useTranslation('workspace');
  const { territoryId } = useTerritory();
  const base = `/t/${territoryId}/rapports`;
  return (
    <nav className="subnav" aria-label={t('reports.subnav')}>
      <ul>
        <li>
          <NavLink to={base} end>
            {t('reports.orderedTab')}
          </NavLink>
        </li>
        <li>
          <NavLink to={`${base}/planification`}>{t('schedules.title')}</NavLink>
        </li>
      </ul>
    </nav>
  );
}
