import { z } from 'zod';
import type { SystemScope } from '../tenancy/scopes.js';

/**
 * The typed job catalogue: job name → payload. Feature libraries add their
 * jobs by module augmentation:
 *
 *   declare module '@maillage/platform' {
 *     interface JobCatalogue { 'reports.generate': { territoryId: string; reportId: string } }
 *   }
 *
 * Every payload names its scope: the territory it works for, or an explicit
 * system scope with the reason it needs one (ARCHITECTURE.md, "Jobs"). The
 * worker host rebuilds that scope before it calls the handler, after checking
 * the payload against the schema declared with the job (`defineJob`).
 */

export interface JobCatalogue {
  'system.health-probe': SystemScoped & { nonce: string; requestedAt: string };
}

export interface TerritoryScoped {
  territoryId: string;
  /** The user who asked for the job: the handler runs as that caller. */
  requestedBy?: string | null;
}

export interface SystemScoped {
  system: { reason: string };
}

export type JobName = keyof JobCatalogue & string;
export type JobPayload<N extends JobName> = JobCatalogue[N];

/** Compile-time guard: a catalogue entry without a scope is a type error here. */
export type UnscopedJobs = {
  [N in JobName]: JobCatalogue[N] extends TerritoryScoped | SystemScoped ? never : N;
}[JobName];
const everyJobIsScoped: [UnscopedJobs] extends [never] ? true : UnscopedJobs = true;
void everyJobIsScoped;

/** Schema members of a territory-scoped payload: spread them into the job's `z.object`. */
export const territoryScope = {
  territoryId: z.guid(),
  requestedBy: z.guid().nullable().optional(),
};

/** Schema members of a system-scoped payload: spread them into the job's `z.object`. */
export const systemScope = {
  system: z.object({ reason: z.string().min(1) }),
};

/** Queues group jobs that share a concurrency budget. */
export type QueueName = 'system' | 'reports' | 'imports' | 'observatory' | 'views';

/** A job's payload schema: whatever it accepts, it yields the catalogue's payload type. */
export type JobPayloadSchema<N extends JobName> = z.ZodType<JobPayload<N>>;

export interface JobDefinition<N extends JobName = JobName> {
  readonly name: N;
  readonly queue: QueueName;
  /** Checked by the worker before the handler runs: a payload it refuses fails the job at once. */
  readonly payload: JobPayloadSchema<N>;
  /**
   * For a system-scoped job: the named system scope the worker host opens for it (the payload's
   * `system.reason` is logged beside it as the detail). Without one, a system job runs in an empty
   * context, where only global scopes are open to it. Territory-scoped jobs run in their payload's
   * territory (`job.payload`).
   */
  readonly scope?: SystemScope;
  /** Attempts before the job is failed for good (transient errors only). */
  readonly attempts: number;
  /** First retry delay; doubles at each attempt. */
  readonly backoffMs: number;
  /** How long a finished job is kept for inspection. */
  readonly keepCompletedSeconds: number;
  readonly keepFailedSeconds: number;
}

export function defineJob<N extends JobName>(
  definition: Pick<JobDefinition<N>, 'name' | 'queue' | 'payload'> & Partial<JobDefinition<N>>,
): JobDefinition<N> {
  return {
    attempts: 3,
    backoffMs: 2_000,
    keepCompletedSeconds: 24 * 3600,
    keepFailedSeconds: 7 * 24 * 3600,
    ...definition,
  };
}
