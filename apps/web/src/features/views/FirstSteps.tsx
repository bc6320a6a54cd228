import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Schemas } from '../../api/client';
import { useTerritory } from '../../app/territory';
import { Button } from '../../ui/components';

type StepKey = Schemas['FirstStepDto']['key'];

/** Where each step is taken, relative to the territory. */
const STEP_PATHS: Record<StepKey, string> = {
  actors: 'annuaire/nouveau',
  priorities: 'enjeux',
  organisations: 'membres',
  actions: 'actions/nouvelle',
  observatory: 'partage',
};

const hiddenKey = (territoryId: string) => `maillage.first-steps.hidden.${territoryId}`;

function readHidden(territoryId: string): boolean {
  try {
    return window.localStorage.getItem(hiddenKey(territoryId)) === '1';
  } catch {
    return false;
  }
}

function writeHidden(territoryId: string, hidden: boolean): void {
  try {
    if (hidden) window.localStorage.setItem(hiddenKey(territoryId), '1');
    else window.localStorage.removeItem(hiddenKey(territoryId));
  } catch {
    // Private browsing: the choice lasts for the page only.
  }
}

/**
 * « Premiers pas »: the five steps of a new workspace, each a link to where it
 * is taken, ticked from the territory's data (never from this browser). Shown
 * while a step remains; once all are done, it can be put away (remembered per
 * territory in this browser) and brought back.
 */
export function FirstStepsCard({ data }: { data: Schemas['FirstStepsDto'] }): ReactNode {
  const { t } = useTranslation('views');
  const { territoryId } = useTerritory();
  const [hidden, setHidden] = useState(() => readHidden(territoryId));
  const done = data.remaining === 0;
  const toggle = (next: boolean) => () => {
    writeHidden(territoryId, next);
    setHidden(next);
  };
  if (done && hidden) {
    return (
      <p className="first-steps-again">
        <Button variant="tertiary" onClick={toggle(false)}>
          {t('firstSteps.show')}
        </Button>
      </p>
    );
  }
  const total = data.steps.length;
  return (
    <section className="card first-steps" aria-labelledby="first-steps-title">
      <h2 id="first-steps-title">{t('firstSteps.title')}</h2>
      <p className="muted">
        {done
          ? t('firstSteps.allDone')
          : t('firstSteps.progress', { count: total - data.remaining, done: total - data.remaining, total })}
      </p>
      <ol className="first-steps-list">
        {data.steps.map((step) => (
          <li key={step.key} className={step.done ? 'first-step done' : 'first-step'}>
            <span className="first-step-mark" aria-hidden="true">
              {step.done ? '✓' : ''}
            </span>
            <div>
              <Link to={`/t/${territoryId}/${STEP_PATHS[step.key]}`}>{t(`firstSteps.steps.${step.key}.link`)}</Link>
              {step.key === 'actors' && !step.done ? (
                <>
                  {' '}
                  {t('firstSteps.or')} <Link to={`/t/${territoryId}/imports/nouveau`}>{t('firstSteps.import')}</Link>
                </>
              ) : null}
              <p className="first-step-help muted">{t(`firstSteps.steps.${step.key}.help`)}</p>
              <p className="first-step-state">
                {step.done ? t(`firstSteps.steps.${step.key}.done`, { count: step.count }) : t('firstSteps.todo')}
              </p>
            </div>
          </li>
        ))}
      </ol>
      {done ? (
        <Button variant="secondary" onClick={toggle(true)}>
          {t('firstSteps.hide')}
        </Button>
      ) : null}
    </section>
  );
}
