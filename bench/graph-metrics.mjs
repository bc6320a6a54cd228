#!/usr/bin/env node
// Times the graph metrics job's computation (analyseGraph with betweenness, communities and the
// ForceAtlas2 layout, as the worker runs it) on generated territories: actors with preferential
// attachment alliances (about 2 links per linked actor) and a fifth without links. Needs a build.
//
//   node bench/graph-metrics.mjs                 5,000 and 50,000 actors
//   node bench/graph-metrics.mjs 20000           one size
//
// Reported: the first computation (no stored layout) and a second one after a small change
// (the stored positions as start, as the worker does after a change).
import { analyseGraph, DEFAULT_EXACT_BETWEENNESS_UP_TO } from '../dist/libs/ecosystem/src/index.js';
import { requireBuild } from './lib/harness.mjs';

requireBuild();
const sizes = process.argv.slice(2).map(Number).filter(Boolean);

function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4_294_967_296;
  };
}

function territory(size) {
  const next = random(size);
  const actors = Array.from({ length: size }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `Acteur ${i}`,
    category: 'company',
  }));
  const linked = Math.round(size * 0.8);
  const ends = [];
  const alliances = [];
  for (let i = 1; i < linked; i += 1) {
    for (let link = 0; link < 2 && link < i; link += 1) {
      const target = ends.length && next() < 0.8 ? ends[Math.floor(next() * ends.length)] : Math.floor(next() * i);
      if (target === i) continue;
      alliances.push({
        alliance_id: `a${alliances.length}`,
        modes: ['patronage'],
        status: 'active',
        actor_ids: [actors[i].id, actors[target].id],
      });
      ends.push(i, target);
    }
  }
  return { actors, alliances };
}

for (const size of sizes.length ? sizes : [5_000, 50_000]) {
  const { actors, alliances } = territory(size);
  const asOf = new Date();
  let started = performance.now();
  const first = analyseGraph(actors, alliances, asOf, { layoutFrom: new Map() });
  const firstMs = performance.now() - started;
  const positions = new Map(first.nodes.map((node) => [node.id, { x: node.x, y: node.y }]));
  alliances.push({
    alliance_id: 'new',
    modes: ['patronage'],
    status: 'active',
    actor_ids: [actors[1].id, actors[size - 1].id],
  });
  started = performance.now();
  analyseGraph(actors, alliances, asOf, { layoutFrom: positions });
  const againMs = performance.now() - started;
  console.log(
    JSON.stringify({
      actors: size,
      links: first.edges.source.length,
      betweenness: first.betweenness,
      exactUpTo: DEFAULT_EXACT_BETWEENNESS_UP_TO,
      firstMs: Math.round(firstMs),
      afterChangeMs: Math.round(againMs),
    }),
  );
}
