import { describe, expect, it } from '@jest/globals';
import { buildMail, groupItems, type MailItem } from './notification-mail.js';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 4, 8, minute));
const item = (text: string, subjectKey: string, minute: number, link = '/t/x/alliances/1'): MailItem => ({
  kind: 'comments',
  text,
  link,
  createdAt: at(minute),
  subjectKey,
});

describe('notification mail', () => {
  const input = {
    recipientName: 'Awa Diallo',
    baseUrl: 'https://maillage.example',
    unsubscribeUrl: 'https://maillage.example/api/v1/mail/unsubscribe?token=abc',
    preferencesUrl: 'https://maillage.example/compte/notifications',
    now: at(0),
  };

  it('groups a digest by territory (by name) and subject, with no repeated line', () => {
    const groups = groupItems([
      {
        name: 'Métropole de Lyon',
        items: [
          item('Nouveau message dans « Parcours numériques »', 'alliance:1', 5),
          item('L’alliance « Mobilité » est désormais active.', 'alliance:2', 3, '/t/x/alliances/2'),
          item('Nouveau message dans « Parcours numériques »', 'alliance:1', 9),
        ],
      },
      { name: 'Grenoble-Alpes-Métropole', items: [item('Votre rapport « Activité » est prêt.', 'report:1', 1)] },
      { name: 'Annecy', items: [] },
    ]);
    expect(groups.map((group) => group.name)).toEqual(['Grenoble-Alpes-Métropole', 'Métropole de Lyon']);
    const lyon = groups[1]?.subjects ?? [];
    expect(lyon.map((lines) => lines.map((line) => [line.text, line.count]))).toEqual([
      [['L’alliance « Mobilité » est désormais active.', 1]],
      [['Nouveau message dans « Parcours numériques »', 2]],
    ]);
  });

  it('writes French text and HTML parts, with absolute links, escaped text and the unsubscribe link', () => {
    const mail = buildMail({
      ...input,
      frequency: 'daily',
      territories: [
        {
          name: 'Métropole de Lyon',
          items: [item('<script>alert(1)</script> a écrit', 'alliance:1', 1), item('Autre', 'alliance:1', 2)],
        },
      ],
    });
    expect(mail.subject).toBe('Maillage – votre résumé du vendredi 4 décembre');
    expect(mail.text).toContain('Bonjour Awa Diallo,');
    expect(mail.text).toContain('Voir : https://maillage.example/t/x/alliances/1');
    expect(mail.text).toContain(
      'Ne plus recevoir ces e-mails : https://maillage.example/api/v1/mail/unsubscribe?token=abc',
    );
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; a écrit');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('lang="fr"');
    expect(mail.html).toContain('href="https://maillage.example/t/x/alliances/1"');
  });

  it('names an immediate mail after its only notification, or counts them', () => {
    const one = buildMail({
      ...input,
      frequency: 'immediate',
      territories: [{ name: 'A', items: [item('Un seul', 's', 1)] }],
    });
    expect(one.subject).toBe('Maillage – Un seul');
    const two = buildMail({
      ...input,
      frequency: 'immediate',
      territories: [{ name: 'A', items: [item('Un', 's', 1), item('Deux', 't', 2)] }],
    });
    expect(two.subject).toBe('Maillage – 2 nouvelles notifications');
  });
});
