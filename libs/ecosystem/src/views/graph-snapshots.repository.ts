import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import type { Db } from '@maillage/platform';
import type { ActorCategory } from '../ecosystem.types.js';
import type { Point } from './graph-layout.js';
import type { GraphAnalysis, GraphBetweennessMethod } from './views.types.js';

/** `current` (the background snapshot) or a past day, `YYYY-MM-DD`. */
export type GraphSnapshotView = 'current' | string;

export interface StoredGraph extends GraphAnalysis {
  revision: number;
  computedAt: string;
}

/** A stored view as JSON text (`readJson`). */
export interface StoredGraphJson {
  revision: number;
  computedAt: string;
  /** The GraphView's JSON text, with its `source`, `stale` and the date it answers for. */
  json: (source: 'stored' | 'computed', stale: boolean, asOf: string) => string;
}

interface HeaderRow {
  revision: string;
  as_of: Date;
  computed_at: Date;
  betweenness: GraphBetweennessMethod;
  components: number;
  communities: number;
  /** `{ alliances, edges }` (see GraphAnalysis); snapshots stored before it: the links as objects. */
  edges: StoredLinks | LegacyEdge[];
}

/** What the `edges` column holds: the alliances and the links' columns. */
interface StoredLinks {
  alliances: GraphAnalysis['alliances'];
  edges: GraphAnalysis['edges'];
}

/** A link as snapshots stored it before the columns (one object per link, the actors' ids in it). */
interface LegacyEdge {
  allianceId: string;
  source: string;
  target: string;
  status: GraphAnalysis['alliances'][number]['status'];
  modes: GraphAnalysis['alliances'][number]['modes'];
}

/** Links stored as objects, in columns over the nodes read (a link to an actor not among them is left out). */
function linksOf(stored: StoredLinks | LegacyEdge[], nodes: GraphAnalysis['nodes']): StoredLinks {
  if (!Array.isArray(stored)) return stored;
  const nodeIndex = new Map(nodes.map((node, index) => [node.id, index]));
  const allianceIndex = new Map<string, number>();
  const links: StoredLinks = { alliances: [], edges: { source: [], target: [], alliance: [] } };
  for (const edge of stored) {
    const source = nodeIndex.get(edge.source);
    const target = nodeIndex.get(edge.target);
    if (source === undefined || target === undefined) continue;
    let alliance = allianceIndex.get(edge.allianceId);
    if (alliance === undefined) {
      alliance = links.alliances.length;
      allianceIndex.set(edge.allianceId, alliance);
      links.alliances.push({ id: edge.allianceId, status: edge.status, modes: edge.modes });
    }
    links.edges.source.push(source);
    links.edges.target.push(target);
    links.edges.alliance.push(alliance);
  }
  return links;
}

const gzipAsync = promisify(gzip);

/** Node rows written per statement (arrays bound as parameters). */
const NODE_BATCH = 10_000;

/** The stored graph snapshots of the territory and its graph revision (migration 1763800000050). */
@Injectable()
export class GraphSnapshotsRepository {
  /** The territory's graph revision: bumped by every write that alters the graph. */
  async revision(db: Db): Promise<number> {
    const rows: { revision: string }[] = await db.query(`select revision from graph_revisions`);
    return Number(rows[0]?.revision ?? 0);
  }

  /** The revision a stored view reflects, null when there is none. */
  async storedRevision(db: Db, view: GraphSnapshotView): Promise<number | null> {
    const rows: { revision: string }[] = await db.query(`select revision from graph_snapshots where view = $1`, [view]);
    return rows[0] ? Number(rows[0].revision) : null;
  }

  /** A stored view whole: its header, then its nodes in order (two index-driven queries). */
  async read(db: Db, view: GraphSnapshotView): Promise<StoredGraph | null> {
    const headers: HeaderRow[] = await db.query(
      `select revision, as_of, computed_at, betweenness, components, communities, edges
       from graph_snapshots where view = $1`,
      [view],
    );
    const header = headers[0];
    if (!header) return null;
    const nodes: (GraphAnalysis['nodes'][number] & { category: ActorCategory })[] = await db.query(
      `select actor_id as id, name, category, degree, betweenness, component, community, x, y
       from graph_snapshot_nodes where view = $1 order by position`,
      [view],
    );
    const graphNodes = nodes.map((node) => ({
      ...node,
      betweenness: Number(node.betweenness),
      x: Number(node.x),
      y: Number(node.y),
    }));
    const { alliances, edges } = linksOf(header.edges, graphNodes);
    return {
      revision: Number(header.revision),
      asOf: header.as_of.toISOString(),
      computedAt: header.computed_at.toISOString(),
      betweenness: header.betweenness,
      nodes: graphNodes,
      alliances,
      edges,
      components: header.components,
      communities: header.communities,
    };
  }

  /**
   * A stored view as the API's JSON text (`GraphView` without `source` and `stale`, which the
   * caller adds): PostgreSQL writes the nodes' array and hands the stored links over as text, so a
   * large territory's graph (tens of megabytes) is neither parsed nor re-serialised here. Null when
   * there is none, or none of revision `atLeast` or later (nothing is built then); `legacy` for a
   * snapshot stored before the compact links (read it with `read`).
   */
  async readJson(db: Db, view: GraphSnapshotView, atLeast = 0): Promise<StoredGraphJson | 'legacy' | null> {
    const rows: {
      revision: string;
      computed_at: Date;
      compact: boolean;
      betweenness: string;
      components: number;
      communities: number;
      alliances: string | null;
      edges: string | null;
      nodes: string;
    }[] = await db.query(
      `select s.revision, s.computed_at, jsonb_typeof(s.edges) = 'object' as compact,
              s.betweenness::text as betweenness, s.components, s.communities,
              (s.edges -> 'alliances')::text as alliances, (s.edges -> 'edges')::text as edges,
              (select coalesce(json_agg(json_build_object(
                        'id', n.actor_id, 'name', n.name, 'category', n.category, 'degree', n.degree,
                        'betweenness', n.betweenness, 'component', n.component, 'community', n.community,
                        'x', n.x, 'y', n.y) order by n.position), '[]')::text
               from graph_snapshot_nodes n
               where n.territory_id = s.territory_id and n.view = s.view and jsonb_typeof(s.edges) = 'object') as nodes
       from graph_snapshots s where s.view = $1 and s.revision >= $2`,
      [view, atLeast],
    );
    const row = rows[0];
    if (!row) return null;
    if (!row.compact || row.alliances === null || row.edges === null) return 'legacy';
    const computedAt = row.computed_at.toISOString();
    return {
      revision: Number(row.revision),
      computedAt,
      // GraphView's members, in the order the object-built answer had them.
      json: (source, stale, asOf) =>
        `{"asOf":${JSON.stringify(asOf)},"betweenness":${row.betweenness},"nodes":${row.nodes},` +
        `"alliances":${row.alliances},"edges":${row.edges},"components":${row.components},` +
        `"communities":${row.communities},"computedAt":${JSON.stringify(computedAt)},` +
        `"source":${JSON.stringify(source)},"stale":${stale}}`,
    };
  }

  /**
   * The current snapshot's answer as stored, gzip-compressed (`GraphView` with `source` « stored »,
   * not stale, as of when it was computed): null unless it reflects revision `atLeast` or later (a
   * stale snapshot's answer is built by `readJson`, which says so) or was stored before it was kept.
   */
  async readBody(db: Db, atLeast: number): Promise<Buffer | null> {
    const rows: { body_gzip: Uint8Array }[] = await db.query(
      `select body_gzip from graph_snapshots where view = 'current' and revision >= $1 and body_gzip is not null`,
      [atLeast],
    );
    const body = rows[0]?.body_gzip;
    if (!body) return null;
    return Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  }

  /** The current snapshot's layout positions, to start the next layout from. */
  async positions(db: Db): Promise<Map<string, Point>> {
    const rows: { actor_id: string; x: number; y: number }[] = await db.query(
      `select actor_id, x, y from graph_snapshot_nodes where view = 'current'`,
    );
    return new Map(rows.map((row) => [row.actor_id, { x: Number(row.x), y: Number(row.y) }]));
  }

  /** Actors with at least one link now (what decides between computing in the request or in the worker). */
  async linkedActors(db: Db): Promise<number> {
    const rows: { count: string }[] = await db.query(
      `select count(distinct p.actor_id) as count
       from alliance_parties p join alliances al on al.territory_id = p.territory_id and al.id = p.alliance_id
       where al.status not in ('declined', 'withdrawn')
         and exists (select 1 from alliance_parties o
                     where o.territory_id = p.territory_id and o.alliance_id = p.alliance_id and o.actor_id <> p.actor_id)`,
    );
    return Number(rows[0]?.count ?? 0);
  }

  /**
   * Writes a view computed at `revision`, in the caller's transaction, unless one of a later
   * revision is stored (a newer computation wins; the same revision is not written twice).
   * Past days computed at an older revision are dropped. Returns when it was computed (the
   * transaction's time), null when it was not written.
   */
  async write(db: Db, view: GraphSnapshotView, revision: number, analysis: GraphAnalysis): Promise<string | null> {
    const written: { computed_at: Date }[] = await db.query(
      `insert into graph_snapshots (view, revision, as_of, computed_at, betweenness, components, communities, edges)
       values ($1, $2, $3, now(), $4, $5, $6, $7)
       on conflict (territory_id, view) do update set
         revision = excluded.revision, as_of = excluded.as_of, computed_at = excluded.computed_at,
         betweenness = excluded.betweenness, components = excluded.components,
         communities = excluded.communities, edges = excluded.edges, body_gzip = null
       where graph_snapshots.revision < excluded.revision
       returning computed_at`,
      [
        view,
        revision,
        analysis.asOf,
        JSON.stringify(analysis.betweenness),
        analysis.components,
        analysis.communities,
        JSON.stringify({ alliances: analysis.alliances, edges: analysis.edges } satisfies StoredLinks),
      ],
    );
    const computedAt = written[0]?.computed_at;
    if (!computedAt) return null;
    await db.query(`delete from graph_snapshot_nodes where view = $1`, [view]);
    for (let start = 0; start < analysis.nodes.length; start += NODE_BATCH) {
      const batch = analysis.nodes.slice(start, start + NODE_BATCH);
      await db.query(
        `insert into graph_snapshot_nodes
           (view, position, actor_id, name, category, degree, betweenness, component, community, x, y)
         select $1, * from unnest($2::int[], $3::uuid[], $4::text[], $5::text[], $6::int[], $7::float8[],
                                  $8::int[], $9::int[], $10::float8[], $11::float8[])`,
        [
          view,
          batch.map((_node, i) => start + i),
          batch.map((node) => node.id),
          batch.map((node) => node.name),
          batch.map((node) => node.category),
          batch.map((node) => node.degree),
          batch.map((node) => node.betweenness),
          batch.map((node) => node.component),
          batch.map((node) => node.community),
          batch.map((node) => node.x),
          batch.map((node) => node.y),
        ],
      );
    }
    if (view === 'current') await this.keepBody(db);
    await db.query(`delete from graph_snapshots where view <> 'current' and revision < $1`, [revision]);
    return computedAt.toISOString();
  }

  /**
   * Keeps the current snapshot's answer, just written, whole and compressed (`readBody`): the same
   * text `readJson` builds, so both ways answer the same bytes. Compressed off the event loop.
   */
  private async keepBody(db: Db): Promise<void> {
    const text = await this.readJson(db, 'current');
    if (!text || text === 'legacy') return;
    const body = await gzipAsync(Buffer.from(text.json('stored', false, text.computedAt), 'utf8'));
    await db.query(`update graph_snapshots set body_gzip = $1 where view = 'current'`, [body]);
  }
}
