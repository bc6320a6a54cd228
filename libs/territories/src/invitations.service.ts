import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  AuditLog,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  notFound,
  DomainError,
  DomainEvents,
  TenantContext,
  toPage,
  Transactions,
  type AppConfig,
  type Page,
  type TerritoryRole,
  type Db,
  publicBaseUrl,
} from '@maillage/platform';
import {
  hashToken,
  MailService,
  normaliseEmail,
  randomToken,
  TokensService,
  UsersService,
  userView,
  type TokenPair,
  type UserView,
} from '@maillage/identity';
import { invitationMail } from './invitation-mail.js';
import { InvitationsRepository, type InvitationRow } from './invitations.repository.js';
import { MembershipsRepository } from './memberships.repository.js';
import { MembershipsService } from './memberships.service.js';
import { TerritoriesRepository } from './territories.repository.js';

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export interface InvitationView {
  id: string;
  email: string;
  role: TerritoryRole;
  /** The organisation the invited member will act for. */
  actorId: string | null;
  status: InvitationStatus;
  expiresAt: string;
  createdAt: string;
  acceptedAt: string | null;
}

export interface IssuedInvitation extends InvitationView {
  /** Shown once: only its hash is stored. */
  token: string;
  acceptUrl: string;
  /** Whether the link went out by e-mail; if not, whoever invited must pass it on. */
  mailSent: boolean;
}

export interface AcceptedInvitation extends TokenPair {
  user: UserView;
  territoryId: string;
  role: TerritoryRole;
}

/** What an invitation's link shows before it is accepted. */
export interface InvitationPreview {
  territory: { id: string; name: string; kind: string };
  email: string;
  role: TerritoryRole;
  /** The organisation the member will act for, if the invitation names one. */
  organisation: string | null;
  invitedBy: string | null;
  expiresAt: string;
  status: InvitationStatus;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function status(row: InvitationRow): InvitationStatus {
  if (row.accepted_at) return 'accepted';
  if (row.revoked_at) return 'revoked';
  return row.expires_at.getTime() <= Date.now() ? 'expired' : 'pending';
}

function invitationView(row: InvitationRow): InvitationView {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    actorId: row.actor_id,
    status: status(row),
    expiresAt: row.expires_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    acceptedAt: row.accepted_at?.toISOString() ?? null,
  };
}

function invalidInvitation(): DomainError {
  return new DomainError('not_found', {
    code: 'invalid_invitation',
    detail: 'Cette invitation n’existe pas, a expiré ou a déjà été utilisée.',
  });
}

/**
 * Invitations to join a territory. The token names its territory
 * (`<territoryId>.<secret>`), so accepting one needs no cross-territory
 * look-up: the secret's hash is searched inside that territory only.
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly memberships: MembershipsService,
    private readonly users: UsersService,
    private readonly tokens: TokensService,
    private readonly mail: MailService,
    private readonly audit: AuditLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly invitations: InvitationsRepository,
    private readonly membershipRows: MembershipsRepository,
    private readonly territories: TerritoriesRepository,
    private readonly events: DomainEvents,
  ) {}

  /** Invites `email` as `role`; a member may be invited to act for an organisation (`actorId`). */
  async invite(email: string, role: TerritoryRole, actorId?: string | null): Promise<IssuedInvitation> {
    if (actorId && role !== 'member') {
      throw new DomainError('invalid', {
        code: 'validation_failed',
        detail: 'Seul·e un·e membre agit pour une organisation.',
        errors: [{ field: 'actorId', message: 'réservé au rôle membre' }],
      });
    }
    const territoryId = this.context.territoryId;
    const address = normaliseEmail(email);
    const secret = randomToken();
    const token = `${territoryId}.${secret}`;
    const { row, territoryName, names } = await this.transactions.tenant(async (db) => {
      if (await this.membershipRows.hasMemberWithEmail(db, address)) {
        throw new DomainError('conflict', {
          code: 'already_member',
          detail: 'Cette personne est déjà membre du territoire.',
        });
      }
      if (actorId) await this.memberships.assertActiveActor(db, actorId);
      // A new invitation replaces a pending one for the same address.
      await this.invitations.revokePending(db, address);
      const created = await this.invitations.insert(db, {
        territoryId,
        email: address,
        role,
        tokenHash: hashToken(secret),
        invitedBy: this.context.caller?.userId,
        ttlDays: this.config.auth.invitationTtlDays,
        actorId: actorId ?? null,
      });
      await this.audit.record(db, {
        entity: 'invitation',
        entityId: created.id,
        action: 'create',
        after: { email: address, role, actorId: actorId ?? null },
      });
      await this.events.emit(db, {
        kind: 'invitation.created',
        subject: { type: 'invitation', id: created.id },
        data: { email: address, role },
      });
      return {
        row: created,
        territoryName: (await this.territories.name(db, territoryId)) ?? '',
        names: await this.invitations.mailNames(db, created.id),
      };
    });
    const base = publicBaseUrl(this.config);
    const acceptUrl = `${base}/invitations/${encodeURIComponent(token)}`;
    const mailSent = await this.mail.send(
      {
        to: address,
        ...invitationMail({
          territoryName,
          role,
          invitedBy: names.invited_by_name,
          organisation: names.actor_name,
          acceptUrl,
          ttlDays: this.config.auth.invitationTtlDays,
        }),
      },
      'invitation mail',
    );
    return { ...invitationView(row), token, acceptUrl, mailSent };
  }

  async list(limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<InvitationView>> {
    const after = decodeCursor(cursor, { createdAt: 'timestamp', id: 'uuid' });
    const rows = await this.transactions.tenant((db) =>
      this.invitations.page(db, after?.createdAt ?? null, after?.id ?? null, limit + 1),
    );
    return toPage(rows, limit, invitationView, (row) => ({ createdAt: row.cursor_at, id: row.id }));
  }

  async revoke(id: string): Promise<void> {
    await this.transactions.tenant(async (db) => {
      const revoked = await this.invitations.revoke(db, id);
      if (!revoked) throw notFound();
      await this.audit.record(db, {
        entity: 'invitation',
        entityId: id,
        action: 'revoke',
        before: { status: 'pending' },
        after: { status: 'revoked' },
      });
      await this.events.emit(db, {
        kind: 'invitation.revoked',
        subject: { type: 'invitation', id },
        data: {},
      });
    });
  }

  /**
   * What an invitation's link invites to, shown before it is accepted: the territory, the role,
   * the organisation, who invited and until when. A link that was used, revoked or has expired
   * says so (its holder received it); an unknown one is the same 404 as ever.
   */
  async preview(token: string): Promise<InvitationPreview> {
    const { territoryId, secret } = this.parseToken(token);
    const row = await this.transactions.withTerritory(territoryId, 'invitation.accept', (db) =>
      this.invitations.previewByTokenHash(db, hashToken(secret)),
    );
    if (!row) throw invalidInvitation();
    return {
      territory: { id: territoryId, name: row.territory_name, kind: row.territory_kind },
      email: row.email,
      role: row.role,
      organisation: row.actor_name,
      invitedBy: row.invited_by_name,
      expiresAt: row.expires_at.toISOString(),
      status: status(row),
    };
  }

  /** The pending invitation a token names, locked; anything else is the same 404. */
  private async pendingInvitation(db: Db, secret: string): Promise<InvitationRow & { invited_by: string }> {
    const invitation = await this.invitations.lockByTokenHash(db, hashToken(secret));
    if (!invitation || status(invitation) !== 'pending') throw invalidInvitation();
    return invitation;
  }

  private parseToken(token: string): { territoryId: string; secret: string } {
    const [territoryId, secret] = token.split('.', 2);
    if (!territoryId || !secret || !UUID.test(territoryId)) throw invalidInvitation();
    return { territoryId, secret };
  }

  /**
   * Accepts an invitation with a new account (name and password), adds the
   * membership and signs the person in. An address that already has an
   * account must sign in and accept from it (acceptAsUser): this route never
   * checks an existing account's password, so it cannot be used to guess one.
   */
  async accept(token: string, input: { name: string; password: string }): Promise<AcceptedInvitation> {
    const { territoryId, secret } = this.parseToken(token);
    const accepted = await this.transactions.withTerritory(territoryId, 'invitation.accept', async (db) => {
      const invitation = await this.pendingInvitation(db, secret);
      if (await this.users.findByEmailIn(db, invitation.email)) {
        throw new DomainError('conflict', {
          code: 'account_exists',
          detail:
            'Un compte existe déjà pour cette adresse : connectez-vous, puis acceptez l’invitation depuis votre compte.',
        });
      }
      const user = await this.users.createIn(db, {
        email: invitation.email,
        name: input.name,
        password: input.password,
        globalRole: null,
      });
      this.context.setCaller({ userId: user.id, email: user.email, globalRole: user.globalRole });
      await this.complete(db, invitation, user.id, invitation.role);
      return { user, role: invitation.role };
    });
    const pair = await this.tokens.issue(accepted.user.id);
    return { ...pair, user: userView(accepted.user), territoryId, role: accepted.role };
  }

  /** A signed-in account accepts an invitation sent to its own address. */
  async acceptAsUser(token: string): Promise<{ territoryId: string; role: TerritoryRole }> {
    const { territoryId, secret } = this.parseToken(token);
    const caller = this.context.caller;
    if (!caller) throw invalidInvitation();
    return this.transactions.withTerritory(territoryId, 'invitation.accept', async (db) => {
      const invitation = await this.pendingInvitation(db, secret);
      // Someone else's invitation is as unknown as a missing one.
      if (invitation.email !== caller.email) throw invalidInvitation();
      const current = await this.membershipRows.roleOf(db, caller.userId);
      // Accepting never demotes: a coordinator invited as a member stays coordinator.
      const role = current === 'coordinator' ? 'coordinator' : invitation.role;
      await this.complete(db, invitation, caller.userId, role);
      return { territoryId, role };
    });
  }

  private async complete(
    db: Db,
    invitation: InvitationRow & { invited_by: string },
    userId: string,
    role: TerritoryRole,
  ): Promise<void> {
    await this.invitations.markAccepted(db, invitation.id, userId);
    await this.memberships.upsertIn(db, userId, role, invitation.invited_by);
    // A member invited for an organisation acts for it at once (if it was archived since, the coordination links later).
    if (
      role === 'member' &&
      invitation.actor_id &&
      (await this.membershipRows.activeActorExists(db, invitation.actor_id))
    ) {
      await this.memberships.linkIn(db, userId, invitation.actor_id);
    }
    await this.audit.record(db, {
      entity: 'invitation',
      entityId: invitation.id,
      action: 'accept',
      before: { status: 'pending' },
      after: { status: 'accepted' },
    });
    await this.events.emit(db, {
      kind: 'invitation.accepted',
      subject: { type: 'invitation', id: invitation.id },
      data: { email: invitation.email, role, userId },
    });
  }
}
