import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useSearchParams } from 'react-router';
import { useTerritory } from '../../app/territory';
import {
  Button,
  ButtonLink,
  LoadMore,
  PageHeader,
  QueryView,
  ScrollRegion,
  SelectField,
  TextField,
} from '../../ui/components';
import { formatDate, intlLocale } from '../../ui/format';
import {
  ACTION_TYPES,
  ActorSearch,
  PriorityNames,
  TypeBadge,
  useUrlParams,
  type Action,
  type ActionType,
} from './shared';
import { useActionList, useActionMonth, useActor, usePriorities } from './queries';
import { HelpLink } from '../help/HelpPages';

/** The filters every actions view shares, kept in the URL (type, period, actor, priority). */
function useActionFilters() {
  const { params, set, setParams } = useUrlParams();
  const type = (params.get('type') ?? '') as ActionType | '';
  const filters = {
    type: ACTION_TYPES.includes(type as ActionType) ? (type as ActionType) : undefined,
    from: params.get('du') ?? undefined,
    to: params.get('au') ?? undefined,
    actorId: params.get('acteur') ?? undefined,
    priorityId: params.get('enjeu') ?? undefined,
  };
  return { params, filters, set, setParams };
}

function ActionsTabs(): ReactNode {
  const { t } = useTranslation('activity');
  const { territoryId } = useTerritory();
  const [params] = useSearchParams();
  const keep = new URLSearchParams(params);
  keep.delete('mois');
  const query = keep.toString() ? `?${keep.toString()}` : '';
  return (
    <nav className="tabs" aria-label={t('actions.views')}>
      <NavLink end to={`/t/${territoryId}/actions${query}`}>
        {t('actions.listView')}
      </NavLink>
      <NavLink to={`/t/${territoryId}/actions/calendrier${query}`}>{t('actions.calendarView')}</NavLink>
    </nav>
  );
}

function ActionFilters({ period }: { period: boolean }): ReactNode {
  const { t } = useTranslation(['activity', 'domain', 'common']);
  const { filters, set, setParams } = useActionFilters();
  const priorities = usePriorities();
  const actor = useActor(filters.actorId);
  const [from, setFrom] = useState(filters.from ?? '');
  const [to, setTo] = useState(filters.to ?? '');
  useEffect(() => {
    setFrom(filters.from ?? '');
    setTo(filters.to ?? '');
  }, [filters.from, filters.to]);
  const active = Boolean(filters.type || filters.from || filters.to || filters.actorId || filters.priorityId);
  return (
    <section className="card filters" aria-label={t('activity:filters.title')}>
      <div className="toolbar">
        <SelectField
          label={t('activity:actions.type')}
          value={filters.type ?? ''}
          placeholder={t('activity:filters.allTypes')}
          onChange={(event) => set('type', event.target.value)}
          options={ACTION_TYPES.map((value) => ({ value, label: t(`domain:actionType.${value}`) }))}
        />
        <SelectField
          label={t('activity:actions.priority')}
          value={filters.priorityId ?? ''}
          placeholder={t('activity:filters.allPriorities')}
          onChange={(event) => set('enjeu', event.target.value)}
          options={(priorities.data ?? []).map((priority) => ({ value: priority.id, label: priority.title }))}
        />
        {period ? (
          <form
            className="toolbar period-filter"
            onSubmit={(event) => {
              event.preventDefault();
              setParams(
                (current) => {
                  const next = new URLSearchParams(current);
                  for (const [key, value] of [
                    ['du', from],
                    ['au', to],
                  ] as const) {
                    if (value) next.set(key, value);
                    else next.delete(key);
                  }
                  return next;
                },
                { replace: true },
              );
            }}
          >
            <TextField
              label={t('activity:filters.from')}
              type="date"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
            />
            <TextField
              label={t('activity:filters.to')}
              type="date"
              value={to}
              onChange={(e) => setTo(e.target.value)}
            />
            <Button type="submit" variant="secondary">
              {t('activity:filters.applyPeriod')}
            </Button>
          </form>
        ) : null}
      </div>
      <div className="toolbar">
        {filters.actorId ? (
          <p className="filter-chip">
            {t('activity:filters.actor', { name: actor.data?.name ?? '…' })}{' '}
            <Button variant="tertiary" onClick={() => set('acteur', undefined)}>
              {t('activity:filters.removeActor')}
            </Button>
          </p>
        ) : (
          <ActorSearch label={t('activity:filters.byActor')} onPick={(picked) => set('acteur', picked.id)} />
        )}
        {active ? (
          <Button variant="tertiary" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
            {t('activity:filters.reset')}
          </Button>
        ) : null}
      </div>
    </section>
  );
}

function Participants({ action }: { action: Action }): ReactNode {
  const { t } = useTranslation('domain');
  if (action.participants.length === 0) return <>—</>;
  return (
    <>
      {action.participants
        .map((participant) => `${participant.name} (${t(`participantRole.${participant.role}`)})`)
        .join(', ')}
    </>
  );
}

function ActionsHeader(): ReactNode {
  const { t } = useTranslation('activity');
  const { territoryId } = useTerritory();
  return (
    <PageHeader
      title={t('actions.title')}
      subtitle={t('actions.intro')}
      actions={
        <>
          {
            <ButtonLink variant="primary" to={`/t/${territoryId}/actions/nouvelle`}>
              {t('actions.create')}
            </ButtonLink>
          }
          <HelpLink area="actions" />
        </>
      }
    />
  );
}

/** The actions, newest first, filtered by type, period, actor and priority, page after page. */
export function ActionsListPage(): ReactNode {
  const { t } = useTranslation(['activity', 'domain', 'common']);
  const { territoryId } = useTerritory();
  const { filters } = useActionFilters();
  const actions = useActionList(filters);
  const items = actions.data?.pages.flatMap((page) => page.items);
  return (
    <>
      <ActionsHeader />
      <ActionsTabs />
      <ActionFilters period />
      <QueryView
        query={{ ...actions, data: items }}
        isEmpty={(list) => list.length === 0}
        empty={
          <>
            {t('activity:actions.empty')} {t('activity:actions.emptyNext')}{' '}
            <Link to={`/t/${territoryId}/actions/nouvelle`}>{t('activity:actions.emptyCreate')}</Link>
          </>
        }
      >
        {(list) => (
          <ScrollRegion label={t('activity:actions.listCaption')}>
            <table>
              <caption className="visually-hidden">{t('activity:actions.listCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('activity:actions.titleField')}</th>
                  <th scope="col">{t('activity:actions.type')}</th>
                  <th scope="col">{t('activity:actions.dates')}</th>
                  <th scope="col">{t('activity:actions.participants')}</th>
                  <th scope="col">{t('activity:actions.priorities')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((action) => (
                  <tr key={action.id}>
                    <td>
                      <Link to={`/t/${territoryId}/actions/${action.id}`}>{action.title}</Link>
                    </td>
                    <td>
                      <TypeBadge type={action.type} />
                    </td>
                    <td>
                      {formatDate(action.startDate)}
                      {action.endDate && action.endDate !== action.startDate ? ` → ${formatDate(action.endDate)}` : ''}
                    </td>
                    <td>
                      <Participants action={action} />
                    </td>
                    <td>
                      <PriorityNames ids={action.priorityIds} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </QueryView>
      <LoadMore
        hasMore={Boolean(actions.hasNextPage)}
        loading={actions.isFetchingNextPage}
        onClick={() => void actions.fetchNextPage()}
      />
    </>
  );
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function monthOf(value: string | null): { year: number; month: number } {
  const match = /^(\d{4})-(\d{2})$/.exec(value ?? '');
  if (match) return { year: Number(match[1]), month: Number(match[2]) };
  const now = new Date();
  return { year: now.getFullYear(), month: now.getMonth() + 1 };
}

function shift({ year, month }: { year: number; month: number }, delta: number): string {
  const date = new Date(year, month - 1 + delta, 1);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}`;
}

function useNarrow(): boolean {
  const query = '(max-width: 720px)';
  const [narrow, setNarrow] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const update = () => setNarrow(list.matches);
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, []);
  return narrow;
}

/** A month of actions: a grid of weeks (an agenda list on phones), each action labelled by its type. */
export function ActionsCalendarPage(): ReactNode {
  const { t } = useTranslation(['activity', 'domain', 'common']);
  const { territoryId } = useTerritory();
  const { params, filters, set } = useActionFilters();
  const narrow = useNarrow();
  const current = monthOf(params.get('mois'));
  const last = new Date(current.year, current.month, 0).getDate();
  const from = `${current.year}-${pad(current.month)}-01`;
  const to = `${current.year}-${pad(current.month)}-${pad(last)}`;
  const month = useActionMonth(from, to, filters);
  const locale = intlLocale();
  const title = new Date(current.year, current.month - 1, 1).toLocaleDateString(locale, {
    month: 'long',
    year: 'numeric',
  });
  const byDay = new Map<number, Action[]>();
  for (const action of month.data ?? []) {
    const start = action.startDate < from ? 1 : Number(action.startDate.slice(8, 10));
    const end =
      (action.endDate ?? action.startDate) > to ? last : Number((action.endDate ?? action.startDate).slice(8, 10));
    for (let day = start; day <= end; day += 1) byDay.set(day, [...(byDay.get(day) ?? []), action]);
  }
  const weekdays = Array.from({ length: 7 }, (_, index) =>
    new Date(2024, 0, 1 + index).toLocaleDateString(locale, { weekday: 'long' }),
  );
  const offset = (new Date(current.year, current.month - 1, 1).getDay() + 6) % 7;
  const cells: (number | null)[] = [
    ...Array.from({ length: offset }, () => null),
    ...Array.from({ length: last }, (_, index) => index + 1),
  ];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, index) => cells.slice(index * 7, index * 7 + 7));
  const dayLabel = (day: number) =>
    new Date(current.year, current.month - 1, day).toLocaleDateString(locale, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
    });
  const entry = (action: Action) => (
    <li key={action.id} className={`cal-item type-${action.type}`}>
      <Link to={`/t/${territoryId}/actions/${action.id}`}>{action.title}</Link>
      <TypeBadge type={action.type} />
    </li>
  );
  return (
    <>
      <ActionsHeader />
      <ActionsTabs />
      <ActionFilters period={false} />
      <div className="calendar-nav">
        <Button variant="secondary" onClick={() => set('mois', shift(current, -1))}>
          <span aria-hidden="true">←</span> {t('activity:calendar.previous')}
        </Button>
        <h2 className="calendar-title">{title}</h2>
        <Button variant="secondary" onClick={() => set('mois', shift(current, 1))}>
          {t('activity:calendar.next')} <span aria-hidden="true">→</span>
        </Button>
        <Button variant="tertiary" onClick={() => set('mois', undefined)}>
          {t('activity:calendar.today')}
        </Button>
      </div>
      <ul className="legend" aria-label={t('activity:calendar.legend')}>
        {ACTION_TYPES.map((type) => (
          <li key={type}>
            <TypeBadge type={type} />
          </li>
        ))}
      </ul>
      {/* The one announcement of a month change (kept in the page while the month loads, so it is heard). */}
      <p className="muted" role="status">
        {month.data ? t('activity:calendar.count', { count: month.data.length, month: title }) : ''}
      </p>
      <QueryView query={month}>
        {(list) => (
          <>
            {narrow ? (
              list.length === 0 ? null : (
                <ol className="agenda">
                  {[...byDay.entries()]
                    .sort(([a], [b]) => a - b)
                    .map(([day, actions]) => (
                      <li key={day}>
                        <h3>{dayLabel(day)}</h3>
                        <ul className="cal-items">{actions.map(entry)}</ul>
                      </li>
                    ))}
                </ol>
              )
            ) : (
              <table className="calendar">
                <caption className="visually-hidden">{t('activity:calendar.caption', { month: title })}</caption>
                <thead>
                  <tr>
                    {weekdays.map((name) => (
                      <th scope="col" key={name}>
                        {name}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {weeks.map((week, index) => (
                    <tr key={index}>
                      {week.map((day, column) =>
                        day === null ? (
                          <td key={`empty-${column}`} className="cal-empty" />
                        ) : (
                          <td key={day}>
                            <span className="cal-day">
                              <span aria-hidden="true">{day}</span>
                              <span className="visually-hidden">{dayLabel(day)}</span>
                            </span>
                            {byDay.get(day)?.length ? (
                              <ul className="cal-items">{byDay.get(day)?.map(entry)}</ul>
                            ) : null}
                          </td>
                        ),
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </QueryView>
    </>
  );
}
