import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { useAuth } from '../../auth/auth';
import { Button, ErrorState, FormErrors, ProgressBar } from '../../ui/components';
import { formatDateTime, formatNumber } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { observatoryKey } from './data';

const FINISHED = ['completed', 'failed'];

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
  const order = useMutation({
    mutationFn: () => call(api.POST('/api/v1/observatory/rollups')),
    onSuccess: (result) => setJobId(result.jobId),
  });
  const job = useQuery({
    queryKey: ['observatory-rollup', jobId],
    queryFn: () => call(api.GET('/api/v1/observatory/rollups/{jobId}', { params: { path: { jobId: jobId ?? '' } } })),
    enabled: Boolean(jobId),
    refetchInterval: (query) => (query.state.data && FINISHED.includes(query.state.data.state) ? false : 1000),
  });
  const state = job.data?.state;

  useEffect(() => {
    if (!job.data || !jobId || announced.current === jobId || !FINISHED.includes(job.data.state)) return;
    announced.current = jobId;
    if (job.data.state === 'completed') {
      notify('success', t('publish.notified', { count: job.data.result?.territories ?? 0 }));
      void queryClient.invalidateQueries({ queryKey: observatoryKey });
    } else {
      notify('error', t('publish.failedNotice'));
    }
  }, [job.data, jobId, notify, queryClient, t]);

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
        <div className="obs-publish-state" role="status" aria-live="polite">
          {job.error ? (
            <ErrorState error={job.error} onRetry={() => void job.refetch()} />
          ) : (
            <>
              <p>
                <strong>{t(`publish.state.${state ?? 'waiting'}`, { defaultValue: state ?? '' })}</strong>
                {state === 'completed' && job.data?.result
                  ? ` — ${t('publish.summary', {
                      territories: formatNumber(job.data.result.territories),
                      cells: formatNumber(job.data.result.cells),
                      suppressed: formatNumber(
                        job.data.result.suppressed.primary + job.data.result.suppressed.complementary,
                      ),
                    })}`
                  : null}
                {state === 'completed' && job.data?.finishedAt
                  ? ` ${t('publish.finishedAt', { date: formatDateTime(job.data.finishedAt) })}`
                  : null}
              </p>
              {state === 'failed' ? <p className="field-error">{job.data?.failedReason}</p> : null}
              {state !== 'failed' ? (
                <ProgressBar
                  value={state === 'completed' ? 1 : (job.data?.progress ?? 0) / 100}
                  label={t('publish.progress')}
                />
              ) : null}
            </>
          )}
        </div>
      ) : null}
    </section>
  );
}
