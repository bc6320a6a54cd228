import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useParams } from 'react-router';
import { useTerritory } from '../../app/territory';
import { Badge, PageHeader, QueryView } from '../../ui/components';
import { DiffusionPanel } from './DiffusionPanel';
import { QuestionnaireEditor } from './QuestionnaireEditor';
import { ResultsPanel } from './ResultsPanel';
import { useStudy } from './queries';
import { STATUS_TONE } from './shared';

/** The study's three parts, each at its own address (`…/etudes/<id>`, `/diffusion`, `/resultats`). */
const PARTS = ['', 'diffusion', 'resultats'] as const;
type Part = (typeof PARTS)[number];
const PART_LABEL: Record<Part, string> = { '': 'questionnaire', diffusion: 'diffusion', resultats: 'results' };

/** One study: its questionnaire to adapt, its diffusion, its results by prism. */
export function StudyPage(): ReactNode {
  const { t } = useTranslation('studies');
  const { territoryId } = useTerritory();
  const { studyId = '', part = '' } = useParams();
  const study = useStudy(territoryId, studyId);
  const base = `/t/${territoryId}/etudes/${studyId}`;
  const current = (PARTS as readonly string[]).includes(part) ? (part as Part) : '';
  return (
    <QueryView query={study}>
      {(detail) => {
        return (
          <>
            <p className="breadcrumb">
              <Link to={`/t/${territoryId}/etudes`}>{t('study.back')}</Link>
            </p>
            <PageHeader
              title={`${detail.title} — ${t(`study.parts.${PART_LABEL[current]}`)}`}
              subtitle={
                <>
                  <Badge tone={STATUS_TONE[detail.status]}>{t(`domain:studyStatus.${detail.status}`)}</Badge>{' '}
                  {t('study.prisms', {
                    prisms: detail.prisms.map((prism) => t(`domain:studyPrism.${prism}`)).join(', '),
                  })}
                </>
              }
            />
            <nav className="tabs" aria-label={t('study.parts.label')}>
              {PARTS.map((item) => (
                <NavLink key={item} end to={item ? `${base}/${item}` : base}>
                  {t(`study.parts.${PART_LABEL[item]}`)}
                </NavLink>
              ))}
            </nav>
            {current === '' ? <QuestionnaireEditor key={`${detail.id}-${detail.version}`} study={detail} /> : null}
            {current === 'diffusion' ? <DiffusionPanel study={detail} /> : null}
            {current === 'resultats' ? <ResultsPanel study={detail} /> : null}
          </>
        );
      }}
    </QueryView>
  );
}
