import { Injectable } from '@nestjs/common';
import { AuditLog, notFound, DomainError, TenantContext, Transactions } from '@maillage/platform';
import { ContactsRepository, type ContactRow } from './contacts.repository.js';

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

export function contactView(row: ContactRow): ContactView {
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
    private readonly repository: ContactsRepository,
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
      if (!(await this.repository.actorExists(db, actorId))) throw notFound();
      const rows = await this.repository.list(db, actorId);
      return rows.map(contactView);
    });
  }

  async add(actorId: string, input: ContactInput): Promise<ContactView> {
    this.assertMayRead(actorId);
    return this.transactions.tenant(async (db) => {
      if (!(await this.repository.actorExists(db, actorId))) throw notFound();
      const view = contactView(
        await this.repository.insert(db, actorId, {
          name: input.name.trim(),
          role: input.role ?? null,
          email: input.email?.toLowerCase() ?? null,
          phone: input.phone ?? null,
          consentNote: input.consentNote ?? null,
        }),
      );
      await this.audit.record(db, { entity: 'actor_contact', entityId: view.id, action: 'create', after: { ...view } });
      return view;
    });
  }

  async remove(actorId: string, contactId: string): Promise<void> {
    this.assertMayRead(actorId);
    await this.transactions.tenant(async (db) => {
      const removed = await this.repository.delete(db, actorId, contactId);
      if (!removed) throw notFound();
      await this.audit.record(db, {
        entity: 'actor_contact',
        entityId: contactId,
        action: 'delete',
        before: { ...contactView(removed) },
      });
    });
  }
}
