import type { MigrationInterface, QueryRunner } from 'typeorm';
import { makeTenantTable, RUNTIME_ROLE } from './helpers.js';

const FRAGILITIES = `array['economic', 'social', 'environmental', 'societal']::text[]`;
const MODES = `array['responsible_practices', 'patronage', 'economic_cooperation', 'societal_innovation']::text[]`;
/** The named scope (scopes.ts, pinned as `app.scope`) that alone writes the national copies. */
const NATIONAL_WRITER = `current_setting('app.scope', true) = 'resources.case-studies'`;

/**
 * Case studies (retours d'expérience):
 * - `case_studies` and `case_study_participants` (tenant): a territory's case studies, made
 *   from one of its actions or alliances, with the participating organisations and whether
 *   each consents to be named (`pending` until it, or a coordinator who obtained it offline,
 *   says so);
 * - `national_case_studies` (global): the published copy, a snapshot taken at publication with
 *   only what may be shown nationally (organisations named only where they consented, the
 *   others by category and role, in `participants`), deleted at unpublication. Every signed-in
 *   account reads it; only the `resources.case-studies` scope writes it (row policies).
 * The search text is lower-cased and stripped of accents by the application, as for resources.
 */
export class CaseStudies1763800000042 implements MigrationInterface {
  name = 'CaseStudies1763800000042';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create table case_studies (
        territory_id uuid not null references territories (id) on delete cascade,
        id uuid not null default gen_random_uuid(),
        source text not null check (source in ('action', 'alliance')),
        action_id uuid,
        alliance_id uuid,
        status text not null default 'draft' check (status in ('draft', 'submitted', 'approved', 'published')),
        title text not null check (length(title) between 1 and 300),
        context text not null default '' check (length(context) <= 20000),
        enjeux text not null default '' check (length(enjeux) <= 20000),
        what_was_done text not null default '' check (length(what_was_done) <= 20000),
        results text not null default '' check (length(results) <= 20000),
        lessons text not null default '' check (length(lessons) <= 20000),
        fragilities text[] not null default '{}' check (fragilities <@ ${FRAGILITIES}),
        action_type text check (action_type in ('animation', 'collective_experiment', 'support')),
        alliance_modes text[] not null default '{}' check (alliance_modes <@ ${MODES}),
        started_on date,
        ended_on date,
        review_comment text check (length(review_comment) <= 2000),
        submitted_by uuid references users (id) on delete set null,
        submitted_at timestamptz,
        approved_by uuid references users (id) on delete set null,
        approved_at timestamptz,
        published_at timestamptz,
        version integer not null default 1,
        created_by uuid references users (id) on delete set null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (territory_id, id),
        foreign key (territory_id, action_id) references actions (territory_id, id) on delete set null (action_id),
        foreign key (territory_id, alliance_id) references alliances (territory_id, id) on delete set null (alliance_id),
        check (source = 'action' or action_id is null),
        check (source = 'alliance' or alliance_id is null)
      )`);
    await db.query(`create index case_studies_recent_idx on case_studies (territory_id, created_at desc, id)`);
    await makeTenantTable(db, 'case_studies', 'select, insert, update, delete');

    await db.query(`
      create table case_study_participants (
        territory_id uuid not null,
        case_study_id uuid not null,
        actor_id uuid not null,
        position integer not null check (position >= 0),
        role text not null default '' check (length(role) <= 200),
        consent text not null default 'pending' check (consent in ('pending', 'granted', 'refused')),
        consent_source text check (consent_source in ('organisation', 'coordinator')),
        consent_note text check (length(consent_note) <= 1000),
        consent_by uuid references users (id) on delete set null,
        consent_at timestamptz,
        primary key (territory_id, case_study_id, actor_id),
        foreign key (territory_id, case_study_id) references case_studies (territory_id, id) on delete cascade,
        foreign key (territory_id, actor_id) references actors (territory_id, id) on delete cascade,
        check ((consent = 'pending') = (consent_source is null))
      )`);
    await db.query(
      `create index case_study_participants_actor_idx on case_study_participants (territory_id, actor_id)`,
    );
    await makeTenantTable(db, 'case_study_participants', 'select, insert, update, delete');

    await db.query(`
      create table national_case_studies (
        id uuid primary key,
        origin_territory uuid not null references territories (id) on delete cascade,
        territory_name text not null,
        territory_kind text not null check (territory_kind in ('region', 'departement', 'epci', 'commune', 'custom')),
        source text not null check (source in ('action', 'alliance')),
        title text collate "und-x-icu" not null check (length(title) between 1 and 300),
        context text not null default '',
        enjeux text not null default '',
        what_was_done text not null default '',
        results text not null default '',
        lessons text not null default '',
        fragilities text[] not null default '{}',
        action_type text,
        alliance_modes text[] not null default '{}',
        started_on date,
        ended_on date,
        participants jsonb not null default '[]',
        search_text text not null default '',
        search_vector tsvector generated always as (to_tsvector('french', search_text)) stored,
        published_at timestamptz not null default now()
      )`);
    await db.query(`create index national_case_studies_search_idx on national_case_studies using gin (search_vector)`);
    await db.query(`create index national_case_studies_recent_idx on national_case_studies (published_at desc, id)`);
    await db.query(`grant select, insert, update, delete on national_case_studies to ${RUNTIME_ROLE}`);
    await db.query(`alter table national_case_studies enable row level security`);
    await db.query(`alter table national_case_studies force row level security`);
    await db.query(`create policy national_case_studies_read on national_case_studies for select using (true)`);
    await db.query(`
      create policy national_case_studies_insert on national_case_studies for insert with check (${NATIONAL_WRITER})`);
    await db.query(`
      create policy national_case_studies_update on national_case_studies for update
      using (${NATIONAL_WRITER}) with check (${NATIONAL_WRITER})`);
    await db.query(`
      create policy national_case_studies_delete on national_case_studies for delete using (${NATIONAL_WRITER})`);

    // National bodies (observers, administrators) are told of publications: not members of the territory.
    await db.query(`alter table notifications drop constraint notifications_audience_check`);
    await db.query(`
      alter table notifications add constraint notifications_audience_check
      check (audience in ('coordinator', 'organisation', 'person', 'national'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`delete from notifications where audience = 'national'`);
    await db.query(`alter table notifications drop constraint notifications_audience_check`);
    await db.query(`
      alter table notifications add constraint notifications_audience_check
      check (audience in ('coordinator', 'organisation', 'person'))`);
    await db.query(`drop table national_case_studies`);
    await db.query(`drop table case_study_participants`);
    await db.query(`drop table case_studies`);
  }
}
