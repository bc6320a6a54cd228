import type { NotificationKind } from '@maillage/contract';

/** One notification as a mail shows it. */
export interface MailItem {
  kind: NotificationKind;
  text: string;
  /** A console path (`/t/…`). */
  link: string;
  createdAt: Date;
  /** What it is about (`alliance:…`): a digest groups by it. */
  subjectKey: string;
}

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface MailInput {
  recipientName: string;
  frequency: 'immediate' | 'daily' | 'weekly';
  /** Each territory's items, in any order: the mail sorts them. */
  territories: { name: string; items: MailItem[] }[];
  /** The console's public address, without a trailing slash. */
  baseUrl: string;
  unsubscribeUrl: string;
  preferencesUrl: string;
  /** When the mail is built (digests name their day). */
  now: Date;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

const shorten = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

const day = (date: Date) =>
  date.toLocaleDateString('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'Europe/Paris' });

const time = (date: Date) =>
  date.toLocaleString('fr-FR', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Paris',
  });

/** A subject's lines with no repeats: the same text twice becomes one line with its count. */
interface Line {
  text: string;
  link: string;
  count: number;
  last: Date;
}

/** Territories by name, then each subject's lines in the order they happened (a digest reads as a story). */
export function groupItems(territories: MailInput['territories']): { name: string; subjects: Line[][] }[] {
  return [...territories]
    .filter((territory) => territory.items.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
    .map((territory) => {
      const subjects = new Map<string, Map<string, Line>>();
      for (const item of [...territory.items].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
        const lines = subjects.get(item.subjectKey) ?? new Map<string, Line>();
        subjects.set(item.subjectKey, lines);
        const line = lines.get(item.text);
        if (line) {
          line.count += 1;
          line.last = item.createdAt;
        } else lines.set(item.text, { text: item.text, link: item.link, count: 1, last: item.createdAt });
      }
      return { name: territory.name, subjects: [...subjects.values()].map((lines) => [...lines.values()]) };
    });
}

/** The French mail (text and HTML parts) for a person's notifications. */
export function buildMail(input: MailInput): MailContent {
  const groups = groupItems(input.territories);
  const lines = groups.flatMap((group) => group.subjects.flat());
  const count = lines.reduce((sum, line) => sum + line.count, 0);
  const only = lines.length === 1 ? lines[0] : undefined;
  const subject =
    input.frequency === 'daily'
      ? `Maillage – votre résumé du ${day(input.now)}`
      : input.frequency === 'weekly'
        ? 'Maillage – votre résumé de la semaine'
        : only && only.count === 1
          ? `Maillage – ${shorten(only.text, 160)}`
          : `Maillage – ${count} nouvelles notifications`;
  const intro =
    input.frequency === 'immediate'
      ? 'Du nouveau vous concerne sur Maillage :'
      : input.frequency === 'daily'
        ? 'Voici ce qui vous concerne sur Maillage depuis hier :'
        : 'Voici ce qui vous concerne sur Maillage cette semaine :';
  const url = (link: string) => `${input.baseUrl}${link}`;
  const suffix = (line: Line) => (line.count > 1 ? ` (${line.count} fois, la dernière le ${time(line.last)})` : '');

  const text = [
    `Bonjour ${input.recipientName},`,
    '',
    intro,
    ...groups.flatMap((group) => [
      '',
      `— ${group.name} —`,
      ...group.subjects.flatMap((subjectLines) => [
        '',
        ...subjectLines.map((line) => `• ${line.text}${suffix(line)}`),
        `  Voir : ${url(subjectLines[subjectLines.length - 1]!.link)}`,
      ]),
    ]),
    '',
    '—',
    `Choisir ce que vous recevez par e-mail : ${input.preferencesUrl}`,
    `Ne plus recevoir ces e-mails : ${input.unsubscribeUrl}`,
    '',
  ].join('\n');

  const html = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; color: #1f2933; line-height: 1.5; max-width: 640px">
<p>Bonjour ${escapeHtml(input.recipientName)},</p>
<p>${escapeHtml(intro)}</p>
${groups
  .map(
    (group) => `<h2 style="font-size: 1.1em; margin: 1.5em 0 0.5em; color: #0b4f6c">${escapeHtml(group.name)}</h2>
${group.subjects
  .map(
    (subjectLines) => `<ul style="padding-left: 1.2em; margin: 0.5em 0">
${subjectLines.map((line) => `<li>${escapeHtml(line.text)}${escapeHtml(suffix(line))}</li>`).join('\n')}
</ul>
<p style="margin: 0 0 1em 1.2em"><a href="${escapeHtml(url(subjectLines[subjectLines.length - 1]!.link))}">Voir dans Maillage</a></p>`,
  )
  .join('\n')}`,
  )
  .join('\n')}
<hr style="border: none; border-top: 1px solid #d9e2ec; margin-top: 2em">
<p style="font-size: 0.9em; color: #52606d">
<a href="${escapeHtml(input.preferencesUrl)}">Choisir ce que vous recevez par e-mail</a> ·
<a href="${escapeHtml(input.unsubscribeUrl)}">Ne plus recevoir ces e-mails</a>
</p>
</body></html>
`;
  return { subject, text, html };
}
