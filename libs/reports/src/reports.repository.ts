import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { CHUNK_BYTES, ChunkedFiles, type BoundUnitOfWork, type Db } from '@maillage/platform';
import type { ReportFormat, ReportType } from './report-catalogue.js';

export type ReportStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface ReportFilters {
  type?: ReportType;
  status?: ReportStatus;
}

export interface ReportRow {
  id: string;
  type: ReportType;
  format: ReportFormat;
  params: Record<string, unknown>;
  status: ReportStatus;
  progress: number;
  attempts: number;
  error: string | null;
  file_name: string | null;
  content_type: string | null;
  size_bytes: string | null;
  chunk_count: number | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const COLUMNS = `id, type, format, params, status, progress, attempts, error, file_name, content_type, size_bytes, chunk_count,
  created_at, started_at, finished_at`;

const REPORT_CHUNKS = { table: 'report_chunks', owner: 'report_id' } as const;

/** A report the job has just marked running. */
export type StartedReport = Pick<ReportRow, 'type' | 'format' | 'params' | 'status'> & { requested_by: string | null };

export type FailedReport = Pick<ReportRow, 'type' | 'format'> & { requested_by: string | null };

/** A new report's fields, as the service has checked them. */
export interface NewReport {
  type: string;
  format: string;
  params: Record<string, unknown>;
  hash: string;
  idempotencyKey: string | null;
  requestedBy: string | null;
  scheduleId: string | null;
}

/** SQL of the territory's reports, their stored files, and the retention sweeps. */
@Injectable()
export class ReportsRepository {
  /** Serialises concurrent orders of the same territory until the transaction ends. */
  async lockOrders(db: Db, territoryId: string): Promise<void> {
    await db.query(`select pg_advisory_xact_lock(hashtext($1))`, [`reports:${territoryId}`]);
  }

  /** The report this order repeats: same Idempotency-Key, or same type, format and parameters recently asked. */
  findRepeated(
    db: Db,
    idempotencyKey: string | null,
    type: string,
    format: string,
    hash: string,
    withinSeconds: number,
  ): Promise<ReportRow[]> {
    return db.query(
      `select ${COLUMNS} from reports
             where ($1::text is not null and idempotency_key = $1)
                or ($1::text is null and type = $2 and format = $3 and params_hash = $4 and schedule_id is null
                    and status in ('queued', 'running', 'completed') and created_at > now() - make_interval(secs => $5))
             order by created_at desc limit 1`,
      [idempotencyKey, type, format, hash, withinSeconds],
    );
  }

  async insert(db: Db, report: NewReport): Promise<ReportRow> {
    const rows: ReportRow[] = await db.query(
      `insert into reports (type, format, params, params_hash, idempotency_key, requested_by, schedule_id)
         values ($1, $2, $3, $4, $5, $6, $7) returning ${COLUMNS}`,
      [
        report.type,
        report.format,
        JSON.stringify(report.params),
        report.hash,
        report.idempotencyKey,
        report.requestedBy,
        report.scheduleId,
      ],
    );
    return rows[0] as ReportRow;
  }

  async find(db: Db, id: string, lock = false): Promise<ReportRow | undefined> {
    const rows: ReportRow[] = await db.query(
      `select ${COLUMNS} from reports where id = $1${lock ? ' for update' : ''}`,
      [id],
    );
    return rows[0];
  }

  /** One page of the list: `limit + 1` rows after the cursor's position. */
  list(
    db: Db,
    filters: ReportFilters,
    after: { at: string | number; id: string | number } | undefined,
    limit: number,
  ): Promise<(ReportRow & { cursor_at: string })[]> {
    return db.query(
      `select ${COLUMNS}, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as cursor_at from reports
         where ($1::text is null or type = $1) and ($2::text is null or status = $2)
           and ($3::text is null or (created_at, id) < ($3::timestamp at time zone 'UTC', $4::uuid))
         order by created_at desc, id desc limit $5`,
      [filters.type ?? null, filters.status ?? null, after?.at ?? null, after?.id ?? null, limit + 1],
    );
  }

  async cancel(db: Db, id: string): Promise<ReportRow> {
    const rows: ReportRow[] = await db.query(
      `with cancelled as (
           update reports set status = 'cancelled', finished_at = now() where id = $1 returning ${COLUMNS}
         ) select * from cancelled`,
      [id],
    );
    return rows[0] as ReportRow;
  }

  async delete(db: Db, id: string): Promise<void> {
    await db.query(`delete from reports where id = $1`, [id]);
  }

  /** Copies a finished file into the report's chunks, inside the caller's transaction. */
  storeChunks(db: Db, reportId: string, path: string): Promise<{ size: number; chunks: number }> {
    return ChunkedFiles.store(
      db,
      REPORT_CHUNKS,
      reportId,
      createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>,
    );
  }

  /**
   * Streams a stored file chunk by chunk, each read in its own short
   * transaction of the report's territory (`unit`, bound by the request: the
   * stream's reads run outside its context): memory stays at one chunk,
   * however large the file.
   */
  streamChunks(unit: BoundUnitOfWork, reportId: string, chunks: number): Readable {
    return ChunkedFiles.stream((work) => unit.run(work), REPORT_CHUNKS, reportId, chunks);
  }

  /** The report's status, locked until the transaction ends when `lock` is set. */
  async status(db: Db, id: string, lock = false): Promise<ReportStatus | undefined> {
    const rows: { status: ReportStatus }[] = await db.query(
      `select status from reports where id = $1${lock ? ' for update' : ''}`,
      [id],
    );
    return rows[0]?.status;
  }

  /**
   * Takes one of the territory's report slots for `id`: serialised per territory until the
   * transaction ends, refused (`busy`) when `slots` other reports are running already.
   */
  async takeSlot(db: Db, territoryId: string, id: string, slots: number): Promise<'busy' | 'free'> {
    await db.query(`select pg_advisory_xact_lock(hashtext($1))`, [`report-slots:${territoryId}`]);
    const rows: { running: number }[] = await db.query(
      `select count(*)::int as running from reports where status = 'running' and id <> $1`,
      [id],
    );
    return (rows[0]?.running ?? 0) >= slots ? 'busy' : 'free';
  }

  /** Marks a queued (or retried running) report running; nothing when it was deleted, cancelled or completed. */
  async start(db: Db, id: string): Promise<StartedReport | undefined> {
    const rows: StartedReport[] = await db.query(
      `with started as (
         update reports set status = 'running', attempts = attempts + 1, started_at = coalesce(started_at, now()),
                error = null
         where id = $1 and status in ('queued', 'running')
         returning type, format, params, status, requested_by
       ) select * from started`,
      [id],
    );
    return rows[0];
  }

  async progress(db: Db, id: string, percent: number): Promise<void> {
    await db.query(`update reports set progress = $2 where id = $1 and status = 'running'`, [id, percent]);
  }

  /** A running report completed with its stored file. */
  async complete(
    db: Db,
    id: string,
    file: { name: string; contentType: string; size: number; chunks: number },
  ): Promise<void> {
    await db.query(
      `update reports set status = 'completed', progress = 100, finished_at = now(), file_name = $2, content_type = $3,
              size_bytes = $4, chunk_count = $5
       where id = $1`,
      [id, file.name, file.contentType, file.size, file.chunks],
    );
  }

  /** A running report failed, with the reason shown to its reader; its row, if it was running. */
  async fail(db: Db, id: string, reason: string): Promise<FailedReport | undefined> {
    const rows: FailedReport[] = await db.query(
      `with failed as (
         update reports set status = 'failed', error = $2, finished_at = now() where id = $1 and status = 'running'
         returning type, format, requested_by
       ) select * from failed`,
      [id, reason],
    );
    return rows[0];
  }

  /** The territory's name (the file's name carries it). */
  async territoryName(db: Db, territoryId: string): Promise<string> {
    const rows: { name: string }[] = await db.query(`select name from territories where id = $1`, [territoryId]);
    return rows[0]?.name ?? '';
  }

  /** Every territory's id (retention runs territory by territory). */
  territoryIds(db: Db): Promise<{ id: string }[]> {
    return db.query(`select id from territories`);
  }

  /** Reports still `queued` or `running` an hour after they were ordered. */
  pendingForAnHour(db: Db): Promise<{ id: string }[]> {
    return db.query(
      `select id from reports where status in ('queued', 'running') and created_at < now() - interval '1 hour'`,
    );
  }

  /** Marks those of `ids` still pending as failed, lost; one row per report marked. */
  markLost(db: Db, ids: string[]): Promise<unknown[]> {
    return db.query(
      `with lost as (
             update reports set status = 'failed', finished_at = now(),
                    error = 'Le traitement du rapport a été interrompu (tâche perdue ou bloquée à plusieurs reprises) : commandez-le à nouveau.'
             where id = any($1::uuid[]) and status in ('queued', 'running')
             returning 1
           ) select 1 from lost`,
      [ids],
    );
  }

  /** Removes finished reports older than `retentionDays`; one row per report removed. */
  purgeFinished(db: Db, retentionDays: number): Promise<unknown[]> {
    return db.query(
      `with removed as (
             delete from reports where status in ('completed', 'failed', 'cancelled')
               and coalesce(finished_at, created_at) < now() - make_interval(days => $1)
             returning 1
           ) select 1 from removed`,
      [retentionDays],
    );
  }
}
