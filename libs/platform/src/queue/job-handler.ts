import { SetMetadata } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { JobName, JobPayload } from './job-catalogue.js';

export const JOB_HANDLER_METADATA = 'maillage:job-handler';

export interface JobContext {
  readonly job: Job;
  /** Aborted when the job is cancelled or the worker must stop. */
  readonly signal: AbortSignal;
  /** Attempt number, starting at 1. */
  readonly attempt: number;
  progress(percent: number): Promise<void>;
  /**
   * Gives the job back to the queue for `delayMs` without counting an
   * attempt (for fairness: a territory over its share waits its turn).
   * Never returns: it ends the handler.
   */
  postpone(delayMs: number): Promise<never>;
}

/**
 * Handles one catalogue job. It runs in the job's scope, which the worker host
 * rebuilt from the checked payload: the payload's territory (and its
 * `requestedBy` as the caller), or the system scope with the payload's reason.
 *
 * A `DomainError` of a permanent kind (invalid, not found, forbidden…) fails
 * the job at once, its French detail as the reason; any other error is
 * retried with backoff until the job's attempts are spent.
 */
export interface JobHandler<N extends JobName> {
  // A property, not a method: its payload is checked strictly against the job's.
  readonly handle: (payload: JobPayload<N>, context: JobContext) => Promise<unknown>;
}

/** A class whose instances handle job `N`. */
export type JobHandlerClass<N extends JobName> = abstract new (...args: never[]) => JobHandler<N>;

/** Marks a provider as the one handler of a catalogue job; the class must handle that job's payload. */
export function HandlesJob<N extends JobName>(name: N): (target: JobHandlerClass<N>) => void {
  return (target) => {
    SetMetadata(JOB_HANDLER_METADATA, name)(target);
  };
}
