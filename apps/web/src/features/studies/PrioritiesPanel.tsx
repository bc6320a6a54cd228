import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTerritory } from '../../app/territory';
import { Button, Checkbox, FormErrors, SelectField, TextField } from '../../ui/components';
import { formatPercent } from '../../ui/format';
import { usePriorities } from '../activity/queries';
import { useCreatePriorities, type PriorityItem } from './queries';
import { priorityCandidates, type PriorityCandidate } from './results-model';
import type { StudyDetail, StudyResults } from './types';

/** What the coordinator decided for one option: a new enjeu (its title) or an existing one. */
interface Choice {
  target: string;
  title: string;
}

const NEW = 'new';

/** One option of the results: ticked to become an enjeu, then a new one or an existing one. */
function CandidateRow({
  candidate,
  choice,
  priorities,
  onChange,
}: {
  candidate: PriorityCandidate;
  choice: Choice | undefined;
  priorities: { id: string; title: string }[];
  onChange: (next: Choice | undefined) => void;
}): ReactNode {
  const { t } = useTranslation(['studies', 'domain']);
  const share =
    candidate.shares.length === 0
      ? t('studies:priorities.noShare')
      : candidate.shares
          .map(({ column, percent }) =>
            t('studies:priorities.share', {
              who: t(column === 'all' ? 'studies:priorities.allRespondents' : `domain:studyPrism.${column}`),
              percent: formatPercent(percent / 100),
            }),
          )
          .join(', ');
  return (
    <li className="study-candidate">
      <Checkbox
        label={`${candidate.label} — ${share} (${t(`domain:fragility.${candidate.fragility}`)})`}
        checked={choice !== undefined}
        onChange={(event) => onChange(event.target.checked ? { target: NEW, title: '' } : undefined)}
      />
      {choice ? (
        <div className="study-candidate-choice">
          <SelectField
            label={t('studies:priorities.target', { option: candidate.label })}
            options={[
              { value: NEW, label: t('studies:priorities.new') },
              ...priorities.map((priority) => ({ value: priority.id, label: priority.title })),
            ]}
            value={choice.target}
            onChange={(event) => onChange({ ...choice, target: event.target.value })}
          />
          {choice.target === NEW ? (
            <TextField
              label={t('studies:priorities.title', { option: candidate.label })}
              hint={t('studies:priorities.titleHint')}
              value={choice.title}
              maxLength={200}
              onChange={(event) => onChange({ ...choice, title: event.target.value })}
            />
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

/**
 * « Créer des enjeux »: options of the fragility and priority questions picked from the results,
 * each a new enjeu or added to an existing one, in one step; then the links to the enjeux.
 */
export function PrioritiesPanel({ study, results }: { study: StudyDetail; results: StudyResults }): ReactNode {
  const { t } = useTranslation('studies');
  const { territoryId } = useTerritory();
  const priorities = usePriorities();
  const candidates = priorityCandidates(study.questions, results.questions);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [missing, setMissing] = useState(false);
  const [done, setDone] = useState<{ created: { title: string }[]; updated: { title: string }[] } | null>(null);
  const create = useCreatePriorities(territoryId, study.id, {
    onSuccess: (result) => {
      setDone(result);
      setChoices({});
    },
  });
  if (candidates.length === 0) return null;
  const id = (candidate: PriorityCandidate) => `${candidate.questionKey}.${candidate.optionKey}`;
  const questions = [...new Set(candidates.map((candidate) => candidate.questionKey))];
  const existing = (priorities.data ?? []).map((priority) => ({ id: priority.id, title: priority.title }));
  return (
    <section className="card study-priorities" aria-labelledby="study-priorities-title">
      <h2 id="study-priorities-title">{t('priorities.heading')}</h2>
      <p className="muted">{t('priorities.intro')}</p>
      {done ? (
        <div className="alert alert-success" role="status">
          <p>{t('priorities.done', { created: done.created.length, updated: done.updated.length })}</p>
          <ul>
            {[...done.created, ...done.updated].map((priority) => (
              <li key={priority.title}>{priority.title}</li>
            ))}
          </ul>
          <p>
            <Link to={`/t/${territoryId}/enjeux`}>{t('priorities.see')}</Link>
          </p>
        </div>
      ) : null}
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const items: PriorityItem[] = candidates.flatMap((candidate) => {
            const choice = choices[id(candidate)];
            if (!choice) return [];
            const keys = { optionKey: candidate.optionKey, questionKey: candidate.questionKey };
            return [
              choice.target === NEW
                ? { ...keys, ...(choice.title.trim() ? { title: choice.title.trim() } : {}) }
                : { ...keys, priorityId: choice.target },
            ];
          });
          setMissing(items.length === 0);
          setDone(null);
          if (items.length > 0) create.mutate(items);
        }}
      >
        <FormErrors error={create.error} />
        {missing ? (
          <p className="field-error" role="alert">
            {t('priorities.chooseOne')}
          </p>
        ) : null}
        {questions.map((questionKey) => {
          const own = candidates.filter((candidate) => candidate.questionKey === questionKey);
          return (
            <fieldset key={questionKey} className="field">
              <legend>{own[0]?.questionLabel}</legend>
              <ul className="study-candidates">
                {own.map((candidate) => (
                  <CandidateRow
                    key={id(candidate)}
                    candidate={candidate}
                    choice={choices[id(candidate)]}
                    priorities={existing}
                    onChange={(next) =>
                      setChoices((current) => {
                        const { [id(candidate)]: _old, ...rest } = current;
                        return next ? { ...rest, [id(candidate)]: next } : rest;
                      })
                    }
                  />
                ))}
              </ul>
            </fieldset>
          );
        })}
        <div className="form-actions">
          <Button type="submit" busy={create.isPending}>
            {t('priorities.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}
