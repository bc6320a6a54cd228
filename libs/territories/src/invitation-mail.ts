import type { TerritoryRole } from '@maillage/platform';
import type { MailMessage } from '@maillage/identity';

/** What an invitation's e-mail says: where, as what, who invites and, for a member, for which organisation. */
export interface InvitationMailInput {
  territoryName: string;
  role: TerritoryRole;
  /** The name of the person who invites (none when the invitation was not issued by someone). */
  invitedBy: string | null;
  /** The name of the organisation the invited member will act for, if the invitation names one. */
  organisation: string | null;
  acceptUrl: string;
  ttlDays: number;
}

/** The French e-mail of an invitation to join a territory. */
export function invitationMail(input: InvitationMailInput): Omit<MailMessage, 'to'> {
  const role = input.role === 'coordinator' ? 'coordinateur·rice' : 'membre';
  const invitedBy = input.invitedBy?.trim();
  const organisation = input.organisation?.trim();
  const invitation = invitedBy ? `${invitedBy} vous invite` : 'Vous êtes invité·e';
  const text = [
    'Bonjour,',
    '',
    `${invitation} à rejoindre l’espace « ${input.territoryName} » sur Maillage en tant que ${role}.`,
    ...(organisation ? [`Vous y agirez pour le compte de l’organisation « ${organisation} ».`] : []),
    '',
    `Pour accepter, ouvrez ce lien (valable ${input.ttlDays} jours) :`,
    input.acceptUrl,
    '',
    'Si vous ne vous attendiez pas à cette invitation, vous pouvez ignorer ce message.',
    '',
  ].join('\n');
  return { subject: `Invitation à rejoindre ${input.territoryName} sur Maillage`, text };
}
