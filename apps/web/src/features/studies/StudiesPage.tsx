import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { StudyTemplateKey } from '@maillage/contract';
import { useTerritory } from '../../app/territory';
import {
  Badge,
  Button,
  Dialog,
  fieldErrors,
  FormErrors,
  PageHeader,
  QueryView,
  ScrollRegion,
  TextField,
} from '../../ui/components';
import { formatDate, formatNumber, formatPercent } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { useCreateStudy, useStudies, useStudyTemplates } from './queries';
import { STATUS_TONE } from './shared';

/** « Nouvelle étude »: one of the shipped questionnaires, with its description and source, and a title. */
function NewStudyDialog({ open, onClose }: { open: boolean; onClose: () => void }): ReactNode {
  const { t } = useTranslation('studies');
  const { territoryId } = useTerritory();
  const navigate = useNavigate();
  const notify = useNotify();
  const templates = useStudyTemplates(territoryId);
  const [templateKey, setTemplateKey] = useState<StudyTemplateKey | ''>('');
  const [title, setTitle] = useState('');
  const [missing, setMissing] = useState(false);
  const create = useCreateStudy(territoryId, {
    onSuccess: (study) => {
      notify('success', t('create.done'));
      void navigate(`/t/${territoryId}/etudes/${study.id}`);
    },
  });
  return (
    <Dialog open={open} title={t('create.title')} onClose={onClose}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setMissing(!templateKey);
          if (templateKey) create.mutate({ templateKey, ...(title.trim() ? { title: title.trim() } : {}) });
        }}
      >
        <FormErrors error={create.error} />
        <QueryView query={templates}>
          {(data) => (
            <fieldset className={`field study-templates${missing ? ' field-invalid' : ''}`}>
              <legend>
                {t('create.template')} <span className="required">{t('common:form.required')}</span>
              </legend>
              {data.items.map((template) => (
                <div key={template.key} className="study-template">
                  <input
                    type="radio"
                    name="study-template"
                    id={`study-template-${template.key}`}
                    aria-describedby={`study-template-${template.key}-about`}
                    checked={templateKey === template.key}
                    onChange={() => setTemplateKey(template.key as StudyTemplateKey)}
                  />
                  <div>
                    <label htmlFor={`study-template-${template.key}`}>{template.title}</label>
                    <div id={`study-template-${template.key}-about`}>
                      <p>{template.description}</p>
                      <p className="muted">{t('create.source', { source: template.source })}</p>
                      <p className="muted">
                        {t('create.prisms', {
                          prisms: template.prisms.map((prism) => t(`domain:studyPrism.${prism}`)).join(', '),
                          count: template.questions.length,
                        })}
                      </p>
                    </div>
                  </div>
                </div>
              ))}
              {missing ? <p className="field-error">{t('create.chooseTemplate')}</p> : null}
            </fieldset>
          )}
        </QueryView>
        <TextField
          label={t('create.studyTitle')}
          hint={t('create.studyTitleHint')}
          value={title}
          maxLength={200}
          errors={fieldErrors(create.error, 'title')}
          onChange={(event) => setTitle(event.target.value)}
        />
        <div className="form-actions">
          <Button type="submit" busy={create.isPending}>
            {t('create.submit')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** The territory's studies: status, response rate, responses; « Nouvelle étude ». */
export function StudiesPage(): ReactNode {
  const { t } = useTranslation('studies');
  const { territoryId } = useTerritory();
  const studies = useStudies(territoryId);
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title={t('list.title')}
        subtitle={t('list.intro')}
        actions={<Button onClick={() => setCreating(true)}>{t('list.new')}</Button>}
      />
      <NewStudyDialog open={creating} onClose={() => setCreating(false)} />
      <QueryView query={studies} isEmpty={(data) => data.items.length === 0} empty={t('list.empty')}>
        {(data) => (
          <ScrollRegion label={t('list.title')}>
            <table>
              <caption className="visually-hidden">{t('list.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('list.columns.title')}</th>
                  <th scope="col">{t('list.columns.status')}</th>
                  <th scope="col">{t('list.columns.created')}</th>
                  <th scope="col" className="num">
                    {t('list.columns.invitations')}
                  </th>
                  <th scope="col" className="num">
                    {t('list.columns.rate')}
                  </th>
                  <th scope="col" className="num">
                    {t('list.columns.responses')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((study) => (
                  <tr key={study.id}>
                    <th scope="row">
                      <Link to={`/t/${territoryId}/etudes/${study.id}`}>{study.title}</Link>
                    </th>
                    <td>
                      <Badge tone={STATUS_TONE[study.status]}>{t(`domain:studyStatus.${study.status}`)}</Badge>
                      {study.publicLinkOpen ? <span className="muted"> {t('list.publicLinkOpen')}</span> : null}
                    </td>
                    <td>{formatDate(study.createdAt)}</td>
                    <td className="num">
                      {t('list.answeredOf', {
                        answered: formatNumber(study.invitations.answered),
                        total: formatNumber(study.invitations.total),
                      })}
                    </td>
                    <td className="num">
                      {study.responseRate === null ? t('list.noInvitation') : formatPercent(study.responseRate)}
                    </td>
                    <td className="num">{formatNumber(study.responses.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </QueryView>
    </>
  );
}
