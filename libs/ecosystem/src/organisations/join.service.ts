import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  APP_CONFIG,
  AuditLog,
  decodeCursor,
  DomainError,
  DomainEvents,
  JobQueue,
  notFound,
  TenantContext,
  toPage,
  Transactions,
  type AppConfig,
  type Db,
  type Page,
  publicBaseUrl,
} from '@maillage/platform';
import {
  assertStrongPassword,
  hashPassword,
  verifyPassword,
  hashToken,
  MailService,
  RateLimitsRepository,
  normaliseEmail,
  randomToken,
  TokensService,
  UsersService,
  userView,
  type TokenPair,
  type UserView,
} from '@maillage/identity';
import { GeographyService, MembershipsService } from '@maillage/territories';
import { normaliseText } from '@maillage/contract';
import type { ActorInput } from '../directory/actor.model.js';
import { ActorRules } from '../directory/actor-rules.js';
import { ActorsService } from '../directory/actors.service.js';
import { JOIN_CONFIRMATION_HOURS, joinConfirmationMailJobId } from './join-mail.job.js';
import {
  OrganisationsRepository,
  type QueueFilter,
  type JoinRequestRow,
  type RequestStatus,
} from './organisations.repository.js';
import {
  assertPending,
  callerId,
  queuePage,
  refusalReason,
  reviewView,
  type QueueQuery,
  type ReviewView,
} from './request-review.js';

export interface JoinLinkView {
  open: boolean;
  openedAt: string | null;
  closedAt: string | null;
}

export interface OpenedJoinLink extends JoinLinkView {
  /** Shown once: only its hash is stored. */
  token: string;
  url: string;
}

export interface JoinRequestView extends ReviewView {
  user: { id: string; name: string; email: string };
  /** The existing organisation asked for (or, once accepted, the one created). */
  actorId: string | null;
  actorName: string | null;
  /** The organisation the requester described, to be created on acceptance. */
  newActor: Record<string, unknown> | null;
  message: string;
}

export interface MyJoinRequestView {
  id: string;
  territory: { id: string; name: string };
  /** The organisation asked for: one of the directory (or created on acceptance), or the one described. */
  actorName: string | null;
  status: RequestStatus;
  reason: string | null;
  createdAt: string;
  reviewedAt: string | null;
}

export interface JoinInput {
  actorId?: string;
  newActor?: ActorInput;
  message?: string;
}

export interface JoinedAsNewAccount extends TokenPair {
  outcome: 'joined';
  user: UserView;
  territoryId: string;
  request: { id: string; status: RequestStatus };
}

/**
 * A join request from a new address waits for the address to be confirmed: a mail is on its way
 * (queued, sent by a job that retries): a link, or, when the address has an account, a word that
 * it does — the same answer either way.
 */
export interface JoinConfirmationSent {
  outcome: 'confirmation_sent';
  email: string;
  /** How long the mailed link stays valid. */
  validHours: number;
}

/** Wrong passwords a confirmation link takes before it is spent. */
export const JOIN_CONFIRMATION_ATTEMPTS = 5;
/** Requests one address may be mailed about in an hour, whoever asks. */
export const JOIN_MAILS_PER_ADDRESS_HOUR = 3;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function invalidLink(): DomainError {
  return new DomainError('not_found', {
    code: 'invalid_join_link',
    detail: 'Ce lien d’adhésion n’existe pas ou a été fermé.',
  });
}

function confirmationGone(): DomainError {
  return new DomainError('gone', {
    code: 'invalid_join_confirmation',
    detail:
      'Ce lien de confirmation n’est plus valable (déjà utilisé, plus de 24 heures, ou trop de mots de passe erronés) : refaites votre demande depuis le lien d’adhésion.',
  });
}

/** A name of spaces is no name (refused before anything is counted, stored or looked up). */
function assertNamed(name: string): void {
  if (!name.trim()) {
    throw new DomainError('invalid', {
      code: 'invalid_request',
      detail: 'Indiquez votre nom.',
      errors: [{ field: 'name', message: 'Indiquez votre nom.' }],
    });
  }
}

function accountExists(): DomainError {
  return new DomainError('conflict', {
    code: 'account_exists',
    detail: 'Un compte existe déjà pour cette adresse : connectez-vous, puis faites votre demande depuis votre compte.',
  });
}

function joinRequestView(row: JoinRequestRow): JoinRequestView {
  return {
    ...reviewView(row),
    user: { id: row.user_id, name: row.user_name, email: row.user_email },
    actorId: row.actor_id,
    actorName: row.actor_name,
    newActor: row.new_actor,
    message: row.message,
  };
}

/**
 * The territory's join link: a coordinator opens it (a random token, stored
 * hashed, naming its territory like invitations' tokens) or closes it. Anyone
 * with the link sees the territory's name and its actors' names and communes,
 * and asks to join for one of them or for an organisation they describe; a
 * coordinator accepts (the person becomes a member acting for it) or refuses.
 */
@Injectable()
export class JoinService {
  private readonly logger = new Logger('JoinService');

  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly audit: AuditLog,
    private readonly events: DomainEvents,
    private readonly memberships: MembershipsService,
    private readonly users: UsersService,
    private readonly tokens: TokensService,
    private readonly mail: MailService,
    private readonly rules: ActorRules,
    private readonly actors: ActorsService,
    private readonly geography: GeographyService,
    private readonly requests: OrganisationsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rateLimits: RateLimitsRepository,
    private readonly jobs: JobQueue,
  ) {}

  /**
   * Counts an account created through a join link from this client address, in the creating
   * transaction (a refused request counts nothing): past the hourly limit, a 429 in French.
   */
  private async countAccount(db: Db, clientAddress: string): Promise<void> {
    if (!(await this.rateLimits.hitWithin(db, `join-accounts:${clientAddress}`, this.config.joinMaxAccountsPerHour))) {
      throw new DomainError('rate_limited', {
        code: 'too_many_accounts',
        detail: 'Trop de comptes ont été créés depuis cette adresse : réessayez dans une heure.',
        retryAfterSeconds: 3600,
      });
    }
  }

  // Coordination: the link

  async link(): Promise<JoinLinkView> {
    const row = await this.transactions.tenant((db) => this.requests.joinLink(db));
    return {
      open: Boolean(row && !row.closed_at),
      openedAt: row?.opened_at.toISOString() ?? null,
      closedAt: row?.closed_at?.toISOString() ?? null,
    };
  }

  /** Opens the join link with a new token (an earlier link stops working). */
  async open(): Promise<OpenedJoinLink> {
    const territoryId = this.context.territoryId;
    const secret = randomToken();
    const token = `${territoryId}.${secret}`;
    const openedAt = await this.transactions.tenant(async (db) => {
      const at = await this.requests.openJoinLink(db, hashToken(secret), this.context.caller?.userId ?? null);
      await this.audit.record(db, {
        entity: 'join_link',
        entityId: territoryId,
        action: 'open',
        after: { open: true },
      });
      return at;
    });
    return {
      open: true,
      openedAt: openedAt.toISOString(),
      closedAt: null,
      token,
      url: `${publicBaseUrl(this.config)}/rejoindre/${encodeURIComponent(token)}`,
    };
  }

  async close(): Promise<JoinLinkView> {
    const territoryId = this.context.territoryId;
    await this.transactions.tenant(async (db) => {
      if (!(await this.requests.closeJoinLink(db))) return;
      await this.audit.record(db, {
        entity: 'join_link',
        entityId: territoryId,
        action: 'close',
        before: { open: true },
        after: { open: false },
      });
    });
    return this.link();
  }

  // Public: the link's page

  private parseToken(token: string): { territoryId: string; secret: string } {
    const [territoryId, secret] = token.split('.', 2);
    if (!territoryId || !secret || !UUID.test(territoryId)) throw invalidLink();
    return { territoryId, secret };
  }

  /** Work in the token's territory once the link is checked open (anything else is the same 404). */
  private inLinkTerritory<T>(
    token: string,
    work: (db: Db, territoryId: string, link: { token_hash: string }) => Promise<T>,
  ): Promise<T> {
    const { territoryId, secret } = this.parseToken(token);
    return this.transactions.withTerritory(territoryId, 'join.request', async (db) => {
      const link = await this.requests.joinLink(db);
      if (!link || link.closed_at || link.token_hash !== hashToken(secret)) throw invalidLink();
      return work(db, territoryId, link);
    });
  }

  territory(token: string): Promise<{ territoryId: string; name: string }> {
    return this.inLinkTerritory(token, async (db, territoryId) => {
      return { territoryId, name: await this.requests.territoryName(db, territoryId) };
    });
  }

  /** Names and communes of the territory's actors, nothing else: the join page's picker. */
  async publicActors(
    token: string,
    query: { q?: string; limit?: number; cursor?: string },
  ): Promise<Page<{ id: string; name: string; communeName: string | null }>> {
    const limit = Math.min(query.limit ?? 20, 20);
    const after = decodeCursor(query.cursor, { name: 'string', id: 'uuid' });
    const q =
      normaliseText(query.q ?? '')
        .replace(/[^a-z0-9 ]/g, ' ')
        .trim() || null;
    const rows = await this.inLinkTerritory(token, (db) =>
      this.requests.publicActors(db, q, after ? { name: String(after.name), id: String(after.id) } : null, limit),
    );
    return toPage(
      rows,
      limit,
      (row) => ({
        id: row.id,
        name: row.name,
        communeName: row.commune_code ? (this.geography.commune(row.commune_code)?.name ?? null) : null,
      }),
      (row) => ({ name: row.cursor_name, id: row.id }),
    );
  }

  /** Checks what the requester asks for: an existing actor, or a new one valid like any actor. */
  private async checkedChoice(
    db: Db,
    input: JoinInput,
  ): Promise<{ actorId: string | null; newActor: ActorInput | null }> {
    if (Boolean(input.actorId) === Boolean(input.newActor)) {
      throw new DomainError('invalid', {
        code: 'invalid_request',
        detail: 'Choisissez une organisation de l’annuaire ou décrivez la vôtre (l’un ou l’autre).',
        errors: [{ field: 'actorId', message: 'une organisation existante ou une nouvelle' }],
      });
    }
    if (input.actorId) {
      await this.memberships.assertActiveActor(db, input.actorId);
      return { actorId: input.actorId, newActor: null };
    }
    const checked = this.rules.check(input.newActor as ActorInput);
    const { priorityIds: _none, ...described } = checked;
    return { actorId: null, newActor: described };
  }

  private async record(db: Db, userId: string, input: JoinInput): Promise<string> {
    const choice = await this.checkedChoice(db, input);
    if (await this.memberships.isMemberIn(db, userId)) {
      throw new DomainError('conflict', {
        code: 'already_member',
        detail: 'Vous êtes déjà membre de ce territoire.',
      });
    }
    if (await this.requests.pendingJoinRequestOf(db, userId)) {
      throw new DomainError('conflict', {
        code: 'request_pending',
        detail: 'Votre demande d’adhésion attend déjà la coordination.',
      });
    }
    const id = await this.requests.insertJoinRequest(db, {
      userId,
      actorId: choice.actorId,
      newActor: choice.newActor as Record<string, unknown> | null,
      message: input.message?.trim() ?? '',
    });
    const row = (await this.requests.findJoinRequest(db, id)) as JoinRequestRow;
    await this.audit.record(db, {
      entity: 'join_request',
      entityId: id,
      action: 'create',
      after: { actorId: row.actor_id, newActor: row.new_actor, message: row.message },
    });
    await this.events.emit(db, {
      kind: 'join_request.created',
      subject: { type: 'join_request', id },
      data: { userId, actorId: row.actor_id, actorName: row.actor_name ?? '' },
    });
    return id;
  }

  /**
   * A person without an account asks to join: name, address, password (by the password policy)
   * and their request. Where mail can leave, nothing is created yet: the request is kept and a
   * job queued in its wake mails a one-time link to the address (valid 24 hours from the mail),
   * or, if the address has an account, a word telling its owner to sign in and ask from it
   * (`join-mail.job.ts`, with retries) — the same answer either way, so the form tells nobody which
   * addresses have an account, and nobody gets an account for an address they do not read.
   * Where no mail can leave (no SMTP), the account and the request are created at once, as the
   * only way the link can work (an existing address is then answered 409 `account_exists`).
   * This route never checks an existing account's password.
   */
  async requestAsNewAccount(
    token: string,
    input: JoinInput & { name: string; email: string; password: string },
    clientAddress: string,
  ): Promise<JoinedAsNewAccount | JoinConfirmationSent> {
    assertNamed(input.name);
    if (!this.mail.delivers) return this.joinAtOnce(token, input, clientAddress);
    const email = normaliseEmail(input.email);
    const { territoryId, confirmationId } = await this.inLinkTerritory(token, async (db, territoryId, link) => {
      await this.checkedChoice(db, input);
      assertStrongPassword(input.password, email);
      await this.countAccount(db, clientAddress);
      // An address is mailed a few times an hour at most, whoever asks (and whether it has an account).
      if (!(await this.rateLimits.hitWithin(db, `join-mails:${email}`, JOIN_MAILS_PER_ADDRESS_HOUR))) {
        throw new DomainError('rate_limited', {
          code: 'too_many_accounts',
          detail: 'Plusieurs demandes ont déjà été faites pour cette adresse : réessayez dans une heure.',
          retryAfterSeconds: 3600,
        });
      }
      // The same work whether or not the address has an account (a password hash, a row kept, a
      // job queued), so the answer tells nothing by its time or its failures: the job looks the
      // address up when it writes the mail, and mints the link's secret there (never in its payload).
      const request = {
        ...(input.actorId ? { actorId: input.actorId } : {}),
        ...(input.newActor ? { newActor: input.newActor as unknown as Record<string, unknown> } : {}),
        ...(input.message?.trim() ? { message: input.message.trim() } : {}),
      };
      const confirmationId = await this.requests.insertJoinConfirmation(
        db,
        {
          linkHash: link.token_hash,
          email,
          name: input.name.trim(),
          passwordHash: await hashPassword(input.password),
          request,
        },
        JOIN_CONFIRMATION_HOURS,
      );
      return { territoryId, confirmationId };
    });
    await this.queueConfirmationMail(territoryId, confirmationId, [
      `join-accounts:${clientAddress}`,
      `join-mails:${email}`,
    ]);
    return { outcome: 'confirmation_sent', email, validHours: JOIN_CONFIRMATION_HOURS };
  }

  /**
   * Queues the mail of a confirmation once its row has committed (the job must find it). A queue
   * that cannot take it is a 503, the row goes and the request's hits on `counters` are given back:
   * no answer says a mail is on its way when none is, and trying again later is not held against anyone.
   */
  private async queueConfirmationMail(territoryId: string, confirmationId: string, counters: string[]): Promise<void> {
    try {
      await this.jobs.enqueue(
        'join.confirmation-mail',
        { territoryId, confirmationId },
        {
          jobId: joinConfirmationMailJobId(confirmationId),
          backoffMs: this.config.notifications.retrySeconds * 1000,
        },
      );
    } catch (error) {
      this.logger.warn({ territoryId, reason: (error as Error).message }, 'join confirmation mail not queued');
      await this.transactions
        .withTerritory(territoryId, 'join.request', async (db) => {
          await this.requests.deleteJoinConfirmation(db, confirmationId);
          await this.rateLimits.giveBack(db, counters);
        })
        .catch(() => undefined);
      throw new DomainError('unavailable', {
        code: 'queue_unavailable',
        detail: 'Le message de confirmation ne peut pas être préparé pour l’instant : réessayez dans un moment.',
      });
    }
  }

  /** No mail can leave: the account and its request are created at once, and the person signed in. */
  private async joinAtOnce(
    token: string,
    input: JoinInput & { name: string; email: string; password: string },
    clientAddress: string,
  ): Promise<JoinedAsNewAccount> {
    const outcome = await this.inLinkTerritory(token, async (db, territoryId) => {
      const email = normaliseEmail(input.email);
      // The body is checked before anything is counted or created, so a refused body creates nothing
      // and a person correcting the form is not held back.
      await this.checkedChoice(db, input);
      assertStrongPassword(input.password, email);
      // Every complete attempt counts, for an address that has an account too (committed with the
      // answer): probing which addresses have an account is as limited as creating accounts.
      await this.countAccount(db, clientAddress);
      if (await this.users.findByEmailIn(db, email)) return { exists: true as const };
      const created = await this.users.createIn(db, {
        email,
        name: input.name,
        password: input.password,
        globalRole: null,
      });
      this.context.setCaller({ userId: created.id, email: created.email, globalRole: created.globalRole });
      return { exists: false as const, user: created, id: await this.record(db, created.id, input), territoryId };
    });
    if (outcome.exists) throw accountExists();
    return this.signedIn(outcome);
  }

  /**
   * The person opened the link mailed to them: their account and their request are created, and
   * they are signed in. A link spent, expired or unknown is a 410; the join link closed since, a
   * 404; an account created for the address since (an invitation), a 409: sign in instead.
   */
  async confirm(confirmationToken: string, password: string): Promise<JoinedAsNewAccount> {
    const [territoryId, secret] = confirmationToken.split('.', 2);
    if (!territoryId || !secret || !UUID.test(territoryId)) throw confirmationGone();
    const outcome = await this.transactions.withTerritory(territoryId, 'join.confirm', async (db) => {
      const row = await this.requests.lockJoinConfirmation(db, hashToken(secret));
      if (!row) throw confirmationGone();
      // Made through a link closed or renewed since (a leaked link is renewed to stop it): no more.
      const link = await this.requests.joinLink(db);
      if (!link || link.closed_at || link.token_hash !== row.link_hash) throw invalidLink();
      // The password chosen in the request: whoever opens the mail without having asked cannot confirm.
      if (!(await verifyPassword(row.password_hash, password))) {
        return {
          wrong: true as const,
          left: await this.requests.failJoinConfirmation(db, row.id, JOIN_CONFIRMATION_ATTEMPTS),
        };
      }
      await this.requests.deleteJoinConfirmation(db, row.id);
      // Deleted all the same (committed): the address has an account, whose owner signs in.
      if (await this.users.findByEmailIn(db, row.email)) return { exists: true as const };
      const created = await this.users.createWithHashIn(db, {
        email: row.email,
        name: row.name,
        passwordHash: row.password_hash,
      });
      this.context.setCaller({ userId: created.id, email: created.email, globalRole: created.globalRole });
      const request = row.request as JoinInput;
      return {
        wrong: false as const,
        exists: false as const,
        user: created,
        id: await this.record(db, created.id, request),
        territoryId,
      };
    });
    if (outcome.wrong) {
      if (outcome.left === 0) throw confirmationGone();
      const message = `Ce n’est pas le mot de passe choisi dans la demande (encore ${outcome.left} essai${outcome.left > 1 ? 's' : ''}).`;
      throw new DomainError('invalid', {
        code: 'invalid_join_confirmation',
        detail: message,
        errors: [{ field: 'password', message }],
      });
    }
    if (outcome.exists) throw accountExists();
    return this.signedIn(outcome);
  }

  private async signedIn(joined: {
    user: Parameters<typeof userView>[0];
    id: string;
    territoryId: string;
  }): Promise<JoinedAsNewAccount> {
    const pair = await this.tokens.issue(joined.user.id);
    return {
      ...pair,
      outcome: 'joined',
      user: userView(joined.user),
      territoryId: joined.territoryId,
      request: { id: joined.id, status: 'pending' },
    };
  }

  /** A signed-in account asks to join through the link. */
  async requestAsUser(
    token: string,
    input: JoinInput,
  ): Promise<{ id: string; territoryId: string; status: RequestStatus }> {
    const userId = callerId(this.context);
    return this.inLinkTerritory(token, async (db, territoryId) => ({
      id: await this.record(db, userId, input),
      territoryId,
      status: 'pending' as const,
    }));
  }

  /** The caller's own join requests, in every territory, with the organisation each names. */
  async mine(): Promise<MyJoinRequestView[]> {
    const userId = callerId(this.context);
    const rows = await this.transactions.withoutTerritory('join.mine', (db) =>
      this.requests.myJoinRequests(db, userId),
    );
    // An actor's name is read in its territory, where the requester has no membership yet.
    const names = new Map<string, string>();
    for (const territoryId of new Set(rows.filter((row) => row.actor_id).map((row) => row.territory_id))) {
      const ids = rows.flatMap((row) => (row.territory_id === territoryId && row.actor_id ? [row.actor_id] : []));
      const found = await this.transactions.withTerritory(territoryId, 'join.mine.organisations', (db) =>
        this.requests.actorNames(db, ids),
      );
      for (const [id, name] of found) names.set(id, name);
    }
    return rows.map((row) => ({
      id: row.id,
      territory: { id: row.territory_id, name: row.territory_name },
      actorName: (row.actor_id ? names.get(row.actor_id) : undefined) ?? row.new_actor_name,
      status: row.status,
      reason: row.reason,
      createdAt: row.created_at.toISOString(),
      reviewedAt: row.reviewed_at?.toISOString() ?? null,
    }));
  }

  // Coordination: the queue

  list(query: QueueQuery): Promise<Page<JoinRequestView>> {
    return this.transactions.tenant((db) =>
      queuePage(query, null, (filter: QueueFilter) => this.requests.joinRequests(db, filter), joinRequestView),
    );
  }

  /** The requester becomes a member acting for the organisation asked for (created if they described it). */
  accept(id: string): Promise<JoinRequestView> {
    return this.transactions.tenant(async (db) => {
      const row = await this.requests.findJoinRequest(db, id, true);
      if (!row) throw notFound();
      assertPending(row);
      // Joined meanwhile (an invitation): accepting would change their role; link them from the members' page.
      if (await this.memberships.isMemberIn(db, row.user_id)) {
        throw new DomainError('conflict', {
          code: 'already_member',
          detail:
            'Cette personne est déjà membre du territoire : refusez la demande et rattachez-la depuis les membres.',
        });
      }
      let actorId = row.actor_id;
      if (actorId) await this.memberships.assertActiveActor(db, actorId);
      else actorId = (await this.actors.createIn(db, row.new_actor as unknown as ActorInput)).id;
      await this.memberships.upsertIn(db, row.user_id, 'member', callerId(this.context));
      await this.memberships.linkIn(db, row.user_id, actorId);
      await this.requests.reviewJoinRequest(db, id, {
        status: 'accepted',
        reason: null,
        by: callerId(this.context),
        actorId,
      });
      return this.reviewed(db, row);
    });
  }

  /** Refuses with a reason; the requester, who is no member, is told by mail (and sees it when signed in). */
  async refuse(id: string, reason: string): Promise<JoinRequestView> {
    const why = refusalReason(reason);
    const { view, territoryName } = await this.transactions.tenant(async (db) => {
      const row = await this.requests.findJoinRequest(db, id, true);
      if (!row) throw notFound();
      assertPending(row);
      await this.requests.reviewJoinRequest(db, id, {
        status: 'refused',
        reason: why,
        by: callerId(this.context),
        actorId: null,
      });
      const territoryName = await this.requests.territoryName(db, this.context.territoryId);
      return { view: await this.reviewed(db, row), territoryName };
    });
    await this.mail.send(
      {
        to: view.user.email,
        subject: `Votre demande d’adhésion à ${territoryName} sur Maillage`,
        text:
          `Bonjour ${view.user.name},\n\nLa coordination de « ${territoryName} » n’a pas accepté votre demande d’adhésion.\n\n` +
          `Raison indiquée : ${why}\n\nVous pouvez répondre à la coordination du territoire pour en savoir plus.\n`,
      },
      'join request refusal',
    );
    return view;
  }

  private async reviewed(db: Db, before: JoinRequestRow): Promise<JoinRequestView> {
    const row = (await this.requests.findJoinRequest(db, before.id)) as JoinRequestRow;
    await this.audit.record(db, {
      entity: 'join_request',
      entityId: row.id,
      action: row.status === 'accepted' ? 'accept' : 'refuse',
      before: { status: before.status },
      after: { status: row.status, actorId: row.actor_id, reason: row.reason },
    });
    await this.events.emit(db, {
      kind: 'join_request.reviewed',
      subject: { type: 'join_request', id: row.id },
      data: {
        userId: row.user_id,
        accepted: row.status === 'accepted',
        actorId: row.actor_id,
        actorName: row.actor_name ?? '',
        reason: row.reason,
      },
    });
    return joinRequestView(row);
  }
}
