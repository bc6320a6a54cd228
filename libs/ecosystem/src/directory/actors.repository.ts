import { Injectable } from '@nestjs/common';
import { runTimeUtc, runTimeValue, limitLiteral, type Db } from '@maillage/platform';
import {
  ACTOR_JSON_SELECT,
  ACTOR_SELECT,
  searchText,
  type ActorFilters,
  type ActorJsonRow,
  type ActorRow,
  type ActorSort,
} from './actor.model.js';
import type { CheckedActor } from './actor-rules.js';
import { normaliseText } from './identifiers.js';

/** The characters actor_terms keeps of a word or a tag (migration 1763800000068); a search's are cut alike. */
const TERM_LENGTH = 200;

/** A word or a tag as actor_terms keeps it: its first TERM_LENGTH characters. */
const asTerm = (text: string): string => [...text].slice(0, TERM_LENGTH).join('');

/** A search's words as an actor's search text is normalised (accents, case, punctuation gone), ten at most. */
function searchWords(text: string): string[] {
  return normaliseText(text).split(' ').filter(Boolean).slice(0, 10).map(asTerm);
}

/** A statement parameter for each value, numbered after those already in `params`. */
function binder(params: unknown[]): (value: unknown) => string {
  return (value) => {
    params.push(value);
    return `$${params.length}`;
  };
}

/**
 * The actors a search and a tag select, as rows of actor_terms (migration 1763800000068): `actor_id`
 * with its sort keys (`name_key`, `created_at`), once each; null without either filter. Each word of
 * the search begins a word of the actor's name, description or tags (a range of the primary key,
 * from the word to the word followed by the last code point); a tag is one of the actor's. Plain text
 * comparisons of the column with parameters: index conditions under row security, where `@@` and
 * array containment, not being leakproof, never reached their GIN indexes.
 */
function termsSql(filters: ActorFilters, bind: (value: unknown) => string): string | null {
  const sets: string[] = [];
  const rows = `select t.actor_id, t.name_key, t.created_at from actor_terms t`;
  for (const word of filters.q === undefined ? [] : searchWords(filters.q)) {
    sets.push(`${rows} where t.kind = 'word' and t.term >= ${bind(word)} and t.term < ${bind(`${word}\u{10FFFF}`)}`);
  }
  if (filters.tag) {
    sets.push(`${rows} where t.kind = 'tag' and t.term = ${bind(asTerm(filters.tag.toLowerCase()))}`);
  }
  if (sets.length === 0) return null;
  // INTERSECT keeps each actor once; one set alone, DISTINCT (an actor may have two words with one prefix).
  return sets.length === 1 ? sets[0]!.replace(/^select /, 'select distinct ') : sets.join(' intersect ');
}

/** The filter clauses on `a` (actors) but the search and the tag's actors (`termsSql`). */
function actorClauses(filters: ActorFilters, bind: (value: unknown) => string): string[] {
  const clauses: string[] = [];
  if (!filters.includeArchived) clauses.push('a.archived_at is null');
  if (filters.category) clauses.push(`a.category = ${bind(filters.category)}`);
  if (filters.sizeClass) clauses.push(`a.size_class = ${bind(filters.sizeClass)}`);
  if (filters.communeCode) clauses.push(`a.commune_code = ${bind(filters.communeCode)}`);
  if (filters.fragility) clauses.push(`${bind(filters.fragility)} = any(a.fragilities)`);
  // The tag itself too: actor_terms keeps its first TERM_LENGTH characters.
  if (filters.tag) clauses.push(`${bind(filters.tag.toLowerCase())} = any(a.tags)`);
  if (filters.hasAlliance !== undefined) {
    clauses.push(
      `${filters.hasAlliance ? '' : 'not '}exists (select 1 from alliance_parties p where p.territory_id = a.territory_id and p.actor_id = a.id)`,
    );
  }
  // A search without a word (punctuation only) finds nothing.
  if (filters.q !== undefined && searchWords(filters.q).length === 0) clauses.push('false');
  return clauses;
}

/** The SQL filter for actor lists, shared by the map, its clusters and exports. */
export function actorFilterSql(filters: ActorFilters, params: unknown[]): string {
  const bind = binder(params);
  const clauses = actorClauses(filters, bind);
  const terms = termsSql(filters, bind);
  if (terms) clauses.push(`a.id in (select m.actor_id from (${terms}) m)`);
  return clauses.length ? `where ${clauses.join(' and ')}` : '';
}

/**
 * Sort orders, by `name_key` (lower(name) stored) or `created_at`, then id; the cursor keeps the sort key
 * as the database computed it (microseconds). Each order and keyset is one of migration 1763800000058's
 * indexes, or, with a search or a tag, actor_terms' columns of the same names.
 */
export const ACTOR_SORTS: Record<ActorSort, { desc: boolean; key: 'string' | 'timestamp' }> = {
  name: { desc: false, key: 'string' },
  '-name': { desc: true, key: 'string' },
  createdAt: { desc: false, key: 'timestamp' },
  '-createdAt': { desc: true, key: 'timestamp' },
};

/** An actor's stored columns, in the order both the insert and the update list them. */
function columnValues(actor: CheckedActor, external: boolean): unknown[] {
  return [
    actor.category,
    actor.name,
    actor.employer,
    actor.sizeClass,
    actor.siren,
    actor.siret,
    actor.rna,
    actor.nafCode,
    actor.communeCode,
    external,
    actor.address,
    actor.latitude,
    actor.longitude,
    actor.website,
    actor.fragilities,
    actor.tags,
    actor.description,
    searchText(actor),
    actor.foundedOn,
  ];
}

/** SQL of the territory's actors and their priority links. */
@Injectable()
export class ActorsRepository {
  /**
   * Inserts one checked actor in the current territory; with `skipDuplicates`,
   * a row that would break a unique index (SIRET, RNA) is skipped and no id
   * returned. Shared by the API and the import job.
   */
  async insert(
    db: Db,
    actor: CheckedActor,
    options: { external: boolean; createdBy: string | null; importedFrom?: string; skipDuplicates?: boolean },
  ): Promise<string | undefined> {
    const rows: { id: string }[] = await db.query(
      `insert into actors (category, name, employer, size_class, siren, siret, rna, naf_code, commune_code,
                           external, address, latitude, longitude, website, fragilities, tags, description, search_text,
                           founded_on, created_by, imported_from, location_precision)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
               $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
               case when $12::double precision is null then null else 'manual' end)
       ${options.skipDuplicates ? 'on conflict do nothing' : ''}
       returning id`,
      [...columnValues(actor, options.external), options.createdBy, options.importedFrom ?? null],
    );
    return rows[0]?.id;
  }

  /**
   * An actor; `lock` takes its row for the caller's update. `for no key update`, the lock an UPDATE of
   * its non-key columns takes anyway: rows that merely point to the actor (a participation, an
   * agreement, a party) can still be written meanwhile, so an edit that locks an action or alliance
   * and then adds such a row does not wait on an actor edit or merge waiting on it in turn.
   */
  async find(db: Db, id: string, lock = false): Promise<ActorRow | undefined> {
    const rows: ActorRow[] = await db.query(`${ACTOR_SELECT} where a.id = $1${lock ? ' for no key update of a' : ''}`, [
      id,
    ]);
    return rows[0];
  }

  /** Rewrites a checked actor's fields (the caller has locked the row and checked its version). */
  async update(db: Db, id: string, actor: CheckedActor, external: boolean): Promise<void> {
    await db.query(
      `update actors set category = $2, name = $3, employer = $4, size_class = $5, siren = $6, siret = $7, rna = $8,
          naf_code = $9, commune_code = $10, external = $11, address = $12, latitude = $13, longitude = $14,
          -- A position given through the API is a person's; an unchanged one keeps its precision.
          location_precision = case when $13::double precision is null then null
            when latitude is not distinct from $13::double precision
             and longitude is not distinct from $14::double precision then location_precision
            else 'manual' end,
          website = $15, fragilities = $16, tags = $17, description = $18, search_text = $19, founded_on = $20,
          version = version + 1, updated_at = now()
       where id = $1`,
      [id, ...columnValues(actor, external)],
    );
  }

  /** Another actor of the territory with this SIRET or RNA (the unique indexes' keys), if any. */
  async withIdentifier(
    db: Db,
    siret: string | null,
    rna: string | null,
    exceptId: string | null,
  ): Promise<{ name: string; archived: boolean; siret: string | null; rna: string | null } | undefined> {
    const rows: { name: string; archived: boolean; siret: string | null; rna: string | null }[] = await db.query(
      `select name, archived_at is not null as archived, siret, rna from actors
        where (siret = $1 or rna = $2) and id is distinct from $3::uuid
        order by (siret = $1) desc nulls last limit 1`,
      [siret, rna, exceptId],
    );
    return rows[0];
  }

  async setArchived(db: Db, id: string, archived: boolean): Promise<void> {
    await db.query(
      `update actors set archived_at = ${archived ? 'coalesce(archived_at, now())' : 'null'},
          version = version + 1, updated_at = now() where id = $1`,
      [id],
    );
  }

  /**
   * One page of the list: `limit + 1` actors after the cursor's position, each as its JSON text
   * (`ACTOR_JSON_SELECT`) with its sort key.
   */
  list(
    db: Db,
    filters: ActorFilters,
    after: Record<'k' | 'id', string | number> | undefined,
    limit: number,
  ): Promise<(ActorJsonRow & { sort_key: string })[]> {
    const sort = ACTOR_SORTS[filters.sort ?? 'name'];
    const params: unknown[] = [];
    const bind = binder(params);
    const clauses = actorClauses(filters, bind);
    const terms = termsSql(filters, bind);
    // With a search or a tag, the page is ordered and positioned on the actors actor_terms found, by the
    // sort keys it keeps beside them (read from its index), and only the page's actors are read.
    const from = terms ? 'm' : 'a';
    const id = terms ? 'm.actor_id' : 'a.id';
    const column = `${from}.${sort.key === 'timestamp' ? 'created_at' : 'name_key'}`;
    if (after) {
      const key = sort.key === 'timestamp' ? runTimeUtc(bind(after.k)) : runTimeValue(`${bind(after.k)}::text`);
      clauses.push(`(${column}, ${id}) ${sort.desc ? '<' : '>'} (${key}, ${runTimeValue(`${bind(after.id)}::uuid`)})`);
    }
    const direction = sort.desc ? 'desc' : 'asc';
    const sortKey =
      sort.key === 'timestamp'
        ? `to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`
        : 'a.name_key';
    const order = `${column} ${direction}, ${id} ${direction}`;
    if (!terms) {
      const select = ACTOR_JSON_SELECT.replace(/\n\s*from actors a$/, `, ${sortKey} as sort_key from actors a`);
      const where = clauses.length ? `where ${clauses.join(' and ')}` : '';
      return db.query(`${select} ${where} order by ${order} limit ${limitLiteral(limit + 1)}`, params);
    }
    // The found actors in the page's order (sorted from actor_terms alone), each then read by its id, in
    // that order, until the page is full: an actor is read only if the page may show it.
    const keyset = after ? `where ${clauses.pop()!}` : '';
    const select = ACTOR_JSON_SELECT.replace(
      /\n\s*from actors a$/,
      `, ${sortKey} as sort_key
         from (select m.actor_id, m.name_key, m.created_at from m ${keyset} order by ${order}) m
         cross join lateral (select * from actors a where a.id = m.actor_id offset 0) a`,
    );
    const rest = clauses.length ? `where ${clauses.join(' and ')}` : '';
    return db.query(
      `with m as materialized (${terms}) ${select} ${rest} order by ${order} limit ${limitLiteral(limit + 1)}`,
      params,
    );
  }

  /** Whether the commune belongs to the current territory. */
  async inTerritory(db: Db, communeCode: string): Promise<boolean> {
    const rows: unknown[] = await db.query(`select 1 from territory_communes where commune_code = $1`, [communeCode]);
    return rows.length > 0;
  }

  async setPriorities(db: Db, actorId: string, ids: string[]): Promise<void> {
    await db.query(`delete from actor_priorities where actor_id = $1`, [actorId]);
    if (ids.length === 0) return;
    await db.query(
      `insert into actor_priorities (actor_id, priority_id)
       select $1, unnest($2::uuid[])`,
      [actorId, ids],
    );
  }
}
