import { Injectable } from '@nestjs/common';
import { DomainError, Transactions } from '@maillage/platform';
import { contactView, type ContactView } from '../directory/contacts.service.js';
import { ContactsRepository } from '../directory/contacts.repository.js';
import { AlliancesRepository } from '../activity/alliances.repository.js';
import type { AllianceStatus } from '../ecosystem.types.js';
import { ThreadAccess } from './thread-access.js';

/** A party of an alliance and its contact persons. */
export interface PartyContactsView {
  actorId: string;
  name: string;
  role: string;
  contacts: ContactView[];
}

/** From these statuses on, the parties have agreed to talk: each sees the others' contact persons. */
export const CONTACTS_SHARED_FROM: readonly AllianceStatus[] = ['under_discussion', 'active', 'ended'];

/**
 * The contact persons of an alliance's parties, shown to the parties' members
 * and the coordination once the alliance is under discussion (the parties
 * accepted to talk; each contact carries the note of their consent). Before
 * that, or once declined or withdrawn, 409; an alliance the caller may not
 * read, 404.
 */
@Injectable()
export class AllianceContactsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly access: ThreadAccess,
    private readonly alliances: AlliancesRepository,
    private readonly contacts: ContactsRepository,
  ) {}

  list(allianceId: string): Promise<PartyContactsView[]> {
    return this.transactions.tenant(async (db) => {
      const thread = await this.access.open(db, 'alliance', allianceId);
      if (!CONTACTS_SHARED_FROM.includes(thread.status as AllianceStatus)) {
        throw new DomainError('conflict', {
          code: 'contacts_not_shared',
          detail: 'Les contacts des parties sont partagés une fois l’alliance en discussion.',
        });
      }
      const alliance = await this.alliances.find(db, allianceId);
      const parties: PartyContactsView[] = [];
      for (const party of alliance?.parties ?? []) {
        const rows = await this.contacts.list(db, party.actorId);
        parties.push({ actorId: party.actorId, name: party.name, role: party.role, contacts: rows.map(contactView) });
      }
      return parties;
    });
  }
}
