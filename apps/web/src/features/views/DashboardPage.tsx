import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend as ChartLegend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { EVALUATION_OBJECTS } from '@maillage/contract';
import { type Schemas } from '../../api/client';
import { useTerritory } from '../../app/territory';
import { Button, PageHeader, QueryView, TextField } from '../../ui/components';
import { formatDate, formatNumber } from '../../ui/format';
import { SinceLastVisit } from '../notifications/SinceLastVisit';
import {
  ACTION_TYPE_COLOURS,
  ACTION_TYPES,
  CATEGORIES,
  CATEGORY_COLOURS,
  MODE_COLOURS,
  MODES,
  STATUS_COLOURS,
  STATUSES,
} from './palette';
import { ChartFigure, formatMonth, isoDate } from './parts';
import { FirstStepsCard } from './FirstSteps';
import { useDashboard, useFirstSteps } from './queries';

type Preset = 'all' | 'year' | 'months12' | 'custom';
const PRESETS: Preset[] = ['all', 'year', 'months12', 'custom'];

function presetRange(preset: Preset, now = new Date()): { from: string; to: string } | null {
  if (preset === 'year') return { from: `${now.getFullYear()}-01-01`, to: `${now.getFullYear()}-12-31` };
  if (preset === 'months12') {
    const start = new Date(now.getFullYear(), now.getMonth() - 12, now.getDate() + 1);
    return { from: isoDate(start), to: isoDate(now) };
  }
  return null;
}

/** The preset a URL's period matches (a period no preset gives is custom). */
function presetOf(from: string | null, to: string | null): Preset {
  if (!from && !to) return 'all';
  for (const preset of ['year', 'months12'] as const) {
    const range = presetRange(preset);
    if (range && range.from === from && range.to === to) return preset;
  }
  return 'custom';
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Key figures and charts of the territory's activity over a period kept in the URL. */
export function DashboardPage(): ReactNode {
  const { t } = useTranslation(['views', 'domain', 'common']);
  const { territory } = useTerritory();
  const [params, setParams] = useSearchParams();
  const from = params.get('from');
  const to = params.get('to');
  const urlPreset = presetOf(from, to);
  // The choice just made, until the URL says the same (a custom period is chosen before its dates).
  const [chosen, setChosen] = useState<Preset | null>(null);
  const preset = chosen ?? urlPreset;
  useEffect(() => setChosen(null), [from, to]);
  const [draft, setDraft] = useState({ from: from ?? '', to: to ?? '' });
  const [draftError, setDraftError] = useState<string | null>(null);

  const dashboard = useDashboard(from, to);
  const firstSteps = useFirstSteps();
  // An empty workspace (no actor, no action yet): the steps to take, not a dashboard of zeros.
  const empty =
    firstSteps.data?.steps
      .filter((step) => step.key === 'actors' || step.key === 'actions')
      .every((step) => !step.done) ?? false;

  const applyPeriod = (range: { from: string; to: string } | null): void => {
    const next = new URLSearchParams(params);
    next.delete('from');
    next.delete('to');
    if (range?.from) next.set('from', range.from);
    if (range?.to) next.set('to', range.to);
    setParams(next, { replace: true });
  };

  const choosePreset = (next: Preset): void => {
    setDraftError(null);
    if (next === 'custom') {
      setChosen('custom');
      setDraft({ from: from ?? '', to: to ?? '' });
      return;
    }
    setChosen(next);
    applyPeriod(presetRange(next));
  };

  const submitCustom = (event: FormEvent): void => {
    event.preventDefault();
    if ((draft.from && !DATE.test(draft.from)) || (draft.to && !DATE.test(draft.to))) {
      setDraftError(t('views:dashboard.period.invalidDate'));
      return;
    }
    if (draft.from && draft.to && draft.from > draft.to) {
      setDraftError(t('views:dashboard.period.reversed'));
      return;
    }
    setDraftError(null);
    applyPeriod(draft.from || draft.to ? { from: draft.from, to: draft.to } : null);
  };

  const periodLabel =
    from || to
      ? t('views:dashboard.period.range', { from: from ? formatDate(from) : '…', to: to ? formatDate(to) : '…' })
      : t('views:dashboard.period.allTime');

  return (
    <>
      <PageHeader
        title={t('views:dashboard.title')}
        subtitle={t('views:dashboard.subtitle', { name: territory.name })}
      />
      {firstSteps.data ? <FirstStepsCard data={firstSteps.data} /> : null}
      {empty ? <p className="state state-empty">{t('views:firstSteps.emptyDashboard')}</p> : null}
      <SinceLastVisit />
      {empty ? null : (
        <>
          <section className="card views-period" aria-labelledby="views-period-title">
            <h2 id="views-period-title" className="views-period-title">
              {t('views:dashboard.period.title')}
            </h2>
            <fieldset className="views-presets">
              <legend className="visually-hidden">{t('views:dashboard.period.title')}</legend>
              {PRESETS.map((item) => (
                <label key={item} className="views-preset">
                  <input
                    type="radio"
                    name="views-period"
                    value={item}
                    checked={preset === item}
                    onChange={() => choosePreset(item)}
                  />
                  {t(`views:dashboard.period.presets.${item}`)}
                </label>
              ))}
            </fieldset>
            {preset === 'custom' ? (
              <form className="views-custom-period" noValidate onSubmit={submitCustom}>
                <PeriodError message={draftError} />
                <div className="toolbar">
                  <TextField
                    label={t('views:dashboard.period.from')}
                    type="date"
                    value={draft.from}
                    max={draft.to || undefined}
                    onChange={(event) => setDraft((current) => ({ ...current, from: event.target.value }))}
                    errors={draftError ? [draftError] : undefined}
                  />
                  <TextField
                    label={t('views:dashboard.period.to')}
                    type="date"
                    value={draft.to}
                    min={draft.from || undefined}
                    onChange={(event) => setDraft((current) => ({ ...current, to: event.target.value }))}
                  />
                  <Button type="submit">{t('views:dashboard.period.apply')}</Button>
                </div>
              </form>
            ) : null}
            <p className="muted views-period-current" aria-live="polite">
              {t('views:dashboard.period.current', { period: periodLabel })}
            </p>
          </section>
          <QueryView query={dashboard}>
            {(data) => (
              <div aria-busy={dashboard.isFetching || undefined}>
                <DashboardFigures data={data} />
              </div>
            )}
          </QueryView>
        </>
      )}
    </>
  );
}

/** The period form's error summary, focused when it appears (RGAA 11.10), like FormErrors for API errors. */
function PeriodError({ message }: { message: string | null }): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) ref.current?.focus();
  }, [message]);
  if (!message) return null;
  return (
    <div className="alert alert-error" role="alert" tabIndex={-1} ref={ref}>
      <p>{message}</p>
    </div>
  );
}

function sum(values: Record<string, number>): number {
  return Object.values(values).reduce((total, value) => total + value, 0);
}

/** Months from the first to the last one with an action, with the gaps filled. */
function monthRows(rows: Schemas['ActionMonthCountDto'][]): ({ month: string } & Record<string, number>)[] {
  if (rows.length === 0) return [];
  const months = rows.map((row) => row.month).sort();
  const [firstYear, firstMonth] = (months[0] as string).split('-').map(Number) as [number, number];
  const last = months[months.length - 1] as string;
  const result: ({ month: string } & Record<string, number>)[] = [];
  for (let index = 0; index < 600; index += 1) {
    const date = new Date(firstYear, firstMonth - 1 + index, 1);
    const month = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
    const row = { month } as { month: string } & Record<string, number>;
    for (const type of ACTION_TYPES) row[type] = 0;
    for (const item of rows) if (item.month === month) row[item.type] = (row[item.type] ?? 0) + item.count;
    result.push(row);
    if (month >= last) break;
  }
  return result;
}

const tick = { fontSize: 13, fill: '#3a3a3a' };

function DashboardFigures({ data }: { data: Schemas['DashboardDto'] }): ReactNode {
  const { t } = useTranslation(['views', 'domain']);
  const actorsTotal = sum(data.actorsByCategory);
  const actionsTotal = data.actionsByTypeAndMonth.reduce((total, row) => total + row.count, 0);
  const alliancesTotal = sum(data.alliancesByStatus);
  const activeAlliances = data.alliancesByStatus.active ?? 0;
  const averages = data.evaluations.averages;
  const categories = CATEGORIES.map((category) => ({
    key: category,
    label: t(`domain:category.${category}`),
    count: data.actorsByCategory[category] ?? 0,
  }));
  const statuses = STATUSES.map((status) => ({
    key: status,
    label: t(`domain:allianceStatus.${status}`),
    count: data.alliancesByStatus[status] ?? 0,
  }));
  const modes = MODES.map((mode) => ({
    key: mode,
    label: t(`domain:allianceMode.${mode}`),
    count: data.alliancesByMode[mode] ?? 0,
  }));
  const months = monthRows(data.actionsByTypeAndMonth);
  const score = (value: number | null): string =>
    value === null ? '—' : t('views:dashboard.outOfFive', { value: formatNumber(value, { maximumFractionDigits: 2 }) });
  const count = (value: unknown): string => formatNumber(Number(value));

  const stats = [
    { key: 'actors', value: actorsTotal, label: t('views:dashboard.stats.actors') },
    { key: 'actions', value: actionsTotal, label: t('views:dashboard.stats.actions') },
    { key: 'alliances', value: alliancesTotal, label: t('views:dashboard.stats.alliances') },
    { key: 'active', value: activeAlliances, label: t('views:dashboard.stats.activeAlliances') },
    { key: 'evaluations', value: data.evaluations.count, label: t('views:dashboard.stats.evaluations') },
  ];

  return (
    <>
      <section aria-labelledby="views-key-figures">
        <h2 id="views-key-figures" className="visually-hidden">
          {t('views:dashboard.keyFigures')}
        </h2>
        <ul className="views-stats">
          {stats.map((stat) => (
            <li key={stat.key} className="stat" data-stat={stat.key}>
              <p className="stat-value">{formatNumber(stat.value)}</p>
              <p className="stat-label">{stat.label}</p>
            </li>
          ))}
        </ul>
      </section>
      <div className="grid-2">
        <CountChart
          chart="actorsByCategory"
          column="category"
          rows={categories}
          colours={CATEGORY_COLOURS}
          empty={t('views:dashboard.noActors')}
        />
        <ChartFigure
          title={t('views:dashboard.charts.actionsByMonth')}
          description={t('views:dashboard.charts.actionsByMonthHint')}
          table={
            <table>
              <caption className="visually-hidden">{t('views:dashboard.charts.actionsByMonth')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('views:dashboard.columns.month')}</th>
                  {ACTION_TYPES.map((type) => (
                    <th key={type} scope="col">
                      {t(`domain:actionType.${type}`)}
                    </th>
                  ))}
                  <th scope="col">{t('views:dashboard.columns.total')}</th>
                </tr>
              </thead>
              <tbody>
                {months.map((row) => (
                  <tr key={row.month}>
                    <th scope="row">{formatMonth(row.month)}</th>
                    {ACTION_TYPES.map((type) => (
                      <td key={type}>{formatNumber(row[type])}</td>
                    ))}
                    <td>{formatNumber(ACTION_TYPES.reduce((total, type) => total + (row[type] ?? 0), 0))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        >
          {months.length === 0 ? (
            <p className="state state-empty">{t('views:dashboard.noActions')}</p>
          ) : (
            <ResponsiveContainer width="100%" height={320}>
              <BarChart data={months} margin={{ right: 16 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="month" tickFormatter={formatMonth} tick={tick} />
                <YAxis allowDecimals={false} tickFormatter={count} tick={tick} width={40} />
                <Tooltip
                  labelFormatter={(label) => formatMonth(String(label))}
                  formatter={(value, name) => [count(value), name]}
                />
                <ChartLegend />
                {ACTION_TYPES.map((type) => (
                  <Bar
                    key={type}
                    dataKey={type}
                    stackId="actions"
                    isAnimationActive={false}
                    name={t(`domain:actionType.${type}`)}
                    fill={ACTION_TYPE_COLOURS[type]}
                  />
                ))}
              </BarChart>
            </ResponsiveContainer>
          )}
        </ChartFigure>
        <CountChart
          chart="alliancesByStatus"
          column="status"
          rows={statuses}
          colours={STATUS_COLOURS}
          empty={t('views:dashboard.noAlliances')}
        />
        <CountChart
          chart="alliancesByMode"
          column="mode"
          rows={modes}
          colours={MODE_COLOURS}
          empty={t('views:dashboard.noAlliances')}
        />
      </div>
      <section className="card" aria-labelledby="views-evaluations">
        <h2 id="views-evaluations">{t('views:dashboard.evaluations.title')}</h2>
        <p className="muted">{t('views:dashboard.evaluations.hint', { count: data.evaluations.count })}</p>
        <dl className="views-scores">
          {EVALUATION_OBJECTS.map((key) => (
            <div key={key} className="stat">
              <dt className="stat-label">{t(`views:dashboard.evaluations.${key}`)}</dt>
              <dd className="stat-value">{score(averages[key])}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}

/** Counts per key as horizontal bars, one colour per row, with the same counts as a table. */
function CountChart<K extends string>({
  chart,
  column,
  rows,
  colours,
  empty,
}: {
  chart: 'actorsByCategory' | 'alliancesByStatus' | 'alliancesByMode';
  column: 'category' | 'status' | 'mode';
  rows: { key: K; label: string; count: number }[];
  colours: Record<K, string>;
  empty: string;
}): ReactNode {
  const { t } = useTranslation('views');
  const count = (value: unknown): string => formatNumber(Number(value));
  const title = t(`dashboard.charts.${chart}`);
  return (
    <ChartFigure
      title={title}
      description={t(`dashboard.charts.${chart}Hint`)}
      table={
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t(`dashboard.columns.${column}`)}</th>
              <th scope="col">{t('dashboard.columns.count')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                <td>{formatNumber(row.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {rows.every((row) => row.count === 0) ? (
        <p className="state state-empty">{empty}</p>
      ) : (
        <ResponsiveContainer width="100%" height={320}>
          <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 16 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} tickFormatter={count} tick={tick} />
            <YAxis type="category" dataKey="label" width={150} tick={tick} interval={0} />
            <Tooltip formatter={(value) => [count(value), t('dashboard.columns.count')]} />
            <Bar dataKey="count" name={t('dashboard.columns.count')} isAnimationActive={false}>
              {rows.map((row) => (
                <Cell key={row.key} fill={colours[row.key]} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartFigure>
  );
}
