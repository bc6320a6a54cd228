import type { MigrationInterface, QueryRunner } from 'typeorm';
import { makeTenantTable } from './helpers.js';

/**
 * Geocoding: how precise an actor's position is (`location_precision`:
 * `address` a house number, `street` a street or place, `commune` the
 * commune's position only, approximate, `manual` placed by a person or given
 * by a file), and `geocoding_runs`, one batch of actors sent to the national
 * address service (Base Adresse Nationale) by the worker: the actors it covers,
 * its progress and one result per actor.
 */
export class Geocoding1763800000021 implements MigrationInterface {
  name = 'Geocoding1763800000021';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      alter table actors
        add column location_precision text
          check (location_precision in ('address', 'street', 'commune', 'manual')),
        add constraint actors_location_precision_located
          check (location_precision is null or latitude is not null)`);
    // Positions recorded before: given by a person or a file.
    await db.query(`update actors set location_precision = 'manual' where latitude is not null`);
    await db.query(`
      create table geocoding_runs (
        territory_id uuid not null references territories (id) on delete cascade,
        id uuid not null default gen_random_uuid(),
        import_id uuid,
        status text not null default 'running' check (status in ('running', 'completed', 'failed')),
        actor_ids uuid[] not null,
        rows jsonb not null default '[]' check (jsonb_typeof(rows) = 'array'),
        progress smallint not null default 0 check (progress between 0 and 100),
        error text,
        requested_by uuid references users (id) on delete set null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        completed_at timestamptz,
        primary key (territory_id, id),
        foreign key (territory_id, import_id) references imports (territory_id, id) on delete cascade
      )`);
    await db.query(`create index geocoding_runs_created_idx on geocoding_runs (territory_id, created_at desc)`);
    await makeTenantTable(db, 'geocoding_runs', 'select, insert, update');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`drop table geocoding_runs`);
    await db.query(
      `alter table actors drop constraint actors_location_precision_located, drop column location_precision`,
    );
  }
}
