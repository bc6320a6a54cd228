import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { type BoundUnitOfWork, type Db } from '@maillage/platform';

/** Report files are stored as rows of this size (bytea), read back one at a time. */
export const CHUNK_BYTES = 1024 * 1024;

/** Copies a finished file into the report's chunks, inside the caller's transaction. */
export async function storeChunks(db: Db, reportId: string, path: string): Promise<{ size: number; chunks: number }> {
  await db.query(`delete from report_chunks where report_id = $1`, [reportId]);
  let seq = 0;
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    const data = chunk as Buffer;
    await db.query(
      `insert into report_chunks (report_id, seq, data)
       values ($1, $2, $3)`,
      [reportId, seq, data],
    );
    seq += 1;
    size += data.length;
  }
  return { size, chunks: seq };
}

/**
 * Streams a stored file chunk by chunk, each read in its own short
 * transaction of the report's territory (`unit`, bound by the request: the
 * stream's reads run outside its context): memory stays at one chunk,
 * however large the file.
 */
export function streamChunks(unit: BoundUnitOfWork, reportId: string, chunks: number): Readable {
  let seq = 0;
  return new Readable({
    read() {
      if (seq >= chunks) {
        this.push(null);
        return;
      }
      const current = seq;
      seq += 1;
      unit
        .run((db) => db.query(`select data from report_chunks where report_id = $1 and seq = $2`, [reportId, current]))
        .then(
          (rows: { data: Buffer }[]) => {
            if (!rows[0]) this.destroy(new Error(`report ${reportId}: chunk ${current} missing`));
            else this.push(rows[0].data);
          },
          (error: unknown) => this.destroy(error as Error),
        );
    },
  });
}
