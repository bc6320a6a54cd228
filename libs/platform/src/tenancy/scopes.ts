/**
 * Named scopes: every unit of work that does not simply run in the territory
 * of the current request or job says why, with one of these reasons. The
 * reason is logged with the transaction and pinned in it (`app.scope`), and
 * `test/architecture/named-scopes.spec.ts` lists where each one is used, so a
 * new bypass is reviewed before it lands.
 *
 * Kinds:
 * - `global`: `Transactions.withoutTerritory(reason, work)`, global tables
 *   only (every tenant table reads empty and refuses inserts);
 * - `territory`: `Transactions.withTerritory(id, reason, work)` may name a
 *   territory other than the context's (the code has just verified it);
 * - `job`: `TenantContext.runInTerritory(id, reason, work)` rebuilds a
 *   context from a job's payload;
 * - `system`: `TenantContext.runAsSystem(reason, work)`, and inside it
 *   `withoutTerritory` and `withTerritory` on any territory, for sweeps.
 *
 * `frequent` scopes (every request, every login) are logged at debug level,
 * the others at info.
 */
export interface ScopeDefinition {
  readonly kind: 'global' | 'territory' | 'job' | 'system';
  readonly description: string;
  readonly frequent?: boolean;
}

export const SCOPES = {
  'auth.login': {
    kind: 'global',
    description: 'Sign-in: the login throttle counters and the account looked up by address.',
    frequent: true,
  },
  'auth.session': {
    kind: 'global',
    description: 'Sessions: issuing, refreshing and revoking tokens; the account behind an access token.',
    frequent: true,
  },
  'account.read': {
    kind: 'global',
    description: 'Reading accounts (global rows) by id, address or global role.',
    frequent: true,
  },
  'account.password': {
    kind: 'global',
    description: 'Changing or resetting a password, and its reset links.',
  },
  'admin.bootstrap': {
    kind: 'global',
    description: 'Creating the first platform administrator at start.',
  },
  'observer.create': {
    kind: 'global',
    description: 'A platform administrator creates a national observer account.',
  },
  'territory.list': {
    kind: 'global',
    description: 'Listing territories: all of them for an administrator, the caller’s own otherwise.',
    frequent: true,
  },
  'membership.mine': {
    kind: 'global',
    description: 'The caller’s own memberships, through the own-rows policy that only applies outside a territory.',
    frequent: true,
  },
  'observatory.read': {
    kind: 'global',
    description: 'Reading the national observatory’s publication (global tables of suppressed figures).',
    frequent: true,
  },
  'health.check': {
    kind: 'global',
    description: 'Readiness probe: the database answers, and the workers’ heartbeats.',
    frequent: true,
  },
  'worker.heartbeat': {
    kind: 'global',
    description: 'A worker records (or removes at shutdown) its heartbeat.',
    frequent: true,
  },
  'notifications.mine': {
    kind: 'global',
    description:
      'A person’s own notifications across their territories (the own-rows policy, outside any territory), and their mail preferences.',
    frequent: true,
  },
  'notifications.unsubscribe': {
    kind: 'global',
    description: 'One-click unsubscribe from a mail’s signed link: the preferences of the account the link names.',
  },
  'mail.status': {
    kind: 'global',
    description:
      'Platform administration: whether mail is configured, what waits and what failed (global mail tables).',
  },
  'resources.national': {
    kind: 'global',
    description:
      'The national resource centre (global tables): every signed-in account reads it, administrators and national bodies publish in it.',
    frequent: true,
  },
  'resources.case-studies': {
    kind: 'global',
    description:
      'The national gallery of case studies (a global table): every signed-in account reads it; a territory’s coordinator publishing (or unpublishing, or an organisation changing its consent) writes or deletes that case study’s national copy, the only scope allowed to.',
    frequent: true,
  },
  'join.mine': {
    kind: 'global',
    description:
      'A person’s own join requests across territories (the own-rows policy, outside any territory): they have no membership yet.',
  },
  'join.mine.organisations': {
    kind: 'territory',
    description:
      'A person’s own join requests: the names of the organisations they named, read in each request’s territory (they have no membership there yet).',
  },
  'territory.create': {
    kind: 'territory',
    description: 'Creating a territory: its id is new, so no context can hold it yet.',
  },
  'invitation.accept': {
    kind: 'territory',
    description:
      'An invitation’s link: what it invites to (shown before accepting), and accepting it; the territory comes from the token, which carries it.',
  },
  'join.request': {
    kind: 'territory',
    description:
      'The public join link: its token names the territory (name, actors’ names and communes, a join request).',
  },
  'join.confirm': {
    kind: 'territory',
    description:
      'A join request’s confirmation link, mailed to the address given: its token names the territory, checked against the stored hash before the account and the request are created there.',
  },
  'study.answer': {
    kind: 'territory',
    description:
      'A territorial study’s answer link (a personal one-time link or the public link): its token names the territory, checked against the stored hash before anything is read or written there.',
  },
  'job.payload': {
    kind: 'job',
    description: 'A job rebuilds its context from its payload, which names its territory.',
    frequent: true,
  },
  'observatory.rollup': {
    kind: 'system',
    description: 'The national rollup visits every territory (each in its own transaction) and publishes.',
  },
  'health.probe': {
    kind: 'system',
    description: 'The queue round-trip probe: a system job that reads nothing and answers who handled it.',
    frequent: true,
  },
  'notifications.mail': {
    kind: 'system',
    description:
      'Mail of notifications: claims what is due (global queue), then reads each recipient’s notifications territory by territory to build the mail.',
  },
  'notifications.evaluations': {
    kind: 'system',
    description:
      'The daily sweep that reminds the parties of alliances whose evaluation period has ended, territory by territory.',
  },
  'join.confirmations-expiry': {
    kind: 'system',
    description:
      'The daily sweep that deletes expired join confirmations (unconfirmed requests and their password hashes), territory by territory, and nothing else.',
  },
  'demo.generate': {
    kind: 'system',
    description:
      'The demo territory: creating it (a new territory, its demo accounts and generated content), resetting or deleting it.',
  },
  'reports.retention': {
    kind: 'system',
    description: 'The nightly report sweep: removes expired reports and fails lost ones, territory by territory.',
  },
} as const satisfies Record<string, ScopeDefinition>;

export type ScopeReason = keyof typeof SCOPES;

type ReasonOf<K extends ScopeDefinition['kind']> = {
  [R in ScopeReason]: (typeof SCOPES)[R]['kind'] extends K ? R : never;
}[ScopeReason];

/** Reasons for a unit of work with no territory. */
export type GlobalScope = ReasonOf<'global' | 'system'>;
/** Reasons for a unit of work in a territory other than the context's. */
export type TerritoryScope = ReasonOf<'territory' | 'system'>;
/** Reasons for opening a context bound to a territory. */
export type JobScope = ReasonOf<'job'>;
/** Reasons for a system scope. */
export type SystemScope = ReasonOf<'system'>;

export function scopeDefinition(reason: string): ScopeDefinition {
  const definition = (SCOPES as Record<string, ScopeDefinition>)[reason];
  if (!definition)
    throw new Error(`Unknown scope reason "${reason}": declare it in libs/platform/src/tenancy/scopes.ts`);
  return definition;
}
