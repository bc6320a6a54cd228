import { Injectable } from '@nestjs/common';
import {
  AuditLog,
  DomainError,
  DomainEvents,
  notFound,
  TenantContext,
  Transactions,
  type Page,
} from '@maillage/platform';
import { MembershipsService } from '@maillage/territories';
import { OrganisationsRepository, type QueueFilter, type LinkRequestRow } from './organisations.repository.js';
import {
  assertPending,
  callerId,
  coordinates,
  queuePage,
  refusalReason,
  reviewView,
  type QueueQuery,
  type ReviewView,
} from './request-review.js';

export interface LinkRequestView extends ReviewView {
  user: { id: string; name: string; email: string };
  /** The organisation asked for (or, once accepted, the one linked). */
  actorId: string | null;
  actorName: string | null;
  /** The organisation described in words, when it is not in the directory. */
  description: string;
  message: string;
}

function linkRequestView(row: LinkRequestRow): LinkRequestView {
  return {
    ...reviewView(row),
    user: { id: row.user_id, name: row.user_name, email: row.user_email },
    actorId: row.actor_id,
    actorName: row.actor_name,
    description: row.description,
    message: row.message,
  };
}

/**
 * A member without an organisation asks the coordination to link them to one
 * (an actor of the directory, or one they describe); a coordinator links them
 * or refuses with a reason. Both moves are told (events) and audited.
 */
@Injectable()
export class LinkRequestsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly audit: AuditLog,
    private readonly events: DomainEvents,
    private readonly memberships: MembershipsService,
    private readonly requests: OrganisationsRepository,
  ) {}

  async create(input: { actorId?: string; message?: string }): Promise<LinkRequestView> {
    const access = this.context.territory;
    if (access?.role !== 'member') {
      throw new DomainError('forbidden', {
        code: 'forbidden',
        detail: 'Seul·e un·e membre demande à être rattaché·e à une organisation.',
      });
    }
    if (access.actorId) {
      throw new DomainError('conflict', {
        code: 'already_linked',
        detail: 'Votre compte est déjà rattaché à une organisation.',
      });
    }
    const message = input.message?.trim() ?? '';
    if (!input.actorId && !message) {
      throw new DomainError('invalid', {
        code: 'invalid_request',
        detail: 'Choisissez votre organisation dans l’annuaire, ou décrivez-la.',
        errors: [{ field: 'message', message: 'organisation ou description attendue' }],
      });
    }
    const userId = callerId(this.context);
    return this.transactions.tenant(async (db) => {
      if (input.actorId) await this.memberships.assertActiveActor(db, input.actorId);
      if (await this.requests.pendingLinkRequestOf(db, userId)) {
        throw new DomainError('conflict', {
          code: 'request_pending',
          detail: 'Une demande de rattachement attend déjà la coordination.',
        });
      }
      const id = await this.requests.insertLinkRequest(db, {
        userId,
        actorId: input.actorId ?? null,
        description: input.actorId ? '' : message,
        message,
      });
      const row = (await this.requests.findLinkRequest(db, id)) as LinkRequestRow;
      await this.audit.record(db, {
        entity: 'link_request',
        entityId: id,
        action: 'create',
        after: { actorId: row.actor_id, message },
      });
      await this.events.emit(db, {
        kind: 'link_request.created',
        subject: { type: 'link_request', id },
        data: { userId, actorId: row.actor_id, actorName: row.actor_name, description: row.description },
      });
      return linkRequestView(row);
    });
  }

  /** Coordination sees every request; a member their own. */
  list(query: QueueQuery): Promise<Page<LinkRequestView>> {
    const owner = coordinates(this.context) ? null : callerId(this.context);
    return this.transactions.tenant((db) =>
      queuePage(query, owner, (filter: QueueFilter) => this.requests.linkRequests(db, filter), linkRequestView),
    );
  }

  /** Links the member to the organisation asked for, or to `actorId` when the coordinator picks it. */
  accept(id: string, actorId?: string): Promise<LinkRequestView> {
    return this.transactions.tenant(async (db) => {
      const row = await this.requests.findLinkRequest(db, id, true);
      if (!row) throw notFound();
      assertPending(row);
      const target = actorId ?? row.actor_id;
      if (!target) {
        throw new DomainError('invalid', {
          code: 'invalid_request',
          detail: 'Choisissez l’organisation à laquelle rattacher ce membre.',
          errors: [{ field: 'actorId', message: 'organisation attendue' }],
        });
      }
      await this.memberships.linkIn(db, row.user_id, target);
      await this.requests.reviewLinkRequest(db, id, {
        status: 'accepted',
        reason: null,
        by: callerId(this.context),
        actorId: target,
      });
      return this.reviewed(db, id, row);
    });
  }

  refuse(id: string, reason: string): Promise<LinkRequestView> {
    const why = refusalReason(reason);
    return this.transactions.tenant(async (db) => {
      const row = await this.requests.findLinkRequest(db, id, true);
      if (!row) throw notFound();
      assertPending(row);
      await this.requests.reviewLinkRequest(db, id, {
        status: 'refused',
        reason: why,
        by: callerId(this.context),
        actorId: null,
      });
      return this.reviewed(db, id, row);
    });
  }

  private async reviewed(
    db: Parameters<OrganisationsRepository['findLinkRequest']>[0],
    id: string,
    before: LinkRequestRow,
  ) {
    const row = (await this.requests.findLinkRequest(db, id)) as LinkRequestRow;
    await this.audit.record(db, {
      entity: 'link_request',
      entityId: id,
      action: row.status === 'accepted' ? 'accept' : 'refuse',
      before: { status: before.status },
      after: { status: row.status, actorId: row.actor_id, reason: row.reason },
    });
    await this.events.emit(db, {
      kind: 'link_request.reviewed',
      subject: { type: 'link_request', id },
      data: {
        userId: row.user_id,
        accepted: row.status === 'accepted',
        actorId: row.actor_id,
        actorName: row.actor_name,
        reason: row.reason,
      },
    });
    return linkRequestView(row);
  }
}
