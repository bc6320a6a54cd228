import type { MigrationInterface, QueryRunner } from 'typeorm';
import { makeTenantTable } from './helpers.js';

const FRAGILITIES = `array['economic', 'social', 'environmental', 'societal']::text[]`;

/**
 * The territorial ecosystem: actors and their contacts, priorities (enjeux),
 * the three actions, alliances with their lifecycle and evaluations, imports.
 * Every table is a tenant table; every foreign key between them includes
 * territory_id, so a row can never point into another territory.
 */
export class Ecosystem1763800000002 implements MigrationInterface {
  name = 'Ecosystem1763800000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create table actors (
        territory_id uuid not null references territories (id) on delete cascade,
        id uuid not null default gen_random_uuid(),
        category text not null check (category in ('association', 'company', 'public_body', 'foundation', 'academic',
                                                    'support_structure', 'citizen_group')),
        name text not null check (length(name) between 1 and 300),
        employer boolean check (employer is null or category = 'association'),
        size_class text check (size_class is null or (size_class in ('micro', 'sme', 'mid_cap', 'large') and category = 'company')),
        siren text check (siren ~ '^[0-9]{9}$'),
        siret text check (siret ~ '^[0-9]{14}$' and (siren is null or left(siret, 9) = siren)),
        rna text check (rna ~ '^W[0-9]{9}$'),
        naf_code text check (naf_code ~ '^[0-9]{2}\\.[0-9]{2}[A-Z]$'),
        commune_code text check (commune_code ~ '^[0-9][0-9AB][0-9]{3}$'),
        external boolean not null default false,
        address text check (length(address) <= 500),
        latitude double precision check (latitude between -90 and 90),
        longitude double precision check (longitude between -180 and 180),
        website text check (length(website) <= 500),
        fragilities text[] not null default '{}' check (fragilities <@ ${FRAGILITIES}),
        tags text[] not null default '{}' check (cardinality(tags) <= 30),
        description text not null default '' check (length(description) <= 10000),
        search_text text not null default '',
        search_vector tsvector generated always as (to_tsvector('simple', search_text)) stored,
        archived_at timestamptz,
        merged_into uuid,
        imported_from uuid,
        version integer not null default 1,
        created_by uuid references users (id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (territory_id, id),
        foreign key (territory_id, merged_into) references actors (territory_id, id),
        check ((latitude is null) = (longitude is null))
      )`);
    await db.query(`create unique index actors_siret_key on actors (territory_id, siret) where siret is not null`);
    await db.query(`create unique index actors_rna_key on actors (territory_id, rna) where rna is not null`);
    await db.query(`create index actors_name_idx on actors (territory_id, lower(name), id)`);
    await db.query(`create index actors_category_idx on actors (territory_id, category, lower(name), id)`);
    await db.query(`create index actors_commune_idx on actors (territory_id, commune_code)`);
    await db.query(`create index actors_siren_idx on actors (territory_id, siren) where siren is not null`);
    await db.query(`create index actors_search_idx on actors using gin (search_vector)`);
    await db.query(`create index actors_tags_idx on actors using gin (tags)`);
    await makeTenantTable(db, 'actors', 'select, insert, update, delete');

    await db.query(`
      create table actor_contacts (
        territory_id uuid not null,
        id uuid not null default gen_random_uuid(),
        actor_id uuid not null,
        name text not null check (length(name) between 1 and 200),
        role text check (length(role) <= 200),
        email text check (length(email) <= 254),
        phone text check (length(phone) <= 40),
        consent_note text check (length(consent_note) <= 1000),
        created_at timestamptz not null default now(),
        primary key (territory_id, id),
        foreign key (territory_id, actor_id) references actors (territory_id, id) on delete cascade
      )`);
    await db.query(`create index actor_contacts_actor_idx on actor_contacts (territory_id, actor_id)`);
    await makeTenantTable(db, 'actor_contacts', 'select, insert, update, delete');

    // A member acts for one organisation of the territory.
    await db.query(`alter table memberships add column actor_id uuid`);
    await db.query(`
      alter table memberships add constraint memberships_actor_fk
      foreign key (territory_id, actor_id) references actors (territory_id, id) on delete set null (actor_id)`);

    await db.query(`
      create table priorities (
        territory_id uuid not null references territories (id) on delete cascade,
        id uuid not null default gen_random_uuid(),
        title text not null check (length(title) between 1 and 300),
        description text not null default '' check (length(description) <= 10000),
        fragilities text[] not null default '{}' check (fragilities <@ ${FRAGILITIES}),
        status text not null default 'active' check (status in ('active', 'achieved', 'abandoned')),
        version integer not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (territory_id, id)
      )`);
    await makeTenantTable(db, 'priorities', 'select, insert, update, delete');

    await db.query(`
      create table actor_priorities (
        territory_id uuid not null,
        actor_id uuid not null,
        priority_id uuid not null,
        primary key (territory_id, actor_id, priority_id),
        foreign key (territory_id, actor_id) references actors (territory_id, id) on delete cascade,
        foreign key (territory_id, priority_id) references priorities (territory_id, id) on delete cascade
      )`);
    await makeTenantTable(db, 'actor_priorities', 'select, insert, delete');

    await db.query(`
      create table actions (
        territory_id uuid not null references territories (id) on delete cascade,
        id uuid not null default gen_random_uuid(),
        type text not null check (type in ('animation', 'collective_experiment', 'support')),
        title text not null check (length(title) between 1 and 300),
        description text not null default '' check (length(description) <= 10000),
        start_date date not null,
        end_date date check (end_date >= start_date),
        outcomes text not null default '' check (length(outcomes) <= 10000),
        follow_ups text not null default '' check (length(follow_ups) <= 10000),
        details jsonb not null default '{}',
        phase text check (phase is null or (phase in ('emergence', 'design', 'experimentation', 'evaluation', 'scaling')
                                            and type = 'collective_experiment')),
        supported_actor_id uuid,
        version integer not null default 1,
        created_by uuid references users (id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (territory_id, id),
        foreign key (territory_id, supported_actor_id) references actors (territory_id, id),
        check ((type = 'support') = (supported_actor_id is not null)),
        check ((type = 'collective_experiment') = (phase is not null))
      )`);
    await db.query(`create index actions_type_date_idx on actions (territory_id, type, start_date desc, id)`);
    await db.query(`create index actions_date_idx on actions (territory_id, start_date desc, id)`);
    await makeTenantTable(db, 'actions', 'select, insert, update, delete');

    await db.query(`
      create table action_participants (
        territory_id uuid not null,
        action_id uuid not null,
        actor_id uuid not null,
        role text not null check (role in ('organiser', 'participant', 'pilot', 'partner', 'funder', 'beneficiary',
                                            'supported', 'speaker')),
        primary key (territory_id, action_id, actor_id),
        foreign key (territory_id, action_id) references actions (territory_id, id) on delete cascade,
        foreign key (territory_id, actor_id) references actors (territory_id, id)
      )`);
    await db.query(`create index action_participants_actor_idx on action_participants (territory_id, actor_id)`);
    await makeTenantTable(db, 'action_participants', 'select, insert, update, delete');

    await db.query(`
      create table action_priorities (
        territory_id uuid not null,
        action_id uuid not null,
        priority_id uuid not null,
        primary key (territory_id, action_id, priority_id),
        foreign key (territory_id, action_id) references actions (territory_id, id) on delete cascade,
        foreign key (territory_id, priority_id) references priorities (territory_id, id) on delete cascade
      )`);
    await db.query(`create index action_priorities_priority_idx on action_priorities (territory_id, priority_id)`);
    await makeTenantTable(db, 'action_priorities', 'select, insert, delete');

    await db.query(`
      create table action_phase_history (
        territory_id uuid not null,
        id bigint generated always as identity,
        action_id uuid not null,
        phase text not null,
        changed_by uuid references users (id),
        changed_at timestamptz not null default now(),
        primary key (territory_id, id),
        foreign key (territory_id, action_id) references actions (territory_id, id) on delete cascade
      )`);
    await makeTenantTable(db, 'action_phase_history', 'select, insert');

    await db.query(`
      create table alliances (
        territory_id uuid not null references territories (id) on delete cascade,
        id uuid not null default gen_random_uuid(),
        title text not null check (length(title) between 1 and 300),
        description text not null default '' check (length(description) <= 10000),
        status text not null default 'proposed'
          check (status in ('proposed', 'under_discussion', 'active', 'ended', 'declined', 'withdrawn')),
        modes text[] not null check (cardinality(modes) >= 1 and modes <@ array['responsible_practices', 'patronage',
                                     'economic_cooperation', 'societal_innovation']::text[]),
        patronage_kinds text[] not null default '{}'
          check (patronage_kinds <@ array['financial', 'skills', 'in_kind']::text[]),
        fragilities text[] not null default '{}' check (fragilities <@ ${FRAGILITIES}),
        start_date date,
        end_date date check (end_date >= start_date),
        origin_action_id uuid,
        proposed_by_user uuid references users (id),
        proposer_actor_id uuid,
        version integer not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (territory_id, id),
        foreign key (territory_id, origin_action_id) references actions (territory_id, id) on delete set null (origin_action_id),
        foreign key (territory_id, proposer_actor_id) references actors (territory_id, id)
      )`);
    await db.query(`create index alliances_status_idx on alliances (territory_id, status, created_at desc)`);
    await makeTenantTable(db, 'alliances', 'select, insert, update, delete');

    await db.query(`
      create table alliance_parties (
        territory_id uuid not null,
        alliance_id uuid not null,
        actor_id uuid not null,
        role text not null default 'partner' check (length(role) between 1 and 100),
        primary key (territory_id, alliance_id, actor_id),
        foreign key (territory_id, alliance_id) references alliances (territory_id, id) on delete cascade,
        foreign key (territory_id, actor_id) references actors (territory_id, id)
      )`);
    await db.query(`create index alliance_parties_actor_idx on alliance_parties (territory_id, actor_id)`);
    await makeTenantTable(db, 'alliance_parties', 'select, insert, update, delete');

    await db.query(`
      create table alliance_priorities (
        territory_id uuid not null,
        alliance_id uuid not null,
        priority_id uuid not null,
        primary key (territory_id, alliance_id, priority_id),
        foreign key (territory_id, alliance_id) references alliances (territory_id, id) on delete cascade,
        foreign key (territory_id, priority_id) references priorities (territory_id, id) on delete cascade
      )`);
    await makeTenantTable(db, 'alliance_priorities', 'select, insert, delete');

    await db.query(`
      create table alliance_transitions (
        territory_id uuid not null,
        id bigint generated always as identity,
        alliance_id uuid not null,
        from_status text,
        to_status text not null,
        changed_by uuid references users (id),
        changed_at timestamptz not null default now(),
        note text check (length(note) <= 2000),
        primary key (territory_id, id),
        foreign key (territory_id, alliance_id) references alliances (territory_id, id) on delete cascade
      )`);
    await makeTenantTable(db, 'alliance_transitions', 'select, insert');

    await db.query(`
      create table alliance_evaluations (
        territory_id uuid not null,
        alliance_id uuid not null,
        actor_id uuid not null,
        period text not null check (period ~ '^[0-9]{4}(-(S[12]|Q[1-4]|[0-9]{2}))?$'),
        product smallint not null check (product between 1 and 5),
        balance smallint not null check (balance between 1 and 5),
        contribution smallint not null check (contribution between 1 and 5),
        comment text not null default '' check (length(comment) <= 5000),
        evaluated_by uuid references users (id),
        evaluated_at timestamptz not null default now(),
        primary key (territory_id, alliance_id, actor_id, period),
        foreign key (territory_id, alliance_id, actor_id)
          references alliance_parties (territory_id, alliance_id, actor_id) on delete cascade on update cascade
      )`);
    await makeTenantTable(db, 'alliance_evaluations', 'select, insert, update, delete');

    // Spreadsheet imports of actors: the file, the column mapping, the per-row report.
    await db.query(`
      create table imports (
        territory_id uuid not null references territories (id) on delete cascade,
        id uuid not null default gen_random_uuid(),
        filename text not null check (length(filename) between 1 and 255),
        format text not null check (format in ('csv', 'xlsx')),
        content bytea not null,
        content_sha256 text not null,
        status text not null default 'analysing'
          check (status in ('analysing', 'analysed', 'running', 'completed', 'failed')),
        mode text not null default 'dry_run' check (mode in ('dry_run', 'run')),
        revision integer not null default 1,
        columns text[] not null default '{}',
        mapping jsonb not null default '{}',
        summary jsonb not null default '{}',
        rows jsonb not null default '[]',
        progress smallint not null default 0 check (progress between 0 and 100),
        error text,
        created_by uuid references users (id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        completed_at timestamptz,
        primary key (territory_id, id)
      )`);
    await db.query(`create index imports_created_idx on imports (territory_id, created_at desc)`);
    await makeTenantTable(db, 'imports', 'select, insert, update, delete');
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'imports',
      'alliance_evaluations',
      'alliance_transitions',
      'alliance_priorities',
      'alliance_parties',
      'alliances',
      'action_phase_history',
      'action_priorities',
      'action_participants',
      'actions',
      'actor_priorities',
      'priorities',
    ]) {
      await db.query(`drop table ${table}`);
    }
    await db.query(`alter table memberships drop constraint memberships_actor_fk`);
    await db.query(`alter table memberships drop column actor_id`);
    await db.query(`drop table actor_contacts`);
    await db.query(`drop table actors`);
  }
}
