import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useTerritory } from '../../app/territory';
import { Button, CheckboxGroup, PageHeader, ProgressBar, QueryView, SelectField } from '../../ui/components';
import { formatDate, formatDateTime, formatNumber } from '../../ui/format';
import type { ColourBy, SizeBy } from './graph-layout';
import { GraphSearch } from './GraphSearch';
import { OnDemandTable } from './GraphTables';
import { CATEGORIES, CATEGORY_COLOURS, communityColour, MODES, STATUS_COLOURS, STATUSES } from './palette';
import { isoDate, Legend } from './parts';
import { isComputing, useGraph, type GraphComputing, type GraphData, type GraphNode } from './queries';
import { SigmaGraph, type GraphCamera, type ShownParts } from './SigmaGraph';
import { HelpLink } from '../help/HelpPages';

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
  const [colourBy, setColourBy] = useState<ColourBy>('category');
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
          <SelectField
            label={t('views:graph.colourBy')}
            value={colourBy}
            options={[
              { value: 'category', label: t('views:graph.byCategory') },
              { value: 'community', label: t('views:graph.byCommunity') },
            ]}
            onChange={(event) => setColourBy(event.target.value as ColourBy)}
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
        {(data) =>
          isComputing(data) ? (
            <Computing answer={data} />
          ) : (
            <GraphView
              graph={data}
              busy={graph.isFetching}
              colourBy={colourBy}
              sizeBy={sizeBy}
              selected={selected}
              onSelect={setSelected}
            />
          )
        }
      </QueryView>
    </>
  );
}

/** The figures are being computed (the API answered 202): progress, asked again until ready. */
function Computing({ answer }: { answer: GraphComputing }): ReactNode {
  const { t } = useTranslation('views');
  const percent = Math.round(Math.max(0, Math.min(1, answer.progress)) * 100);
  return (
    <section className="card views-computing" aria-labelledby="views-graph-computing">
      <div role="status">
        <p id="views-graph-computing">
          {answer.asOf
            ? t('graph.computingAsOf', { date: formatDate(answer.asOf), percent })
            : t('graph.computing', { percent })}
        </p>
      </div>
      <ProgressBar value={answer.progress} label={t('graph.computingLabel')} />
      <p className="muted">{t('graph.computingHint')}</p>
    </section>
  );
}

/** When the figures were computed, whether a recomputation is under way, and how betweenness was obtained. */
function Freshness({ graph }: { graph: GraphData }): ReactNode {
  const { t } = useTranslation('views');
  const method = graph.betweenness;
  return (
    <p className="muted views-freshness">
      {graph.computedAt ? (
        <span data-freshness="computed">
          {t('graph.computedAt', { date: formatDateTime(graph.computedAt) })}
          {graph.stale ? ` — ${t('graph.stale')}` : ''}.
        </span>
      ) : null}{' '}
      {method ? (
        <span data-freshness="betweenness">
          {method.method === 'exact'
            ? t('graph.betweennessExact', { count: method.linkedActors })
            : t('graph.betweennessSampled', {
                sources: formatNumber(method.sources),
                linked: formatNumber(method.linkedActors),
                error: formatNumber(method.error, { maximumFractionDigits: 3 }),
                confidence: formatNumber(method.confidence * 100, { maximumFractionDigits: 0 }),
              })}
        </span>
      ) : null}
    </p>
  );
}

interface Filters {
  categories: string[];
  modes: string[];
  statuses: string[];
  /** 'all', or a community number (-1: actors without a link). */
  community: string;
}

const ALL_FILTERS: Filters = { categories: CATEGORIES, modes: MODES, statuses: STATUSES, community: 'all' };

/** The actors and links the filters leave (an actor's links go with it), as masks over the API's indexes. */
function shownParts(graph: GraphData, filters: Filters): ShownParts {
  const categories = new Set(filters.categories);
  const modes = new Set(filters.modes);
  const statuses = new Set(filters.statuses);
  const community = filters.community === 'all' ? null : Number(filters.community);
  const nodes = new Uint8Array(graph.nodes.length);
  let nodeCount = 0;
  graph.nodes.forEach((node, index) => {
    if (categories.has(node.category) && (community === null || node.community === community)) {
      nodes[index] = 1;
      nodeCount += 1;
    }
  });
  // An alliance's status and modes decide for all its links.
  const allModes = modes.size === MODES.length;
  const alliances = graph.alliances.map(
    (alliance) => statuses.has(alliance.status) && (allModes || alliance.modes.some((mode) => modes.has(mode))),
  );
  const { source, target, alliance } = graph.edges;
  const edges = new Uint8Array(source.length);
  let edgeCount = 0;
  for (let index = 0; index < source.length; index += 1) {
    if (nodes[source[index]!] && nodes[target[index]!] && alliances[alliance[index]!]) {
      edges[index] = 1;
      edgeCount += 1;
    }
  }
  return { nodes, edges, nodeCount, edgeCount };
}

/** Communities by size, largest first (-1, actors without a link, apart). */
function communitySizes(nodes: GraphNode[]): { community: number; size: number }[] {
  const sizes = new Map<number, number>();
  for (const node of nodes) sizes.set(node.community, (sizes.get(node.community) ?? 0) + 1);
  return [...sizes.entries()]
    .map(([community, size]) => ({ community, size }))
    .sort((a, b) => Number(a.community < 0) - Number(b.community < 0) || b.size - a.size || a.community - b.community);
}

/** Communities named in the legend (the palette's ten colours repeat after them). */
const LEGEND_COMMUNITIES = 10;

function GraphView({
  graph,
  busy,
  colourBy,
  sizeBy,
  selected,
  onSelect,
}: {
  graph: GraphData;
  busy: boolean;
  colourBy: ColourBy;
  sizeBy: SizeBy;
  selected: string | null;
  onSelect: (nodeId: string | null) => void;
}): ReactNode {
  const { t } = useTranslation(['views', 'domain']);
  const { territoryId } = useTerritory();
  const camera = useRef<GraphCamera | null>(null);
  const helpId = useId();
  const [filters, setFilters] = useState<Filters>(ALL_FILTERS);
  const byId = useMemo(() => new Map(graph.nodes.map((node) => [node.id, node])), [graph]);
  const communities = useMemo(() => communitySizes(graph.nodes), [graph]);
  const shown = useMemo(() => shownParts(graph, filters), [graph, filters]);
  const shownNodes = useMemo(() => graph.nodes.filter((_node, index) => shown.nodes[index]), [graph, shown]);
  // The links shown, by their index in the API's columns.
  const shownEdges = useMemo(() => {
    const indexes: number[] = [];
    shown.edges.forEach((flag, index) => {
      if (flag) indexes.push(index);
    });
    return indexes;
  }, [shown]);
  const communityName = (community: number): string =>
    community < 0 ? t('views:graph.noCommunity') : t('views:graph.community', { number: community + 1 });
  const summary = t('views:graph.summary', {
    nodes: formatNumber(graph.nodes.length),
    edges: formatNumber(graph.edges.source.length),
    components: formatNumber(graph.components),
    communities: formatNumber(graph.communities),
  });
  const chosen = selected ? byId.get(selected) : undefined;
  const actorHref = (actorId: string): string => `/t/${territoryId}/annuaire/${actorId}`;
  const filtered =
    filters.categories.length !== CATEGORIES.length ||
    filters.modes.length !== MODES.length ||
    filters.statuses.length !== STATUSES.length ||
    filters.community !== 'all';

  // A selection that is no longer in the graph (another date) is dropped.
  useEffect(() => {
    if (selected && !byId.has(selected)) onSelect(null);
  }, [byId, selected, onSelect]);

  const choose = (node: GraphNode): void => {
    onSelect(node.id);
    camera.current?.focus(node.id);
  };

  return (
    <div aria-busy={busy || undefined}>
      <section className="card" aria-labelledby="views-graph-summary">
        <p id="views-graph-summary" className="views-summary" role="status">
          {t('views:graph.asOfSummary', { date: formatDate(graph.asOf) })} {summary}
        </p>
        <Freshness graph={graph} />
        {graph.nodes.length === 0 ? (
          <p className="state state-empty">
            {t('views:graph.empty')} {t('views:graph.emptyNext')}{' '}
            <Link to={`/t/${territoryId}/annuaire`}>{t('views:graph.emptyLink')}</Link>
          </p>
        ) : (
          <>
            {graph.edges.source.length === 0 ? (
              <p className="muted">
                {t('views:graph.noEdges')}{' '}
                <Link to={`/t/${territoryId}/alliances/proposer`}>{t('views:graph.noEdgesLink')}</Link>
              </p>
            ) : null}
            <div className="views-graph-tools">
              <GraphSearch nodes={graph.nodes} onChoose={choose} />
              <div className="views-zoom" role="group" aria-label={t('views:graph.zoom')}>
                <Button variant="secondary" onClick={() => camera.current?.zoomIn()}>
                  {t('views:graph.zoomIn')}
                </Button>
                <Button variant="secondary" onClick={() => camera.current?.zoomOut()}>
                  {t('views:graph.zoomOut')}
                </Button>
                <Button variant="secondary" onClick={() => camera.current?.reset()}>
                  {t('views:graph.zoomReset')}
                </Button>
              </div>
            </div>
            <p className="views-shown" aria-live="polite" data-shown={filtered ? 'filtered' : 'all'}>
              {t('views:graph.shown', {
                nodes: formatNumber(shown.nodeCount),
                totalNodes: formatNumber(graph.nodes.length),
                edges: formatNumber(shown.edgeCount),
                totalEdges: formatNumber(graph.edges.source.length),
              })}
            </p>
            <div className="views-graph-stage">
              <SigmaGraph
                graph={graph}
                colourBy={colourBy}
                sizeBy={sizeBy}
                shown={shown}
                selected={selected}
                onSelect={onSelect}
                label={summary}
                describedBy={helpId}
                camera={camera}
              />
              <div aria-live="polite" className="views-selected-panel">
                {chosen ? (
                  <section className="views-selected" aria-labelledby="views-graph-selected">
                    <h2 id="views-graph-selected">{chosen.name}</h2>
                    <dl>
                      <dt>{t('views:graph.columns.category')}</dt>
                      <dd>{t(`domain:category.${chosen.category}`)}</dd>
                      <dt>{t('views:graph.columns.degree')}</dt>
                      <dd>{formatNumber(chosen.degree)}</dd>
                      <dt>{t('views:graph.columns.betweenness')}</dt>
                      <dd>{formatNumber(chosen.betweenness, { maximumFractionDigits: 3 })}</dd>
                      <dt>{t('views:graph.columns.community')}</dt>
                      <dd>{communityName(chosen.community)}</dd>
                    </dl>
                    <p>
                      <Link to={actorHref(chosen.id)}>{t('views:graph.openActor', { name: chosen.name })}</Link>
                    </p>
                    <Button variant="tertiary" onClick={() => onSelect(null)}>
                      {t('views:graph.unselect')}
                    </Button>
                  </section>
                ) : null}
              </div>
            </div>
            <p className="muted views-graph-help" id={helpId}>
              {t('views:graph.help')}
            </p>
          </>
        )}
        <div className="views-legends">
          {colourBy === 'community' ? (
            <Legend
              label={t('views:graph.legendCommunities')}
              shape="circle"
              items={[
                ...communities
                  .filter((group) => group.community >= 0)
                  .slice(0, LEGEND_COMMUNITIES)
                  .map((group) => ({
                    key: String(group.community),
                    label: t('views:graph.communityMembers', {
                      name: communityName(group.community),
                      count: group.size,
                    }),
                    colour: communityColour(group.community),
                  })),
                ...(communities.some((group) => group.community < 0)
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
            label={t('views:graph.legendStatuses')}
            shape="line"
            items={STATUSES.map((status) => ({
              key: status,
              label: t(`domain:allianceStatus.${status}`),
              colour: STATUS_COLOURS[status],
            }))}
          />
        </div>
        {colourBy === 'community' && graph.communities > LEGEND_COMMUNITIES ? (
          <p className="muted">{t('views:graph.moreCommunities', { count: graph.communities - LEGEND_COMMUNITIES })}</p>
        ) : null}
      </section>
      {graph.nodes.length > 0 ? (
        <section className="card views-graph-filters" aria-labelledby="views-graph-filters">
          <h2 id="views-graph-filters">{t('views:graph.filters')}</h2>
          <div className="views-graph-filter-grid">
            <CheckboxGroup
              legend={t('views:graph.columns.category')}
              options={CATEGORIES.map((category) => ({ value: category, label: t(`domain:category.${category}`) }))}
              value={filters.categories}
              onChange={(categories) => setFilters({ ...filters, categories })}
            />
            <CheckboxGroup
              legend={t('views:graph.columns.modes')}
              options={MODES.map((mode) => ({ value: mode, label: t(`domain:allianceMode.${mode}`) }))}
              value={filters.modes}
              onChange={(modes) => setFilters({ ...filters, modes })}
            />
            <CheckboxGroup
              legend={t('views:graph.columns.status')}
              options={STATUSES.map((status) => ({ value: status, label: t(`domain:allianceStatus.${status}`) }))}
              value={filters.statuses}
              onChange={(statuses) => setFilters({ ...filters, statuses })}
            />
            <SelectField
              label={t('views:graph.columns.community')}
              value={filters.community}
              options={[
                { value: 'all', label: t('views:graph.allCommunities') },
                ...communities.map((group) => ({
                  value: String(group.community),
                  label: t('views:graph.communityMembers', { name: communityName(group.community), count: group.size }),
                })),
              ]}
              onChange={(event) => setFilters({ ...filters, community: event.target.value })}
            />
          </div>
          <Button variant="tertiary" disabled={!filtered} onClick={() => setFilters(ALL_FILTERS)}>
            {t('views:graph.clearFilters')}
          </Button>
        </section>
      ) : null}
      <section className="card" aria-labelledby="views-graph-tables">
        <h2 id="views-graph-tables">{t('views:graph.tables')}</h2>
        <p className="muted">{t('views:graph.tablesHint')}</p>
        <OnDemandTable
          title={t('views:graph.nodesTable', { count: shownNodes.length })}
          caption={t('views:graph.nodesCaption')}
          className="views-nodes"
          rows={shownNodes}
          empty={t('views:graph.empty')}
          head={
            <tr>
              <th scope="col">{t('views:graph.columns.actor')}</th>
              <th scope="col">{t('views:graph.columns.category')}</th>
              <th scope="col">{t('views:graph.columns.degree')}</th>
              <th scope="col">{t('views:graph.columns.betweenness')}</th>
              <th scope="col">{t('views:graph.columns.community')}</th>
            </tr>
          }
          renderRow={(node) => (
            <tr key={node.id}>
              <th scope="row">
                <Link to={actorHref(node.id)}>{node.name}</Link>
              </th>
              <td>{t(`domain:category.${node.category}`)}</td>
              <td>{formatNumber(node.degree)}</td>
              <td>{formatNumber(node.betweenness, { maximumFractionDigits: 3 })}</td>
              <td>{communityName(node.community)}</td>
            </tr>
          )}
        />
        <OnDemandTable
          title={t('views:graph.edgesTable', { count: shownEdges.length })}
          caption={t('views:graph.edgesCaption')}
          className="views-edges"
          rows={shownEdges}
          empty={t('views:graph.noEdges')}
          head={
            <tr>
              <th scope="col">{t('views:graph.columns.between')}</th>
              <th scope="col">{t('views:graph.columns.and')}</th>
              <th scope="col">{t('views:graph.columns.modes')}</th>
              <th scope="col">{t('views:graph.columns.status')}</th>
            </tr>
          }
          renderRow={(index) => {
            const alliance = graph.alliances[graph.edges.alliance[index]!]!;
            return (
              <tr key={index}>
                <td>{graph.nodes[graph.edges.source[index]!]!.name}</td>
                <td>{graph.nodes[graph.edges.target[index]!]!.name}</td>
                <td>{alliance.modes.map((mode) => t(`domain:allianceMode.${mode}`)).join(', ')}</td>
                <td>{t(`domain:allianceStatus.${alliance.status}`)}</td>
              </tr>
            );
          }}
        />
      </section>
    </div>
  );
}
