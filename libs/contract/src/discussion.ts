/**
 * Discussion threads (on an alliance, an action or a priority): the bounds of a
 * message and how it mentions people, shared by the API and the console.
 *
 * A mention is written `@[Name](userId)`: the console's autocomplete inserts it,
 * the API checks that the person may read the thread and notifies them, and the
 * console shows it as « @Name » (the name the API answers, not the one typed).
 */
export const COMMENT_SUBJECT_TYPES = ['alliance', 'action', 'priority'] as const;
export type CommentSubjectType = (typeof COMMENT_SUBJECT_TYPES)[number];

export const COMMENT_MAX_LENGTH = 5000;
/** An author may edit their message this long after posting it. */
export const COMMENT_EDIT_WINDOW_MINUTES = 15;
/** At most this many people mentioned in one message. */
export const COMMENT_MAX_MENTIONS = 20;

const MENTION =
  /@\[([^\]\n]{1,200})\]\(([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\)/g;

/** The token that mentions someone (square brackets in the name would end it early: they are dropped). */
export function mentionToken(name: string, userId: string): string {
  return `@[${name.replace(/[[\]\n]/g, '').trim() || '?'}](${userId})`;
}

/** The distinct user ids a message mentions, in order of first appearance (lower case). */
export function mentionedIds(body: string): string[] {
  const ids = [...body.matchAll(MENTION)].map((match) => (match[2] as string).toLowerCase());
  return [...new Set(ids)];
}

/** A message cut into text and mentions, in order: what the console renders. */
export type MessagePart = { kind: 'text'; text: string } | { kind: 'mention'; name: string; userId: string };

export function messageParts(body: string): MessagePart[] {
  const parts: MessagePart[] = [];
  let last = 0;
  for (const match of body.matchAll(MENTION)) {
    const index = match.index ?? 0;
    if (index > last) parts.push({ kind: 'text', text: body.slice(last, index) });
    parts.push({ kind: 'mention', name: match[1] as string, userId: (match[2] as string).toLowerCase() });
    last = index + match[0].length;
  }
  if (last < body.length) parts.push({ kind: 'text', text: body.slice(last) });
  return parts;
}
