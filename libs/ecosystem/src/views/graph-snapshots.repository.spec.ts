import type { Db } from '@maillage/platform';
import { GraphSnapshotsRepository } from './graph-snapshots.repository.js';

/** A Db answering the snapshot's header, then its nodes, as the two queries of `read` do. */
function storedDb(edges: unknown): Db {
  const header = {
    revision: '3',
    as_of: new Date('2026-12-01T00:00:00Z'),
    computed_at: new Date('2026-12-01T00:00:05Z'),
    betweenness: { method: 'exact', linkedActors: 3, sources: 3, error: 0, confidence: 1 },
    components: 2,
    communities: 1,
    edges,
  };
  const node = (id: string) => ({
    id,
    name: id.toUpperCase(),
    category: 'association',
    degree: 1,
    betweenness: '0',
    component: 0,
    community: 0,
    x: '1.5',
    y: '2',
  });
  const answers = [[header], [node('a'), node('b'), node('c'), node('d')]];
  return { query: async () => answers.shift() } as unknown as Db;
}

describe('the stored graph snapshot', () => {
  it('reads the links stored as columns as they are', async () => {
    const links = {
      alliances: [{ id: 'al1', status: 'active', modes: ['patronage'] }],
      edges: { source: [0], target: [1], alliance: [0] },
    };
    const graph = await new GraphSnapshotsRepository().read(storedDb(links), 'current');
    expect(graph).toMatchObject({ revision: 3, ...links });
    expect(graph?.nodes[0]).toMatchObject({ id: 'a', betweenness: 0, x: 1.5, y: 2 });
  });

  it('reads a snapshot stored before the columns: each alliance once, links as node indexes', async () => {
    const legacy = [
      { allianceId: 'al1', source: 'a', target: 'b', status: 'active', modes: ['patronage'] },
      { allianceId: 'al2', source: 'b', target: 'c', status: 'proposed', modes: [] },
      { allianceId: 'al2', source: 'b', target: 'd', status: 'proposed', modes: [] },
      { allianceId: 'al2', source: 'c', target: 'd', status: 'proposed', modes: [] },
      // An actor no longer among the nodes: its link is left out.
      { allianceId: 'al3', source: 'a', target: 'gone', status: 'active', modes: [] },
    ];
    const graph = await new GraphSnapshotsRepository().read(storedDb(legacy), 'current');
    expect(graph?.alliances).toEqual([
      { id: 'al1', status: 'active', modes: ['patronage'] },
      { id: 'al2', status: 'proposed', modes: [] },
    ]);
    expect(graph?.edges).toEqual({ source: [0, 1, 1, 2], target: [1, 2, 3, 3], alliance: [0, 1, 1, 1] });
  });
});
