/**
 * The typed job catalogue: job name → payload. Feature libraries add their
 * jobs by module augmentation:
 *
 *   declare module '@maillage/platform' {
 *     interface JobCatalogue { 'reports.generate': { territoryId: string; reportId: string } }
 *   }
 *
 * Every payload names its scope: the territory it works for, or an explicit
 * system scope with the reason it needs one (ARCHITECTURE.md, "Jobs").
 */

export interface JobCatalogue {
  'system.health-probe': SystemScoped & { nonce: string; requestedAt: string };
}

export interface TerritoryScoped {
  territoryId: string;
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

/** Queues group jobs that share a concurrency budget. */
export type QueueName = 'system' | 'reports' | 'imports' | 'observatory';

export interface JobDefinition<N extends JobName = JobName> {
  readonly name: N;
  readonly queue: QueueName;
  /** Attempts before the job is failed for good (transient errors only). */
  readonly attempts: number;
  /** First retry delay; doubles at each attempt. */
  readonly backoffMs: number;
  /** How long a finished job is kept for inspection. */
  readonly keepCompletedSeconds: number;
  readonly keepFailedSeconds: number;
}

export function defineJob<N extends JobName>(
  definition: Pick<JobDefinition<N>, 'name' | 'queue'> & Partial<JobDefinition<N>>,
): JobDefinition<N> {
  return {
    attempts: 3,
    backoffMs: 2_000,
    keepCompletedSeconds: 24 * 3600,
    keepFailedSeconds: 7 * 24 * 3600,
    ...definition,
  };
}
