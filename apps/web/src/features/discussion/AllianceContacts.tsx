import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryView } from '../../ui/components';
import { useAllianceContacts } from './queries';

/** From these statuses on, the parties see each other's contact persons. */
const SHARED = ['under_discussion', 'active', 'ended'];

/**
 * The contact persons of the alliance's parties, shown to the parties and the coordination
 * once the alliance is under discussion (each contact's consent is noted with it).
 */
export function AllianceContacts({ allianceId, status }: { allianceId: string; status: string }): ReactNode {
  const { t } = useTranslation('discussion');
  const shared = SHARED.includes(status);
  const contacts = useAllianceContacts(allianceId, shared);
  if (!shared) return null;
  return (
    <section className="card" aria-labelledby="alliance-contacts-title">
      <h2 id="alliance-contacts-title">{t('contacts.title')}</h2>
      <p className="muted">{t('contacts.intro')}</p>
      <QueryView query={contacts}>
        {(parties) => (
          <div className="party-contacts">
            {parties.map((party) => (
              <div key={party.actorId}>
                <h3>{party.name}</h3>
                {party.contacts.length === 0 ? (
                  <p className="muted">{t('contacts.none')}</p>
                ) : (
                  <ul>
                    {party.contacts.map((contact) => (
                      <li key={contact.id}>
                        <strong>{contact.name}</strong>
                        {contact.role ? ` — ${contact.role}` : ''}
                        {contact.email ? (
                          <>
                            {' — '}
                            <a href={`mailto:${contact.email}`}>{contact.email}</a>
                          </>
                        ) : null}
                        {contact.phone ? ` — ${contact.phone}` : ''}
                        {contact.consentNote ? (
                          <span className="muted"> ({t('contacts.consent', { note: contact.consentNote })})</span>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            ))}
          </div>
        )}
      </QueryView>
    </section>
  );
}
