import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { Badge, PageHeader, QueryView, ScrollRegion } from '../../ui/components';
import { formatDateTime, formatNumber } from '../../ui/format';
import { useMailStatus } from './queries';

type MailStatus = Schemas['MailStatusDto'];

const FREQUENCIES = ['immediate', 'daily', 'weekly'] as const;
/** The scheduled jobs this page knows by name (the digests); others are named generically. */
const SCHEDULES: Record<string, string> = {
  'notifications.digest.daily': 'mail.schedules.daily',
  'notifications.digest.weekly': 'mail.schedules.weekly',
};

function MailStatusView({ status }: { status: MailStatus }): ReactNode {
  const { t } = useTranslation('notifications');
  const scheduleName = (name: string) => t(SCHEDULES[name] ?? 'mail.schedules.other');
  return (
    <>
      <section className="card" aria-labelledby="mail-status">
        <h2 id="mail-status">{t('mail.status')}</h2>
        <p>
          <Badge tone={status.configured ? 'success' : 'warning'}>
            {status.configured ? t('mail.configured') : t('mail.notConfigured')}
          </Badge>
        </p>
        <p>{status.summary}</p>
      </section>

      <section className="card" aria-labelledby="mail-waiting">
        <h2 id="mail-waiting">{t('mail.waiting')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('mail.frequency')}</th>
              <th scope="col">{t('mail.count')}</th>
            </tr>
          </thead>
          <tbody>
            {FREQUENCIES.map((frequency) => (
              <tr key={frequency}>
                <th scope="row">{t(`mail.frequencies.${frequency}`)}</th>
                <td>{formatNumber(status.waiting[frequency])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card" aria-labelledby="mail-messages">
        <h2 id="mail-messages">{t('mail.messages')}</h2>
        <dl className="mail-figures">
          <div>
            <dt>{t('mail.queued')}</dt>
            <dd>{formatNumber(status.queuedMessages)}</dd>
          </div>
          <div>
            <dt>{t('mail.sentLastDay')}</dt>
            <dd>{formatNumber(status.sentLastDay)}</dd>
          </div>
          <div>
            <dt>{t('mail.failed')}</dt>
            <dd>{formatNumber(status.failedMessages)}</dd>
          </div>
        </dl>
        {status.lastError ? (
          <div className="alert alert-error">
            <p>
              <strong>{t('mail.lastError')}</strong>
              {status.lastFailedAt ? ` (${t('mail.lastFailedAt')} : ${formatDateTime(status.lastFailedAt)})` : null}
            </p>
            <p className="mail-error">{status.lastError}</p>
          </div>
        ) : (
          <p>{t('mail.noError')}</p>
        )}
      </section>

      <section className="card" aria-labelledby="mail-late">
        <h2 id="mail-late">{t('mail.late')}</h2>
        {status.lateSchedules.length === 0 ? (
          <p>{t('mail.lateNone')}</p>
        ) : (
          <>
            <p>{t('mail.lateIntro')}</p>
            <ScrollRegion label={t('mail.late')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('mail.schedule')}</th>
                    <th scope="col">{t('mail.lastRunAt')}</th>
                    <th scope="col">{t('mail.dueBy')}</th>
                  </tr>
                </thead>
                <tbody>
                  {status.lateSchedules.map((schedule) => (
                    <tr key={schedule.name}>
                      <th scope="row">{scheduleName(schedule.name)}</th>
                      <td>{schedule.lastRunAt ? formatDateTime(schedule.lastRunAt) : t('mail.never')}</td>
                      <td>{formatDateTime(schedule.dueBy)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </>
        )}
      </section>
    </>
  );
}

/** Platform administration: whether mail leaves, what waits, what failed, late digests. */
export function MailStatusPage(): ReactNode {
  const { t } = useTranslation('notifications');
  const status = useMailStatus();
  return (
    <>
      <PageHeader title={t('mail.title')} subtitle={t('mail.subtitle')} />
      <QueryView query={status}>{(data) => <MailStatusView status={data} />}</QueryView>
    </>
  );
}
