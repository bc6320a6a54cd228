import { Injectable } from '@nestjs/common';
import { AuditLog, notFound, DomainError, TenantContext, Transactions } from '@maillage/platform';

export interface ContactInput {
  name: string;
  role?: string | null;
  email?: string | null;
  phone?: string | null;
  consentNote?: string | null;
}

export interface ContactView {
  id: string;
  actorId: string;
  name: string;
  role: string | null;
  email: string | null;
  phone: string | null;
  consentNote: string | null;
  createdAt: string;
}

interface ContactRow {
  id: string;
  actor_id: string;
  name: string;
  role: string | null;
  email: string | null;
  phone: string | null;
  consent_note: string | null;
  created_at: Date;
}

function contactView(row: ContactRow): ContactView {
  return {
    id: row.id,
    actorId: row.actor_id,
    name: row.name,
    role: row.role,
    email: row.email,
    phone: row.phone,
    consentNote: row.consent_note,
    createdAt: row.created_at.toISOString(),
  };
}

const COLUMNS = 'id, actor_id, name, role, email, phone, consent_note, created_at';

/**
 * Contact persons of an organisation: personal data, so only what is needed,
 * with the note of their consent; visible to coordinators and to the
 * members acting for that organisation, not to the whole directory.
 */
@Injectable()
export class ContactsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly audit: AuditLog,
  ) {}

  private assertMayRead(actorId: string): void {
    const access = this.context.territory;
    if (access?.role === 'member' && access.actorId !== actorId) {
      throw new DomainError('forbidden', {
        code: 'forbidden',
        detail: 'Seuls la coordination et les membres de cette organisation voient ses contacts.',
      });
    }
  }

  async list(actorId: string): Promise<ContactView[]> {
    this.assertMayRead(actorId);
    return this.transactions.tenant(async (db) => {
      const actors: unknown[] = await db.query(`select 1 from actors where id = $1`, [actorId]);
      if (actors.length === 0) throw notFound();
      const rows: ContactRow[] = await db.query(
        `select ${COLUMNS} from actor_contacts where actor_id = $1 order by name`,
        [actorId],
      );
      return rows.map(contactView);
    });
  }

  async add(actorId: string, input: ContactInput): Promise<ContactView> {
    this.assertMayRead(actorId);
    return this.transactions.tenant(async (db) => {
      const actors: unknown[] = await db.query(`select 1 from actors where id = $1`, [actorId]);
      if (actors.length === 0) throw notFound();
      const rows: ContactRow[] = await db.query(
        `insert into actor_contacts (actor_id, name, role, email, phone, consent_note)
         values ($1, $2, $3, $4, $5, $6) returning ${COLUMNS}`,
        [
          actorId,
          input.name.trim(),
          input.role ?? null,
          input.email?.toLowerCase() ?? null,
          input.phone ?? null,
          input.consentNote ?? null,
        ],
      );
      const view = contactView(rows[0] as ContactRow);
      await this.audit.record(db, { entity: 'actor_contact', entityId: view.id, action: 'create', after: { ...view } });
      return view;
    });
  }

  async remove(actorId: string, contactId: string): Promise<void> {
    this.assertMayRead(actorId);
    await this.transactions.tenant(async (db) => {
      const rows: ContactRow[] = await db.query(
        `with removed as (delete from actor_contacts where id = $1 and actor_id = $2 returning ${COLUMNS}) select * from removed`,
        [contactId, actorId],
      );
      if (!rows[0]) throw notFound();
      await this.audit.record(db, {
        entity: 'actor_contact',
        entityId: contactId,
        action: 'delete',
        before: { ...contactView(rows[0]) },
      });
    });
  }
}
