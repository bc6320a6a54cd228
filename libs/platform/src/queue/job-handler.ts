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

export interface JobHandler<N extends JobName> {
  handle(payload: JobPayload<N>, context: JobContext): Promise<unknown>;
}

/** Marks a provider as the one handler of a catalogue job. */
export const HandlesJob = (name: JobName): ClassDecorator => SetMetadata(JOB_HANDLER_METADATA, name);

/**
 * A failure that retrying cannot fix (a bad parameter, a missing row). The job
 * fails at once with this message as its reason, without further attempts.
 */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}
