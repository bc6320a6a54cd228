import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ACTOR_NOTING_TRIGGERS, backfillAsOwner } from './helpers.js';

/** A timestamp as `Date.prototype.toISOString` writes it (UTC, milliseconds). */
const isoTimestamp = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The actors' columns the card shows: a statement that sets one of them rewrites the card. */
const CARD_COLUMNS = [
  'id',
  'category',
  'name',
  'employer',
  'size_class',
  'siren',
  'siret',
  'rna',
  'naf_code',
  'commune_code',
  'external',
  'address',
  'latitude',
  'longitude',
  'location_precision',
  'website',
  'founded_on',
  'fragilities',
  'tags',
  'description',
  'archived_at',
  'version',
  'created_at',
  'updated_at',
];

/**
 * The directory's page as stored text: `actors.card`, each actor's JSON as the API shows it (the
 * `ActorView` without its priorities, which the page reads from their index, and without the three
 * fields the API adds per caller: `nafLabel`, `communeName`, `allianceCount`), written when the actor
 * is written instead of built for every page read. Building it (`row_to_json`, three `to_char`) was
 * most of PostgreSQL's time on a directory page: ~10 µs an actor, 0.5 ms of the ~0.8 ms a 50-actor
 * page cost.
 *
 * - `actor_card(actors)` writes the card of a row (PL/pgSQL: its query is planned once a session).
 * - A row trigger before an insert, or an update that sets one of the card's columns, stores it in
 *   the row being written (no other statement, no other lock); an update of `alliance_count` alone
 *   (the alliances' triggers) or of the search text does not.
 * - The priorities stay out of the card: a change of `actor_priorities` (a priority deleted cascades
 *   to many actors) would otherwise have to rewrite other rows of `actors` from a trigger.
 * - Backfilled with the statement triggers that note changes (observatory, map) off: the backfill
 *   changes no figure and no position, and those triggers need a territory the migration has not.
 *   Then `not null`. The directory's e2e suites compare the list's JSON with the view's after the
 *   writes that reach a card (create, update, archive, merge, import).
 */
export class ActorCard1763800000063 implements MigrationInterface {
  name = 'ActorCard1763800000063';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`alter table actors add column card text`);
    await db.query(`
      create function actor_card(a actors) returns text language plpgsql stable as $$
      begin
        return (select row_to_json(v)::text from (select
           a.id, a.category, a.name, a.employer, a.size_class as "sizeClass", a.siren, a.siret, a.rna,
           a.naf_code as "nafCode", a.commune_code as "communeCode", a.external, a.address,
           case when a.latitude is not null and a.longitude is not null
                then json_build_object('latitude', a.latitude, 'longitude', a.longitude) end as location,
           case when a.latitude is not null then a.location_precision end as "locationPrecision",
           a.website, to_char(a.founded_on, 'YYYY-MM-DD') as "foundedOn", a.fragilities, a.tags, a.description, ${isoTimestamp('a.archived_at')} as "archivedAt", a.version,
           ${isoTimestamp('a.created_at')} as "createdAt", ${isoTimestamp('a.updated_at')} as "updatedAt") v);
      end $$`);
    await db.query(`
      create function actors_card() returns trigger language plpgsql as $$
      begin
        new.card := actor_card(new);
        return new;
      end $$`);
    // Named to run after the other before-row triggers of actors (alphabetical order), if any come.
    await db.query(`
      create trigger zz_actors_card before insert or update of ${CARD_COLUMNS.join(', ')} on actors
      for each row execute function actors_card()`);

    // Backfill, as the owner (migrations run before any writer of this version), without the statement
    // triggers that note a territory's changes: nothing they follow changes, and they need the territory.
    await backfillAsOwner(
      db,
      ['actors'],
      () => db.query(`update actors a set card = actor_card(a)`),
      ACTOR_NOTING_TRIGGERS,
    );
    await db.query(`alter table actors alter column card set not null`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`drop trigger zz_actors_card on actors`);
    await db.query(`drop function actors_card()`);
    await db.query(`drop function actor_card(actors)`);
    await db.query(`alter table actors drop column card`);
  }
}
