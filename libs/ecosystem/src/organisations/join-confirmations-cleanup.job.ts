import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { z } from 'zod';
import {
  defineJob,
  HandlesJob,
  JobQueue,
  systemScope,
  Transactions,
  type JobHandler,
  type SystemScoped,
} from '@maillage/platform';
import { OrganisationsRepository } from './organisations.repository.js';

declare module '@maillage/platform' {
  interface JobCatalogue {
    'join.confirmations-cleanup': SystemScoped;
  }
}

export const joinConfirmationsCleanupJob = defineJob({
  name: 'join.confirmations-cleanup',
  queue: 'system',
  payload: z.object(systemScope),
  scope: 'join.confirmations-expiry',
  attempts: 3,
});

/** The daily schedule's id (BullMQ job scheduler), at 03:40 Paris time. */
export const JOIN_CONFIRMATIONS_CLEANUP_SCHEDULE = 'join-confirmations-cleanup';

/**
 * Deletes the join confirmations that have expired, with the name, address and argon2 password
 * hash each kept, in every territory (each in its own transaction), daily: an idle territory keeps
 * no unconfirmed request past its day. Deleting what has expired is idempotent: a repeated or
 * retried run deletes what is left, and a live confirmation (its link mailed and still valid, or
 * its mail still to be sent) is kept.
 */
@Injectable()
@HandlesJob('join.confirmations-cleanup')
export class JoinConfirmationsCleanup implements JobHandler<'join.confirmations-cleanup'>, OnApplicationBootstrap {
  private readonly logger = new Logger('JoinConfirmationsCleanup');

  constructor(
    private readonly transactions: Transactions,
    private readonly jobs: JobQueue,
    private readonly requests: OrganisationsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.scheduleSystem(
      'join.confirmations-cleanup',
      JOIN_CONFIRMATIONS_CLEANUP_SCHEDULE,
      '0 40 3 * * *',
      'expired join confirmations',
    );
  }

  async handle(): Promise<{ deleted: number }> {
    const territories: { id: string }[] = await this.transactions.withoutTerritory('join.confirmations-expiry', (db) =>
      db.query(`select id from territories order by id`),
    );
    let deleted = 0;
    for (const territory of territories) {
      deleted += await this.transactions.withTerritory(territory.id, 'join.confirmations-expiry', (db) =>
        this.requests.deleteExpiredJoinConfirmations(db),
      );
    }
    if (deleted > 0) this.logger.log({ deleted }, 'expired join confirmations deleted');
    return { deleted };
  }
}
