import type { EventKind, PendingEvent } from '@maillage/platform';
import { frenchLongDay, periodLabel, type NotificationKind } from '@maillage/contract';
import { FRENCH_LABELS, type AllianceEventData, type CommentEventData } from '@maillage/ecosystem';
import { elided, profileFieldList } from './french-text.js';

/**
 * Who hears about an event, and what they read: the one place that turns the
 * domain's events into notifications. Roles decide the audience:
 * - `organisation`: the members acting for these organisations (actors);
 * - `coordinator`: the territory's coordinators;
 * - `person`: these accounts (a report's requester, someone mentioned), if
 *   they are members of the territory;
 * - `national`: the national bodies (observer accounts and platform
 *   administrators), who are no territory's members (a case study published
 *   to the national centre).
 * The author of an event is never told about it, except of the outcome of a
 * job they started (`evenTheAuthor`: an import or a report they may have left
 * running). When someone is in several audiences, the first target that
 * reaches them wins.
 */
export interface Target {
  audience: 'organisation' | 'coordinator' | 'person' | 'national';
  actorIds?: readonly string[];
  userIds?: readonly (string | null)[];
  kind: NotificationKind;
  text: string;
  link: string;
  /** The author hears about it too (the outcome of their own background job). */
  evenTheAuthor?: true;
}

/** Names an event's text may need that its data does not carry. */
export interface RuleLookups {
  userName(userId: string): Promise<string>;
}

type Rule<K extends EventKind> = (event: PendingEvent<K>, lookups: RuleLookups) => Target[] | Promise<Target[]>;
type Rules = { [K in EventKind]?: Rule<K> };

const quote = (text: string) => `« ${text} »`;

/** `2026-03-14` → « 14 mars 2026 », `2026-03-01` → « 1er mars 2026 ». */
export const dateLabel = frenchLongDay;

/** « (nom, SIRET) »: the changed fields of a profile by their French labels, nothing when none has one. */
function fieldsNote(fields: readonly string[]): string {
  const list = profileFieldList(fields);
  return list ? ` (${list})` : '';
}

const plural = (count: number, one: string, many: string) => `${count} ${count > 1 ? many : one}`;

const caseStudyLink = (event: PendingEvent) => `/t/${event.territoryId}/retours-experience/${event.subject.id}`;

const allianceLink = (event: PendingEvent) => `/t/${event.territoryId}/alliances/${event.subject.id}`;

/** An alliance's event, whatever its kind. */
interface AllianceEvent {
  authorActorId: string | null;
  data: AllianceEventData;
}

/** The name of the organisation that acted, as the alliance's parties list it. */
function authorParty(event: AllianceEvent): string | undefined {
  const index = event.authorActorId ? event.data.parties.indexOf(event.authorActorId) : -1;
  return index >= 0 ? event.data.partyNames[index] : undefined;
}

/** The parties other than the one that acted (all of them when the coordination acted). */
const otherParties = (event: AllianceEvent) => event.data.parties.filter((actorId) => actorId !== event.authorActorId);

/** The French names of an alliance's terms, in the form's order. */
const ALLIANCE_FIELD_LABELS: Record<string, string> = {
  title: 'intitulé',
  description: 'description',
  modes: 'modes',
  patronageKinds: 'formes de mécénat',
  fragilities: 'fragilités',
  priorityIds: 'enjeux',
  startDate: 'date de début',
  endDate: 'date de fin',
  originActionId: 'action d’origine',
  partyRoles: 'rôles des parties',
};

/** « intitulé, modes et parties »: what an edit changed, by French names (nothing for an unknown field). */
function allianceFieldList(fields: readonly string[], parties: boolean): string {
  const names = Object.keys(ALLIANCE_FIELD_LABELS)
    .filter((field) => fields.includes(field))
    .map((field) => ALLIANCE_FIELD_LABELS[field] as string);
  if (parties) names.push('parties');
  return listed(names);
}

/** « A, B et C ». */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} et ${items.at(-1)}`;
}

/** The names of the parties other than those just added. */
function otherNames(event: PendingEvent<'alliance.updated'>): string[] {
  return event.data.partyNames.filter((_, index) => !event.data.added.includes(event.data.parties[index] ?? ''));
}

/** Where a thread is in the console: its subject's page. */
function threadLink(territoryId: string, data: CommentEventData): string {
  if (data.subjectType === 'alliance') return `/t/${territoryId}/alliances/${data.subjectId}`;
  if (data.subjectType === 'action') return `/t/${territoryId}/actions/${data.subjectId}`;
  return `/t/${territoryId}/enjeux#enjeu-${data.subjectId}`;
}

/**
 * A message in a thread: those it mentions first (`mentions`), then the others
 * who may read the thread (`comments`): an alliance's parties and the
 * coordination; for an action or a priority, the coordination.
 */
async function commentTargets(event: PendingEvent<'comment.posted'>, lookups: RuleLookups): Promise<Target[]> {
  const author = event.authorUserId ? await lookups.userName(event.authorUserId) : 'Une personne';
  const link = threadLink(event.territoryId, event.data);
  const title = quote(event.data.title);
  const text = `${author} a écrit dans la discussion ${title} : ${quote(event.data.excerpt)}`;
  return [
    {
      audience: 'person',
      userIds: event.data.mentions,
      kind: 'mentions',
      text: `${author} vous a cité·e dans la discussion ${title} : ${quote(event.data.excerpt)}`,
      link,
    },
    ...(event.data.subjectType === 'alliance'
      ? [{ audience: 'organisation' as const, actorIds: event.data.readers, kind: 'comments' as const, text, link }]
      : []),
    { audience: 'coordinator', kind: 'comments', text, link },
  ];
}

export const RULES: Rules = {
  'alliance.proposed': (event) => {
    const title = quote(event.data.title);
    const proposer = authorParty(event);
    return [
      {
        audience: 'organisation',
        actorIds: otherParties(event),
        kind: 'proposals',
        text: proposer
          ? `${proposer} propose une alliance à votre organisation : ${title}.`
          : `La coordination du territoire a enregistré une alliance avec votre organisation : ${title}.`,
        link: allianceLink(event),
      },
      {
        audience: 'coordinator',
        kind: 'proposals',
        text: `Nouvelle proposition d’alliance ${title} entre ${event.data.partyNames.join(', ')}.`,
        link: allianceLink(event),
      },
    ];
  },
  'alliance.proposal_answered': (event) => {
    const title = quote(event.data.title);
    const who = authorParty(event) ?? 'La coordination';
    const text =
      event.data.to === 'declined'
        ? `${who} a décliné la proposition d’alliance ${title}.`
        : `${who} a accepté de discuter de l’alliance ${title}.`;
    return [
      { audience: 'organisation', actorIds: otherParties(event), kind: 'proposals', text, link: allianceLink(event) },
      { audience: 'coordinator', kind: 'proposals', text, link: allianceLink(event) },
    ];
  },
  'alliance.proposal_withdrawn': (event) => {
    const text = `La proposition d’alliance ${quote(event.data.title)} a été retirée.`;
    return [
      { audience: 'organisation', actorIds: otherParties(event), kind: 'proposals', text, link: allianceLink(event) },
      { audience: 'coordinator', kind: 'proposals', text, link: allianceLink(event) },
    ];
  },
  'alliance.transitioned': (event) => {
    const title = quote(event.data.title);
    const text =
      event.data.to === 'active'
        ? `L’alliance ${title} est désormais active.`
        : event.data.to === 'ended'
          ? `L’alliance ${title} a pris fin.`
          : `L’alliance ${title} est passée à l’état « ${FRENCH_LABELS.allianceStatus[event.data.to]} ».`;
    return [
      { audience: 'organisation', actorIds: otherParties(event), kind: 'alliances', text, link: allianceLink(event) },
      { audience: 'coordinator', kind: 'alliances', text, link: allianceLink(event) },
    ];
  },
  'alliance.updated': (event) => {
    const title = quote(event.data.title);
    const who = authorParty(event) ?? 'La coordination';
    const changed = allianceFieldList(event.data.fields, event.data.added.length + event.data.removed.length > 0);
    const link = allianceLink(event);
    const stillDeciding = event.data.status === 'proposed' || event.data.status === 'under_discussion';
    const kind = stillDeciding ? ('proposals' as const) : ('alliances' as const);
    const text = `${who} a modifié l’alliance ${title}${changed ? ` : ${changed}` : ''}.`;
    return [
      {
        audience: 'organisation',
        actorIds: event.data.added,
        kind,
        text: stillDeciding
          ? `${who} ajoute votre organisation à l’alliance ${title}, avec ${listed(otherNames(event))} : dites si vous en êtes.`
          : `${who} ajoute votre organisation à l’alliance ${title}.`,
        link,
      },
      {
        audience: 'organisation',
        actorIds: otherParties(event).filter((actorId) => !event.data.added.includes(actorId)),
        kind,
        text,
        link,
      },
      {
        audience: 'organisation',
        actorIds: event.data.removed,
        kind,
        text: `${who} a retiré votre organisation de l’alliance ${title}.`,
        link: `/t/${event.territoryId}/alliances`,
      },
      { audience: 'coordinator', kind, text, link },
    ];
  },
  'alliance.evaluated': (event) => {
    const text = `${event.data.actorName} a évalué l’alliance ${quote(event.data.title)} pour ${periodLabel(event.data.period)}.`;
    return [
      {
        audience: 'organisation',
        actorIds: event.data.parties.filter((actorId) => actorId !== event.data.actorId),
        kind: 'evaluations',
        text,
        link: allianceLink(event),
      },
      { audience: 'coordinator', kind: 'evaluations', text, link: allianceLink(event) },
    ];
  },
  'alliance.evaluation_due': (event) => [
    {
      audience: 'organisation',
      actorIds: event.data.awaited,
      kind: 'evaluations',
      text: `L’évaluation de l’alliance ${quote(event.data.title)} pour ${periodLabel(event.data.period)} est attendue de votre organisation.`,
      link: allianceLink(event),
    },
  ],
  'action.recorded': (event) => [
    {
      audience: 'organisation',
      actorIds: event.data.added,
      kind: 'actions',
      text:
        `Votre organisation est inscrite à l’action ${quote(event.data.title)} ` +
        `(${FRENCH_LABELS.actionType[event.data.type]}, ${dateLabel(event.data.startDate)}).`,
      link: `/t/${event.territoryId}/mon-organisation`,
    },
  ],
  'import.finished': (event) => {
    const { filename, created, valid, invalid, duplicates } = event.data;
    const refused = plural(invalid, 'ligne refusée', 'lignes refusées');
    const twins = plural(duplicates, 'doublon', 'doublons');
    return [
      {
        audience: 'person',
        userIds: [event.data.requestedBy],
        evenTheAuthor: true,
        kind: 'imports',
        text:
          event.data.mode === 'run'
            ? `Import ${quote(filename)} terminé : ${plural(created, 'acteur créé', 'acteurs créés')}, ${refused}, ${twins}.`
            : `Analyse de ${quote(filename)} terminée : ${plural(valid, 'ligne prête', 'lignes prêtes')}, ${refused}, ${twins}.`,
        link: `/t/${event.territoryId}/imports/${event.subject.id}`,
      },
    ];
  },
  'import.failed': (event) => [
    {
      audience: 'person',
      userIds: [event.data.requestedBy],
      evenTheAuthor: true,
      kind: 'imports',
      text: `L’import ${quote(event.data.filename)} a échoué : ${event.data.error}`,
      link: `/t/${event.territoryId}/imports/${event.subject.id}`,
    },
  ],
  'resource.published': (event) => [
    {
      audience: 'coordinator',
      kind: 'resources',
      text: `Nouvelle ressource dans le centre de ressources du territoire : ${quote(event.data.title)}.`,
      link: `/t/${event.territoryId}/ressources`,
    },
  ],
  'case_study.created': (event) => [
    {
      audience: 'organisation',
      actorIds: event.data.actorIds,
      kind: 'case_studies',
      text: `La coordination prépare un retour d’expérience ${quote(event.data.title)} qui cite votre organisation : dites si elle peut y être nommée.`,
      link: caseStudyLink(event),
    },
  ],
  'case_study.consent_recorded': (event) => {
    const answer = event.data.granted ? 'accepte d’être nommée' : 'refuse d’être nommée';
    return [
      {
        audience: 'coordinator',
        kind: 'case_studies',
        text: event.data.onBehalf
          ? `La coordination a noté ${elided('que', event.data.actorName)} ${answer} dans le retour d’expérience ${quote(event.data.title)}.`
          : `${event.data.actorName} ${answer} dans le retour d’expérience ${quote(event.data.title)}.`,
        link: caseStudyLink(event),
      },
    ];
  },
  'case_study.submitted': (event) => [
    {
      audience: 'coordinator',
      kind: 'case_studies',
      text: `Le retour d’expérience ${quote(event.data.title)} attend la relecture d’un·e autre coordinateur·rice.`,
      link: caseStudyLink(event),
    },
  ],
  'case_study.approved': (event) => [
    {
      audience: 'coordinator',
      kind: 'case_studies',
      text: `Le retour d’expérience ${quote(event.data.title)} est approuvé : il peut être publié au centre national.`,
      link: caseStudyLink(event),
    },
  ],
  'case_study.returned': (event) => [
    {
      audience: 'person',
      userIds: [event.data.authorId],
      kind: 'case_studies',
      text: `Votre retour d’expérience ${quote(event.data.title)} vous est renvoyé : ${quote(event.data.comment)}`,
      link: caseStudyLink(event),
    },
    {
      audience: 'coordinator',
      kind: 'case_studies',
      text: `Le retour d’expérience ${quote(event.data.title)} est renvoyé à son auteur : ${quote(event.data.comment)}`,
      link: caseStudyLink(event),
    },
  ],
  'case_study.published': (event) => [
    {
      audience: 'national',
      kind: 'case_studies',
      text: `${event.data.territoryName} publie un retour d’expérience au centre national : ${quote(event.data.title)}.`,
      link: `/observatoire/ressources/retours-experience/${event.subject.id}`,
    },
    {
      audience: 'coordinator',
      kind: 'case_studies',
      text: `Le retour d’expérience ${quote(event.data.title)} est publié au centre national.`,
      link: caseStudyLink(event),
    },
  ],
  'case_study.unpublished': (event) => [
    {
      audience: 'coordinator',
      kind: 'case_studies',
      text: `Le retour d’expérience ${quote(event.data.title)} est retiré du centre national.`,
      link: caseStudyLink(event),
    },
  ],
  'report.completed': (event) => [
    {
      audience: 'person',
      userIds: [event.data.requestedBy],
      evenTheAuthor: true,
      kind: 'reports',
      text: `Votre rapport ${quote(event.data.label)} est prêt.`,
      link: `/t/${event.territoryId}/rapports`,
    },
  ],
  'report.failed': (event) => [
    {
      audience: 'person',
      userIds: [event.data.requestedBy],
      evenTheAuthor: true,
      kind: 'reports',
      text: `Votre rapport ${quote(event.data.label)} n’a pas pu être produit : ${event.data.error}`,
      link: `/t/${event.territoryId}/rapports`,
    },
  ],
  'invitation.accepted': async (event, lookups) => [
    {
      audience: 'coordinator',
      kind: 'membership',
      text: `${await lookups.userName(event.data.userId)} a rejoint l’espace en tant que ${
        event.data.role === 'coordinator' ? 'coordinateur·rice' : 'membre'
      }.`,
      link: `/t/${event.territoryId}/membres`,
    },
  ],
  'comment.posted': (event, lookups) => commentTargets(event, lookups),
  'link_request.created': async (event, lookups) => [
    {
      audience: 'coordinator',
      kind: 'membership',
      text: `${await lookups.userName(event.data.userId)} demande à être rattaché·e à ${
        event.data.actorName ? quote(event.data.actorName) : 'une organisation qui n’est pas dans l’annuaire'
      }.`,
      link: requestsLink(event),
    },
  ],
  'link_request.reviewed': (event) => [
    {
      audience: 'person',
      userIds: [event.data.userId],
      kind: 'membership',
      text: event.data.accepted
        ? `Vous agissez désormais pour ${quote(event.data.actorName ?? '')} dans ce territoire.`
        : `La coordination n’a pas accepté votre demande de rattachement : ${event.data.reason ?? ''}`,
      link: `/t/${event.territoryId}/mon-organisation`,
    },
  ],
  'join_request.created': async (event, lookups) => [
    {
      audience: 'coordinator',
      kind: 'membership',
      text: `${await lookups.userName(event.data.userId)} demande à rejoindre l’espace pour ${quote(event.data.actorName)}.`,
      link: requestsLink(event),
    },
  ],
  // Only an accepted requester is a member, so only they are reached here; a refusal goes by mail (JoinService).
  'join_request.reviewed': (event) => [
    {
      audience: 'person',
      userIds: [event.data.userId],
      kind: 'membership',
      text: `Bienvenue : votre demande d’adhésion est acceptée, vous agissez pour ${quote(event.data.actorName)}.`,
      link: `/t/${event.territoryId}/mon-organisation`,
    },
  ],
  'profile.change_requested': (event) => [
    {
      audience: 'coordinator',
      kind: 'membership',
      text: `${quote(event.data.actorName)} demande à modifier sa fiche${fieldsNote(event.data.fields)}.`,
      link: requestsLink(event),
    },
  ],
  'profile.change_reviewed': (event) => [
    {
      audience: 'organisation',
      actorIds: [event.data.actorId],
      kind: 'membership',
      text: event.data.accepted
        ? `La coordination a appliqué la modification de la fiche de votre organisation${fieldsNote(event.data.fields)}.`
        : `La coordination n’a pas appliqué la modification de la fiche de votre organisation : ${event.data.reason ?? ''}`,
      link: `/t/${event.territoryId}/mon-organisation`,
    },
  ],
  'alliance.agreed': (event) => {
    const who = event.data.onBehalf
      ? `La coordination a enregistré l’accord ${elided('de', event.data.actorName)}`
      : `${event.data.actorName} a donné son accord`;
    const text = `${who} pour l’alliance ${quote(event.data.title)}${
      event.data.awaited.length > 0
        ? ` (${plural(event.data.awaited.length, 'accord attendu', 'accords attendus')}).`
        : '.'
    }`;
    return [
      {
        audience: 'organisation',
        actorIds: event.data.parties.filter((actorId) => actorId !== event.data.actorId),
        kind: 'alliances',
        text,
        link: allianceLink(event),
      },
      { audience: 'coordinator', kind: 'alliances', text, link: allianceLink(event) },
    ];
  },
};

/** The coordination's queue of requests and reviews. */
function requestsLink(event: PendingEvent): string {
  return `/t/${event.territoryId}/demandes`;
}

/** The targets of an event (none for the kinds nobody is told about: the log still has them). */
export async function targetsOf(event: PendingEvent, lookups: RuleLookups): Promise<Target[]> {
  const rule = RULES[event.kind] as Rule<EventKind> | undefined;
  return rule ? rule(event, lookups) : [];
}

/**
 * Events that undo an earlier one about the same subject: a mail about the
 * earlier one that has not left yet is dropped (a withdrawn proposal).
 */
export const UNDONE_BY: Partial<Record<EventKind, readonly EventKind[]>> = {
  'alliance.proposed': ['alliance.proposal_withdrawn'],
  'comment.posted': ['comment.deleted'],
};

/**
 * Events whose mail only makes sense if the mail about an earlier one went: a
 * withdrawal is not mailed to someone whose mail about the proposal was
 * dropped (they were never told of it by mail; the console shows both).
 */
export const SILENT_AFTER: Partial<Record<EventKind, EventKind>> = {
  'alliance.proposal_withdrawn': 'alliance.proposed',
};
