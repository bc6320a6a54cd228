import type { MigrationInterface, QueryRunner } from 'typeorm';
import { makeTenantTable } from './helpers.js';

const PRISMS = `array['association', 'company', 'public_body', 'inhabitant']::text[]`;

/**
 * Territorial studies (études territoriales), all tenant tables:
 * - `studies`: a questionnaire a territory's coordinators send (from a shipped template,
 *   `libs/contract/src/studies.ts`, possibly adapted), draft → open → closed; its public link
 *   for inhabitants (a token's hash) when the coordinator opens one;
 * - `study_versions`: the questionnaire's questions, numbered; a new number once answers exist,
 *   so every answer is read against the questions it answered;
 * - `study_invitations`: a personal one-time link sent to an actor's contact person; the
 *   address is kept only until the link is used or the study closes (then erased), and an
 *   invitation never points at the response it produced; `generation` counts the links sent
 *   (a reminder makes a new one, the old one stops working), `mailed_generation` the last one
 *   mailed, so a retried mail job sends each link once;
 * - `study_responses` and `study_answers`: anonymous answers, with their prism and the day
 *   only (no time, no link to an invitation or an address);
 * - `study_public_guards`: for the public link, a keyed hash of what identifies a browser,
 *   kept to refuse a second answer while the study is open and deleted when it closes.
 */
export class Studies1763800000041 implements MigrationInterface {
  name = 'Studies1763800000041';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create table studies (
        territory_id uuid not null references territories (id) on delete cascade,
        id uuid not null default gen_random_uuid(),
        title text collate "und-x-icu" not null check (length(title) between 1 and 300),
        description text not null default '' check (length(description) <= 5000),
        template_key text not null check (template_key in ('phare', 'diagnostic', 'partnership_evaluation')),
        status text not null default 'draft' check (status in ('draft', 'open', 'closed')),
        prisms text[] not null check (prisms <@ ${PRISMS} and cardinality(prisms) > 0),
        current_version integer not null default 1,
        public_token_hash text,
        public_opened_at timestamptz,
        opened_at timestamptz,
        closed_at timestamptz,
        created_by uuid references users (id) on delete set null,
        version integer not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (territory_id, id)
      )`);
    await db.query(`create index studies_recent_idx on studies (territory_id, created_at desc, id)`);
    await makeTenantTable(db, 'studies', 'select, insert, update, delete');

    await db.query(`
      create table study_versions (
        territory_id uuid not null,
        study_id uuid not null,
        number integer not null check (number >= 1),
        questions jsonb not null,
        created_at timestamptz not null default now(),
        primary key (territory_id, study_id, number),
        foreign key (territory_id, study_id) references studies (territory_id, id) on delete cascade
      )`);
    await makeTenantTable(db, 'study_versions', 'select, insert, update, delete');

    await db.query(`
      create table study_invitations (
        territory_id uuid not null,
        id uuid not null default gen_random_uuid(),
        study_id uuid not null,
        actor_id uuid,
        contact_id uuid,
        prism text not null check (prism = any (${PRISMS})),
        email text check (length(email) <= 254),
        token_hash text not null,
        generation integer not null default 1 check (generation >= 1),
        mailed_generation integer not null default 0,
        answered boolean not null default false,
        sent_at timestamptz,
        reminded_at timestamptz,
        created_at timestamptz not null default now(),
        primary key (territory_id, id),
        foreign key (territory_id, study_id) references studies (territory_id, id) on delete cascade,
        foreign key (territory_id, actor_id) references actors (territory_id, id) on delete set null (actor_id),
        foreign key (territory_id, contact_id) references actor_contacts (territory_id, id) on delete set null (contact_id)
      )`);
    await db.query(
      `create unique index study_invitations_contact_key on study_invitations (territory_id, study_id, contact_id)`,
    );
    await db.query(`create unique index study_invitations_token_key on study_invitations (territory_id, token_hash)`);
    await makeTenantTable(db, 'study_invitations', 'select, insert, update, delete');

    await db.query(`
      create table study_responses (
        territory_id uuid not null,
        id uuid not null default gen_random_uuid(),
        study_id uuid not null,
        version_number integer not null,
        prism text not null check (prism = any (${PRISMS})),
        channel text not null check (channel in ('invitation', 'public')),
        submitted_on date not null,
        primary key (territory_id, id),
        foreign key (territory_id, study_id, version_number)
          references study_versions (territory_id, study_id, number) on delete cascade
      )`);
    await db.query(`create index study_responses_study_idx on study_responses (territory_id, study_id, prism)`);
    await makeTenantTable(db, 'study_responses', 'select, insert, delete');

    await db.query(`
      create table study_answers (
        territory_id uuid not null,
        response_id uuid not null,
        study_id uuid not null,
        question_key text not null check (length(question_key) between 1 and 100),
        option_keys text[],
        scale_value smallint,
        text_value text check (length(text_value) <= 2000),
        primary key (territory_id, response_id, question_key),
        foreign key (territory_id, response_id) references study_responses (territory_id, id) on delete cascade,
        check (num_nonnulls(option_keys, scale_value, text_value) = 1)
      )`);
    await db.query(`create index study_answers_question_idx on study_answers (territory_id, study_id, question_key)`);
    await makeTenantTable(db, 'study_answers', 'select, insert, delete');

    await db.query(`
      create table study_public_guards (
        territory_id uuid not null,
        study_id uuid not null,
        fingerprint text not null,
        created_at timestamptz not null default now(),
        primary key (territory_id, study_id, fingerprint),
        foreign key (territory_id, study_id) references studies (territory_id, id) on delete cascade
      )`);
    await makeTenantTable(db, 'study_public_guards', 'select, insert, delete');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`drop table study_public_guards`);
    await db.query(`drop table study_answers`);
    await db.query(`drop table study_responses`);
    await db.query(`drop table study_invitations`);
    await db.query(`drop table study_versions`);
    await db.query(`drop table studies`);
  }
}
