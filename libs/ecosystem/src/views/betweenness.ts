import type { UndirectedGraph } from 'graphology';

/** Confidence of the stated error bound of sampled betweenness (per actor). */
export const BETWEENNESS_CONFIDENCE = 0.95;

export interface BetweennessOptions {
  /** Exact (every linked actor a source) at or below this many linked actors; sampled above. */
  exactUpTo: number;
  /** Sources drawn when sampling (defaults to `exactUpTo`, so a sampled run costs an exact one at the threshold). */
  sources?: number;
  /** Seed of the sources' draw: the same graph and seed give the same numbers. */
  seed?: number;
}

export interface BetweennessMethod {
  method: 'exact' | 'sampled';
  /** Actors with at least one link: the ones betweenness is computed on. */
  linkedActors: number;
  /** BFS sources used (all linked actors when exact). */
  sources: number;
  /** Stated absolute error bound on each normalised value (0 when exact). */
  error: number;
  /** Probability that the bound holds for a given actor (1 when exact). */
  confidence: number;
}

export interface BetweennessResult extends BetweennessMethod {
  /** Normalised betweenness of each linked actor (over all the graph's actors, as networkx normalises). */
  values: Map<string, number>;
}

/** A small fast deterministic PRNG (mulberry32), uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Hoeffding's bound for the mean of `sources` draws without replacement (Hoeffding 1963, §6: it
 * holds as for draws with replacement) of a per-source contribution in [0, range]:
 * P(|estimate − exact| ≥ ε) ≤ 2·exp(−2·k·ε² / range²), so ε = range·√(ln(2/(1−confidence)) / (2k)).
 */
export function sampledBetweennessError(linked: number, order: number, sources: number): number {
  if (order < 3 || sources <= 0) return 0;
  // One source's contribution to an actor, scaled by n/k and normalised: at most (n−2)·n / ((N−1)(N−2)).
  const range = ((linked - 2) * linked) / ((order - 1) * (order - 2));
  return range * Math.sqrt(Math.log(2 / (1 - BETWEENNESS_CONFIDENCE)) / (2 * sources));
}

/**
 * Betweenness centrality (Brandes 2001, unweighted BFS) normalised over all `simple.order` actors
 * — networkx's `betweenness_centrality(G, normalized=True)` — computed on the linked actors only
 * (an actor without links lies on no shortest path and adds none). Exact up to
 * `options.exactUpTo` linked actors; above, estimated from `sources` sources drawn uniformly
 * without replacement, dependencies scaled by n/k (Brandes & Pich 2007), with the error stated by
 * `sampledBetweennessError`. Adjacency in typed arrays (CSR) for speed; linked actors in id order
 * and a fixed seed, so the same graph always gives the same numbers.
 */
export function betweenness(simple: UndirectedGraph, options: BetweennessOptions): BetweennessResult {
  const steps = betweennessSteps(simple, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Sources between two progress reports of `betweennessSteps`. */
const SOURCES_PER_STEP = 64;

/** `betweenness`, yielding the share of sources done every few sources (a worker reports it and breathes). */
export function* betweennessSteps(
  simple: UndirectedGraph,
  options: BetweennessOptions,
): Generator<number, BetweennessResult> {
  const ids = simple
    .nodes()
    .filter((node) => simple.degree(node) > 0)
    .sort();
  const n = ids.length;
  const order = simple.order;
  const exact = n <= options.exactUpTo;
  const k = exact ? n : Math.min(n, Math.max(1, options.sources ?? options.exactUpTo));
  const header: BetweennessMethod = {
    method: exact ? 'exact' : 'sampled',
    linkedActors: n,
    sources: k,
    error: exact ? 0 : sampledBetweennessError(n, order, k),
    confidence: exact ? 1 : BETWEENNESS_CONFIDENCE,
  };
  // Fewer than three actors: nobody lies between two others.
  if (n < 3 || order < 3) return { ...header, values: new Map() };

  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  const offsets = new Int32Array(n + 1);
  ids.forEach((id, i) => {
    offsets[i + 1] = (offsets[i] as number) + simple.degree(id);
  });
  const targets = new Int32Array(offsets[n] as number);
  ids.forEach((id, i) => {
    let at = offsets[i] as number;
    simple.forEachNeighbor(id, (neighbour) => {
      targets[at] = index.get(neighbour) as number;
      at += 1;
    });
  });

  let sources: Int32Array;
  if (exact) {
    sources = Int32Array.from({ length: n }, (_, i) => i);
  } else {
    // Partial Fisher–Yates: the first k of a seeded shuffle, uniformly without replacement.
    const random = seededRandom(options.seed ?? 0x5eed);
    const pool = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < k; i += 1) {
      const j = i + Math.floor(random() * (n - i));
      const swap = pool[i] as number;
      pool[i] = pool[j] as number;
      pool[j] = swap;
    }
    sources = pool.slice(0, k);
  }

  const raw = new Float64Array(n);
  const sigma = new Float64Array(n);
  const delta = new Float64Array(n);
  const distance = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  for (let done = 0; done < sources.length; done += 1) {
    if (done > 0 && done % SOURCES_PER_STEP === 0) yield done / sources.length;
    const source = sources[done] as number;
    // BFS from the source: `stack` holds the nodes in order of distance (it is also the queue).
    let head = 0;
    let tail = 0;
    stack[tail++] = source;
    sigma[source] = 1;
    distance[source] = 0;
    while (head < tail) {
      const v = stack[head++] as number;
      const next = (distance[v] as number) + 1;
      for (let e = offsets[v] as number, end = offsets[v + 1] as number; e < end; e += 1) {
        const w = targets[e] as number;
        if (distance[w] === -1) {
          distance[w] = next;
          stack[tail++] = w;
        }
        if (distance[w] === next) sigma[w] = (sigma[w] as number) + (sigma[v] as number);
      }
    }
    // Dependencies, farthest first; a node's successors are its neighbours one step farther.
    for (let i = tail - 1; i >= 0; i -= 1) {
      const v = stack[i] as number;
      const farther = (distance[v] as number) + 1;
      let sum = 0;
      for (let e = offsets[v] as number, end = offsets[v + 1] as number; e < end; e += 1) {
        const w = targets[e] as number;
        if (distance[w] === farther) sum += (1 + (delta[w] as number)) / (sigma[w] as number);
      }
      delta[v] = (sigma[v] as number) * sum;
      if (v !== source) raw[v] = (raw[v] as number) + (delta[v] as number);
    }
    for (let i = 0; i < tail; i += 1) {
      const v = stack[i] as number;
      sigma[v] = 0;
      delta[v] = 0;
      distance[v] = -1;
    }
  }
  // Every ordered pair counted (both directions): networkx's undirected normalisation is 1/((N−1)(N−2)).
  const scale = (exact ? 1 : n / k) / ((order - 1) * (order - 2));
  return { ...header, values: new Map(ids.map((id, i) => [id, (raw[i] as number) * scale])) };
}
