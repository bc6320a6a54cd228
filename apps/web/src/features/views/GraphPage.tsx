import { useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type Schemas } from '../../api/client';
import { useTerritory } from '../../app/territory';
import { Checkbox, PageHeader, QueryView, ScrollRegion, SelectField } from '../../ui/components';
import { formatDate, formatNumber } from '../../ui/format';
import { CytoscapeGraph, type SizeBy } from './CytoscapeGraph';
import { CATEGORIES, CATEGORY_COLOURS, communityColour, MODE_COLOURS, MODES } from './palette';
import { isoDate, Legend } from './parts';
import { useGraph } from './queries';
import { HelpLink } from '../help/HelpPages';

type Graph = Schemas['GraphDto'];
const DAY = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(value: string): Date {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, day);
}

/** The last instant of a local day, as the API's `asOf`. */
function endOfDay(value: string): string {
  const end = parseDay(value);
  end.setHours(23, 59, 59, 999);
  return end.toISOString();
}

/** Days between two local dates (whole days, daylight saving aside). */
function daysBetween(from: Date, to: Date): number {
  return Math.round((to.getTime() - from.getTime()) / DAY);
}

/** Who works with whom, as of a date: the graph, its legends, communities and table alternative. */
export function GraphPage(): ReactNode {
  const { t } = useTranslation(['views', 'domain', 'common']);
  const { territory } = useTerritory();
  const [params, setParams] = useSearchParams();
  const today = isoDate(new Date());
  // The slider runs from a year back (or the workspace's opening, if earlier) to today.
  const yearAgo = new Date();
  yearAgo.setFullYear(yearAgo.getFullYear() - 1);
  const opened = new Date(territory.createdAt);
  const minDay = isoDate(opened < yearAgo ? opened : yearAgo);
  const span = daysBetween(parseDay(minDay), parseDay(today));
  const requested = params.get('date');
  const asOfDay = requested && DATE.test(requested) && requested >= minDay && requested <= today ? requested : today;
  const [slider, setSlider] = useState(daysBetween(parseDay(minDay), parseDay(asOfDay)));
  const sliderDay = isoDate(new Date(parseDay(minDay).getTime() + slider * DAY + 12 * 3_600_000));
  const [communities, setCommunities] = useState(false);
  const [sizeBy, setSizeBy] = useState<SizeBy>('degree');
  const [selected, setSelected] = useState<string | null>(null);
  const sliderId = useId();

  useEffect(() => {
    setSlider(daysBetween(parseDay(minDay), parseDay(asOfDay)));
  }, [asOfDay, minDay]);

  // The slider refetches once it rests (300 ms), not at every step.
  useEffect(() => {
    if (sliderDay === asOfDay) return;
    const timer = setTimeout(() => {
      const next = new URLSearchParams(params);
      if (sliderDay === today) next.delete('date');
      else next.set('date', sliderDay);
      setParams(next, { replace: true });
    }, 300);
    return () => clearTimeout(timer);
  }, [sliderDay, asOfDay, today, params, setParams]);

  const graph = useGraph(asOfDay === today ? null : { day: asOfDay, end: endOfDay(asOfDay) });

  return (
    <>
      <PageHeader
        title={t('views:graph.title')}
        subtitle={t('views:graph.subtitle', { name: territory.name })}
        actions={<HelpLink area="carte-et-graphe" />}
      />
      <section className="card views-graph-controls" aria-label={t('views:graph.controls')}>
        <div className="field views-slider">
          <label htmlFor={sliderId}>{t('views:graph.asOf')}</label>
          <div className="views-slider-row">
            <input
              id={sliderId}
              type="range"
              min={0}
              max={span}
              step={1}
              value={slider}
              aria-valuetext={formatDate(sliderDay)}
              aria-describedby={`${sliderId}-hint`}
              onChange={(event) => setSlider(Number(event.target.value))}
            />
            <output htmlFor={sliderId} className="views-slider-value">
              {formatDate(sliderDay)}
            </output>
          </div>
          <p className="field-hint" id={`${sliderId}-hint`}>
            {t('views:graph.asOfHint', { from: formatDate(minDay) })}
          </p>
        </div>
        <div className="views-graph-options">
          <Checkbox
            label={t('views:graph.communities')}
            checked={communities}
            onChange={(event) => setCommunities(event.target.checked)}
          />
          <SelectField
            label={t('views:graph.sizeBy')}
            value={sizeBy}
            options={[
              { value: 'degree', label: t('views:graph.degree') },
              { value: 'betweenness', label: t('views:graph.betweenness') },
            ]}
            onChange={(event) => setSizeBy(event.target.value as SizeBy)}
          />
        </div>
      </section>
      <QueryView query={graph}>
        {(data) => (
          <GraphView
            graph={data}
            busy={graph.isFetching}
            communities={communities}
            sizeBy={sizeBy}
            selected={selected}
            onSelect={setSelected}
          />
        )}
      </QueryView>
    </>
  );
}

function GraphView({
  graph,
  busy,
  communities,
  sizeBy,
  selected,
  onSelect,
}: {
  graph: Graph;
  busy: boolean;
  communities: boolean;
  sizeBy: SizeBy;
  selected: string | null;
  onSelect: (nodeId: string | null) => void;
}): ReactNode {
  const { t } = useTranslation(['views', 'domain']);
  const { territoryId } = useTerritory();
  const names = useMemo(() => new Map(graph.nodes.map((node) => [node.id, node.name])), [graph]);
  const groups = useMemo(() => {
    const byCommunity = new Map<number, Graph['nodes']>();
    for (const node of graph.nodes) {
      if (node.community < 0) continue;
      byCommunity.set(node.community, [...(byCommunity.get(node.community) ?? []), node]);
    }
    return [...byCommunity.entries()]
      .map(([community, members]) => ({ community, members }))
      .sort((a, b) => b.members.length - a.members.length || a.community - b.community);
  }, [graph]);
  const communityName = (community: number): string =>
    community < 0 ? t('views:graph.noCommunity') : t('views:graph.community', { number: community + 1 });
  const summary = t('views:graph.summary', {
    nodes: formatNumber(graph.nodes.length),
    edges: formatNumber(graph.edges.length),
    components: formatNumber(graph.components),
    communities: formatNumber(graph.communities),
  });
  const chosen = selected ? graph.nodes.find((node) => node.id === selected) : undefined;
  const actorHref = (actorId: string): string => `/t/${territoryId}/annuaire/${actorId}`;

  return (
    <div aria-busy={busy || undefined}>
      <section className="card" aria-labelledby="views-graph-summary">
        <p id="views-graph-summary" className="views-summary" role="status">
          {t('views:graph.asOfSummary', { date: formatDate(graph.asOf) })} {summary}
        </p>
        {graph.nodes.length === 0 ? (
          <p className="state state-empty">
            {t('views:graph.empty')} {t('views:graph.emptyNext')}{' '}
            <Link to={`/t/${territoryId}/annuaire`}>{t('views:graph.emptyLink')}</Link>
          </p>
        ) : (
          <>
            {graph.edges.length === 0 ? (
              <p className="muted">
                {t('views:graph.noEdges')}{' '}
                <Link to={`/t/${territoryId}/alliances/proposer`}>{t('views:graph.noEdgesLink')}</Link>
              </p>
            ) : null}
            <CytoscapeGraph
              graph={graph}
              colourBy={communities ? 'community' : 'category'}
              sizeBy={sizeBy}
              label={summary}
              onSelect={onSelect}
            />
            <p className="muted views-graph-help">{t('views:graph.help')}</p>
          </>
        )}
        <div aria-live="polite">
          {chosen ? (
            <div className="views-selected">
              <p>
                <strong>{chosen.name}</strong> — {t(`domain:category.${chosen.category}`)} ·{' '}
                {t('views:graph.links', { count: chosen.degree })} · {communityName(chosen.community)}
              </p>
              <Link to={actorHref(chosen.id)}>{t('views:graph.openActor', { name: chosen.name })}</Link>
            </div>
          ) : null}
        </div>
        <div className="views-legends">
          {communities ? (
            <Legend
              label={t('views:graph.legendCommunities')}
              shape="circle"
              items={[
                ...groups.map((group) => ({
                  key: String(group.community),
                  label: communityName(group.community),
                  colour: communityColour(group.community),
                })),
                ...(graph.nodes.some((node) => node.community < 0)
                  ? [{ key: 'none', label: t('views:graph.noCommunity'), colour: communityColour(-1) }]
                  : []),
              ]}
            />
          ) : (
            <Legend
              label={t('views:graph.legendCategories')}
              shape="circle"
              items={CATEGORIES.map((category) => ({
                key: category,
                label: t(`domain:category.${category}`),
                colour: CATEGORY_COLOURS[category],
              }))}
            />
          )}
          <Legend
            label={t('views:graph.legendModes')}
            shape="line"
            items={MODES.map((mode) => ({
              key: mode,
              label: t(`domain:allianceMode.${mode}`),
              colour: MODE_COLOURS[mode],
            }))}
          />
          <Legend
            label={t('views:graph.legendStatuses')}
            shape="line"
            items={(['solid', 'dashed', 'dotted'] as const).map((line) => ({
              key: line,
              label: t(`views:graph.line.${line}`),
              colour: '#3a3a3a',
              line,
            }))}
          />
        </div>
      </section>
      {communities ? (
        <section className="card" aria-labelledby="views-communities">
          <h2 id="views-communities">{t('views:graph.communitiesTitle', { count: groups.length })}</h2>
          {groups.length === 0 ? (
            <p className="state state-empty">{t('views:graph.noCommunities')}</p>
          ) : (
            <ul className="views-communities">
              {groups.map((group) => (
                <li key={group.community}>
                  <span
                    className="views-swatch views-swatch-circle"
                    style={{ background: communityColour(group.community) }}
                    aria-hidden="true"
                  />
                  <strong>{communityName(group.community)}</strong>{' '}
                  {t('views:graph.membersList', {
                    count: group.members.length,
                    names: group.members.map((member) => member.name).join(', '),
                  })}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      <section className="card" aria-labelledby="views-graph-tables">
        <h2 id="views-graph-tables">{t('views:graph.tables')}</h2>
        <details className="views-data">
          <summary>{t('views:graph.nodesTable', { count: graph.nodes.length })}</summary>
          <ScrollRegion label={t('views:graph.nodesCaption')}>
            <table className="views-nodes">
              <caption className="visually-hidden">{t('views:graph.nodesCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('views:graph.columns.actor')}</th>
                  <th scope="col">{t('views:graph.columns.category')}</th>
                  <th scope="col">{t('views:graph.columns.degree')}</th>
                  <th scope="col">{t('views:graph.columns.betweenness')}</th>
                  <th scope="col">{t('views:graph.columns.community')}</th>
                </tr>
              </thead>
              <tbody>
                {graph.nodes.map((node) => (
                  <tr key={node.id}>
                    <th scope="row">
                      <Link to={actorHref(node.id)}>{node.name}</Link>
                    </th>
                    <td>{t(`domain:category.${node.category}`)}</td>
                    <td>{formatNumber(node.degree)}</td>
                    <td>{formatNumber(node.betweenness, { maximumFractionDigits: 3 })}</td>
                    <td>{communityName(node.community)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </details>
        <details className="views-data">
          <summary>{t('views:graph.edgesTable', { count: graph.edges.length })}</summary>
          {graph.edges.length === 0 ? (
            <p className="state state-empty">{t('views:graph.noEdges')}</p>
          ) : (
            <ScrollRegion label={t('views:graph.edgesCaption')}>
              <table className="views-edges">
                <caption className="visually-hidden">{t('views:graph.edgesCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('views:graph.columns.between')}</th>
                    <th scope="col">{t('views:graph.columns.and')}</th>
                    <th scope="col">{t('views:graph.columns.modes')}</th>
                    <th scope="col">{t('views:graph.columns.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {graph.edges.map((edge) => (
                    <tr key={edge.id}>
                      <td>{names.get(edge.source) ?? edge.source}</td>
                      <td>{names.get(edge.target) ?? edge.target}</td>
                      <td>{edge.modes.map((mode) => t(`domain:allianceMode.${mode}`)).join(', ')}</td>
                      <td>{t(`domain:allianceStatus.${edge.status}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </details>
      </section>
    </div>
  );
}
