import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useTerritory } from '../../app/territory';
import { Button, errorMessage } from '../../ui/components';
import { useNotify } from '../../ui/notices';
import { useCreateCaseStudy } from './case-study-queries';

// Apart from the case studies' pages, which load on demand: the action's and the alliance's pages show it.
/** « En faire un retour d’expérience » on an action's or an alliance's page: a draft prefilled from it. */
export function StartCaseStudyButton({
  source,
  sourceId,
}: {
  source: 'action' | 'alliance';
  sourceId: string;
}): ReactNode {
  const { t } = useTranslation(['resources', 'common']);
  const { territoryId } = useTerritory();
  const navigate = useNavigate();
  const notify = useNotify();
  const create = useCreateCaseStudy(territoryId, {
    onSuccess: (created) => void navigate(`/t/${territoryId}/retours-experience/${created.id}`),
    onError: (error) => notify('error', errorMessage(error, t)),
  });
  return (
    <Button variant="secondary" busy={create.isPending} onClick={() => create.mutate({ source, sourceId })}>
      {t('resources:caseStudies.start')}
    </Button>
  );
}
