import { Injectable } from '@nestjs/common';
import {
  PUBLIC_PROFILE_FIELDS,
  REVIEWED_PROFILE_FIELDS as REVIEWED_FIELDS,
  type PublicProfileField,
  type ReviewedProfileField,
} from '@maillage/contract';
import {
  AuditLog,
  DomainError,
  DomainEvents,
  notFound,
  staleVersion,
  TenantContext,
  Transactions,
  type Db,
  type Page,
} from '@maillage/platform';
import type { ActorInput, ActorView } from '../directory/actor.model.js';
import { ActorRules } from '../directory/actor-rules.js';
import { ActorsService } from '../directory/actors.service.js';
import { OrganisationsRepository, type QueueFilter, type ProfileChangeRow } from './organisations.repository.js';
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

type PublicField = PublicProfileField;
type ReviewedField = ReviewedProfileField;
export type ProfilePatch = Partial<Pick<ActorInput, PublicField | ReviewedField>>;

export interface ProfileChangeView extends ReviewView {
  actorId: string;
  actorName: string;
  requestedBy: { id: string; name: string } | null;
  /** Each field asked for: its value when asked, and the value asked for. */
  changes: Record<string, { old: unknown; new: unknown }>;
}

export interface MyOrganisationView {
  actor: ActorView;
  /** Changes awaiting a coordinator. */
  pendingChanges: ProfileChangeView[];
}

function changeView(row: ProfileChangeRow): ProfileChangeView {
  return {
    ...reviewView(row),
    actorId: row.actor_id,
    actorName: row.actor_name,
    requestedBy: row.requested_by ? { id: row.requested_by, name: row.requested_by_name ?? '' } : null,
    changes: row.changes,
  };
}

/** A field's value as the actor's view holds it (the point is two fields in the input, one in the view). */
function currentValue(actor: ActorView, field: ReviewedField | PublicField): unknown {
  if (field === 'latitude' || field === 'longitude') return actor.location?.[field] ?? null;
  return actor[field];
}

/** Each field of `fields` whose value differs between two views of the actor: its value before and after. */
export function fieldChanges(
  before: ActorView,
  after: ActorView,
  fields: readonly (ReviewedField | PublicField)[],
): Record<string, { old: unknown; new: unknown }> {
  return Object.fromEntries(
    fields
      .filter((field) => JSON.stringify(currentValue(before, field)) !== JSON.stringify(currentValue(after, field)))
      .map((field) => [field, { old: currentValue(before, field), new: currentValue(after, field) }]),
  );
}

/**
 * Members edit their own organisation's profile: public fields apply at once;
 * identity fields, and those the observatory counts, become a change request
 * a coordinator accepts (applied through ActorsService, with its checks and
 * the actor's version) or refuses with a reason.
 */
@Injectable()
export class ProfileService {
  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly audit: AuditLog,
    private readonly events: DomainEvents,
    private readonly actors: ActorsService,
    private readonly rules: ActorRules,
    private readonly requests: OrganisationsRepository,
  ) {}

  private ownActor(): string {
    const access = this.context.territory;
    if (access?.role !== 'member' || !access.actorId) {
      throw new DomainError('forbidden', {
        code: 'no_actor_link',
        detail: 'Votre compte n’est rattaché à aucune organisation du territoire : demandez-le à la coordination.',
      });
    }
    return access.actorId;
  }

  private async pending(db: Db, actorId: string): Promise<ProfileChangeView[]> {
    const rows = await this.requests.profileChanges(db, {
      status: 'pending',
      ownerId: actorId,
      limit: 50,
      after: null,
    });
    return rows.map(changeView);
  }

  async mine(): Promise<MyOrganisationView> {
    const actorId = this.ownActor();
    return this.transactions.tenant(async (db) => {
      const row = await this.actors.findIn(db, actorId);
      if (!row) throw notFound();
      return { actor: this.actors.view(row), pendingChanges: await this.pending(db, actorId) };
    });
  }

  /** Applies the public fields and records the reviewed ones as a change request, in one transaction. */
  async update(version: number, patch: ProfilePatch): Promise<MyOrganisationView> {
    const actorId = this.ownActor();
    const result = await this.transactions.tenant(async (db) => {
      const row = await this.actors.findIn(db, actorId, true);
      if (!row) throw notFound();
      if (row.version !== version) throw staleVersion(row.version);
      const before = this.actors.view(row);
      // The whole profile as asked must be valid, or nothing changes.
      const asked = this.rules.normalise(this.actors.merged(before, patch));
      this.rules.check(this.actors.merged(before, patch));
      const publicPatch = Object.fromEntries(
        PUBLIC_PROFILE_FIELDS.filter((field) => patch[field] !== undefined).map((field) => [field, patch[field]]),
      ) as Partial<ActorInput>;
      const changes = Object.fromEntries(
        REVIEWED_FIELDS.filter(
          (field) =>
            patch[field] !== undefined && JSON.stringify(asked[field]) !== JSON.stringify(currentValue(before, field)),
        ).map((field) => [field, { old: currentValue(before, field), new: asked[field] }]),
      );
      if (Object.keys(publicPatch).length === 0 && Object.keys(changes).length === 0) {
        throw new DomainError('invalid', {
          code: 'nothing_to_change',
          detail: 'Aucune modification à enregistrer.',
        });
      }
      let actor = before;
      if (Object.keys(publicPatch).length > 0) {
        actor = await this.actors.updateIn(db, actorId, version, publicPatch);
        const applied = fieldChanges(before, actor, PUBLIC_PROFILE_FIELDS);
        if (Object.keys(applied).length > 0) {
          await this.requests.insertProfileEdit(db, { actorId, editedBy: callerId(this.context), changes: applied });
        }
      }
      if (Object.keys(changes).length > 0) {
        const id = await this.requests.insertProfileChange(db, {
          actorId,
          requestedBy: callerId(this.context),
          changes,
          baseVersion: actor.version,
        });
        await this.audit.record(db, {
          entity: 'profile_change',
          entityId: id,
          action: 'request',
          after: { actorId, changes },
        });
        await this.events.emit(db, {
          kind: 'profile.change_requested',
          subject: { type: 'profile_change', id },
          data: { actorId, actorName: actor.name, fields: Object.keys(changes) },
        });
      }
      return { actor, pendingChanges: await this.pending(db, actorId) };
    });
    await this.actors.placeAgainIfMoved(actorId, patch);
    return result;
  }

  /** Coordination sees every organisation's requests; a member its own organisation's. */
  list(query: QueueQuery): Promise<Page<ProfileChangeView>> {
    const owner = coordinates(this.context) ? null : this.ownActor();
    return this.transactions.tenant((db) =>
      queuePage(query, owner, (filter: QueueFilter) => this.requests.profileChanges(db, filter), changeView),
    );
  }

  /**
   * Applies the change through ActorsService (its rules, the actor's current
   * version), unless a field asked for changed since the request: then the
   * request is stale (409) and the coordinator refuses it or the member asks again.
   */
  async accept(id: string): Promise<ProfileChangeView> {
    let applied: { actorId: string; patch: Partial<ActorInput> } | undefined;
    const view = await this.transactions.tenant(async (db) => {
      const row = await this.requests.findProfileChange(db, id, true);
      if (!row) throw notFound();
      assertPending(row);
      const current = await this.actors.findIn(db, row.actor_id, true);
      if (!current) throw notFound();
      const actor = this.actors.view(current);
      const fields = Object.keys(row.changes) as ReviewedField[];
      const moved = fields.filter(
        (field) =>
          JSON.stringify(currentValue(actor, field) ?? null) !== JSON.stringify(row.changes[field]?.old ?? null),
      );
      if (moved.length > 0) {
        throw new DomainError('conflict', {
          code: 'stale_change',
          detail: 'La fiche a changé depuis cette demande : refusez-la, l’organisation pourra la refaire.',
          extensions: { fields: moved },
        });
      }
      const patch = Object.fromEntries(fields.map((field) => [field, row.changes[field]?.new])) as Partial<ActorInput>;
      await this.actors.updateIn(db, row.actor_id, actor.version, patch);
      await this.requests.reviewProfileChange(db, id, { status: 'accepted', reason: null, by: callerId(this.context) });
      applied = { actorId: row.actor_id, patch };
      return this.reviewed(db, row);
    });
    if (applied) await this.actors.placeAgainIfMoved(applied.actorId, applied.patch);
    return view;
  }

  refuse(id: string, reason: string): Promise<ProfileChangeView> {
    const why = refusalReason(reason);
    return this.transactions.tenant(async (db) => {
      const row = await this.requests.findProfileChange(db, id, true);
      if (!row) throw notFound();
      assertPending(row);
      await this.requests.reviewProfileChange(db, id, { status: 'refused', reason: why, by: callerId(this.context) });
      return this.reviewed(db, row);
    });
  }

  private async reviewed(db: Db, before: ProfileChangeRow): Promise<ProfileChangeView> {
    const row = (await this.requests.findProfileChange(db, before.id)) as ProfileChangeRow;
    await this.audit.record(db, {
      entity: 'profile_change',
      entityId: row.id,
      action: row.status === 'accepted' ? 'accept' : 'refuse',
      before: { status: before.status },
      after: { status: row.status, reason: row.reason },
    });
    await this.events.emit(db, {
      kind: 'profile.change_reviewed',
      subject: { type: 'profile_change', id: row.id },
      data: {
        actorId: row.actor_id,
        actorName: row.actor_name,
        fields: Object.keys(row.changes),
        accepted: row.status === 'accepted',
        reason: row.reason,
      },
    });
    return changeView(row);
  }
}
