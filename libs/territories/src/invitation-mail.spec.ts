import { invitationMail } from './invitation-mail.js';

describe('invitationMail: the French e-mail of an invitation', () => {
  const base = {
    territoryName: 'Métropole de Lyon',
    acceptUrl: 'https://maillage.example/invitations/t.s',
    ttlDays: 7,
  };

  it('says who invites and the organisation the member will act for, by their names', () => {
    const mail = invitationMail({
      ...base,
      role: 'member',
      invitedBy: 'Camille Durand',
      organisation: 'Passerelles Emploi',
    });
    expect(mail.subject).toBe('Invitation à rejoindre Métropole de Lyon sur Maillage');
    expect(mail.text).toBe(
      [
        'Bonjour,',
        '',
        'Camille Durand vous invite à rejoindre l’espace « Métropole de Lyon » sur Maillage en tant que membre.',
        'Vous y agirez pour le compte de l’organisation « Passerelles Emploi ».',
        '',
        'Pour accepter, ouvrez ce lien (valable 7 jours) :',
        'https://maillage.example/invitations/t.s',
        '',
        'Si vous ne vous attendiez pas à cette invitation, vous pouvez ignorer ce message.',
        '',
      ].join('\n'),
    );
  });

  it('names no organisation when there is none, and does without the inviter’s name when unknown', () => {
    const coordinator = invitationMail({
      ...base,
      role: 'coordinator',
      invitedBy: 'Camille Durand',
      organisation: null,
    });
    expect(coordinator.text).toContain(
      'Camille Durand vous invite à rejoindre l’espace « Métropole de Lyon » sur Maillage en tant que coordinateur·rice.',
    );
    expect(coordinator.text).not.toContain('pour le compte');
    const anonymous = invitationMail({ ...base, role: 'member', invitedBy: null, organisation: ' ' });
    expect(anonymous.text).toContain('Vous êtes invité·e à rejoindre l’espace « Métropole de Lyon » sur Maillage');
    expect(anonymous.text).not.toContain('pour le compte');
  });
});
