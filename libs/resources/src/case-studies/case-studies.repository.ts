import { Injectable } from '@nestjs/common';
import type { Db } from '@maillage/platform';
import type {
  ActionType,
  ActorCategory,
  AllianceMode,
  CaseStudyConsent,
  CaseStudyConsentSource,
  CaseStudySource,
  CaseStudyStatus,
  Fragility,
} from '@maillage/contract';

/** The steps of the review. */
export type ReviewStep = 'submit' | 'approve' | 'return' | 'publish' | 'unpublish';

/** The sections' columns, alike in the territory's table and in the national copy. */
export interface SectionColumns {
  id: string;
  source: CaseStudySource;
  title: string;
  context: string;
  enjeux: string;
  what_was_done: string;
  results: string;
  lessons: string;
  fragilities: Fragility[];
  action_type: ActionType | null;
  alliance_modes: AllianceMode[];
  started_on: string | null;
  ended_on: string | null;
}

export interface CaseStudyRow extends SectionColumns {
  action_id: string | null;
  alliance_id: string | null;
  status: CaseStudyStatus;
  review_comment: string | null;
  created_by: string | null;
  author_name: string | null;
  submitted_by: string | null;
  submitted_by_name: string | null;
  submitted_at: Date | null;
  approved_by: string | null;
  approved_by_name: string | null;
  approved_at: Date | null;
  published_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface ParticipantRow {
  actor_id: string;
  name: string;
  category: ActorCategory;
  role: string;
  consent: CaseStudyConsent;
  consent_source: CaseStudyConsentSource | null;
  consent_note: string | null;
  consent_at: Date | null;
}

/** What a case study is made from: its source's description, enjeux and participants. */
export interface SourceRow {
  title: string;
  description: string;
  outcomes: string;
  action_type: ActionType | null;
  alliance_modes: AllianceMode[];
  fragilities: Fragility[];
  started_on: string | null;
  ended_on: string | null;
  priorities: { title: string; fragilities: Fragility[] }[];
  participants: { actor_id: string; role: string }[];
}

/** The sections every case study shows, in the territory and in the national centre. */
export interface CaseStudySections {
  id: string;
  source: CaseStudySource;
  title: string;
  context: string;
  enjeux: string;
  whatWasDone: string;
  results: string;
  lessons: string;
  fragilities: Fragility[];
  actionType: ActionType | null;
  allianceModes: AllianceMode[];
  startedOn: string | null;
  endedOn: string | null;
}

/** The sections a coordinator writes, as the service has checked them. */
export type CaseStudyFields = Pick<
  CaseStudySections,
  'title' | 'context' | 'enjeux' | 'whatWasDone' | 'results' | 'lessons' | 'fragilities' | 'startedOn' | 'endedOn'
>;

/** One participant of the national copy: named only with its organisation's consent. */
export interface NationalParticipant {
  name: string | null;
  category: ActorCategory;
  role: string;
  /** How the national gallery shows it, in French. */
  text: string;
}

export interface NationalCaseStudyRow extends SectionColumns {
  territory_name: string;
  territory_kind: string;
  participants: NationalParticipant[];
  published_at: Date;
}

export interface NationalCopy {
  id: string;
  territoryId: string;
  territoryName: string;
  territoryKind: string;
  source: CaseStudySource;
  fields: CaseStudyFields;
  actionType: ActionType | null;
  allianceModes: AllianceMode[];
  participants: NationalParticipant[];
  searchText: string;
}

export interface NationalFilters {
  /** Search text, already lower-cased and without accents. */
  query: string | null;
  fragility: Fragility | null;
  actionType: ActionType | null;
  allianceMode: AllianceMode | null;
  territoryKind: string | null;
}

const COLUMNS = `cs.id, cs.source, cs.action_id, cs.alliance_id, cs.status, cs.title, cs.context, cs.enjeux,
  cs.what_was_done, cs.results, cs.lessons, cs.fragilities, cs.action_type, cs.alliance_modes,
  to_char(cs.started_on, 'YYYY-MM-DD') as started_on, to_char(cs.ended_on, 'YYYY-MM-DD') as ended_on,
  cs.review_comment, cs.created_by, author.name as author_name, cs.submitted_by, submitter.name as submitted_by_name,
  cs.submitted_at, cs.approved_by, approver.name as approved_by_name, cs.approved_at, cs.published_at, cs.version,
  cs.created_at, cs.updated_at`;

const FROM = `case_studies cs
  left join users author on author.id = cs.created_by
  left join users submitter on submitter.id = cs.submitted_by
  left join users approver on approver.id = cs.approved_by`;

const NATIONAL_COLUMNS = `id, territory_name, territory_kind, source, title, context, enjeux, what_was_done, results, lessons,
  fragilities, action_type, alliance_modes, to_char(started_on, 'YYYY-MM-DD') as started_on,
  to_char(ended_on, 'YYYY-MM-DD') as ended_on, participants, published_at`;

/** SQL of case studies: the territory's (tenant tables) and their national copies (global table). */
@Injectable()
export class CaseStudiesRepository {
  /** One page, newest first; a member's organisation (`actorId`) sees only those that cite it. */
  list(
    db: Db,
    status: CaseStudyStatus | null,
    actorId: string | null,
    onlyCiting: boolean,
    offset: number,
    limit: number,
  ): Promise<CaseStudyRow[]> {
    return db.query(
      `select ${COLUMNS} from ${FROM}
       where ($1::text is null or cs.status = $1)
         and (not $2 or exists (select 1 from case_study_participants p where p.case_study_id = cs.id and p.actor_id = $3))
       order by cs.created_at desc, cs.id desc offset $4 limit $5`,
      [status, onlyCiting, actorId, offset, limit + 1],
    );
  }

  async find(db: Db, id: string, lock = false): Promise<CaseStudyRow | undefined> {
    if (lock) await db.query(`select 1 from case_studies where id = $1 for update`, [id]);
    const rows: CaseStudyRow[] = await db.query(`select ${COLUMNS} from ${FROM} where cs.id = $1`, [id]);
    return rows[0];
  }

  participants(db: Db, ids: string[]): Promise<(ParticipantRow & { case_study_id: string })[]> {
    return db.query(
      `select p.case_study_id, p.actor_id, a.name, a.category, p.role, p.consent, p.consent_source, p.consent_note,
              p.consent_at
       from case_study_participants p join actors a on a.id = p.actor_id
       where p.case_study_id = any($1::uuid[])
       order by p.case_study_id, p.position`,
      [ids],
    );
  }

  /** An action of the territory, with its enjeux and participants (undefined when there is none). */
  async action(db: Db, id: string): Promise<SourceRow | undefined> {
    const rows: SourceRow[] = await db.query(
      `select a.title, a.description, a.outcomes, a.type as action_type, '{}'::text[] as alliance_modes,
              '{}'::text[] as fragilities,
              to_char(a.start_date, 'YYYY-MM-DD') as started_on, to_char(a.end_date, 'YYYY-MM-DD') as ended_on,
              coalesce((select json_agg(json_build_object('title', p.title, 'fragilities', p.fragilities) order by p.title)
                        from action_priorities x join priorities p on p.id = x.priority_id
                        where x.action_id = a.id), '[]') as priorities,
              coalesce((select json_agg(json_build_object('actor_id', x.actor_id, 'role', x.role)
                                        order by x.role = 'organiser' desc, actor.name, x.actor_id)
                        from action_participants x join actors actor on actor.id = x.actor_id
                        where x.action_id = a.id), '[]') as participants
       from actions a where a.id = $1`,
      [id],
    );
    return rows[0];
  }

  /** An alliance of the territory, with its enjeux and parties (undefined when there is none). */
  async alliance(db: Db, id: string): Promise<SourceRow | undefined> {
    const rows: SourceRow[] = await db.query(
      `select a.title, a.description, '' as outcomes, null as action_type, a.modes as alliance_modes, a.fragilities,
              to_char(a.start_date, 'YYYY-MM-DD') as started_on, to_char(a.end_date, 'YYYY-MM-DD') as ended_on,
              coalesce((select json_agg(json_build_object('title', p.title, 'fragilities', p.fragilities) order by p.title)
                        from alliance_priorities x join priorities p on p.id = x.priority_id
                        where x.alliance_id = a.id), '[]') as priorities,
              coalesce((select json_agg(json_build_object('actor_id', x.actor_id, 'role', x.role)
                                        order by actor.name, x.actor_id)
                        from alliance_parties x join actors actor on actor.id = x.actor_id
                        where x.alliance_id = a.id), '[]') as participants
       from alliances a where a.id = $1`,
      [id],
    );
    return rows[0];
  }

  async insert(
    db: Db,
    source: CaseStudySource,
    sourceId: string,
    fields: CaseStudyFields,
    actionType: ActionType | null,
    allianceModes: AllianceMode[],
    participants: { actorId: string; role: string }[],
    createdBy: string | null,
  ): Promise<string> {
    const rows: { id: string }[] = await db.query(
      `insert into case_studies (source, action_id, alliance_id, title, context, enjeux, what_was_done, results, lessons,
         fragilities, started_on, ended_on, action_type, alliance_modes, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) returning id`,
      [
        source,
        source === 'action' ? sourceId : null,
        source === 'alliance' ? sourceId : null,
        ...this.values(fields),
        actionType,
        allianceModes,
        createdBy,
      ],
    );
    const id = (rows[0] as { id: string }).id;
    if (participants.length > 0) {
      await db.query(
        `insert into case_study_participants (case_study_id, actor_id, position, role)
         select $1, actor, position - 1, role from unnest($2::uuid[], $3::text[]) with ordinality as p(actor, role, position)`,
        [id, participants.map((p) => p.actorId), participants.map((p) => p.role)],
      );
    }
    return id;
  }

  async update(db: Db, id: string, fields: CaseStudyFields): Promise<void> {
    await db.query(
      `update case_studies set title = $2, context = $3, enjeux = $4, what_was_done = $5, results = $6, lessons = $7,
         fragilities = $8, started_on = $9, ended_on = $10, version = version + 1, updated_at = now()
       where id = $1`,
      [id, ...this.values(fields)],
    );
  }

  private values(fields: CaseStudyFields): unknown[] {
    return [
      fields.title,
      fields.context,
      fields.enjeux,
      fields.whatWasDone,
      fields.results,
      fields.lessons,
      fields.fragilities,
      fields.startedOn,
      fields.endedOn,
    ];
  }

  /** Moves a case study along its review, with who did it (`userId`) and, for a return, why. */
  async transition(db: Db, id: string, step: ReviewStep, userId: string | null, comment: string | null): Promise<void> {
    const [set, params] = ((): [string, unknown[]] => {
      switch (step) {
        case 'submit':
          return [`status = 'submitted', submitted_by = $2, submitted_at = now(), review_comment = null`, [userId]];
        case 'approve':
          return [`status = 'approved', approved_by = $2, approved_at = now()`, [userId]];
        case 'return':
          return [`status = 'draft', review_comment = $2, approved_by = null, approved_at = null`, [comment]];
        case 'publish':
          return [`status = 'published', published_at = now()`, []];
        case 'unpublish':
          return [`status = 'approved', published_at = null`, []];
      }
    })();
    await db.query(`update case_studies set ${set}, version = version + 1, updated_at = now() where id = $1`, [
      id,
      ...params,
    ]);
  }

  /** Records an organisation's answer (the row is locked by the caller's case study lock). */
  async consent(
    db: Db,
    id: string,
    actorId: string,
    consent: Exclude<CaseStudyConsent, 'pending'>,
    source: CaseStudyConsentSource,
    note: string | null,
    userId: string | null,
  ): Promise<boolean> {
    const [, count] = (await db.query(
      `update case_study_participants set consent = $3, consent_source = $4, consent_note = $5, consent_by = $6,
         consent_at = now()
       where case_study_id = $1 and actor_id = $2`,
      [id, actorId, consent, source, note, userId],
    )) as [unknown, number];
    return count > 0;
  }

  async territory(db: Db, territoryId: string): Promise<{ name: string; kind: string }> {
    const rows: { name: string; kind: string }[] = await db.query(`select name, kind from territories where id = $1`, [
      territoryId,
    ]);
    return rows[0] as { name: string; kind: string };
  }

  /** Writes (or rewrites) a national copy: in the `resources.case-studies` scope only (row policies). */
  async saveNational(db: Db, copy: NationalCopy): Promise<void> {
    await db.query(
      `insert into national_case_studies (id, origin_territory, territory_name, territory_kind, source, title, context,
         enjeux, what_was_done, results, lessons, fragilities, started_on, ended_on, action_type, alliance_modes,
         participants, search_text)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
       on conflict (id) do update set territory_name = excluded.territory_name, territory_kind = excluded.territory_kind,
         title = excluded.title, context = excluded.context, enjeux = excluded.enjeux,
         what_was_done = excluded.what_was_done, results = excluded.results, lessons = excluded.lessons,
         fragilities = excluded.fragilities, started_on = excluded.started_on, ended_on = excluded.ended_on,
         action_type = excluded.action_type, alliance_modes = excluded.alliance_modes,
         participants = excluded.participants, search_text = excluded.search_text`,
      [
        copy.id,
        copy.territoryId,
        copy.territoryName,
        copy.territoryKind,
        copy.source,
        ...this.values(copy.fields),
        copy.actionType,
        copy.allianceModes,
        JSON.stringify(copy.participants),
        copy.searchText,
      ],
    );
  }

  async deleteNational(db: Db, id: string): Promise<void> {
    await db.query(`delete from national_case_studies where id = $1`, [id]);
  }

  national(db: Db, filters: NationalFilters, offset: number, limit: number): Promise<NationalCaseStudyRow[]> {
    return db.query(
      `select ${NATIONAL_COLUMNS} from national_case_studies
       where ($1::text is null or search_vector @@ websearch_to_tsquery('french', $1))
         and ($2::text is null or $2 = any(fragilities)) and ($3::text is null or action_type = $3)
         and ($4::text is null or $4 = any(alliance_modes)) and ($5::text is null or territory_kind = $5)
       order by published_at desc, id desc offset $6 limit $7`,
      [
        filters.query,
        filters.fragility,
        filters.actionType,
        filters.allianceMode,
        filters.territoryKind,
        offset,
        limit + 1,
      ],
    );
  }

  async findNational(db: Db, id: string): Promise<NationalCaseStudyRow | undefined> {
    const rows: NationalCaseStudyRow[] = await db.query(
      `select ${NATIONAL_COLUMNS} from national_case_studies where id = $1`,
      [id],
    );
    return rows[0];
  }
}
