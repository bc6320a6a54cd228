import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { type Schemas } from '../../api/client';
import { useTerritory } from '../../app/territory';
import {
  Button,
  ButtonLink,
  CheckboxGroup,
  fieldErrors,
  FormErrors,
  PageHeader,
  TextArea,
  TextField,
} from '../../ui/components';
import { useNotify } from '../../ui/notices';
import { NoActorLink } from './MemberHomePage';
import { ActorSearch, focusAfterRemoval, FRAGILITIES, MODES, PriorityChecks, type Fragility } from './shared';
import { useActor } from './queries';
import { useProposeAlliance } from './mutations';

interface PartyRow {
  actorId: string;
  name: string;
  role: string;
}

/**
 * A member proposes an alliance on behalf of their organisation (its first party, fixed);
 * the coordination creates one between any actors of the directory.
 */
export function ProposeAlliancePage(): ReactNode {
  const { t } = useTranslation(['activity', 'domain', 'common']);
  const { territoryId, isCoordinator, actorId } = useTerritory();
  const own = useActor(isCoordinator ? undefined : actorId);
  const navigate = useNavigate();
  const notify = useNotify();
  const partiesSection = useRef<HTMLElement>(null);
  const [ownRole, setOwnRole] = useState('');
  const [parties, setParties] = useState<PartyRow[]>([]);
  // « Proposer une alliance » from an actor's page: that actor is the first other party.
  const [searchParams] = useSearchParams();
  const withActorId = searchParams.get('avec');
  const withActor = useActor(withActorId && withActorId !== actorId ? withActorId : undefined);
  const [prefilled, setPrefilled] = useState(false);
  if (!prefilled && withActor.data) {
    setPrefilled(true);
    setParties([{ actorId: withActor.data.id, name: withActor.data.name, role: '' }]);
  }
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [modes, setModes] = useState<string[]>([]);
  const [patronageKinds, setPatronageKinds] = useState<string[]>([]);
  const [fragilities, setFragilities] = useState<string[]>([]);
  const [priorityIds, setPriorityIds] = useState<string[]>([]);
  const propose = useProposeAlliance({
    onSuccess: (alliance) => {
      notify(
        'success',
        t(isCoordinator ? 'activity:propose.created' : 'activity:propose.sent', { title: alliance.title }),
      );
      void navigate(`/t/${territoryId}/alliances/${alliance.id}`);
    },
  });
  if (!isCoordinator && !actorId) {
    return (
      <>
        <PageHeader title={t('activity:propose.title')} />
        <NoActorLink />
      </>
    );
  }
  /** Removes a party; its button goes with it, so focus the next party's (or the previous, or the search field). */
  const removeParty = (index: number) => {
    setParties(parties.filter((_, position) => position !== index));
    focusAfterRemoval(partiesSection.current, '.party-row', index, parties.length);
  };
  const exclude = [...(actorId && !isCoordinator ? [actorId] : []), ...parties.map((party) => party.actorId)];
  return (
    <>
      <PageHeader
        title={t(isCoordinator ? 'activity:propose.createTitle' : 'activity:propose.title')}
        subtitle={t(isCoordinator ? 'activity:propose.createIntro' : 'activity:propose.intro')}
      />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const all = [
            ...(isCoordinator || !actorId ? [] : [{ actorId, role: ownRole }]),
            ...parties.map((party) => ({ actorId: party.actorId, role: party.role })),
          ].map((party) => ({ actorId: party.actorId, ...(party.role.trim() ? { role: party.role.trim() } : {}) }));
          propose.mutate({
            title: title.trim(),
            description: description.trim(),
            parties: all,
            modes: modes as Schemas['AllianceMode'][],
            patronageKinds: modes.includes('patronage') ? (patronageKinds as Schemas['PatronageKind'][]) : [],
            fragilities: fragilities as Fragility[],
            priorityIds,
          });
        }}
      >
        <FormErrors error={propose.error} />
        <section className="card" ref={partiesSection}>
          <h2>{t('activity:propose.partiesTitle')}</h2>
          <ul className="editor-rows">
            {!isCoordinator ? (
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
                <span className="editor-name">{party.name}</span>
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
                <Button variant="tertiary" onClick={() => removeParty(index)}>
                  {t('activity:form.remove')}
                  <span className="visually-hidden"> {party.name}</span>
                </Button>
              </li>
            ))}
          </ul>
          <ActorSearch
            label={t(isCoordinator ? 'activity:propose.addParty' : 'activity:propose.pickPartner')}
            hint={t(isCoordinator ? 'activity:propose.addPartyHint' : 'activity:propose.pickPartnerHint')}
            exclude={exclude}
            errors={fieldErrors(propose.error, 'parties')}
            onPick={(actor) => setParties([...parties, { actorId: actor.id, name: actor.name, role: '' }])}
          />
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
            errors={fieldErrors(propose.error, 'title')}
          />
          <CheckboxGroup
            legend={t('activity:alliances.modes')}
            options={MODES.map((value) => ({ value, label: t(`domain:allianceMode.${value}`) }))}
            value={modes}
            onChange={setModes}
            errors={fieldErrors(propose.error, 'modes')}
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
              errors={fieldErrors(propose.error, 'patronageKinds')}
            />
          ) : null}
          <TextArea
            label={t('activity:alliance.description')}
            hint={t('activity:propose.descriptionHint')}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
            errors={fieldErrors(propose.error, 'description')}
          />
          <CheckboxGroup
            legend={t('activity:alliance.fragilities')}
            options={FRAGILITIES.map((value) => ({ value, label: t(`domain:fragility.${value}`) }))}
            value={fragilities}
            onChange={setFragilities}
            errors={fieldErrors(propose.error, 'fragilities')}
          />
          <PriorityChecks
            value={priorityIds}
            onChange={setPriorityIds}
            errors={fieldErrors(propose.error, 'priorityIds')}
          />
        </section>
        <div className="form-actions">
          <Button type="submit" busy={propose.isPending}>
            {t(isCoordinator ? 'activity:propose.submitCreate' : 'activity:propose.submit')}
          </Button>
          <ButtonLink to={`/t/${territoryId}/${isCoordinator ? 'alliances' : 'mon-organisation'}`}>
            {t('common:actions.cancel')}
          </ButtonLink>
        </div>
      </form>
    </>
  );
}
