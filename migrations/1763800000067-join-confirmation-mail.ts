import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Join confirmations are mailed by a job (`join.confirmation-mail`), which mints the one-time
 * secret when it writes the mail: the request keeps the row without a token (`token_hash` null:
 * nothing can confirm it yet), each attempt of the job stores the hash of the secret it mails
 * (a retried mail supersedes one that did not leave), and `mailed_at` records the mail that left,
 * so a repeated job sends nothing more. An address that has an account is never given a token.
 * Expired rows are deleted by a daily sweep (`join.confirmations-cleanup`).
 */
export class JoinConfirmationMail1763800000067 implements MigrationInterface {
  name = 'JoinConfirmationMail1763800000067';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`alter table join_confirmations alter column token_hash drop not null`);
    await db.query(`alter table join_confirmations add column mailed_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    // A row without a token could never be confirmed: it goes, as it would have expired.
    await db.query(`delete from join_confirmations where token_hash is null`);
    await db.query(`alter table join_confirmations drop column mailed_at`);
    await db.query(`alter table join_confirmations alter column token_hash set not null`);
  }
}
