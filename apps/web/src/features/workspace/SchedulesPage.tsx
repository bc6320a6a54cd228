import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type Schemas } from '../../api/client';
import {
  Button,
  fieldErrors,
  FormErrors,
  PageHeader,
  QueryView,
  ScrollRegion,
  SelectField,
  TextField,
} from '../../ui/components';
import { formatDateTime } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { useFocusAfterClose } from '../../ui/focus';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ReportFields } from './ReportFields';
import { draftParams, draftProblems, newDraft, type ReportDraft } from './reportCatalogue';
import { ReportsNav } from './ReportsNav';
import { useSchedules } from './queries';
import { useCreateSchedule, useDeleteSchedule } from './mutations';

type Schedule = Schemas['ScheduleViewDto'];

/** Common cadences, by their cron expression (minute hour day-of-month month day-of-week). */
const PRESETS = ['0 8 1 * *', '0 8 * * 1', '0 7 * * *', '0 8 1 1,4,7,10 *', '0 7 2 1 *'] as const;
const CUSTOM = 'custom';
/** Metropolitan France first, then the overseas time zones. */
const TIMEZONES = [
  'Europe/Paris',
  'America/Guadeloupe',
  'America/Martinique',
  'America/Cayenne',
  'Indian/Reunion',
  'Indian/Mayotte',
  'America/Miquelon',
  'Pacific/Noumea',
  'Pacific/Tahiti',
  'Pacific/Wallis',
] as const;

function presetKey(cron: string): string | undefined {
  const index = (PRESETS as readonly string[]).indexOf(cron.trim().replace(/\s+/g, ' '));
  return index >= 0 ? String(index) : undefined;
}

function ScheduleForm({ onCreated }: { onCreated: (schedule: Schedule) => void }): ReactNode {
  const { t } = useTranslation(['workspace', 'common']);
  const [draft, setDraft] = useState<ReportDraft>(() => newDraft('territory_activity'));
  const [preset, setPreset] = useState<string>(PRESETS[0]);
  const [cron, setCron] = useState('');
  const [timezone, setTimezone] = useState<string>('Europe/Paris');
  const [keepLast, setKeepLast] = useState('12');
  const [problems, setProblems] = useState<Record<string, string[]>>({});
  const create = useCreateSchedule({
    onSuccess: (schedule) => {
      setCron('');
      onCreated(schedule);
    },
  });
  const errorsFor = (field: string): string[] | undefined => problems[field] ?? fieldErrors(create.error, field);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const found = draftProblems(draft, {
          required: t('workspace:reports.required'),
          endBeforeStart: t('workspace:reports.endBeforeStart'),
        });
        if (preset === CUSTOM && !cron.trim()) found.cron = [t('workspace:reports.required')];
        const keep = Number(keepLast);
        if (!Number.isInteger(keep) || keep < 1 || keep > 1000)
          found.keepLast = [t('workspace:schedules.keepLastRange')];
        setProblems(found);
        if (Object.keys(found).length === 0)
          create.mutate({
            type: draft.type,
            format: draft.format,
            params: draftParams(draft),
            cron: preset === CUSTOM ? cron.trim() : preset,
            timezone,
            keepLast: Number(keepLast),
          });
      }}
    >
      <FormErrors error={create.error} />
      <ReportFields draft={draft} onChange={setDraft} errorsFor={errorsFor} relative />
      <div className="form-grid">
        <SelectField
          label={t('workspace:schedules.cadence')}
          required
          value={preset}
          onChange={(event) => setPreset(event.target.value)}
          options={[
            ...PRESETS.map((value, index) => ({ value, label: t(`workspace:schedules.presets.${index}`) })),
            { value: CUSTOM, label: t('workspace:schedules.custom') },
          ]}
          errors={preset === CUSTOM ? undefined : errorsFor('cron')}
        />
        {preset === CUSTOM ? (
          <TextField
            label={t('workspace:schedules.cron')}
            hint={t('workspace:schedules.cronHint')}
            required
            value={cron}
            onChange={(event) => setCron(event.target.value)}
            spellCheck={false}
            autoComplete="off"
            errors={errorsFor('cron')}
          />
        ) : null}
        <SelectField
          label={t('workspace:schedules.timezone')}
          required
          value={timezone}
          onChange={(event) => setTimezone(event.target.value)}
          options={TIMEZONES.map((value) => ({ value, label: t(`workspace:schedules.timezones.${value}`) }))}
          errors={errorsFor('timezone')}
        />
        <TextField
          label={t('workspace:schedules.keepLast')}
          hint={t('workspace:schedules.keepLastHint')}
          type="number"
          inputMode="numeric"
          min={1}
          max={1000}
          required
          value={keepLast}
          onChange={(event) => setKeepLast(event.target.value)}
          errors={errorsFor('keepLast')}
        />
      </div>
      <div className="form-actions">
        <Button type="submit" busy={create.isPending}>
          {t('workspace:schedules.submit')}
        </Button>
      </div>
    </form>
  );
}

/** Report schedules: each run makes a report of its own, the last N of them kept. */
export function SchedulesPage(): ReactNode {
  const { t } = useTranslation(['workspace', 'domain', 'common']);
  const notify = useNotify();
  const [deleting, setDeleting] = useState<Schedule | undefined>();
  const focusAfterDeletion = useFocusAfterClose(deleting !== undefined);
  const schedules = useSchedules();
  const remove = useDeleteSchedule({
    onSuccess: (_, schedule) => {
      setDeleting(undefined);
      focusAfterDeletion('schedules-title');
      notify('success', t('workspace:schedules.deleted', { label: t(`domain:reportType.${schedule.type}`) }));
    },
  });
  const cadence = (cron: string): string => {
    const key = presetKey(cron);
    return key === undefined ? t('workspace:schedules.cronLabel', { cron }) : t(`workspace:schedules.presets.${key}`);
  };
  return (
    <>
      <PageHeader title={t('workspace:schedules.title')} subtitle={t('workspace:schedules.intro')} />
      <ReportsNav />
      <section className="card ws-card" aria-labelledby="schedule-form-title">
        <h2 id="schedule-form-title">{t('workspace:schedules.create')}</h2>
        <ScheduleForm
          onCreated={(schedule) => {
            notify(
              'success',
              t('workspace:schedules.created', {
                label: t(`domain:reportType.${schedule.type}`),
                date: formatDateTime(schedule.nextRunAt),
              }),
            );
          }}
        />
      </section>
      <section className="card ws-card" aria-labelledby="schedules-title">
        <h2 id="schedules-title" tabIndex={-1}>
          {t('workspace:schedules.list')}
        </h2>
        <QueryView query={schedules} isEmpty={(list) => list.length === 0} empty={t('workspace:schedules.empty')}>
          {(list) => (
            <ScrollRegion label={t('workspace:schedules.list')}>
              <table>
                <caption className="visually-hidden">{t('workspace:schedules.list')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('workspace:reports.columns.report')}</th>
                    <th scope="col">{t('workspace:schedules.cadence')}</th>
                    <th scope="col">{t('workspace:schedules.nextRun')}</th>
                    <th scope="col">{t('workspace:schedules.lastRun')}</th>
                    <th scope="col">{t('workspace:schedules.kept')}</th>
                    <th scope="col">{t('workspace:reports.columns.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((schedule) => {
                    const label = t(`domain:reportType.${schedule.type}`);
                    return (
                      <tr key={schedule.id}>
                        <th scope="row">
                          {label}
                          <div className="muted ws-note">{t(`workspace:formats.${schedule.format}`)}</div>
                          {typeof schedule.params.relativePeriod === 'string' ? (
                            <div className="muted ws-note">
                              {t('workspace:schedules.covers', {
                                period: t(`workspace:schedules.coveredPeriods.${schedule.params.relativePeriod}`, {
                                  defaultValue: '',
                                }),
                              })}
                            </div>
                          ) : null}
                        </th>
                        <td>
                          {cadence(schedule.cron)}
                          <div className="muted ws-note">
                            {t(`workspace:schedules.timezones.${schedule.timezone}`, {
                              defaultValue: schedule.timezone,
                            })}
                          </div>
                        </td>
                        <td>{formatDateTime(schedule.nextRunAt)}</td>
                        <td>
                          {schedule.lastRunAt ? formatDateTime(schedule.lastRunAt) : t('workspace:schedules.never')}
                        </td>
                        <td>{t('workspace:schedules.keptCount', { count: schedule.keepLast })}</td>
                        <td>
                          <Button variant="tertiary" onClick={() => setDeleting(schedule)}>
                            {t('common:actions.delete')}
                            <span className="visually-hidden">
                              {' '}
                              {t('workspace:schedules.of', { label, cadence: cadence(schedule.cron) })}
                            </span>
                          </Button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </QueryView>
      </section>
      <ConfirmDialog
        open={deleting !== undefined}
        title={t('workspace:schedules.deleteTitle')}
        confirmLabel={t('workspace:schedules.deleteConfirm')}
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => {
          setDeleting(undefined);
          remove.reset();
        }}
      >
        <p>{t('workspace:schedules.deleteText')}</p>
      </ConfirmDialog>
    </>
  );
}
