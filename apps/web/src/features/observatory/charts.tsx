import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatNumber } from '../../ui/format';
import { dimensionGroup } from './data';

/** Contrasted colours (AA against white), told apart by the legend and the table as well. */
export const PALETTE = ['#000091', '#c9191e', '#18753c', '#8d533e', '#6a6af4', '#a558a0', '#0063cb', '#716043'];

export interface ChartSeries {
  key: string;
  name: string;
}

export type ChartRow = Record<string, string | number | null>;

const formatTick = (value: unknown): string => (typeof value === 'number' ? formatNumber(value) : String(value));
const formatTooltip = (value: unknown): string =>
  typeof value === 'number' ? formatNumber(value) : value === null || value === undefined ? '—' : String(value);

/**
 * A chart and its text alternative: the drawing is hidden from assistive
 * technologies, the table (children) carries the same figures for everyone.
 */
export function ChartFigure({
  caption,
  chart,
  children,
}: {
  caption: ReactNode;
  chart: ReactNode;
  children: ReactNode;
}): ReactNode {
  const { t } = useTranslation('observatory');
  return (
    <figure className="obs-figure">
      <figcaption>{caption}</figcaption>
      <div className="obs-chart" aria-hidden="true">
        {chart}
      </div>
      <p className="muted obs-chart-hint">{t('chart.alternative')}</p>
      {children}
    </figure>
  );
}

/** Horizontal bars, one row per category (long French labels stay readable). */
export function BarsChart({
  data,
  series,
  categoryKey = 'label',
}: {
  data: ChartRow[];
  series: ChartSeries[];
  categoryKey?: string;
}): ReactNode {
  const height = Math.max(140, data.length * (series.length * 18 + 14) + 70);
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart
        data={data}
        layout="vertical"
        margin={{ top: 8, right: 24, bottom: 8, left: 8 }}
        accessibilityLayer={false}
      >
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" tickFormatter={formatTick} allowDecimals={false} />
        <YAxis type="category" dataKey={categoryKey} width={210} tick={{ fontSize: 12 }} interval={0} />
        <Tooltip formatter={formatTooltip} isAnimationActive={false} />
        {series.length > 1 ? <Legend /> : null}
        {series.map((item, index) => (
          <Bar
            key={item.key}
            dataKey={item.key}
            name={item.name}
            fill={PALETTE[index % PALETTE.length]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Lines over months (the x axis), one per series. */
export function LinesChart({
  data,
  series,
  xKey = 'month',
}: {
  data: ChartRow[];
  series: ChartSeries[];
  xKey?: string;
}): ReactNode {
  return (
    <ResponsiveContainer width="100%" height={300}>
      <LineChart data={data} margin={{ top: 8, right: 24, bottom: 8, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey={xKey} tick={{ fontSize: 12 }} />
        <YAxis tickFormatter={formatTick} allowDecimals={false} width={48} />
        <Tooltip formatter={formatTooltip} isAnimationActive={false} />
        {series.length > 1 ? <Legend /> : null}
        {series.map((item, index) => (
          <Line
            key={item.key}
            type="monotone"
            dataKey={item.key}
            name={item.name}
            stroke={PALETTE[index % PALETTE.length]}
            strokeWidth={2}
            dot={{ r: 3 }}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

/** Dimensions that are not a part of anything (the total, the covered priorities): in the table only. */
const WHOLE = new Set(['total', 'covered']);

/**
 * One bar chart per dimension (actor categories, company sizes, the employer
 * flag…), never one chart mixing them; a dimension of a single value stays in
 * the table.
 */
export function DimensionCharts({
  rows,
  series,
}: {
  rows: (ChartRow & { dimension: string })[];
  series: ChartSeries[];
}): ReactNode {
  const { t } = useTranslation('observatory');
  const groups = new Map<string, ChartRow[]>();
  for (const row of rows) {
    if (WHOLE.has(row.dimension)) continue;
    const group = dimensionGroup(row.dimension);
    groups.set(group, [...(groups.get(group) ?? []), row]);
  }
  const shown = [...groups].filter(([, data]) => data.length > 1);
  return (
    <div className="obs-chart-groups">
      {shown.map(([group, data]) => (
        <div key={group} className="obs-chart-group">
          <p className="obs-chart-title">{t(`chart.groups.${group}`, { defaultValue: t('chart.groups.other') })}</p>
          <BarsChart data={data} series={series} />
        </div>
      ))}
    </div>
  );
}
