import { Injectable } from '@nestjs/common';
import type { Db } from '@maillage/platform';
import type { ActorCategory, StudyPrism, StudyQuestion, StudyTemplateKey } from '@maillage/contract';
import type { AnswerValue } from './questionnaire.js';
import type { StoredAnswer } from './results.js';

export type StudyStatus = 'draft' | 'open' | 'closed';

export interface StudyRow {
  id: string;
  title: string;
  description: string;
  template_key: StudyTemplateKey;
  status: StudyStatus;
  prisms: StudyPrism[];
  current_version: number;
  public_link: boolean;
  opened_at: Date | null;
  closed_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  invitations: Partial<Record<StudyPrism, { total: number; answered: number }>>;
  pending_mails: number;
  responses: Partial<Record<StudyPrism, number>>;
  versions: number;
}

const COLUMNS = `s.id, s.title, s.description, s.template_key, s.status, s.prisms, s.current_version,
  s.public_token_hash is not null as public_link, s.opened_at, s.closed_at, s.version, s.created_at, s.updated_at,
  (select coalesce(json_object_agg(prism, json_build_object('total', total, 'answered', answered)), '{}'::json)
     from (select prism, count(*)::int as total, count(*) filter (where answered)::int as answered
           from study_invitations i where i.study_id = s.id group by prism) x) as invitations,
  (select coalesce(json_object_agg(prism, total), '{}'::json)
     from (select prism, count(*)::int as total from study_responses r where r.study_id = s.id group by prism) x)
    as responses,
  (select count(*)::int from study_versions v where v.study_id = s.id) as versions,
  (select count(*)::int from study_invitations i
     where i.study_id = s.id and not i.answered and i.email is not null and i.mailed_generation < i.generation)
    as pending_mails`;

export interface StudyFields {
  title: string;
  description: string;
  prisms: StudyPrism[];
}

/** An invitation as its mail job reads it. */
export interface InvitationMailRow {
  id: string;
  email: string | null;
  prism: StudyPrism;
  generation: number;
  mailed_generation: number;
  answered: boolean;
  study_id: string;
  study_title: string;
  study_status: StudyStatus;
  questions: StudyQuestion[];
  territory_name: string;
}

/** A link's target, found by its token's hash. */
export interface LinkRow {
  study_id: string;
  invitation_id: string | null;
  prism: StudyPrism;
  answered: boolean;
  status: StudyStatus;
  title: string;
  description: string;
  current_version: number;
  questions: StudyQuestion[];
  territory_name: string;
}

/** SQL of territorial studies: studies, their versions, invitations, anonymous responses. */
@Injectable()
export class StudiesRepository {
  list(db: Db): Promise<StudyRow[]> {
    return db.query(`select ${COLUMNS} from studies s order by s.created_at desc, s.id desc`);
  }

  async find(db: Db, id: string, lock = false): Promise<StudyRow | undefined> {
    if (lock) await db.query(`select id from studies where id = $1 for update`, [id]);
    const rows: StudyRow[] = await db.query(`select ${COLUMNS} from studies s where s.id = $1`, [id]);
    return rows[0];
  }

  async insert(
    db: Db,
    fields: StudyFields & { templateKey: StudyTemplateKey },
    questions: readonly StudyQuestion[],
    createdBy: string | null,
  ): Promise<string> {
    const rows: { id: string }[] = await db.query(
      `insert into studies (title, description, template_key, prisms, created_by) values ($1, $2, $3, $4, $5) returning id`,
      [fields.title, fields.description, fields.templateKey, fields.prisms, createdBy],
    );
    const id = (rows[0] as { id: string }).id;
    await this.insertVersion(db, id, 1, questions);
    return id;
  }

  async insertVersion(db: Db, studyId: string, number: number, questions: readonly StudyQuestion[]): Promise<void> {
    await db.query(`insert into study_versions (study_id, number, questions) values ($1, $2, $3::jsonb)`, [
      studyId,
      number,
      JSON.stringify(questions),
    ]);
  }

  async replaceVersion(db: Db, studyId: string, number: number, questions: readonly StudyQuestion[]): Promise<void> {
    await db.query(`update study_versions set questions = $3::jsonb where study_id = $1 and number = $2`, [
      studyId,
      number,
      JSON.stringify(questions),
    ]);
  }

  async questions(db: Db, studyId: string, number: number): Promise<StudyQuestion[]> {
    const rows: { questions: StudyQuestion[] }[] = await db.query(
      `select questions from study_versions where study_id = $1 and number = $2`,
      [studyId, number],
    );
    return rows[0]?.questions ?? [];
  }

  versions(db: Db, studyId: string): Promise<{ number: number; questions: StudyQuestion[] }[]> {
    return db.query(`select number, questions from study_versions where study_id = $1 order by number`, [studyId]);
  }

  async responsesTo(db: Db, studyId: string, number: number): Promise<number> {
    const rows: { n: number }[] = await db.query(
      `select count(*)::int as n from study_responses where study_id = $1 and version_number = $2`,
      [studyId, number],
    );
    return rows[0]?.n ?? 0;
  }

  /** Saves the fields, and the version now current; bumps the study's version. */
  async update(db: Db, id: string, fields: StudyFields, currentVersion: number): Promise<void> {
    await db.query(
      `update studies set title = $2, description = $3, prisms = $4, current_version = $5, version = version + 1,
         updated_at = now() where id = $1`,
      [id, fields.title, fields.description, fields.prisms, currentVersion],
    );
  }

  async open(db: Db, id: string): Promise<void> {
    await db.query(
      `update studies set status = 'open', opened_at = now(), version = version + 1, updated_at = now() where id = $1`,
      [id],
    );
  }

  /**
   * Closes the study, its public link with it (the link's hash stays, so whoever follows it learns
   * the study is closed), and erases the invitations' addresses and the browsers' guards.
   */
  async close(db: Db, id: string): Promise<void> {
    await db.query(
      `update studies set status = 'closed', closed_at = now(), version = version + 1, updated_at = now() where id = $1`,
      [id],
    );
    await db.query(`update study_invitations set email = null where study_id = $1 and email is not null`, [id]);
    await db.query(`delete from study_public_guards where study_id = $1`, [id]);
  }

  async setPublicLink(db: Db, id: string, tokenHash: string | null): Promise<void> {
    await db.query(
      `update studies set public_token_hash = $2, public_opened_at = case when $2::text is null then null else now() end,
         version = version + 1, updated_at = now() where id = $1`,
      [id, tokenHash],
    );
  }

  // Invitations

  /** The contact persons of the chosen actors (active ones), with their actor's category. */
  contacts(
    db: Db,
    actorIds: string[] | null,
    categories: ActorCategory[] | null,
  ): Promise<{ actor_id: string; category: ActorCategory; contact_id: string | null; email: string | null }[]> {
    return db.query(
      `select a.id as actor_id, a.category, c.id as contact_id, nullif(trim(c.email), '') as email
       from actors a left join actor_contacts c on c.actor_id = a.id
       where a.archived_at is null
         and ($1::uuid[] is null or a.id = any($1::uuid[]))
         and ($2::text[] is null or a.category = any($2::text[]))
       order by a.id, c.id`,
      [actorIds, categories],
    );
  }

  /** One invitation per contact: false when the contact was already invited to this study. */
  async insertInvitation(
    db: Db,
    invitation: {
      id: string;
      studyId: string;
      actorId: string;
      contactId: string;
      prism: StudyPrism;
      email: string;
      tokenHash: string;
    },
  ): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `insert into study_invitations (id, study_id, actor_id, contact_id, prism, email, token_hash)
       values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (territory_id, study_id, contact_id) do nothing returning id`,
      [
        invitation.id,
        invitation.studyId,
        invitation.actorId,
        invitation.contactId,
        invitation.prism,
        invitation.email,
        invitation.tokenHash,
      ],
    );
    return rows.length === 1;
  }

  /** Invitations whose current link is not mailed yet (to queue their mail). */
  unmailed(db: Db, studyId: string): Promise<{ id: string; generation: number }[]> {
    return db.query(
      `select id, generation from study_invitations
       where study_id = $1 and not answered and email is not null and mailed_generation < generation`,
      [studyId],
    );
  }

  unanswered(db: Db, studyId: string): Promise<{ id: string; generation: number }[]> {
    return db.query(
      `select id, generation from study_invitations where study_id = $1 and not answered and email is not null
       order by id for update`,
      [studyId],
    );
  }

  /** A new link for a reminder: the previous one stops working. */
  async renewLink(db: Db, id: string, generation: number, tokenHash: string): Promise<void> {
    await db.query(`update study_invitations set generation = $2, token_hash = $3, reminded_at = now() where id = $1`, [
      id,
      generation,
      tokenHash,
    ]);
  }

  async invitationForMail(db: Db, id: string): Promise<InvitationMailRow | undefined> {
    const rows: InvitationMailRow[] = await db.query(
      `select i.id, i.email, i.prism, i.generation, i.mailed_generation, i.answered, s.id as study_id,
              s.title as study_title, s.status as study_status,
              v.questions, t.name as territory_name
       from study_invitations i
       join studies s on s.id = i.study_id
       join study_versions v on v.study_id = s.id and v.number = s.current_version
       join territories t on t.id = i.territory_id
       where i.id = $1`,
      [id],
    );
    return rows[0];
  }

  /** Claims the mail of a link generation: false when it is mailed already (a retried or repeated job). */
  async claimMail(db: Db, id: string, generation: number): Promise<boolean> {
    const [, count] = (await db.query(
      `update study_invitations set mailed_generation = $2
       where id = $1 and generation = $2 and mailed_generation < $2 and not answered and email is not null`,
      [id, generation],
    )) as [unknown, number];
    return count === 1;
  }

  async mailed(db: Db, id: string): Promise<void> {
    await db.query(`update study_invitations set sent_at = now() where id = $1`, [id]);
  }

  /** Gives a claimed mail back (the server refused it): the retry sends it. */
  async unclaimMail(db: Db, id: string, generation: number): Promise<void> {
    await db.query(`update study_invitations set mailed_generation = $2 - 1 where id = $1 and mailed_generation = $2`, [
      id,
      generation,
    ]);
  }

  // Answering

  /** The link a token's hash names: an invitation's, else a study's public link. */
  async link(db: Db, tokenHash: string): Promise<LinkRow | undefined> {
    const rows: LinkRow[] = await db.query(
      `select s.id as study_id, i.id as invitation_id, coalesce(i.prism, 'inhabitant') as prism,
              coalesce(i.answered, false) as answered, s.status, s.title, s.description, s.current_version,
              v.questions, t.name as territory_name
       from studies s
       left join study_invitations i on i.study_id = s.id and i.token_hash = $1
       join study_versions v on v.study_id = s.id and v.number = s.current_version
       join territories t on t.id = s.territory_id
       where i.id is not null or s.public_token_hash = $1
       order by i.id nulls last limit 1`,
      [tokenHash],
    );
    return rows[0];
  }

  /** Marks an invitation answered and erases its address, once: false when it already was. */
  async markAnswered(db: Db, invitationId: string, tokenHash: string): Promise<boolean> {
    const [, count] = (await db.query(
      `update study_invitations set answered = true, email = null where id = $1 and token_hash = $2 and not answered`,
      [invitationId, tokenHash],
    )) as [unknown, number];
    return count === 1;
  }

  /** Keeps a browser's fingerprint while the study is open: false when it already answered. */
  async guard(db: Db, studyId: string, fingerprint: string): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `insert into study_public_guards (study_id, fingerprint) values ($1, $2) on conflict do nothing returning study_id`,
      [studyId, fingerprint],
    );
    return rows.length === 1;
  }

  async insertResponse(
    db: Db,
    response: {
      studyId: string;
      versionNumber: number;
      prism: StudyPrism;
      channel: 'invitation' | 'public';
      day: string;
    },
    answers: readonly AnswerValue[],
  ): Promise<void> {
    const rows: { id: string }[] = await db.query(
      `insert into study_responses (study_id, version_number, prism, channel, submitted_on)
       values ($1, $2, $3, $4, $5::date) returning id`,
      [response.studyId, response.versionNumber, response.prism, response.channel, response.day],
    );
    const responseId = (rows[0] as { id: string }).id;
    for (const answer of answers) {
      await db.query(
        `insert into study_answers (response_id, study_id, question_key, option_keys, scale_value, text_value)
         values ($1, $2, $3, $4::text[], $5, $6)`,
        [responseId, response.studyId, answer.questionKey, answer.optionKeys, answer.scaleValue, answer.textValue],
      );
    }
  }

  // Results

  responses(db: Db, studyId: string): Promise<{ prism: StudyPrism }[]> {
    return db.query(`select prism from study_responses where study_id = $1`, [studyId]);
  }

  async answers(db: Db, studyId: string): Promise<StoredAnswer[]> {
    const rows: {
      response_id: string;
      version_number: number;
      prism: StudyPrism;
      question_key: string;
      option_keys: string[] | null;
      scale_value: number | null;
      text_value: string | null;
    }[] = await db.query(
      `select a.response_id, r.version_number, r.prism, a.question_key, a.option_keys, a.scale_value, a.text_value
       from study_answers a join study_responses r on r.id = a.response_id
       where a.study_id = $1`,
      [studyId],
    );
    return rows.map((row) => ({
      responseId: row.response_id,
      versionNumber: row.version_number,
      prism: row.prism,
      questionKey: row.question_key,
      optionKeys: row.option_keys,
      scaleValue: row.scale_value,
      textValue: row.text_value,
    }));
  }

  async territoryName(db: Db, territoryId: string): Promise<string> {
    const rows: { name: string }[] = await db.query(`select name from territories where id = $1`, [territoryId]);
    return rows[0]?.name ?? '';
  }
}
