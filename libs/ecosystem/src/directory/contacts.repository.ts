import { Injectable } from '@nestjs/common';
import type { Db } from '@maillage/platform';

export interface ContactRow {
  id: string;
  actor_id: string;
  name: string;
  role: string | null;
  email: string | null;
  phone: string | null;
  consent_note: string | null;
  created_at: Date;
}

const COLUMNS = 'id, actor_id, name, role, email, phone, consent_note, created_at';

/** A new contact's fields, as the service has normalised them. */
export interface NewContact {
  name: string;
  role: string | null;
  email: string | null;
  phone: string | null;
  consentNote: string | null;
}

/** SQL of an organisation's contact persons. */
@Injectable()
export class ContactsRepository {
  /** Whether the actor exists (and is visible) in the current territory. */
  async actorExists(db: Db, actorId: string): Promise<boolean> {
    const actors: unknown[] = await db.query(`select 1 from actors where id = $1`, [actorId]);
    return actors.length > 0;
  }

  list(db: Db, actorId: string): Promise<ContactRow[]> {
    return db.query(`select ${COLUMNS} from actor_contacts where actor_id = $1 order by name`, [actorId]);
  }

  async insert(db: Db, actorId: string, contact: NewContact): Promise<ContactRow> {
    const rows: ContactRow[] = await db.query(
      `insert into actor_contacts (actor_id, name, role, email, phone, consent_note)
         values ($1, $2, $3, $4, $5, $6) returning ${COLUMNS}`,
      [actorId, contact.name, contact.role, contact.email, contact.phone, contact.consentNote],
    );
    return rows[0] as ContactRow;
  }

  /** Deletes the actor's contact and returns it, or undefined when there is none. */
  async delete(db: Db, actorId: string, contactId: string): Promise<ContactRow | undefined> {
    const rows: ContactRow[] = await db.query(
      `with removed as (delete from actor_contacts where id = $1 and actor_id = $2 returning ${COLUMNS}) select * from removed`,
      [contactId, actorId],
    );
    return rows[0];
  }
}
