import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth/auth';
import { Button, ErrorState, FormErrors, ProgressBar } from '../../ui/components';
import { formatDateTime, formatNumber } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { observatoryKeys, ROLLUP_FINISHED as FINISHED, useOrderRollup, useRollup } from './queries';

/**
 * "Publier maintenant", for platform administrators: orders a rollup, follows
 * its job until it ends, then reloads every observatory view.
 */
export function PublishPanel(): ReactNode {
  const { me } = useAuth();
  if (!me?.roles.includes('platform_admin')) return null;
  return <Publish />;
}

function Publish(): ReactNode {
  const { t } = useTranslation('observatory');
  const notify = useNotify();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [jobId, setJobId] = useState<string>();
  const announced = useRef<string | undefined>(undefined);
  const order = useOrderRollup({ onSuccess: (result) => setJobId(result.jobId) });
  const job = useRollup(jobId);
  const state = job.data?.state;

  useEffect(() => {
    if (!job.data || !jobId || announced.current === jobId || !FINISHED.includes(job.data.state)) return;
    announced.current = jobId;
    if (job.data.state === 'completed') {
      notify('success', t('publish.notified', { count: job.data.result?.territories ?? 0 }));
      void queryClient.invalidateQueries({ queryKey: observatoryKeys.all });
    } else {
      notify('error', t('publish.failedNotice'));
    }
  }, [job.data, jobId, notify, queryClient, t]);

  const summary = (result: {
    territories: number;
    cells: number;
    suppressed: { primary: number; complementary: number };
  }) => {
    const suppressed = result.suppressed.primary + result.suppressed.complementary;
    return t('publish.summary', {
      territories: t('publish.territories', { count: result.territories, value: formatNumber(result.territories) }),
      cells: t('publish.cells', { count: result.cells, value: formatNumber(result.cells) }),
      suppressed: t('publish.suppressed', { count: suppressed, value: formatNumber(suppressed) }),
    });
  };
  const running = Boolean(jobId) && !FINISHED.includes(state ?? '');
  return (
    <section className="card obs-publish" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('publish.title')}</h2>
      <p className="muted">{t('publish.intro')}</p>
      <FormErrors error={order.error} />
      <Button busy={order.isPending || running} onClick={() => order.mutate()}>
        {t('publish.submit')}
      </Button>
      {jobId ? (
        <div className="obs-publish-state">
          {/* Only the state sentence is live: the percentage changes every second and the error is an alert of its own. */}
          <p role="status" aria-live="polite">
            {job.error ? null : (
              <>
                <strong>{t(`publish.state.${state ?? 'waiting'}`, { defaultValue: state ?? '' })}</strong>
                {state === 'completed' && job.data?.result ? ` — ${summary(job.data.result)}` : null}
                {state === 'completed' && job.data?.finishedAt
                  ? ` ${t('publish.finishedAt', { date: formatDateTime(job.data.finishedAt) })}`
                  : null}
              </>
            )}
          </p>
          {job.error ? <ErrorState error={job.error} onRetry={() => void job.refetch()} /> : null}
          {!job.error && state === 'failed' ? <p className="field-error">{job.data?.failedReason}</p> : null}
          {!job.error && state !== 'failed' && state !== 'unknown' ? (
            <ProgressBar
              value={state === 'completed' ? 1 : (job.data?.progress ?? 0) / 100}
              label={t('publish.progress')}
            />
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
