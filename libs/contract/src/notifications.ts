/**
 * What people are told about, in families they choose a mail frequency for
 * (`GET/PUT /me/notification-preferences`). In-app notifications come
 * whatever the frequency; mail follows it.
 */
export const NOTIFICATION_KINDS = [
  'proposals',
  'alliances',
  'evaluations',
  'comments',
  'mentions',
  'actions',
  'membership',
  'reports',
  'imports',
  'resources',
  'case_studies',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const MAIL_FREQUENCIES = ['immediate', 'daily', 'weekly', 'none'] as const;
export type MailFrequency = (typeof MAIL_FREQUENCIES)[number];

export interface NotificationKindInfo {
  label: string;
  description: string;
  /** The frequency of someone who has not chosen. */
  defaultFrequency: MailFrequency;
}

/** French labels and defaults: what asks for an answer comes at once, the rest in a digest. */
export const NOTIFICATION_KIND_INFO: Record<NotificationKind, NotificationKindInfo> = {
  proposals: {
    label: 'Propositions d’alliance',
    description: 'Une organisation propose une alliance à la vôtre, y répond ou la retire.',
    defaultFrequency: 'immediate',
  },
  alliances: {
    label: 'Vie des alliances',
    description: 'Une alliance de votre organisation (ou du territoire) avance : accord des parties, activation, fin.',
    defaultFrequency: 'daily',
  },
  evaluations: {
    label: 'Évaluations',
    description: 'Une période d’évaluation se termine, ou une partie a évalué une alliance.',
    defaultFrequency: 'daily',
  },
  comments: {
    label: 'Discussions',
    description: 'Un nouveau message dans une discussion que vous pouvez lire.',
    defaultFrequency: 'daily',
  },
  mentions: {
    label: 'Mentions',
    description: 'Quelqu’un vous cite (@) dans une discussion.',
    defaultFrequency: 'immediate',
  },
  actions: {
    label: 'Actions',
    description: 'Votre organisation est inscrite à une action du territoire.',
    defaultFrequency: 'weekly',
  },
  membership: {
    label: 'Membres et organisations',
    description: 'Demandes d’adhésion ou de rattachement, invitations acceptées, modifications de fiche à examiner.',
    defaultFrequency: 'immediate',
  },
  reports: {
    label: 'Rapports',
    description: 'Un rapport que vous avez commandé est prêt, ou n’a pas pu être produit.',
    defaultFrequency: 'none',
  },
  imports: {
    label: 'Imports',
    description: 'Un import que vous avez lancé est terminé.',
    defaultFrequency: 'none',
  },
  resources: {
    label: 'Centre de ressources',
    description: 'Une ressource est publiée dans le centre de ressources du territoire.',
    defaultFrequency: 'weekly',
  },
  case_studies: {
    label: 'Retours d’expérience',
    description:
      'Un retour d’expérience cite votre organisation, attend une relecture, est relu, publié au centre national ou retiré.',
    defaultFrequency: 'immediate',
  },
};

export const MAIL_FREQUENCY_LABELS: Record<MailFrequency, string> = {
  immediate: 'Tout de suite',
  daily: 'Résumé quotidien',
  weekly: 'Résumé hebdomadaire',
  none: 'Pas d’e-mail',
};
