import { Injectable } from '@nestjs/common';
import type { Db } from '@maillage/platform';
import type { CommentSubjectType } from '@maillage/contract';

export interface CommentRow {
  id: string;
  subject_type: CommentSubjectType;
  subject_id: string;
  author_id: string | null;
  author_name: string | null;
  organisation_name: string | null;
  body: string;
  mentions: { userId: string; name: string }[];
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  deleted_by: string | null;
  deleted_by_name: string | null;
  cursor_at: string;
}

/** A thread's subject: its title, and the organisations whose members may read it (an alliance's parties). */
export interface SubjectRow {
  title: string;
  status: string | null;
  party_ids: string[];
}

/** Someone who may be mentioned in a thread. */
export interface MentionableRow {
  user_id: string;
  name: string;
  role: 'coordinator' | 'member';
  organisation_name: string | null;
}

const SELECT = `
  select c.id, c.subject_type, c.subject_id, c.author_id, u.name as author_name, a.name as organisation_name,
         c.body, c.created_at, c.edited_at, c.deleted_at, c.deleted_by, d.name as deleted_by_name,
         to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as cursor_at,
         coalesce((select json_agg(json_build_object('userId', m.id, 'name', m.name)
                                   order by array_position(c.mention_ids, m.id))
                   from users m where m.id = any(c.mention_ids)), '[]') as mentions
  from comments c
  left join users u on u.id = c.author_id
  left join users d on d.id = c.deleted_by
  left join actors a on a.territory_id = c.territory_id and a.id = c.author_actor_id`;

/** What each subject type reads of its subject. */
const SUBJECT: Record<CommentSubjectType, string> = {
  alliance: `select al.title, al.status,
                    coalesce((select array_agg(p.actor_id order by p.actor_id) from alliance_parties p
                              where p.territory_id = al.territory_id and p.alliance_id = al.id), '{}') as party_ids
             from alliances al where al.id = $1`,
  action: `select title, null as status, '{}'::uuid[] as party_ids from actions where id = $1`,
  priority: `select title, status, '{}'::uuid[] as party_ids from priorities where id = $1`,
};

/** SQL of the threads' messages. */
@Injectable()
export class CommentsRepository {
  async subject(db: Db, type: CommentSubjectType, id: string): Promise<SubjectRow | undefined> {
    const rows: SubjectRow[] = await db.query(SUBJECT[type], [id]);
    return rows[0];
  }

  /** A thread's messages, oldest first, after the cursor. */
  list(
    db: Db,
    type: CommentSubjectType,
    subjectId: string,
    after: Record<'at' | 'id', string | number> | undefined,
    limit: number,
  ): Promise<CommentRow[]> {
    return db.query(
      `${SELECT}
       where c.subject_type = $1 and c.subject_id = $2
         and ($3::text is null or (c.created_at, c.id) > ($3::timestamp at time zone 'UTC', $4::uuid))
       order by c.created_at, c.id limit $5`,
      [type, subjectId, after?.at ?? null, after?.id ?? null, limit + 1],
    );
  }

  async find(db: Db, type: CommentSubjectType, subjectId: string, id: string): Promise<CommentRow | undefined> {
    const rows: CommentRow[] = await db.query(
      `${SELECT} where c.subject_type = $1 and c.subject_id = $2 and c.id = $3 for update of c`,
      [type, subjectId, id],
    );
    return rows[0];
  }

  async insert(
    db: Db,
    comment: {
      subjectType: CommentSubjectType;
      subjectId: string;
      authorId: string | null;
      authorActorId: string | null;
      body: string;
      mentionIds: string[];
    },
  ): Promise<string> {
    const rows: { id: string }[] = await db.query(
      `insert into comments (subject_type, subject_id, author_id, author_actor_id, body, mention_ids)
       values ($1, $2, $3, $4, $5, $6::uuid[]) returning id`,
      [
        comment.subjectType,
        comment.subjectId,
        comment.authorId,
        comment.authorActorId,
        comment.body,
        comment.mentionIds,
      ],
    );
    return (rows[0] as { id: string }).id;
  }

  async edit(db: Db, id: string, body: string, mentionIds: string[]): Promise<void> {
    await db.query(`update comments set body = $2, mention_ids = $3::uuid[], edited_at = now() where id = $1`, [
      id,
      body,
      mentionIds,
    ]);
  }

  /** Erases the body and the mentions; the message stays in the thread with who deleted it and when. */
  async erase(db: Db, id: string, deletedBy: string | null): Promise<void> {
    await db.query(
      `update comments set body = '', mention_ids = '{}', deleted_at = now(), deleted_by = $2 where id = $1`,
      [id, deletedBy],
    );
  }

  /**
   * The territory's people who may read a thread: coordinators, and members of
   * the given organisations (or every member when `allMembers`); only those
   * among `only` when given.
   */
  mentionable(
    db: Db,
    readers: { actorIds: string[]; allMembers: boolean },
    only: string[] | null,
  ): Promise<MentionableRow[]> {
    return db.query(
      `select m.user_id, u.name, m.role, a.name as organisation_name
       from memberships m
       join users u on u.id = m.user_id
       left join actors a on a.territory_id = m.territory_id and a.id = m.actor_id
       where (m.role = 'coordinator' or (m.role = 'member' and ($1 or m.actor_id = any($2::uuid[]))))
         and ($3::uuid[] is null or m.user_id = any($3::uuid[]))
       order by u.name, m.user_id`,
      [readers.allMembers, readers.actorIds, only],
    );
  }
}
