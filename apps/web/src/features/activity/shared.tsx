import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import {
  ACTION_TYPES as CONTRACT_ACTION_TYPES,
  ALLIANCE_MODES,
  ALLIANCE_STATUSES,
  EXPERIMENT_PHASES,
  FRAGILITIES as CONTRACT_FRAGILITIES,
} from '@maillage/contract';
import { type Schemas } from '../../api/client';
import { useAlliance, usePriorities } from './queries';
import { useMoveAlliance } from './mutations';
import { useTerritory } from '../../app/territory';
import {
  Badge,
  Button,
  Dialog,
  fieldErrors,
  FormErrors,
  PageHeader,
  QueryView,
  TextArea,
  TextField,
} from '../../ui/components';
import { today } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { useActorSearch } from '../directory/queries';

export type Action = Schemas['ActionViewDto'];
export type ActionType = Schemas['ActionType'];
export type Alliance = Schemas['AllianceViewDto'];
export type AllianceStatus = Schemas['AllianceStatus'];
export type AllianceMode = Schemas['AllianceMode'];
export type Actor = Schemas['ActorDto'];
export type Priority = Schemas['PriorityViewDto'];
export type Fragility = Schemas['Fragility'];

// The enums come from the contract shared with the API (libs/contract).
export const ACTION_TYPES: readonly ActionType[] = CONTRACT_ACTION_TYPES;
export const FRAGILITIES: readonly Fragility[] = CONTRACT_FRAGILITIES;
export const MODES: readonly AllianceMode[] = ALLIANCE_MODES;
export const STAGES: readonly Schemas['ExperimentPhase'][] = EXPERIMENT_PHASES;
/** Kanban columns: the lifecycle in order, then the two ways out. */
export const STATUSES: readonly AllianceStatus[] = ALLIANCE_STATUSES;

/** The current half-year as the API writes periods (2026-S1). */
export function currentPeriod(): string {
  const now = new Date();
  return `${now.getFullYear()}-S${now.getMonth() < 6 ? 1 : 2}`;
}

/**
 * Moves focus to the element `find` returns, once it is in the page (after the next renders:
 * a closing dialog gives focus back to its opener first), or else to the page's h1 after about
 * a second (unless `fallback` is false). For when the focused control is about to disappear.
 */
export function focusSoon(find: () => HTMLElement | null | undefined, frames = 60, fallback = true): void {
  const attempt = (left: number) => {
    const target = find() ?? (left <= 0 && fallback ? document.getElementById('page-title') : null);
    const modal = document.querySelector('dialog[open]');
    if (target && (!modal || modal.contains(target))) {
      target.focus();
      return;
    }
    if (left > 0) requestAnimationFrame(() => attempt(left - 1));
  };
  requestAnimationFrame(() => attempt(frames));
}

/**
 * After removing row `index` of the rows (`rowSelector`) in `container`, which had `count`:
 * focus the button of the row now in its place (or of the previous one), or else the
 * container's search field — the removed row took the focused button with it.
 */
export function focusAfterRemoval(
  container: HTMLElement | null,
  rowSelector: string,
  index: number,
  count: number,
): void {
  focusSoon(() => {
    const rows = container?.querySelectorAll<HTMLElement>(rowSelector) ?? [];
    if (rows.length !== count - 1) return null;
    const row = rows[index] ?? rows[index - 1];
    return row
      ? row.querySelector<HTMLElement>('button')
      : container?.querySelector<HTMLElement>('input[type="search"]');
  });
}

/** A page whose subject is loading or missing: its breadcrumb, a generic title and h1, and the query's state. */
export function PendingPage({
  back,
  title,
  query,
}: {
  back: ReactNode;
  title: string;
  query: { data: unknown; error: unknown; isPending: boolean; refetch: () => unknown };
}): ReactNode {
  return (
    <>
      {back}
      <PageHeader title={title} />
      <QueryView query={query}>{() => null}</QueryView>
    </>
  );
}

export function TypeBadge({ type }: { type: ActionType }): ReactNode {
  const { t } = useTranslation('domain');
  return <span className={`type-badge type-${type}`}>{t(`actionType.${type}`)}</span>;
}

const STATUS_TONE: Record<AllianceStatus, 'neutral' | 'info' | 'success' | 'warning' | 'error'> = {
  proposed: 'info',
  under_discussion: 'warning',
  active: 'success',
  ended: 'neutral',
  declined: 'error',
  withdrawn: 'neutral',
};

export function StatusBadge({ status }: { status: AllianceStatus }): ReactNode {
  const { t } = useTranslation('domain');
  return <Badge tone={STATUS_TONE[status]}>{t(`allianceStatus.${status}`)}</Badge>;
}

/** The verb of a move (proposed → under discussion reads "accept into discussion"). */
export function moveKey(from: AllianceStatus, to: AllianceStatus): string {
  if (to === 'under_discussion') return 'moves.discuss';
  if (to === 'active') return 'moves.activate';
  if (to === 'ended') return 'moves.end';
  if (to === 'withdrawn') return 'moves.withdraw';
  if (to === 'declined') return from === 'proposed' ? 'moves.decline' : 'moves.abandon';
  return 'moves.other';
}

/** Buttons for the moves the person may make, each confirmed in a dialog with an optional note. */
export function TransitionButtons({ alliance }: { alliance: Alliance }): ReactNode {
  const { t } = useTranslation(['activity', 'domain', 'common']);
  const notify = useNotify();
  const [target, setTarget] = useState<AllianceStatus | null>(null);
  const [note, setNote] = useState('');
  const [occurredOn, setOccurredOn] = useState(today);
  const move = useMoveAlliance(alliance.id, {
    onSuccess: (updated) => {
      close();
      notify(
        'success',
        t('activity:moves.done', { title: updated.title, status: t(`domain:allianceStatus.${updated.status}`) }),
      );
    },
    // The button that opened the dialog leaves with the old status: focus the alliance's
    // status heading (its own page), or its card in its new column (kanban, member home),
    // once the lists are refetched (a slow answer outlasts focusSoon's second of frames).
    onRefetched: (updated) =>
      focusSoon(
        () =>
          document.getElementById('alliance-status-title') ??
          document.querySelector<HTMLElement>(
            `[data-alliance-id="${updated.id}"][data-alliance-status="${updated.status}"]`,
          ),
      ),
  });
  /** Closes the dialog; a cancelled move's note does not come back with the next one. */
  function close() {
    setTarget(null);
    setNote('');
    setOccurredOn(today());
  }
  // The API answers the moves this caller may make (its role, and which party it acts for).
  const moves = alliance.nextStatuses;
  if (moves.length === 0) return null;
  return (
    <>
      <div className="move-buttons" role="group" aria-label={t('activity:moves.label', { title: alliance.title })}>
        {moves.map((to) => (
          <Button
            key={to}
            variant={to === 'declined' || to === 'withdrawn' ? 'danger' : 'secondary'}
            onClick={() => {
              move.reset();
              setTarget(to);
            }}
          >
            {t(`activity:${moveKey(alliance.status, to)}`)}
          </Button>
        ))}
      </div>
      <Dialog
        open={target !== null}
        title={target ? t(`activity:${moveKey(alliance.status, target)}`) : ''}
        onClose={close}
      >
        {target ? (
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              move.mutate({
                to: target,
                ...(note.trim() ? { note: note.trim() } : {}),
                ...(occurredOn && occurredOn !== today() ? { occurredOn } : {}),
              });
            }}
          >
            <FormErrors error={move.error} />
            <p>
              {t('activity:moves.confirm', {
                title: alliance.title,
                from: t(`domain:allianceStatus.${alliance.status}`),
                to: t(`domain:allianceStatus.${target}`),
              })}
            </p>
            <TextField
              label={t('activity:moves.occurredOn')}
              hint={t('activity:moves.occurredOnHint')}
              type="date"
              max={today()}
              value={occurredOn}
              onChange={(event) => setOccurredOn(event.target.value)}
              errors={fieldErrors(move.error, 'occurredOn')}
            />
            <TextArea
              label={t('activity:moves.note')}
              hint={t('activity:moves.noteHint')}
              value={note}
              maxLength={2000}
              onChange={(event) => setNote(event.target.value)}
            />
            <div className="form-actions">
              <Button type="submit" busy={move.isPending}>
                {t('common:actions.confirm')}
              </Button>
              <Button variant="secondary" onClick={close}>
                {t('common:actions.cancel')}
              </Button>
            </div>
          </form>
        ) : null}
      </Dialog>
    </>
  );
}

/**
 * Finds an actor in the directory (`/actors?q=`): a search field, and the matches as
 * buttons (reachable with Tab, chosen with Enter or Space). The count is announced.
 */
export function ActorSearch({
  label,
  onPick,
  exclude = [],
  hint,
  errors = [],
}: {
  label: string;
  onPick: (actor: Actor) => void;
  exclude?: string[];
  hint?: string;
  errors?: string[];
}): ReactNode {
  const { t } = useTranslation(['activity', 'domain']);
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useActorSearch(q);
  const items = (results.data?.items ?? []).filter((actor) => !exclude.includes(actor.id));
  const describedBy = [hint ? `${id}-hint` : '', errors.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field actor-search${errors.length ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input
        ref={input}
        id={id}
        type="search"
        value={text}
        autoComplete="off"
        placeholder={t('activity:actorSearch.placeholder')}
        aria-describedby={describedBy || undefined}
        aria-invalid={errors.length ? true : undefined}
        onChange={(event) => setText(event.target.value)}
      />
      {errors.length ? (
        <p className="field-error" id={`${id}-error`}>
          {errors.join(' ')}
        </p>
      ) : null}
      <p className="visually-hidden" role="status" aria-live="polite">
        {q.length >= 2 && results.data ? t('activity:actorSearch.count', { count: items.length }) : ''}
      </p>
      {text.trim().length === 1 ? <p className="muted">{t('activity:actorSearch.tooShort')}</p> : null}
      {q.length >= 2 ? (
        results.isPending ? (
          <p className="muted">{t('common:state.loading')}</p>
        ) : results.error ? (
          <p className="field-error">{t('activity:actorSearch.error')}</p>
        ) : items.length === 0 ? (
          <p className="muted">{t('activity:actorSearch.none', { q })}</p>
        ) : (
          <ul className="actor-results" aria-label={t('activity:actorSearch.results', { label })}>
            {items.map((actor) => (
              <li key={actor.id}>
                <button
                  type="button"
                  className="btn btn-tertiary"
                  onClick={() => {
                    onPick(actor);
                    setText('');
                    setQ('');
                    // The picked button leaves with the results: back to the search field, if the
                    // form keeps it (otherwise the caller focuses what replaces it).
                    focusSoon(() => (input.current?.isConnected ? input.current : null), 2, false);
                  }}
                >
                  {t('activity:actorSearch.pick', { name: actor.name })}{' '}
                  <span className="muted">({t(`domain:category.${actor.category}`)})</span>
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}

/** Priorities as checkboxes (the actions and alliances forms pick from them). */
export function PriorityChecks({
  value,
  onChange,
  errors,
}: {
  value: string[];
  onChange: (next: string[]) => void;
  errors?: string[];
}): ReactNode {
  const { t } = useTranslation('activity');
  const id = useId();
  const priorities = usePriorities();
  if (priorities.isPending) return <p className="muted">{t('common:state.loading')}</p>;
  const list = priorities.data ?? [];
  return (
    <fieldset
      className={`field checkbox-group${errors?.length ? ' field-invalid' : ''}`}
      aria-describedby={errors?.length ? `${id}-error` : undefined}
    >
      <legend>{t('priorities.pick')}</legend>
      {list.length === 0 ? <p className="muted">{t('priorities.noneToPick')}</p> : null}
      {list.map((priority) => (
        <div className="checkbox" key={priority.id}>
          <input
            type="checkbox"
            id={`priority-${priority.id}`}
            checked={value.includes(priority.id)}
            onChange={(event) =>
              onChange(event.target.checked ? [...value, priority.id] : value.filter((item) => item !== priority.id))
            }
          />
          <label htmlFor={`priority-${priority.id}`}>{priority.title}</label>
        </div>
      ))}
      {errors?.length ? (
        <p className="field-error" id={`${id}-error`}>
          {errors.join(' ')}
        </p>
      ) : null}
    </fieldset>
  );
}

/** Priority titles from their ids (links are cheap: the list is small). */
export function PriorityNames({ ids }: { ids: string[] }): ReactNode {
  const priorities = usePriorities();
  if (ids.length === 0) return <>—</>;
  const names = ids.map((id) => priorities.data?.find((priority) => priority.id === id)?.title ?? '…');
  return <>{names.join(', ')}</>;
}

/** A link to an alliance, by its title. */
export function AllianceLink({ allianceId }: { allianceId: string }): ReactNode {
  const { territoryId } = useTerritory();
  const alliance = useAlliance(allianceId);
  return <Link to={`/t/${territoryId}/alliances/${allianceId}`}>{alliance.data?.title ?? '…'}</Link>;
}

/** The URL's query parameters, and a setter that adds, changes or removes one (an empty value removes it). */
export function useUrlParams() {
  const [params, setParams] = useSearchParams();
  const set = (key: string, value: string | undefined) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  return { params, set, setParams };
}
