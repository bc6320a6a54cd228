import { Injectable } from '@nestjs/common';
import { notFound, TenantContext, type Db } from '@maillage/platform';
import type { CommentSubjectType } from '@maillage/contract';
import { allianceViewerActor, readsAlliance } from '../activity/alliance-visibility.js';
import { CommentsRepository } from './comments.repository.js';

/** A thread's subject as the caller may read it, and who else may. */
export interface Thread {
  type: CommentSubjectType;
  id: string;
  title: string;
  status: string | null;
  /**
   * Who may read it besides the coordination: the members of these
   * organisations (an alliance's parties), or every member (a priority).
   */
  readers: { actorIds: string[]; allMembers: boolean };
}

/**
 * Who may read a thread: exactly those who may read its subject, with the
 * subject's own rules. An alliance: the coordination and the members of its
 * parties (`readsAlliance`, as `AlliancesService`); an action: the
 * coordination only (its routes are closed to members); a priority: everyone
 * in the territory. A subject the caller may not read answers 404, like a
 * missing one.
 */
@Injectable()
export class ThreadAccess {
  constructor(
    private readonly context: TenantContext,
    private readonly comments: CommentsRepository,
  ) {}

  async open(db: Db, type: CommentSubjectType, id: string): Promise<Thread> {
    const viewer = type === 'alliance' ? allianceViewerActor(this.context.territory) : undefined;
    const member = this.context.territory?.role === 'member';
    const subject = await this.comments.subject(db, type, id);
    if (!subject) throw notFound();
    if (type === 'alliance' && !readsAlliance(viewer, subject.party_ids)) throw notFound();
    if (type === 'action' && member) throw notFound();
    return {
      type,
      id,
      title: subject.title,
      status: subject.status,
      readers: { actorIds: type === 'alliance' ? subject.party_ids : [], allMembers: type === 'priority' },
    };
  }
}
