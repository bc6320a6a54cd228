import { createRequire } from 'node:module';
import { UndirectedGraph } from 'graphology';
import type BetweennessCentrality from 'graphology-metrics/centrality/betweenness.js';
import { analyseGraph } from './graph-analysis.js';
import type { GraphAllianceRow } from './views.repository.js';

const require = createRequire(import.meta.url);
const betweennessCentrality =
  require('graphology-metrics/centrality/betweenness') as typeof BetweennessCentrality.default;

describe('the graph analysis', () => {
  // A chain a–b–c–d, a triangle e–f–g with a tail g–h, and four actors without links.
  const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'];
  const actors = ids.map((id) => ({ id, name: id.toUpperCase(), category: 'association' as const }));
  const pairs = [
    ['a', 'b'],
    ['b', 'c'],
    ['c', 'd'],
    ['e', 'f'],
    ['f', 'g'],
    ['e', 'g'],
    ['g', 'h'],
  ];
  const alliances: GraphAllianceRow[] = [
    ...pairs.map(([x, y], index) => ({
      alliance_id: `al${index}`,
      modes: ['patronage' as const],
      status: 'active' as const,
      actor_ids: [x as string, y as string],
    })),
    { alliance_id: 'declined', modes: ['patronage'], status: 'declined', actor_ids: ['a', 'l'] },
  ];

  it('gives the betweenness graphology computes on the whole graph, computed on the linked actors only', () => {
    const whole = new UndirectedGraph();
    for (const id of ids) whole.addNode(id);
    for (const [x, y] of pairs) whole.addEdge(x, y);
    const expected = betweennessCentrality(whole, { normalized: true });
    const view = analyseGraph(actors, alliances, new Date('2026-12-31T00:00:00Z'));
    for (const node of view.nodes) {
      expect(node.betweenness).toBeCloseTo(expected[node.id] ?? 0, 4);
    }
    expect(view.nodes.find((node) => node.id === 'b')?.betweenness).toBeGreaterThan(0);
    expect(view.components).toBe(2 + 4);
    expect(view.communities).toBeGreaterThanOrEqual(2);
    expect(view.edges.source).toHaveLength(7);
  });

  it('lists each alliance once and its links as node indexes, a three-party alliance as three links', () => {
    const trio: GraphAllianceRow = {
      alliance_id: 'trio',
      modes: ['societal_innovation', 'patronage'],
      status: 'proposed',
      actor_ids: ['i', 'j', 'k'],
    };
    const view = analyseGraph(actors, [...alliances, trio], new Date('2026-12-31T00:00:00Z'));
    // The declined alliance is not drawn; the others each once.
    expect(view.alliances.map((alliance) => alliance.id)).toEqual([
      ...pairs.map((_pair, index) => `al${index}`),
      'trio',
    ]);
    expect(view.alliances.at(-1)).toEqual({
      id: 'trio',
      status: 'proposed',
      modes: ['patronage', 'societal_innovation'],
    });
    const { source, target, alliance } = view.edges;
    expect([source.length, target.length, alliance.length]).toEqual([10, 10, 10]);
    const links = source.map((from, i) => [
      view.nodes[from]!.id,
      view.nodes[target[i]!]!.id,
      view.alliances[alliance[i]!]!.id,
    ]);
    expect(links).toEqual([
      ...pairs.map(([x, y], index) => [x, y, `al${index}`]),
      ['i', 'j', 'trio'],
      ['i', 'k', 'trio'],
      ['j', 'k', 'trio'],
    ]);
  });

  it('samples betweenness above its exact limit and says so, degrees and components still computed', () => {
    const view = analyseGraph(actors, alliances, new Date('2026-12-31T00:00:00Z'), { exactUpTo: 5 });
    expect(view.betweenness).toMatchObject({ method: 'sampled', sources: 5, confidence: 0.95 });
    expect(view.betweenness.error).toBeGreaterThan(0);
    expect(view.nodes.find((node) => node.id === 'g')?.degree).toBe(3);
    const exact = analyseGraph(actors, alliances, new Date('2026-12-31T00:00:00Z'));
    expect(exact.betweenness).toMatchObject({ method: 'exact', error: 0, confidence: 1 });
  });

  it('places every actor, the same way each time, and keeps known positions when asked', () => {
    const date = new Date('2026-12-31T00:00:00Z');
    const first = analyseGraph(actors, alliances, date, { layoutFrom: new Map() });
    const again = analyseGraph(actors, alliances, date, { layoutFrom: new Map() });
    expect(again.nodes).toEqual(first.nodes);
    expect(first.nodes.every((node) => Number.isFinite(node.x) && Number.isFinite(node.y))).toBe(true);
    expect(new Set(first.nodes.map((node) => `${node.x},${node.y}`)).size).toBe(first.nodes.length);
    const kept = new Map(first.nodes.map((node) => [node.id, { x: node.x, y: node.y }]));
    const past = analyseGraph(actors, alliances, date, { layoutFrom: kept, keepPositions: true });
    expect(past.nodes.map((node) => [node.x, node.y])).toEqual(first.nodes.map((node) => [node.x, node.y]));
  });

  it('has no betweenness without links, or with only two linked actors', () => {
    const date = new Date('2026-12-31T00:00:00Z');
    expect(analyseGraph(actors, [], date).nodes.every((node) => node.betweenness === 0)).toBe(true);
    const pair = analyseGraph(actors, alliances.slice(0, 1), date);
    expect(pair.nodes.every((node) => node.betweenness === 0)).toBe(true);
    expect(pair.components).toBe(ids.length - 1);
  });
});
