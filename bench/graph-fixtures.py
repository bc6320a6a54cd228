#!/usr/bin/env python3
"""Generates test/fixtures/graph/*.json: graphs with networkx's exact normalised betweenness.

Run once (networkx 3.x): python3 bench/graph-fixtures.py. The jest test
libs/ecosystem/src/views/betweenness.spec.ts compares our exact and sampled
betweenness with these values, without needing Python in CI.
"""
import json
import os

import networkx as nx

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'graph')


def pieces():
    """Disconnected pieces and actors without links."""
    graph = nx.disjoint_union(nx.barabasi_albert_graph(600, 2, seed=11), nx.watts_strogatz_graph(400, 4, 0.2, seed=12))
    graph = nx.disjoint_union(graph, nx.path_graph(30))
    graph.add_nodes_from(range(graph.number_of_nodes(), graph.number_of_nodes() + 170))
    return graph


GRAPHS = {
    'barabasi-albert-1500': lambda: nx.barabasi_albert_graph(1500, 2, seed=1),
    'watts-strogatz-800': lambda: nx.watts_strogatz_graph(800, 6, 0.1, seed=2),
    'pieces-1200': pieces,
    'barabasi-albert-3000': lambda: nx.barabasi_albert_graph(3000, 3, seed=3),
}

if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    for name, make in GRAPHS.items():
        graph = make()
        exact = nx.betweenness_centrality(graph, normalized=True)
        data = {
            'name': name,
            'generator': f'networkx {nx.__version__}',
            'nodes': [f'n{node}' for node in graph.nodes()],
            'edges': [[f'n{a}', f'n{b}'] for a, b in graph.edges()],
            'betweenness': {f'n{node}': value for node, value in exact.items()},
        }
        with open(os.path.join(OUT, f'{name}.json'), 'w') as out:
            json.dump(data, out, separators=(',', ':'))
        print(name, graph.number_of_nodes(), graph.number_of_edges())
