import { Injectable } from '@nestjs/common';
import {
  AuditLog,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  DomainError,
  DomainEvents,
  notFound,
  TenantContext,
  toPage,
  Transactions,
  type Db,
  type DomainErrorKind,
  type Page,
} from '@maillage/platform';
import {
  COMMENT_EDIT_WINDOW_MINUTES,
  COMMENT_MAX_LENGTH,
  COMMENT_MAX_MENTIONS,
  mentionedIds,
  messageParts,
  type CommentSubjectType,
} from '@maillage/contract';
import type { DiscussionErrorCode } from './discussion-errors.js';
import { CommentsRepository, type CommentRow, type MentionableRow } from './comments.repository.js';
import { ThreadAccess, type Thread } from './thread-access.js';

export interface CommentView {
  id: string;
  /** The author (id null once their account is gone), with the organisation a member acted for. */
  author: { id: string | null; name: string; organisation: string | null };
  /** Plain text; mentions are written `@[Name](userId)`. Empty once deleted. */
  body: string;
  mentions: { userId: string; name: string }[];
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  deletedBy: { id: string | null; name: string } | null;
  /** The caller wrote it and may still edit it (within the edit window). */
  canEdit: boolean;
  /** The caller may delete it (its author, or the coordination). */
  canDelete: boolean;
}

export interface MentionableView {
  userId: string;
  name: string;
  role: 'coordinator' | 'member';
  organisation: string | null;
}

const EDIT_WINDOW_MS = COMMENT_EDIT_WINDOW_MINUTES * 60_000;
const EXCERPT_LENGTH = 200;
const GONE = 'Compte supprimé';

function problem(kind: DomainErrorKind, code: DiscussionErrorCode, detail: string, field?: string): DomainError {
  return new DomainError(kind, { code, detail, ...(field ? { errors: [{ field, message: detail }] } : {}) });
}

/** Letters without accents, lower case: how names are searched. */
const folded = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/** The message as plain text, each mention shown « @Name », cut to an excerpt. */
function excerpt(body: string, names: Map<string, string>): string {
  const text = messageParts(body)
    .map((part) => (part.kind === 'text' ? part.text : `@${names.get(part.userId) ?? part.name}`))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text;
}

/**
 * Threads of messages on alliances, actions and priorities, read by exactly
 * those who may read the subject (`ThreadAccess`). A message may mention
 * people who may read it; it is edited by its author for a short while, and
 * deleted by its author or the coordination, leaving a trace in the thread.
 */
@Injectable()
export class CommentsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly audit: AuditLog,
    private readonly comments: CommentsRepository,
    private readonly access: ThreadAccess,
    private readonly events: DomainEvents,
  ) {}

  private caller(): string | null {
    return this.context.caller?.userId ?? null;
  }

  private coordinates(): boolean {
    const role = this.context.territory?.role;
    return role === 'coordinator' || role === 'platform_admin';
  }

  private view(row: CommentRow, now = Date.now()): CommentView {
    const mine = row.author_id !== null && row.author_id === this.caller();
    const live = row.deleted_at === null;
    return {
      id: row.id,
      author: { id: row.author_id, name: row.author_name ?? GONE, organisation: row.organisation_name },
      body: row.body,
      mentions: row.mentions,
      createdAt: row.created_at.toISOString(),
      editedAt: row.edited_at?.toISOString() ?? null,
      deletedAt: row.deleted_at?.toISOString() ?? null,
      deletedBy: row.deleted_at ? { id: row.deleted_by, name: row.deleted_by_name ?? GONE } : null,
      canEdit: live && mine && now - row.created_at.getTime() <= EDIT_WINDOW_MS,
      canDelete: live && (mine || this.coordinates()),
    };
  }

  /** The message's text, trimmed and bounded, and the people it mentions, each allowed to read the thread. */
  private async checked(db: Db, thread: Thread, raw: string): Promise<{ body: string; mentions: MentionableRow[] }> {
    const body = raw.trim();
    if (body.length === 0) throw problem('invalid', 'invalid_comment', 'Le message est vide.', 'body');
    if (body.length > COMMENT_MAX_LENGTH) {
      throw problem(
        'invalid',
        'invalid_comment',
        `Le message dépasse ${COMMENT_MAX_LENGTH} caractères (${body.length}).`,
        'body',
      );
    }
    const ids = mentionedIds(body);
    if (ids.length > COMMENT_MAX_MENTIONS) {
      throw problem('invalid', 'invalid_mention', `Un message cite au plus ${COMMENT_MAX_MENTIONS} personnes.`, 'body');
    }
    const mentions = ids.length ? await this.comments.mentionable(db, thread.readers, ids) : [];
    if (mentions.length !== ids.length) {
      throw problem(
        'invalid',
        'invalid_mention',
        'Vous ne pouvez citer que des personnes qui ont accès à cette discussion.',
        'body',
      );
    }
    const order = new Map(ids.map((id, index) => [id, index]));
    return { body, mentions: mentions.sort((a, b) => (order.get(a.user_id) ?? 0) - (order.get(b.user_id) ?? 0)) };
  }

  async list(
    type: CommentSubjectType,
    subjectId: string,
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<Page<CommentView>> {
    const after = decodeCursor(cursor, { at: 'timestamp', id: 'uuid' });
    const rows = await this.transactions.tenant(async (db) => {
      await this.access.open(db, type, subjectId);
      return this.comments.list(db, type, subjectId, after, limit);
    });
    const now = Date.now();
    return toPage(
      rows,
      limit,
      (row) => this.view(row, now),
      (row) => ({ at: row.cursor_at, id: row.id }),
    );
  }

  /** Who may be mentioned in the thread (who may read it), whose name contains `q` (accents and case ignored). */
  mentionable(type: CommentSubjectType, subjectId: string, q?: string, limit = 20): Promise<MentionableView[]> {
    return this.transactions.tenant(async (db) => {
      const thread = await this.access.open(db, type, subjectId);
      const wanted = folded(q?.trim() ?? '');
      return (await this.comments.mentionable(db, thread.readers, null))
        .filter((row) => folded(row.name).includes(wanted))
        .slice(0, limit)
        .map((row) => ({
          userId: row.user_id,
          name: row.name,
          role: row.role,
          organisation: row.organisation_name,
        }));
    });
  }

  async post(type: CommentSubjectType, subjectId: string, raw: string): Promise<CommentView> {
    return this.transactions.tenant(async (db) => {
      const thread = await this.access.open(db, type, subjectId);
      const { body, mentions } = await this.checked(db, thread, raw);
      const access = this.context.territory;
      const id = await this.comments.insert(db, {
        subjectType: type,
        subjectId,
        authorId: this.caller(),
        authorActorId: access?.role === 'member' ? (access.actorId ?? null) : null,
        body,
        mentionIds: mentions.map((mention) => mention.user_id),
      });
      await this.events.emit(db, {
        kind: 'comment.posted',
        subject: { type: 'comment', id },
        data: {
          subjectType: type,
          subjectId,
          title: thread.title,
          excerpt: excerpt(body, new Map(mentions.map((mention) => [mention.user_id, mention.name]))),
          mentions: mentions.map((mention) => mention.user_id),
          readers: thread.readers.actorIds,
        },
      });
      return this.view(await this.found(db, type, subjectId, id));
    });
  }

  private async found(db: Db, type: CommentSubjectType, subjectId: string, id: string): Promise<CommentRow> {
    const row = await this.comments.find(db, type, subjectId, id);
    if (!row) throw notFound();
    return row;
  }

  /** The author edits their message, within the edit window; new mentions are checked but not notified. */
  async edit(type: CommentSubjectType, subjectId: string, id: string, raw: string): Promise<CommentView> {
    return this.transactions.tenant(async (db) => {
      const thread = await this.access.open(db, type, subjectId);
      const row = await this.found(db, type, subjectId, id);
      if (row.deleted_at || row.author_id === null || row.author_id !== this.caller()) {
        throw problem('forbidden', 'comment_not_editable', 'Seul l’auteur d’un message peut le modifier.');
      }
      if (Date.now() - row.created_at.getTime() > EDIT_WINDOW_MS) {
        throw problem(
          'conflict',
          'comment_not_editable',
          `Un message ne peut plus être modifié ${COMMENT_EDIT_WINDOW_MINUTES} minutes après sa publication.`,
        );
      }
      const { body, mentions } = await this.checked(db, thread, raw);
      await this.comments.edit(
        db,
        id,
        body,
        mentions.map((mention) => mention.user_id),
      );
      return this.view(await this.found(db, type, subjectId, id));
    });
  }

  /** Its author or the coordination deletes a message: it stays in the thread, body erased, with who and when. */
  async remove(type: CommentSubjectType, subjectId: string, id: string): Promise<CommentView> {
    return this.transactions.tenant(async (db) => {
      const thread = await this.access.open(db, type, subjectId);
      const row = await this.found(db, type, subjectId, id);
      if (row.deleted_at) throw problem('conflict', 'comment_not_deletable', 'Ce message est déjà supprimé.');
      const mine = row.author_id !== null && row.author_id === this.caller();
      if (!mine && !this.coordinates()) {
        throw problem(
          'forbidden',
          'comment_not_deletable',
          'Seuls l’auteur d’un message et la coordination peuvent le supprimer.',
        );
      }
      await this.comments.erase(db, id, this.caller());
      await this.audit.record(db, {
        entity: 'comment',
        entityId: id,
        action: 'delete',
        before: { subjectType: type, subjectId, authorId: row.author_id, createdAt: row.created_at.toISOString() },
      });
      await this.events.emit(db, {
        kind: 'comment.deleted',
        subject: { type: 'comment', id },
        data: { subjectType: type, subjectId, title: thread.title },
      });
      return this.view(await this.found(db, type, subjectId, id));
    });
  }
}
