import type { MigrationInterface, QueryRunner } from 'typeorm';
import { makeTenantTable } from './helpers.js';

/** The characters kept of a word (an index entry has a bounded size); a search's words are cut alike. */
const TERM_LENGTH = 200;

/**
 * The directory's search and tag filters served by an index under row security.
 *
 * PostgreSQL lets a condition of a query on a table with row security reach an index only when every
 * function in it is leakproof; neither `@@` (text search) nor array containment is, so the GIN indexes
 * on `actors.search_vector` and `actors.tags` were never used by the runtime role: a search read the
 * territory's actors one by one (170–275 ms on a 50,000-actor territory).
 *
 * `actor_terms` holds the words of each actor's search text (`word`: name, description and tags as
 * `searchText` normalises them: no accents, no case, no punctuation, so a word is what lies between
 * spaces) and its tags (`tag`), one row each, kept by row triggers as the actor is written. A search
 * is then, for each of its words, a range of `term` on the primary key (the actors with a word starting
 * with it: what the prefix query on `search_vector` matched), and a tag an equality; text comparison in
 * the "C" collation is leakproof, so both are index conditions. `search_vector` and the two GIN indexes,
 * read by nothing now, are dropped (they cost every write of an actor).
 * The runtime role only reads it; the trigger function writes it (security definer, in the actor's
 * territory, which the policy checks: the owner is bound by it too, so a later migration that rewrites
 * actors' names, tags or search text turns off forced row security on actor_terms as well as on actors).
 */
export class ActorTerms1763800000068 implements MigrationInterface {
  name = 'ActorTerms1763800000068';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create table actor_terms (
        territory_id uuid not null,
        actor_id uuid not null,
        kind text not null check (kind in ('word', 'tag')),
        term text collate "C" not null,
        -- The actor's sort keys (as actors has them), so that a search's page is ordered from this index alone.
        name_key text collate "und-x-icu" not null,
        created_at timestamptz not null,
        primary key (territory_id, kind, term, actor_id) include (name_key, created_at),
        foreign key (territory_id, actor_id) references actors (territory_id, id) on delete cascade
      )`);
    await db.query(`create index actor_terms_actor_idx on actor_terms (territory_id, actor_id)`);
    await makeTenantTable(db, 'actor_terms', 'select');
    await db.query(`
      create function actor_terms_write() returns trigger
      language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
      begin
        if tg_op = 'UPDATE' then
          delete from actor_terms where territory_id = new.territory_id and actor_id = new.id;
        end if;
        insert into actor_terms (territory_id, actor_id, kind, term, name_key, created_at)
          select distinct new.territory_id, new.id, 'word', left(w, ${TERM_LENGTH}), new.name_key, new.created_at
            from unnest(string_to_array(new.search_text, ' ')) w where w <> ''
          union all
          select distinct new.territory_id, new.id, 'tag', left(t, ${TERM_LENGTH}), new.name_key, new.created_at
            from unnest(new.tags) t where t is not null;
        return null;
      end $$`);
    await db.query(`revoke all on function actor_terms_write() from public`);
    await db.query(`
      create trigger actors_terms_insert after insert on actors
      for each row execute function actor_terms_write()`);
    // The sort keys are kept too: a new name (part of the search text) or creation date rewrites the rows.
    await db.query(`
      create trigger actors_terms_update after update of search_text, tags, name, created_at on actors
      for each row when (old.search_text is distinct from new.search_text or old.tags is distinct from new.tags
                         or old.name_key is distinct from new.name_key or old.created_at is distinct from new.created_at)
      execute function actor_terms_write()`);

    // Backfill, as the owner (migrations run before any writer of this version): both tables' rows,
    // every territory at once, so neither policy applies for the statement.
    await db.query(`alter table actors no force row level security`);
    await db.query(`alter table actor_terms no force row level security`);
    await db.query(`
      insert into actor_terms (territory_id, actor_id, kind, term, name_key, created_at)
        select distinct a.territory_id, a.id, 'word', left(w, ${TERM_LENGTH}), a.name_key, a.created_at
          from actors a, unnest(string_to_array(a.search_text, ' ')) w where w <> ''
        union all
        select distinct a.territory_id, a.id, 'tag', left(t, ${TERM_LENGTH}), a.name_key, a.created_at
          from actors a, unnest(a.tags) t where t is not null`);
    await db.query(`alter table actor_terms force row level security`);
    await db.query(`alter table actors force row level security`);
    await db.query(`analyze actor_terms`);

    // What the search read before, unused now: the text search vector and the two GIN indexes.
    await db.query(`drop index actors_tags_idx`);
    await db.query(`drop index actors_search_idx`);
    await db.query(`alter table actors drop column search_vector`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `alter table actors add column search_vector tsvector generated always as (to_tsvector('simple', search_text)) stored`,
    );
    await db.query(`create index actors_search_idx on actors using gin (search_vector)`);
    await db.query(`create index actors_tags_idx on actors using gin (tags)`);
    await db.query(`drop trigger actors_terms_update on actors`);
    await db.query(`drop trigger actors_terms_insert on actors`);
    await db.query(`drop function actor_terms_write()`);
    await db.query(`drop table actor_terms`);
  }
}
