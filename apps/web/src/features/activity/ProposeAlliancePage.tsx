import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { type Schemas } from '../../api/client';
import { useTerritory } from '../../app/territory';
import {
  Button,
  ButtonLink,
  CheckboxGroup,
  FieldErrorsOnly,
  fieldErrors,
  FormErrors,
  PageHeader,
  QueryView,
  TextArea,
  TextField,
} from '../../ui/components';
import { useNotify } from '../../ui/notices';
import { NoActorLink } from './MemberHomePage';
import {
  ActorSearch,
  focusAfterRemoval,
  FRAGILITIES,
  MODES,
  PriorityChecks,
  type Alliance,
  type Fragility,
} from './shared';
import { useActor, useAlliance } from './queries';
import { usePatchAlliance, useProposeAlliance } from './mutations';

interface PartyRow {
  actorId: string;
  name: string;
  /** The role as typed (a stored code shows as its French label). */
  role: string;
  /** The role as stored, sent back unchanged while its text is unchanged. */
  storedRole?: string;
  /** Stays a party: the organisation that proposed the alliance. */
  fixed?: boolean;
}

type Translate = ReturnType<typeof useTranslation>['t'];

/** A stored role as the form shows it: « partner » (the default) as nothing, a code as its label. */
function roleText(t: Translate, role: string): string {
  return role === 'partner' ? '' : t(`domain:participantRole.${role}`, { defaultValue: role });
}

/** The role to send: the stored one while its text is unchanged, else the text (nothing: the default). */
function roleValue(t: Translate, party: PartyRow): string | undefined {
  const text = party.role.trim();
  if (party.storedRole !== undefined && text === roleText(t, party.storedRole)) return party.storedRole;
  return text || undefined;
}

/**
 * A member proposes an alliance on behalf of their organisation (its first party, fixed);
 * the coordination creates one between any actors of the directory.
 */
export function ProposeAlliancePage(): ReactNode {
  const { t } = useTranslation(['activity']);
  const { isCoordinator, actorId } = useTerritory();
  if (!isCoordinator && !actorId) {
    return (
      <>
        <PageHeader title={t('activity:propose.title')} />
        <NoActorLink />
      </>
    );
  }
  return <AllianceForm />;
}

/** An alliance's terms and parties, changed by those the alliance lets (`editing`). */
export function EditAlliancePage(): ReactNode {
  const { t } = useTranslation(['activity']);
  const { allianceId = '' } = useParams();
  const alliance = useAlliance(allianceId);
  return (
    <QueryView query={alliance}>
      {(data) =>
        data.editing.terms ? (
          <AllianceForm key={data.version} alliance={data} />
        ) : (
          <>
            <PageHeader title={t('activity:edit.title', { title: data.title })} />
            <p role="status">{t('activity:edit.notEditable')}</p>
            <ButtonLink to="..">{t('activity:edit.backToAlliance')}</ButtonLink>
          </>
        )
      }
    </QueryView>
  );
}

function AllianceForm({ alliance }: { alliance?: Alliance }): ReactNode {
  const { t } = useTranslation(['activity', 'domain', 'common']);
  const { territoryId, isCoordinator, actorId } = useTerritory();
  const editing = alliance !== undefined;
  const own = useActor(isCoordinator || editing ? undefined : actorId);
  const navigate = useNavigate();
  const notify = useNotify();
  const partiesSection = useRef<HTMLElement>(null);
  const formElement = useRef<HTMLFormElement>(null);
  const [ownRole, setOwnRole] = useState('');
  const [parties, setParties] = useState<PartyRow[]>(
    () =>
      alliance?.parties.map((party) => ({
        actorId: party.actorId,
        name: party.name,
        role: roleText(t, party.role),
        storedRole: party.role,
        fixed: party.actorId === alliance.proposerActorId,
      })) ?? [],
  );
  // « Proposer une alliance » from an actor's page: that actor is the first other party.
  const [searchParams] = useSearchParams();
  const withActorId = editing ? null : searchParams.get('avec');
  const withActor = useActor(withActorId && withActorId !== actorId ? withActorId : undefined);
  const [prefilled, setPrefilled] = useState(false);
  if (!prefilled && withActor.data) {
    setPrefilled(true);
    setParties([{ actorId: withActor.data.id, name: withActor.data.name, role: '' }]);
  }
  const [title, setTitle] = useState(alliance?.title ?? '');
  const [description, setDescription] = useState(alliance?.description ?? '');
  const [modes, setModes] = useState<string[]>(alliance?.modes ?? []);
  const [patronageKinds, setPatronageKinds] = useState<string[]>(alliance?.patronageKinds ?? []);
  const [fragilities, setFragilities] = useState<string[]>(alliance?.fragilities ?? []);
  const [priorityIds, setPriorityIds] = useState<string[]>(alliance?.priorityIds ?? []);
  const [startDate, setStartDate] = useState(alliance?.startDate ?? '');
  const [endDate, setEndDate] = useState(alliance?.endDate ?? '');
  const toAlliance = (saved: Alliance) => void navigate(`/t/${territoryId}/alliances/${saved.id}`);
  const propose = useProposeAlliance({
    onSuccess: (created) => {
      notify(
        'success',
        t(isCoordinator ? 'activity:propose.created' : 'activity:propose.sent', { title: created.title }),
      );
      toAlliance(created);
    },
  });
  const patch = usePatchAlliance(alliance?.id ?? '', alliance?.version ?? 0, {
    onSuccess: (saved) => {
      notify('success', t('activity:edit.saved', { title: saved.title }));
      toAlliance(saved);
    },
  });
  const save = editing ? patch : propose;
  const partiesOpen = !editing || alliance.editing.parties;
  // A member proposing: their organisation is the first party, fixed, above the list.
  const ownFirst = !isCoordinator && !editing && actorId;
  /** Removes a party; its button goes with it, so focus the next party's (or the previous, or the search field). */
  const removeParty = (index: number) => {
    setParties(parties.filter((_, position) => position !== index));
    focusAfterRemoval(partiesSection.current, '.party-row', index, parties.length);
  };
  const exclude = [...(ownFirst ? [actorId] : []), ...parties.map((party) => party.actorId)];
  const endBeforeStart = startDate !== '' && endDate !== '' && endDate < startDate;
  // The API's messages are said at the fields the form shows (the forms of patronage with that mode
  // only); the summary above says the others, and only points to the fields when there are none.
  const shownAtFields = [
    'parties',
    'title',
    'modes',
    ...(modes.includes('patronage') ? ['patronageKinds'] : []),
    'description',
    'startDate',
    'endDate',
    'fragilities',
    'priorityIds',
  ];
  const cancelTo = editing
    ? `/t/${territoryId}/alliances/${alliance.id}`
    : `/t/${territoryId}/${isCoordinator ? 'alliances' : 'mon-organisation'}`;
  return (
    <>
      <PageHeader
        title={
          editing
            ? t('activity:edit.title', { title: alliance.title })
            : t(isCoordinator ? 'activity:propose.createTitle' : 'activity:propose.title')
        }
        subtitle={
          editing
            ? t(alliance.editing.parties ? 'activity:edit.intro' : 'activity:edit.introPartiesLocked')
            : t(isCoordinator ? 'activity:propose.createIntro' : 'activity:propose.intro')
        }
      />
      <form
        noValidate
        ref={formElement}
        onSubmit={(event) => {
          event.preventDefault();
          // An end before the start is refused here, said at the end date, which takes the focus.
          if (endBeforeStart) {
            formElement.current?.querySelector<HTMLElement>('[name="endDate"]')?.focus();
            return;
          }
          const all = [
            ...(ownFirst ? [{ actorId, role: ownRole.trim() || undefined }] : []),
            ...parties.map((party) => ({ actorId: party.actorId, role: roleValue(t, party) })),
          ].map((party) => ({ actorId: party.actorId, ...(party.role ? { role: party.role } : {}) }));
          const body = {
            title: title.trim(),
            description: description.trim(),
            parties: all,
            modes: modes as Schemas['AllianceMode'][],
            patronageKinds: modes.includes('patronage') ? (patronageKinds as Schemas['PatronageKind'][]) : [],
            fragilities: fragilities as Fragility[],
            priorityIds,
            startDate: startDate || null,
            endDate: endDate || null,
          };
          if (editing) patch.mutate(body);
          else propose.mutate(body);
        }}
      >
        <FormErrors error={save.error} shownAtFields={shownAtFields} />
        <section className="card" ref={partiesSection}>
          <h2>{t('activity:propose.partiesTitle')}</h2>
          {!partiesOpen ? <p className="muted">{t('activity:edit.partiesLocked')}</p> : null}
          <ul className="editor-rows">
            {ownFirst ? (
              <li className="editor-row">
                <span className="editor-name">
                  {own.data?.name ?? '…'} ({t('activity:alliance.you')})
                </span>
                <TextField
                  label={t('activity:propose.roleOf', { name: own.data?.name ?? '' })}
                  hint={t('activity:propose.roleHint')}
                  maxLength={100}
                  value={ownRole}
                  onChange={(event) => setOwnRole(event.target.value)}
                />
              </li>
            ) : null}
            {parties.map((party, index) => (
              <li key={party.actorId} className="editor-row party-row">
                <span className="editor-name">
                  {party.name}
                  {party.actorId === actorId ? ` (${t('activity:alliance.you')})` : ''}
                </span>
                <TextField
                  label={t('activity:propose.roleOf', { name: party.name })}
                  maxLength={100}
                  value={party.role}
                  onChange={(event) =>
                    setParties(
                      parties.map((item) =>
                        item.actorId === party.actorId ? { ...item, role: event.target.value } : item,
                      ),
                    )
                  }
                />
                {partiesOpen && !party.fixed ? (
                  <Button variant="tertiary" onClick={() => removeParty(index)}>
                    {t('activity:form.remove')}
                    <span className="visually-hidden"> {party.name}</span>
                  </Button>
                ) : party.fixed ? (
                  <span className="muted">{t('activity:alliance.proposer')}</span>
                ) : null}
              </li>
            ))}
          </ul>
          {partiesOpen ? (
            <ActorSearch
              label={t(isCoordinator ? 'activity:propose.addParty' : 'activity:propose.pickPartner')}
              hint={t(isCoordinator ? 'activity:propose.addPartyHint' : 'activity:propose.pickPartnerHint')}
              exclude={exclude}
              errors={fieldErrors(save.error, 'parties')}
              onPick={(actor) => setParties([...parties, { actorId: actor.id, name: actor.name, role: '' }])}
            />
          ) : (
            <FieldErrorsOnly errors={fieldErrors(save.error, 'parties')} />
          )}
        </section>
        <section className="card">
          <h2>{t('activity:propose.aboutTitle')}</h2>
          <TextField
            label={t('activity:propose.titleField')}
            hint={t('activity:propose.titleHint')}
            required
            maxLength={300}
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            errors={fieldErrors(save.error, 'title')}
          />
          <CheckboxGroup
            legend={t('activity:alliances.modes')}
            options={MODES.map((value) => ({ value, label: t(`domain:allianceMode.${value}`) }))}
            value={modes}
            onChange={setModes}
            errors={fieldErrors(save.error, 'modes')}
          />
          {modes.includes('patronage') ? (
            <CheckboxGroup
              legend={t('activity:propose.patronageKinds')}
              options={(['financial', 'skills', 'in_kind'] as const).map((value) => ({
                value,
                label: t(`domain:patronageKind.${value}`),
              }))}
              value={patronageKinds}
              onChange={setPatronageKinds}
              errors={fieldErrors(save.error, 'patronageKinds')}
            />
          ) : null}
          <TextArea
            label={t('activity:alliance.description')}
            hint={t('activity:propose.descriptionHint')}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
            errors={fieldErrors(save.error, 'description')}
          />
          <div className="form-grid">
            <TextField
              label={t('activity:propose.startDate')}
              hint={t('activity:propose.startDateHint')}
              type="date"
              value={startDate}
              onChange={(event) => setStartDate(event.target.value)}
              errors={fieldErrors(save.error, 'startDate')}
            />
            <TextField
              label={t('activity:propose.endDate')}
              type="date"
              name="endDate"
              min={startDate || undefined}
              value={endDate}
              onChange={(event) => setEndDate(event.target.value)}
              errors={[
                ...(endBeforeStart ? [t('activity:form.endBeforeStart')] : []),
                ...(fieldErrors(save.error, 'endDate') ?? []),
              ]}
            />
          </div>
          <CheckboxGroup
            legend={t('activity:alliance.fragilities')}
            options={FRAGILITIES.map((value) => ({ value, label: t(`domain:fragility.${value}`) }))}
            value={fragilities}
            onChange={setFragilities}
            errors={fieldErrors(save.error, 'fragilities')}
          />
          <PriorityChecks
            value={priorityIds}
            onChange={setPriorityIds}
            errors={fieldErrors(save.error, 'priorityIds')}
          />
        </section>
        <div className="form-actions">
          <Button type="submit" busy={save.isPending}>
            {editing
              ? t('activity:edit.submit')
              : t(isCoordinator ? 'activity:propose.submitCreate' : 'activity:propose.submit')}
          </Button>
          <ButtonLink to={cancelTo}>{t('common:actions.cancel')}</ButtonLink>
        </div>
      </form>
    </>
  );
}
