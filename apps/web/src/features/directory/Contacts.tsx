import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type Schemas } from '../../api/client';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Button, Dialog, fieldErrors, FormErrors, QueryView, TextArea, TextField } from '../../ui/components';
import { useFocusAfterClose } from '../../ui/focus';
import { useNotify } from '../../ui/notices';
import { useAddContact, useRemoveContact } from './mutations';
import { useActorContacts } from './queries';

function AddContactForm({ actorId, onDone }: { actorId: string; onDone: () => void }): ReactNode {
  const { t } = useTranslation(['directory', 'common']);
  const notify = useNotify();
  const [form, setForm] = useState({ name: '', role: '', email: '', phone: '', consentNote: '' });
  const set = (field: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [field]: event.target.value }));
  const add = useAddContact(actorId, {
    onSuccess: (contact) => {
      notify('success', t('directory:contacts.added', { name: contact.name }));
      onDone();
    },
  });
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate({
          name: form.name.trim(),
          role: form.role.trim() || null,
          email: form.email.trim() || null,
          phone: form.phone.trim() || null,
          consentNote: form.consentNote.trim() || null,
        });
      }}
    >
      <FormErrors error={add.error} />
      <TextField
        label={t('directory:contacts.name')}
        required
        maxLength={200}
        autoComplete="off"
        value={form.name}
        onChange={set('name')}
        errors={fieldErrors(add.error, 'name')}
      />
      <TextField
        label={t('directory:contacts.role')}
        maxLength={200}
        value={form.role}
        onChange={set('role')}
        errors={fieldErrors(add.error, 'role')}
      />
      <TextField
        label={t('directory:contacts.email')}
        type="email"
        maxLength={254}
        autoComplete="off"
        value={form.email}
        onChange={set('email')}
        errors={fieldErrors(add.error, 'email')}
      />
      <TextField
        label={t('directory:contacts.phone')}
        type="tel"
        maxLength={40}
        autoComplete="off"
        value={form.phone}
        onChange={set('phone')}
        errors={fieldErrors(add.error, 'phone')}
      />
      <TextArea
        label={t('directory:contacts.consentNote')}
        hint={t('directory:contacts.consentHint')}
        maxLength={1000}
        rows={2}
        value={form.consentNote}
        onChange={set('consentNote')}
        errors={fieldErrors(add.error, 'consentNote')}
      />
      <div className="form-actions">
        <Button type="submit" busy={add.isPending}>
          {t('directory:contacts.submit')}
        </Button>
      </div>
    </form>
  );
}

/**
 * An organisation's contact persons (personal data, with the note of their consent): listed
 * for the coordination and the organisation's members, who add and remove them; each change
 * applies at once and is audited. `headingId` is the section's heading, focused after a removal.
 */
export function Contacts({
  actorId,
  canManage,
  headingId,
}: {
  actorId: string;
  canManage: boolean;
  headingId: string;
}): ReactNode {
  const { t } = useTranslation(['directory', 'common']);
  const notify = useNotify();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Schemas['ContactPersonDto'] | undefined>();
  const focusAfterRemoval = useFocusAfterClose(Boolean(removing));
  const contacts = useActorContacts(actorId);
  const remove = useRemoveContact(actorId, {
    onSuccess: () => {
      notify('success', t('directory:contacts.removed', { name: removing?.name ?? '' }));
      setRemoving(undefined);
      focusAfterRemoval(headingId);
    },
  });
  return (
    <>
      <QueryView query={contacts} isEmpty={(list) => list.length === 0} empty={t('directory:contacts.empty')}>
        {(list) => (
          <ul className="contact-list">
            {list.map((contact) => (
              <li key={contact.id}>
                <p className="contact-name">
                  {contact.name}
                  {contact.role ? <span className="muted"> — {contact.role}</span> : null}
                </p>
                <p className="small">
                  {contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : null}
                  {contact.email && contact.phone ? ' · ' : null}
                  {contact.phone ? <a href={`tel:${contact.phone.replace(/[^+0-9]/g, '')}`}>{contact.phone}</a> : null}
                </p>
                {contact.consentNote ? (
                  <p className="muted small">
                    {t('directory:contacts.consent')} {contact.consentNote}
                  </p>
                ) : null}
                {canManage ? (
                  <Button variant="tertiary" onClick={() => setRemoving(contact)}>
                    {t('common:actions.delete')}
                    <span className="visually-hidden"> {contact.name}</span>
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </QueryView>
      {canManage ? (
        <Button variant="secondary" onClick={() => setAdding(true)}>
          {t('directory:contacts.add')}
        </Button>
      ) : null}
      <Dialog open={adding} title={t('directory:contacts.add')} onClose={() => setAdding(false)}>
        <AddContactForm actorId={actorId} onDone={() => setAdding(false)} />
      </Dialog>
      <ConfirmDialog
        open={Boolean(removing)}
        title={t('directory:contacts.removeTitle')}
        confirmLabel={t('common:actions.delete')}
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate(removing.id)}
        onClose={() => {
          setRemoving(undefined);
          remove.reset();
        }}
      >
        <p>{t('directory:contacts.removeConfirm', { name: removing?.name ?? '' })}</p>
      </ConfirmDialog>
    </>
  );
}
