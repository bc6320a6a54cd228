import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type Schemas } from '../../api/client';
import { useTerritory } from '../../app/territory';
import {
  Badge,
  Button,
  CheckboxGroup,
  Dialog,
  fieldErrors,
  FormErrors,
  PageHeader,
  QueryView,
  SelectField,
  TextArea,
  TextField,
} from '../../ui/components';
import { PRIORITY_STATUSES } from '@maillage/contract';
import { formatDate } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { focusSoon, FRAGILITIES, type Fragility, type Priority } from './shared';
import { usePriorities } from './queries';
import { useDeletePriority, useSavePriority } from './mutations';
import { Thread } from '../discussion/Thread';
import { HelpLink } from '../help/HelpPages';

type Status = Schemas['PriorityStatus'];
const STATUS_TONE: Record<Status, 'info' | 'success' | 'neutral'> = {
  active: 'info',
  achieved: 'success',
  abandoned: 'neutral',
};

function PriorityForm({ priority, onDone }: { priority?: Priority; onDone: (saved: Priority) => void }): ReactNode {
  const { t } = useTranslation(['activity', 'domain', 'common']);
  const [title, setTitle] = useState(priority?.title ?? '');
  const [description, setDescription] = useState(priority?.description ?? '');
  const [fragilities, setFragilities] = useState<string[]>(priority?.fragilities ?? []);
  const [status, setStatus] = useState<Status>(priority?.status ?? 'active');
  const save = useSavePriority(priority, { onSuccess: onDone });
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({
          title: title.trim(),
          description: description.trim(),
          fragilities: fragilities as Fragility[],
          status,
        });
      }}
    >
      <FormErrors error={save.error} />
      <TextField
        label={t('activity:priorities.titleField')}
        required
        maxLength={300}
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        errors={fieldErrors(save.error, 'title')}
      />
      <TextArea
        label={t('activity:priorities.description')}
        value={description}
        onChange={(event) => setDescription(event.target.value)}
        errors={fieldErrors(save.error, 'description')}
      />
      <CheckboxGroup
        legend={t('activity:priorities.fragilities')}
        options={FRAGILITIES.map((value) => ({ value, label: t(`domain:fragility.${value}`) }))}
        value={fragilities}
        onChange={setFragilities}
        errors={fieldErrors(save.error, 'fragilities')}
      />
      <SelectField
        label={t('activity:priorities.status')}
        value={status}
        onChange={(event) => setStatus(event.target.value as Status)}
        options={PRIORITY_STATUSES.map((value) => ({ value, label: t(`domain:priorityStatus.${value}`) }))}
        errors={fieldErrors(save.error, 'status')}
      />
      <div className="form-actions">
        <Button type="submit" busy={save.isPending}>
          {t('common:actions.save')}
        </Button>
      </div>
    </form>
  );
}

/** The territory's priority issues (enjeux), each with its fragilities and status; members read them. */
/** A priority's thread, in a disclosure (opened when a notification links to it: `#enjeu-<id>`). */
function PriorityDiscussion({ priorityId }: { priorityId: string }): ReactNode {
  const { t } = useTranslation('discussion');
  const [open, setOpen] = useState(() => window.location.hash === `#enjeu-${priorityId}`);
  return (
    <details
      className="discussion"
      id={`enjeu-${priorityId}`}
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary>{t('title')}</summary>
      {open ? <Thread type="priority" subjectId={priorityId} headingLevel={3} title={t('priorityDiscussion')} /> : null}
    </details>
  );
}

export function PrioritiesPage(): ReactNode {
  const { t } = useTranslation(['activity', 'domain', 'common']);
  const { isCoordinator } = useTerritory();
  const notify = useNotify();
  const priorities = usePriorities();
  const [editing, setEditing] = useState<Priority | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Priority | null>(null);
  const [statusFilter, setStatusFilter] = useState<Status | ''>('');
  const remove = useDeletePriority({
    onSuccess: (_result, priority) => {
      setDeleting(null);
      notify('success', t('activity:priorities.deleted', { title: priority.title }));
      // Its delete button goes with it: focus the next priority (or the previous, or the h1).
      const shown = list ?? [];
      const index = shown.findIndex((item) => item.id === priority.id);
      const neighbour = shown[index + 1] ?? shown[index - 1];
      focusSoon(() => document.getElementById(neighbour ? `priority-title-${neighbour.id}` : 'page-title'));
    },
  });
  const list = priorities.data?.filter((priority) => !statusFilter || priority.status === statusFilter);
  return (
    <>
      <PageHeader
        title={t('activity:priorities.title')}
        subtitle={t(isCoordinator ? 'activity:priorities.intro' : 'activity:priorities.introMember')}
        actions={
          <>
            {isCoordinator ? (
              <Button onClick={() => setEditing('new')}>{t('activity:priorities.create')}</Button>
            ) : null}
            <HelpLink area="enjeux" />
          </>
        }
      />
      <div className="toolbar">
        <SelectField
          label={t('activity:priorities.status')}
          value={statusFilter}
          placeholder={t('activity:filters.all')}
          onChange={(event) => setStatusFilter(event.target.value as Status | '')}
          options={PRIORITY_STATUSES.map((value) => ({ value, label: t(`domain:priorityStatus.${value}`) }))}
        />
      </div>
      <QueryView
        query={{ ...priorities, data: list }}
        isEmpty={(items) => items.length === 0}
        empty={
          statusFilter ? (
            t('activity:priorities.emptyFiltered')
          ) : (
            <>
              {t('activity:priorities.empty')}{' '}
              {isCoordinator ? (
                <>
                  {t('activity:priorities.emptyNext')}{' '}
                  <Button variant="tertiary" onClick={() => setEditing('new')}>
                    {t('activity:priorities.emptyCreate')}
                  </Button>
                </>
              ) : (
                t('activity:priorities.emptyMember')
              )}
            </>
          )
        }
      >
        {(items) => (
          <ul className="card-list">
            {items.map((priority) => (
              <li key={priority.id} className="card priority-card">
                <div className="card-head">
                  <h2 id={`priority-title-${priority.id}`} tabIndex={-1}>
                    {priority.title}
                  </h2>
                  <Badge tone={STATUS_TONE[priority.status]}>{t(`domain:priorityStatus.${priority.status}`)}</Badge>
                </div>
                {priority.description ? <p>{priority.description}</p> : null}
                <p>
                  <span className="muted">
                    {t('activity:priorities.fragilities')}
                    {t('activity:separator')}
                  </span>
                  {priority.fragilities.length
                    ? priority.fragilities.map((value) => t(`domain:fragility.${value}`)).join(', ')
                    : t('activity:priorities.noFragility')}
                </p>
                <p className="muted">{t('activity:priorities.updated', { date: formatDate(priority.updatedAt) })}</p>
                <PriorityDiscussion priorityId={priority.id} />
                {isCoordinator ? (
                  <div className="row">
                    <Button variant="secondary" onClick={() => setEditing(priority)}>
                      {t('common:actions.edit')}
                      <span className="visually-hidden"> {priority.title}</span>
                    </Button>
                    <Button
                      variant="danger"
                      onClick={() => {
                        remove.reset();
                        setDeleting(priority);
                      }}
                    >
                      {t('common:actions.delete')}
                      <span className="visually-hidden"> {priority.title}</span>
                    </Button>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </QueryView>
      <Dialog
        open={editing !== null}
        title={editing === 'new' ? t('activity:priorities.create') : t('activity:priorities.edit')}
        onClose={() => setEditing(null)}
      >
        {editing !== null ? (
          <PriorityForm
            priority={editing === 'new' ? undefined : editing}
            onDone={(saved) => {
              notify(
                'success',
                t(editing === 'new' ? 'activity:priorities.created' : 'activity:priorities.saved', {
                  title: saved.title,
                }),
              );
              setEditing(null);
            }}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title={t('activity:priorities.deleteTitle')}
        confirmLabel={t('common:actions.delete')}
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      >
        <p>{t('activity:priorities.deleteConfirm', { title: deleting?.title ?? '' })}</p>
      </ConfirmDialog>
    </>
  );
}
