import { Readable } from 'node:stream';
import type { Db } from '../database/db.js';
import type { TransactionWork } from '../database/transactions.js';

/** Stored files are rows of this size (bytea), read back one at a time. */
export const CHUNK_BYTES = 1024 * 1024;

/**
 * Where a feature keeps a file's chunks: the table (with `seq` and `data` columns) and the
 * column naming the file's owner. A closed list: table names are never built from input.
 */
export type ChunkTable =
  | { table: 'report_chunks'; owner: 'report_id' }
  | { table: 'resource_chunks'; owner: 'resource_id' }
  | { table: 'national_resource_chunks'; owner: 'resource_id' };

/**
 * Files stored in PostgreSQL in chunks: written inside the caller's transaction (the file and
 * the row describing it commit together), streamed back one chunk per short transaction, so
 * any API process serves any file with one chunk in memory.
 */
export const ChunkedFiles = {
  /** Replaces the owner's chunks with `source`, cut into CHUNK_BYTES pieces. */
  async store(
    db: Db,
    where: ChunkTable,
    ownerId: string,
    source: AsyncIterable<Buffer> | Iterable<Buffer>,
  ): Promise<{ size: number; chunks: number }> {
    await db.query(`delete from ${where.table} where ${where.owner} = $1`, [ownerId]);
    let seq = 0;
    let size = 0;
    for await (const piece of source) {
      for (let offset = 0; offset < piece.length; offset += CHUNK_BYTES) {
        const data = piece.subarray(offset, offset + CHUNK_BYTES);
        await db.query(`insert into ${where.table} (${where.owner}, seq, data) values ($1, $2, $3)`, [
          ownerId,
          seq,
          data,
        ]);
        seq += 1;
        size += data.length;
      }
    }
    return { size, chunks: seq };
  },

  /**
   * Streams a stored file chunk by chunk, each read in its own unit of work made by `run`
   * (bound when the stream is made: the stream's reads run outside the request's context).
   */
  stream(
    run: <T>(work: TransactionWork<T>) => Promise<T>,
    where: ChunkTable,
    ownerId: string,
    chunks: number,
  ): Readable {
    let seq = 0;
    return new Readable({
      read() {
        if (seq >= chunks) {
          this.push(null);
          return;
        }
        const current = seq;
        seq += 1;
        run((db) =>
          db.query(`select data from ${where.table} where ${where.owner} = $1 and seq = $2`, [ownerId, current]),
        ).then(
          (rows: { data: Buffer }[]) => {
            if (!rows[0]) this.destroy(new Error(`${where.table} ${ownerId}: chunk ${current} missing`));
            else this.push(rows[0].data);
          },
          (error: unknown) => this.destroy(error as Error),
        );
      },
    });
  },
};
