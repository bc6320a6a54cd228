import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type Schemas } from '../../api/client';
import { useAuth } from '../../auth/auth';
import {
  Badge,
  Button,
  Dialog,
  fieldErrors,
  FormErrors,
  LoadMore,
  PageHeader,
  QueryView,
  ScrollRegion,
  SelectField,
  TextField,
} from '../../ui/components';
import { formatDate, formatDateTime } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { ActorPicker, type PickedActor } from './ActorPicker';
import { JoinLinkPanel } from './JoinLinkPanel';
import { useFocusAfterClose } from '../../ui/focus';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useActorName, useInvitations, useMemberList } from './queries';
import { useInvite, useRemoveMember, useRevokeInvitation, useUpdateMember } from './mutations';
import { HelpLink } from '../help/HelpPages';

type Member = Schemas['MemberDto'];
type Invitation = Schemas['InvitationDto'];
type Role = Schemas['InviteDto']['role'];
const ROLES: Role[] = ['member', 'coordinator'];

function LinkedActor({ actorId }: { actorId: string | null }): ReactNode {
  const { t } = useTranslation('workspace');
  const { name, missing } = useActorName(actorId);
  if (!actorId) return <span className="muted">{t('members.noActor')}</span>;
  if (missing) return <span className="muted">{t('members.unknownActor')}</span>;
  return <>{name ?? '…'}</>;
}

function EditMemberForm({ member, onDone }: { member: Member; onDone: (member: Member) => void }): ReactNode {
  const { t } = useTranslation(['workspace', 'common']);
  const current = useActorName(member.actorId);
  const [role, setRole] = useState<Role>(member.role);
  const [actor, setActor] = useState<PickedActor | null | undefined>(undefined);
  const picked: PickedActor | null =
    actor !== undefined ? actor : member.actorId ? { id: member.actorId, name: current.name ?? '…' } : null;
  const save = useUpdateMember(member.userId, { onSuccess: onDone });
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const body: Schemas['UpdateMemberDto'] = {};
        if (role !== member.role) body.role = role;
        if (actor !== undefined && (actor?.id ?? null) !== member.actorId) body.actorId = actor?.id ?? null;
        save.mutate(body);
      }}
    >
      <FormErrors error={save.error} />
      <SelectField
        label={t('workspace:members.role')}
        required
        value={role}
        onChange={(event) => setRole(event.target.value as Role)}
        options={ROLES.map((value) => ({ value, label: t(`common:roles.${value}`) }))}
        hint={t('workspace:members.roleHint')}
        errors={fieldErrors(save.error, 'role')}
      />
      <ActorPicker
        label={t('workspace:members.actor')}
        hint={t('workspace:members.actorHint')}
        value={picked}
        onChange={setActor}
        errors={fieldErrors(save.error, 'actorId')}
      />
      <div className="form-actions">
        <Button type="submit" busy={save.isPending}>
          {t('common:actions.save')}
        </Button>
      </div>
    </form>
  );
}

function InviteForm(): ReactNode {
  const { t } = useTranslation(['workspace', 'common']);
  const notify = useNotify();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [organisation, setOrganisation] = useState<PickedActor | null>(null);
  const [issued, setIssued] = useState<Schemas['IssuedInvitationDto'] | undefined>();
  const invite = useInvite({
    onSuccess: (result) => {
      setIssued(result);
      setEmail('');
      setOrganisation(null);
      notify(
        'success',
        t(result.mailSent ? 'workspace:invitations.sent' : 'workspace:invitations.created', { email: result.email }),
      );
    },
  });
  const copy = (url: string): void => {
    navigator.clipboard
      .writeText(url)
      .then(() => notify('success', t('workspace:invitations.copied')))
      .catch(() => {
        const code = document.getElementById('accept-url');
        const selection = window.getSelection();
        if (code && selection) selection.selectAllChildren(code);
        notify('error', t('workspace:invitations.copyFailed'));
      });
  };
  return (
    <>
      {issued ? (
        <div className="alert alert-success accept-link">
          <p>
            {t(issued.mailSent ? 'workspace:invitations.issued' : 'workspace:invitations.issuedNotMailed', {
              email: issued.email,
              date: formatDateTime(issued.expiresAt),
            })}
          </p>
          <p>
            <code id="accept-url">{issued.acceptUrl}</code>
          </p>
          <div className="row">
            <Button variant="secondary" onClick={() => copy(issued.acceptUrl)}>
              {t('workspace:invitations.copy')}
            </Button>
            <Button variant="tertiary" onClick={() => setIssued(undefined)}>
              {t('common:actions.dismiss')}
            </Button>
          </div>
        </div>
      ) : null}
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          invite.mutate({
            email: email.trim(),
            role,
            ...(role === 'member' && organisation ? { actorId: organisation.id } : {}),
          });
        }}
      >
        <FormErrors error={invite.error} />
        <div className="form-grid">
          <TextField
            label={t('workspace:invitations.email')}
            type="email"
            autoComplete="off"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            errors={fieldErrors(invite.error, 'email')}
          />
          <SelectField
            label={t('workspace:invitations.role')}
            required
            value={role}
            onChange={(event) => setRole(event.target.value as Role)}
            options={ROLES.map((value) => ({ value, label: t(`common:roles.${value}`) }))}
            errors={fieldErrors(invite.error, 'role')}
          />
        </div>
        {role === 'member' ? (
          <ActorPicker
            label={t('workspace:invitations.organisation')}
            hint={t('workspace:invitations.organisationHint')}
            value={organisation}
            onChange={setOrganisation}
            errors={fieldErrors(invite.error, 'actorId')}
          />
        ) : null}
        <div className="form-actions">
          <Button type="submit" busy={invite.isPending}>
            {t('workspace:invitations.submit')}
          </Button>
        </div>
      </form>
    </>
  );
}

const INVITATION_TONE = { pending: 'info', accepted: 'success', revoked: 'neutral', expired: 'warning' } as const;

function Invitations(): ReactNode {
  const { t } = useTranslation(['workspace', 'domain', 'common']);
  const notify = useNotify();
  const [revoking, setRevoking] = useState<Invitation | undefined>();
  const focusAfterRevoke = useFocusAfterClose(revoking !== undefined);
  const invitations = useInvitations();
  const revoke = useRevokeInvitation({
    onSuccess: (_, invitation) => {
      setRevoking(undefined);
      focusAfterRevoke('invitations-title');
      notify('success', t('workspace:invitations.revoked', { email: invitation.email }));
    },
  });
  const items = invitations.data?.pages.flatMap((page) => page.items);
  return (
    <>
      <QueryView
        query={{ ...invitations, data: items }}
        isEmpty={(list) => list.length === 0}
        empty={
          <>
            {t('workspace:invitations.empty')} <a href="#invite-title">{t('workspace:invitations.emptyLink')}</a>
          </>
        }
      >
        {(list) => (
          <ScrollRegion label={t('workspace:invitations.list')}>
            <table>
              <caption className="visually-hidden">{t('workspace:invitations.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('workspace:invitations.email')}</th>
                  <th scope="col">{t('workspace:invitations.role')}</th>
                  <th scope="col">{t('workspace:invitations.status')}</th>
                  <th scope="col">{t('workspace:invitations.sentAt')}</th>
                  <th scope="col">{t('workspace:invitations.expiresAt')}</th>
                  <th scope="col">{t('workspace:reports.columns.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((invitation) => (
                  <tr key={invitation.id}>
                    <th scope="row">{invitation.email}</th>
                    <td>{t(`common:roles.${invitation.role}`)}</td>
                    <td>
                      <Badge tone={INVITATION_TONE[invitation.status]}>
                        {t(`domain:invitationStatus.${invitation.status}`)}
                      </Badge>
                    </td>
                    <td>{formatDate(invitation.createdAt)}</td>
                    <td>{invitation.status === 'pending' ? formatDate(invitation.expiresAt) : '—'}</td>
                    <td>
                      {invitation.status === 'pending' ? (
                        <Button variant="tertiary" onClick={() => setRevoking(invitation)}>
                          {t('workspace:invitations.revoke')}
                          <span className="visually-hidden"> ({invitation.email})</span>
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </QueryView>
      <LoadMore
        hasMore={Boolean(invitations.hasNextPage)}
        loading={invitations.isFetchingNextPage}
        onClick={() => void invitations.fetchNextPage()}
      />
      <ConfirmDialog
        open={revoking !== undefined}
        title={t('workspace:invitations.revokeTitle')}
        confirmLabel={t('workspace:invitations.revoke')}
        busy={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onClose={() => {
          setRevoking(undefined);
          revoke.reset();
        }}
      >
        <p>{revoking ? t('workspace:invitations.revokeText', { email: revoking.email }) : null}</p>
      </ConfirmDialog>
    </>
  );
}

/** Members of the territory (role, organisation they act for), and invitations. */
export function MembersPage(): ReactNode {
  const { t } = useTranslation(['workspace', 'common']);
  const { me } = useAuth();
  const notify = useNotify();
  const [editing, setEditing] = useState<Member | undefined>();
  const [removing, setRemoving] = useState<Member | undefined>();
  const focusAfterRemoval = useFocusAfterClose(removing !== undefined);
  const members = useMemberList();
  const remove = useRemoveMember({
    onSuccess: (_, member) => {
      setRemoving(undefined);
      focusAfterRemoval('members-title');
      notify('success', t('workspace:members.removed', { name: member.name }));
    },
  });
  const items = members.data?.pages.flatMap((page) => page.items);
  return (
    <>
      <PageHeader
        title={t('workspace:members.title')}
        subtitle={t('workspace:members.intro')}
        actions={<HelpLink area="membres" />}
      />
      <section className="card ws-card" aria-labelledby="members-title">
        <h2 id="members-title" tabIndex={-1}>
          {t('workspace:members.list')}
        </h2>
        <QueryView
          query={{ ...members, data: items }}
          isEmpty={(list) => list.length === 0}
          empty={t('workspace:members.empty')}
        >
          {(list) => (
            <ScrollRegion label={t('workspace:members.list')}>
              <table>
                <caption className="visually-hidden">{t('workspace:members.list')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('workspace:members.name')}</th>
                    <th scope="col">{t('workspace:members.email')}</th>
                    <th scope="col">{t('workspace:members.role')}</th>
                    <th scope="col">{t('workspace:members.actor')}</th>
                    <th scope="col">{t('workspace:reports.columns.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((member) => (
                    <tr key={member.userId}>
                      <th scope="row">
                        {member.name}
                        {member.userId === me?.user.id ? (
                          <span className="muted"> {t('workspace:members.you')}</span>
                        ) : null}
                      </th>
                      <td>{member.email}</td>
                      <td>{t(`common:roles.${member.role}`)}</td>
                      <td>
                        <LinkedActor actorId={member.actorId} />
                      </td>
                      <td>
                        <div className="row">
                          <Button variant="secondary" onClick={() => setEditing(member)}>
                            {t('common:actions.edit')}
                            <span className="visually-hidden"> {member.name}</span>
                          </Button>
                          <Button variant="tertiary" onClick={() => setRemoving(member)}>
                            {t('workspace:members.remove')}
                            <span className="visually-hidden"> {member.name}</span>
                          </Button>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </QueryView>
        <LoadMore
          hasMore={Boolean(members.hasNextPage)}
          loading={members.isFetchingNextPage}
          onClick={() => void members.fetchNextPage()}
        />
      </section>
      <JoinLinkPanel />
      <section className="card ws-card" aria-labelledby="invite-title">
        <h2 id="invite-title">{t('workspace:invitations.create')}</h2>
        <InviteForm />
      </section>
      <section className="card ws-card" aria-labelledby="invitations-title">
        <h2 id="invitations-title" tabIndex={-1}>
          {t('workspace:invitations.list')}
        </h2>
        <Invitations />
      </section>
      <Dialog
        open={editing !== undefined}
        title={editing ? t('workspace:members.editTitle', { name: editing.name }) : ''}
        onClose={() => setEditing(undefined)}
      >
        {editing ? (
          <EditMemberForm
            key={editing.userId}
            member={editing}
            onDone={(member) => {
              setEditing(undefined);
              notify('success', t('workspace:members.saved', { name: member.name }));
            }}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={removing !== undefined}
        title={t('workspace:members.removeTitle')}
        confirmLabel={t('workspace:members.removeConfirm')}
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => {
          setRemoving(undefined);
          remove.reset();
        }}
      >
        <p>{removing ? t('workspace:members.removeText', { name: removing.name, email: removing.email }) : null}</p>
      </ConfirmDialog>
    </>
  );
}
