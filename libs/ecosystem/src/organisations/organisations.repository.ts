import { Injectable } from '@nestjs/common';
import type { Db } from '@maillage/platform';

export type RequestStatus = 'pending' | 'accepted' | 'refused';

interface ReviewColumns {
  id: string;
  status: RequestStatus;
  reason: string | null;
  created_at: Date;
  reviewed_at: Date | null;
  reviewed_by: string | null;
}

/** What a join request from a new address asks for, kept until the address is confirmed. */
export interface JoinConfirmationRequest {
  actorId?: string;
  newActor?: Record<string, unknown>;
  message?: string;
}

export interface JoinConfirmationRow {
  id: string;
  link_hash: string;
  failed_attempts: number;
  email: string;
  name: string;
  password_hash: string;
  request: JoinConfirmationRequest;
}

/** What the mail job reads of a confirmation to write its mail. */
export interface JoinConfirmationToMail {
  id: string;
  link_hash: string;
  email: string;
  name: string;
}

export interface LinkRequestRow extends ReviewColumns {
  user_id: string;
  user_name: string;
  user_email: string;
  actor_id: string | null;
  actor_name: string | null;
  description: string;
  message: string;
}

export interface JoinRequestRow extends ReviewColumns {
  user_id: string;
  user_name: string;
  user_email: string;
  actor_id: string | null;
  actor_name: string | null;
  new_actor: Record<string, unknown> | null;
  message: string;
}

export interface ProfileChangeRow extends ReviewColumns {
  actor_id: string;
  actor_name: string;
  requested_by: string | null;
  requested_by_name: string | null;
  changes: Record<string, { old: unknown; new: unknown }>;
  base_version: number;
}

export interface MyJoinRequestRow {
  id: string;
  territory_id: string;
  territory_name: string;
  actor_id: string | null;
  new_actor_name: string | null;
  status: RequestStatus;
  reason: string | null;
  created_at: Date;
  reviewed_at: Date | null;
}

const CURSOR = `to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at`;

const REVIEW = `r.id, r.status, r.reason, r.created_at, r.reviewed_at, r.reviewed_by`;

const LINK_SELECT = `select ${REVIEW}, r.user_id, u.name as user_name, u.email as user_email, r.actor_id,
    a.name as actor_name, r.description, r.message
  from link_requests r join users u on u.id = r.user_id
  left join actors a on a.territory_id = r.territory_id and a.id = r.actor_id`;

const JOIN_SELECT = `select ${REVIEW}, r.user_id, u.name as user_name, u.email as user_email, r.actor_id,
    coalesce(a.name, r.new_actor ->> 'name') as actor_name, r.new_actor, r.message
  from join_requests r join users u on u.id = r.user_id
  left join actors a on a.territory_id = r.territory_id and a.id = r.actor_id`;

const CHANGE_SELECT = `select ${REVIEW}, r.actor_id, a.name as actor_name, r.requested_by, u.name as requested_by_name,
    r.changes, r.base_version
  from profile_change_requests r join actors a on a.territory_id = r.territory_id and a.id = r.actor_id
  left join users u on u.id = r.requested_by`;

/** Filters of a queue: a status, and (for a member) their own rows. */
export interface QueueFilter {
  status: RequestStatus | null;
  /** Link requests: the requester; profile changes: the organisation. */
  ownerId: string | null;
  limit: number;
  /** Rows created before this one (`created_at`, `id`), newest first. */
  after: { at: string; id: string } | null;
}

const PAGE = (owner: string) => `
  where ($1::text is null or r.status = $1) and ($2::uuid is null or ${owner} = $2)
    and ($3::text is null or (r.created_at, r.id) < ($3::timestamptz, $4::uuid))
  order by r.created_at desc, r.id desc limit $5`;

const pageParams = (filter: QueueFilter) => [
  filter.status,
  filter.ownerId,
  filter.after?.at ?? null,
  filter.after?.id ?? null,
  filter.limit + 1,
];

/** Reviews close a pending request: status, reason, who and when. */
const REVIEW_SET = `status = $2, reason = $3, reviewed_by = $4, reviewed_at = now()`;

/** SQL of the organisations' requests: link, join and profile-change requests, and the join link. */
@Injectable()
export class OrganisationsRepository {
  // Link requests

  async insertLinkRequest(
    db: Db,
    input: { userId: string; actorId: string | null; description: string; message: string },
  ): Promise<string> {
    const rows: { id: string }[] = await db.query(
      `insert into link_requests (user_id, actor_id, description, message) values ($1, $2, $3, $4) returning id`,
      [input.userId, input.actorId, input.description, input.message],
    );
    return (rows[0] as { id: string }).id;
  }

  async findLinkRequest(db: Db, id: string, lock = false): Promise<LinkRequestRow | undefined> {
    const rows: LinkRequestRow[] = await db.query(`${LINK_SELECT} where r.id = $1 ${lock ? 'for update of r' : ''}`, [
      id,
    ]);
    return rows[0];
  }

  linkRequests(db: Db, filter: QueueFilter): Promise<(LinkRequestRow & { cursor_at: string })[]> {
    return db.query(`${LINK_SELECT.replace('select ', `select ${CURSOR}, `)} ${PAGE('r.user_id')}`, pageParams(filter));
  }

  async pendingLinkRequestOf(db: Db, userId: string): Promise<boolean> {
    const rows: unknown[] = await db.query(`select 1 from link_requests where user_id = $1 and status = 'pending'`, [
      userId,
    ]);
    return rows.length > 0;
  }

  async reviewLinkRequest(
    db: Db,
    id: string,
    review: { status: RequestStatus; reason: string | null; by: string | null; actorId: string | null },
  ): Promise<void> {
    await db.query(`update link_requests set ${REVIEW_SET}, actor_id = coalesce($5, actor_id) where id = $1`, [
      id,
      review.status,
      review.reason,
      review.by,
      review.actorId,
    ]);
  }

  // Join link and join requests

  async territoryName(db: Db, territoryId: string): Promise<string> {
    const rows: { name: string }[] = await db.query(`select name from territories where id = $1`, [territoryId]);
    return rows[0]?.name ?? '';
  }

  async openJoinLink(db: Db, tokenHash: string, by: string | null): Promise<Date> {
    const rows: { opened_at: Date }[] = await db.query(
      `insert into join_links (token_hash, opened_by) values ($1, $2)
       on conflict (territory_id) do update set token_hash = excluded.token_hash, opened_by = excluded.opened_by,
         opened_at = now(), closed_at = null
       returning opened_at`,
      [tokenHash, by],
    );
    return (rows[0] as { opened_at: Date }).opened_at;
  }

  async closeJoinLink(db: Db): Promise<boolean> {
    const [, count] = (await db.query(`update join_links set closed_at = now() where closed_at is null`)) as [
      unknown,
      number,
    ];
    return count > 0;
  }

  async joinLink(
    db: Db,
  ): Promise<{ opened_at: Date; opened_by: string | null; closed_at: Date | null; token_hash: string } | undefined> {
    const rows: { opened_at: Date; opened_by: string | null; closed_at: Date | null; token_hash: string }[] =
      await db.query(`select opened_at, opened_by, closed_at, token_hash from join_links`);
    return rows[0];
  }

  async insertJoinRequest(
    db: Db,
    input: { userId: string; actorId: string | null; newActor: Record<string, unknown> | null; message: string },
  ): Promise<string> {
    const rows: { id: string }[] = await db.query(
      `insert into join_requests (user_id, actor_id, new_actor, message) values ($1, $2, $3, $4) returning id`,
      [input.userId, input.actorId, input.newActor === null ? null : JSON.stringify(input.newActor), input.message],
    );
    return (rows[0] as { id: string }).id;
  }

  /**
   * Keeps a join request from a new address until the address is confirmed: without a token yet
   * (the mail job mints it, `mintJoinConfirmation`), so nothing can confirm it before its mail.
   */
  async insertJoinConfirmation(
    db: Db,
    input: {
      linkHash: string;
      email: string;
      name: string;
      passwordHash: string;
      request: JoinConfirmationRequest;
    },
    lifetimeHours: number,
  ): Promise<string> {
    const rows: { id: string }[] = await db.query(
      `insert into join_confirmations (link_hash, email, name, password_hash, request, expires_at)
       values ($1, $2, $3, $4, $5, now() + make_interval(hours => $6)) returning id`,
      [input.linkHash, input.email, input.name, input.passwordHash, JSON.stringify(input.request), lifetimeHours],
    );
    return (rows[0] as { id: string }).id;
  }

  /** A confirmation to be mailed (unexpired, not mailed yet), locked until the transaction ends. */
  async lockJoinConfirmationToMail(db: Db, id: string): Promise<JoinConfirmationToMail | undefined> {
    const rows: JoinConfirmationToMail[] = await db.query(
      `select id, link_hash, email, name from join_confirmations
       where id = $1 and mailed_at is null and expires_at > now() for update`,
      [id],
    );
    return rows[0];
  }

  /**
   * The secret about to be mailed: its hash replaces any earlier one (a mail that did not leave
   * is superseded by the next attempt's), and the link is valid `lifetimeHours` from now.
   */
  async mintJoinConfirmation(db: Db, id: string, tokenHash: string, lifetimeHours: number): Promise<void> {
    await db.query(
      `update join_confirmations set token_hash = $2, expires_at = now() + make_interval(hours => $3) where id = $1`,
      [id, tokenHash, lifetimeHours],
    );
  }

  /** The mail left: a repeated job sends nothing more. */
  async joinConfirmationMailed(db: Db, id: string): Promise<void> {
    await db.query(`update join_confirmations set mailed_at = now() where id = $1`, [id]);
  }

  /** Deletes the territory's expired confirmations (their argon2 hashes with them); how many. */
  async deleteExpiredJoinConfirmations(db: Db): Promise<number> {
    const [, count]: [unknown[], number] = await db.query(`delete from join_confirmations where expires_at < now()`);
    return count;
  }

  /** A confirmation still valid (unexpired), locked until the transaction ends. */
  async lockJoinConfirmation(db: Db, tokenHash: string): Promise<JoinConfirmationRow | undefined> {
    const rows: JoinConfirmationRow[] = await db.query(
      `select id, link_hash, email, name, password_hash, request, failed_attempts from join_confirmations
       where token_hash = $1 and expires_at > now() for update`,
      [tokenHash],
    );
    return rows[0];
  }

  /** Counts a wrong password; at `limit`, the confirmation goes. Answers the attempts left. */
  async failJoinConfirmation(db: Db, id: string, limit: number): Promise<number> {
    const rows: { failed_attempts: number }[] = await db.query(
      `with counted as (update join_confirmations set failed_attempts = failed_attempts + 1 where id = $1
                        returning failed_attempts)
       select failed_attempts from counted`,
      [id],
    );
    const failed = rows[0]?.failed_attempts ?? limit;
    if (failed >= limit) await this.deleteJoinConfirmation(db, id);
    return Math.max(0, limit - failed);
  }

  async deleteJoinConfirmation(db: Db, id: string): Promise<void> {
    await db.query(`delete from join_confirmations where id = $1`, [id]);
  }

  async pendingJoinRequestOf(db: Db, userId: string): Promise<boolean> {
    const rows: unknown[] = await db.query(`select 1 from join_requests where user_id = $1 and status = 'pending'`, [
      userId,
    ]);
    return rows.length > 0;
  }

  async findJoinRequest(db: Db, id: string, lock = false): Promise<JoinRequestRow | undefined> {
    const rows: JoinRequestRow[] = await db.query(`${JOIN_SELECT} where r.id = $1 ${lock ? 'for update of r' : ''}`, [
      id,
    ]);
    return rows[0];
  }

  joinRequests(db: Db, filter: QueueFilter): Promise<(JoinRequestRow & { cursor_at: string })[]> {
    return db.query(`${JOIN_SELECT.replace('select ', `select ${CURSOR}, `)} ${PAGE('r.user_id')}`, pageParams(filter));
  }

  async reviewJoinRequest(
    db: Db,
    id: string,
    review: { status: RequestStatus; reason: string | null; by: string | null; actorId: string | null },
  ): Promise<void> {
    await db.query(`update join_requests set ${REVIEW_SET}, actor_id = coalesce($5, actor_id) where id = $1`, [
      id,
      review.status,
      review.reason,
      review.by,
      review.actorId,
    ]);
  }

  /** The caller's own join requests in every territory (the own-rows policy, outside any territory). */
  myJoinRequests(db: Db, userId: string): Promise<MyJoinRequestRow[]> {
    return db.query(
      `select r.id, r.territory_id, t.name as territory_name, r.actor_id, r.new_actor ->> 'name' as new_actor_name,
              r.status, r.reason, r.created_at, r.reviewed_at
       from join_requests r join territories t on t.id = r.territory_id
       where r.user_id = $1 order by r.created_at desc limit 50`,
      [userId],
    );
  }

  /** The names of some of the territory's actors (those a requester named). */
  async actorNames(db: Db, ids: string[]): Promise<Map<string, string>> {
    const rows: { id: string; name: string }[] = await db.query(
      `select id, name from actors where id = any($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** Names and communes of the territory's actors (not archived) for the public join page. */
  publicActors(
    db: Db,
    q: string | null,
    after: { name: string; id: string } | null,
    limit: number,
  ): Promise<{ id: string; name: string; commune_code: string | null; cursor_name: string }[]> {
    return db.query(
      `select id, name, commune_code, name as cursor_name from actors
       where archived_at is null and ($1::text is null or search_text like '%' || $1 || '%')
         and ($2::text is null or (name, id) > ($2, $3::uuid))
       order by name, id limit $4`,
      [q, after?.name ?? null, after?.id ?? null, limit + 1],
    );
  }

  // Profile change requests

  async insertProfileChange(
    db: Db,
    input: { actorId: string; requestedBy: string | null; changes: Record<string, unknown>; baseVersion: number },
  ): Promise<string> {
    const rows: { id: string }[] = await db.query(
      `insert into profile_change_requests (actor_id, requested_by, changes, base_version)
       values ($1, $2, $3, $4) returning id`,
      [input.actorId, input.requestedBy, JSON.stringify(input.changes), input.baseVersion],
    );
    return (rows[0] as { id: string }).id;
  }

  async findProfileChange(db: Db, id: string, lock = false): Promise<ProfileChangeRow | undefined> {
    const rows: ProfileChangeRow[] = await db.query(
      `${CHANGE_SELECT} where r.id = $1 ${lock ? 'for update of r' : ''}`,
      [id],
    );
    return rows[0];
  }

  profileChanges(db: Db, filter: QueueFilter): Promise<(ProfileChangeRow & { cursor_at: string })[]> {
    return db.query(
      `${CHANGE_SELECT.replace('select ', `select ${CURSOR}, `)} ${PAGE('r.actor_id')}`,
      pageParams(filter),
    );
  }

  /** Records the public fields a member changed (applied at once), for the actor's timeline. */
  async insertProfileEdit(
    db: Db,
    input: { actorId: string; editedBy: string | null; changes: Record<string, { old: unknown; new: unknown }> },
  ): Promise<void> {
    await db.query(`insert into profile_edits (actor_id, edited_by, changes) values ($1, $2, $3)`, [
      input.actorId,
      input.editedBy,
      JSON.stringify(input.changes),
    ]);
  }

  async reviewProfileChange(
    db: Db,
    id: string,
    review: { status: RequestStatus; reason: string | null; by: string | null },
  ): Promise<void> {
    await db.query(`update profile_change_requests set ${REVIEW_SET} where id = $1`, [
      id,
      review.status,
      review.reason,
      review.by,
    ]);
  }
}
