import { Injectable } from '@nestjs/common';
import type { Db } from '@maillage/platform';
import type { Fragility, PriorityStatus } from '../ecosystem.types.js';

/** A priority's stored fields, as the service has checked them. */
export interface PriorityFields {
  title: string;
  description: string;
  fragilities: Fragility[];
  status: PriorityStatus;
}

export interface PriorityRow extends PriorityFields {
  id: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, title, description, fragilities, status, version, created_at, updated_at';

/** SQL of the territory's priorities (enjeux). */
@Injectable()
export class PrioritiesRepository {
  list(db: Db, status: PriorityStatus | null): Promise<PriorityRow[]> {
    return db.query(`select ${COLUMNS} from priorities where ($1::text is null or status = $1) order by title, id`, [
      status,
    ]);
  }

  async findForUpdate(db: Db, id: string): Promise<PriorityRow | undefined> {
    const rows: PriorityRow[] = await db.query(`select ${COLUMNS} from priorities where id = $1 for update`, [id]);
    return rows[0];
  }

  async insert(db: Db, fields: PriorityFields): Promise<PriorityRow> {
    const rows: PriorityRow[] = await db.query(
      `insert into priorities (title, description, fragilities, status)
       values ($1, $2, $3, $4) returning ${COLUMNS}`,
      [fields.title, fields.description, fields.fragilities, fields.status],
    );
    return rows[0] as PriorityRow;
  }

  async update(db: Db, id: string, fields: PriorityFields): Promise<PriorityRow> {
    const rows: PriorityRow[] = await db.query(
      `with changed as (
         update priorities set title = $2, description = $3, fragilities = $4, status = $5, version = version + 1,
                updated_at = now()
         where id = $1 returning ${COLUMNS}
       ) select * from changed`,
      [id, fields.title, fields.description, fields.fragilities, fields.status],
    );
    return rows[0] as PriorityRow;
  }

  async delete(db: Db, id: string): Promise<void> {
    await db.query(`delete from priorities where id = $1`, [id]);
  }

  /**
   * The given ids that name no priority of the territory (in the order given,
   * repeats kept): the one check actors, actions and alliances make of the
   * priorities they link to.
   */
  async unknownIds(db: Db, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows: { id: string }[] = await db.query(`select id from priorities where id = any($1::uuid[])`, [ids]);
    const found = new Set(rows.map((row) => row.id));
    return ids.filter((id) => !found.has(id.toLowerCase()));
  }
}
