import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { download, type Schemas } from '../../api/client';
import { useTerritory } from '../../app/territory';
import {
  Badge,
  Button,
  errorMessage,
  fieldErrors,
  FormErrors,
  LoadMore,
  PageHeader,
  ProgressBar,
  QueryView,
  ScrollRegion,
} from '../../ui/components';
import { formatBytes, formatDateTime } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { useFocusAfterClose } from '../../ui/focus';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ReportFields } from './ReportFields';
import { draftParams, draftProblems, isActive, newDraft, STATUS_TONE, type ReportDraft } from './reportCatalogue';
import { ReportsNav } from './ReportsNav';
import { reportKeys, useLiveReport, useReports } from './queries';
import { useCancelReport, useDeleteReport, useOrderReport } from './mutations';
import { HelpLink } from '../help/HelpPages';

type Report = Schemas['ReportDto'];

function OrderForm({ onOrdered }: { onOrdered: (report: Report, reused: boolean) => void }): ReactNode {
  const { t } = useTranslation(['workspace', 'common']);
  const [draft, setDraft] = useState<ReportDraft>(() => newDraft());
  const [problems, setProblems] = useState<Record<string, string[]>>({});
  const order = useOrderReport({
    onSuccess: ({ report, reused }) => onOrdered(report, reused),
  });
  const errorsFor = (field: string): string[] | undefined => problems[field] ?? fieldErrors(order.error, field);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const found = draftProblems(draft, {
          required: t('workspace:reports.required'),
          endBeforeStart: t('workspace:reports.endBeforeStart'),
        });
        setProblems(found);
        if (Object.keys(found).length === 0)
          order.mutate({ type: draft.type, format: draft.format, params: draftParams(draft) });
      }}
    >
      <FormErrors error={order.error} />
      <ReportFields draft={draft} onChange={setDraft} errorsFor={errorsFor} />
      <div className="form-actions">
        <Button type="submit" busy={order.isPending}>
          {t('workspace:reports.submit')}
        </Button>
      </div>
    </form>
  );
}

/** One report in the list; while it is queued or running, its state is asked again every second. */
function ReportRow({
  report,
  onFinished,
  onDelete,
}: {
  report: Report;
  onFinished: (report: Report) => void;
  onDelete: (report: Report) => void;
}): ReactNode {
  const { t } = useTranslation(['workspace', 'domain', 'common']);
  const { territoryId } = useTerritory();
  const notify = useNotify();
  const live = useLiveReport(report);
  // The list's copy wins once it says the report is over (after a cancellation, a refresh).
  const current = isActive(report.status) ? (live.data ?? report) : report;
  const previous = useRef(current.status);
  useEffect(() => {
    if (isActive(previous.current) && !isActive(current.status)) onFinished(current);
    previous.current = current.status;
  }, [current, onFinished]);

  const cancel = useCancelReport(report.id, {
    onSuccess: () => {
      notify('success', t('workspace:reports.cancelled', { label: t(`domain:reportType.${report.type}`) }));
    },
    onError: (error) => notify('error', errorMessage(error, t)),
  });
  const [downloading, setDownloading] = useState(false);
  const label = t(`domain:reportType.${current.type}`);
  const hidden = <span className="visually-hidden"> {t('workspace:reports.of', { label })}</span>;
  return (
    <tr>
      <th scope="row">
        {label}
        <div className="muted ws-note">{t(`workspace:formats.${current.format}`)}</div>
      </th>
      <td>{formatDateTime(current.createdAt)}</td>
      <td className="report-state">
        <Badge tone={STATUS_TONE[current.status]}>{t(`domain:reportStatus.${current.status}`)}</Badge>
        {isActive(current.status) ? (
          <ProgressBar value={current.progress / 100} label={t('workspace:reports.progress', { label })} />
        ) : null}
        {current.status === 'failed' && current.error ? (
          <p className="report-error">{t('workspace:reports.failedReason', { reason: current.error })}</p>
        ) : null}
      </td>
      <td>{current.status === 'completed' ? formatBytes(current.sizeBytes) : '—'}</td>
      <td>
        <div className="row">
          {current.status === 'completed' ? (
            <Button
              variant="secondary"
              busy={downloading}
              onClick={() => {
                setDownloading(true);
                download(
                  `/api/v1/territories/${territoryId}/reports/${current.id}/file`,
                  current.fileName ?? `${current.type}.${current.format}`,
                )
                  .catch((error: unknown) => notify('error', errorMessage(error, t)))
                  .finally(() => setDownloading(false));
              }}
            >
              {t('common:actions.download')}
              {hidden}
            </Button>
          ) : null}
          {isActive(current.status) ? (
            <Button variant="secondary" busy={cancel.isPending} onClick={() => cancel.mutate()}>
              {t('workspace:reports.cancel')}
              {hidden}
            </Button>
          ) : (
            <Button variant="tertiary" onClick={() => onDelete(current)}>
              {t('common:actions.delete')}
              {hidden}
            </Button>
          )}
        </div>
      </td>
    </tr>
  );
}

/** Reports: order any type from the catalogue, follow it live, download, cancel, delete. */
export function ReportsPage(): ReactNode {
  const { t } = useTranslation(['workspace', 'domain', 'common']);
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [announcement, setAnnouncement] = useState('');
  const [deleting, setDeleting] = useState<Report | undefined>();
  const focusAfterDeletion = useFocusAfterClose(deleting !== undefined);
  const reports = useReports();
  const remove = useDeleteReport({
    onSuccess: (_, report) => {
      setDeleting(undefined);
      focusAfterDeletion('reports-title');
      notify('success', t('workspace:reports.deleted', { label: t(`domain:reportType.${report.type}`) }));
    },
  });
  const finished = useCallback(
    (report: Report) => {
      const label = t(`domain:reportType.${report.type}`);
      setAnnouncement(t(`workspace:reports.finished.${report.status}`, { label }));
      void queryClient.invalidateQueries({ queryKey: reportKeys.all(territoryId) });
    },
    [t, queryClient, territoryId],
  );
  const items = reports.data?.pages.flatMap((page) => page.items);
  return (
    <>
      <PageHeader
        title={t('workspace:reports.title')}
        subtitle={t('workspace:reports.intro')}
        actions={<HelpLink area="rapports" />}
      />
      <ReportsNav />
      <section className="card ws-card" aria-labelledby="order-title">
        <h2 id="order-title">{t('workspace:reports.order')}</h2>
        <OrderForm
          onOrdered={(report, reused) => {
            const label = t(`domain:reportType.${report.type}`);
            notify('success', t(reused ? 'workspace:reports.reused' : 'workspace:reports.ordered', { label }));
          }}
        />
      </section>
      <section className="card ws-card" aria-labelledby="reports-title">
        <h2 id="reports-title" tabIndex={-1}>
          {t('workspace:reports.list')}
        </h2>
        <p className="live-message" role="status">
          {announcement}
        </p>
        <QueryView
          query={{ ...reports, data: items }}
          isEmpty={(list) => list.length === 0}
          empty={t('workspace:reports.empty')}
        >
          {(list) => (
            <ScrollRegion label={t('workspace:reports.list')}>
              <table>
                <caption className="visually-hidden">{t('workspace:reports.list')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('workspace:reports.columns.report')}</th>
                    <th scope="col">{t('workspace:reports.columns.requested')}</th>
                    <th scope="col">{t('workspace:reports.columns.state')}</th>
                    <th scope="col">{t('workspace:reports.columns.size')}</th>
                    <th scope="col">{t('workspace:reports.columns.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((report) => (
                    <ReportRow key={report.id} report={report} onFinished={finished} onDelete={setDeleting} />
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </QueryView>
        <LoadMore
          hasMore={Boolean(reports.hasNextPage)}
          loading={reports.isFetchingNextPage}
          onClick={() => void reports.fetchNextPage()}
        />
      </section>
      <ConfirmDialog
        open={deleting !== undefined}
        title={t('workspace:reports.deleteTitle')}
        confirmLabel={t('common:actions.delete')}
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => {
          setDeleting(undefined);
          remove.reset();
        }}
      >
        <p>
          {deleting
            ? t('workspace:reports.deleteText', {
                label: t(`domain:reportType.${deleting.type}`),
                date: formatDateTime(deleting.createdAt),
              })
            : null}
        </p>
      </ConfirmDialog>
    </>
  );
}
