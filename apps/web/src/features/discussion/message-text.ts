import { mentionToken, messageParts } from '@maillage/contract';

/**
 * A message as the console shows it: plain text cut into text, links and
 * mentions, rendered as React elements (never as HTML). Links are the http(s)
 * addresses in the text; trailing punctuation stays outside the link.
 */
export type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'link'; href: string; text: string }
  | { kind: 'mention'; userId: string; name: string };

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+/gi;
const TRAILING = /[.,;:!?»)\]'’]+$/;

function linkify(text: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const raw = match[0];
    const url = raw.replace(TRAILING, '');
    const index = match.index ?? 0;
    if (index > last) segments.push({ kind: 'text', text: text.slice(last, index) });
    segments.push({ kind: 'link', href: url, text: url });
    last = index + url.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}

/** The message's segments; a mention shows the name the API answers for that person when it has one. */
export function messageSegments(body: string, names: ReadonlyMap<string, string> = new Map()): Segment[] {
  return messageParts(body).flatMap((part): Segment[] =>
    part.kind === 'mention'
      ? [{ kind: 'mention', userId: part.userId, name: names.get(part.userId) ?? part.name }]
      : linkify(part.text),
  );
}

/** A person chosen in the composer's autocomplete. */
export interface DraftMention {
  userId: string;
  name: string;
}

/**
 * The composer shows mentions as « @Name »; the API wants `@[Name](userId)`.
 * `toBody` writes each chosen mention still present in the text as its token
 * (longest names first, so « @Anne-Marie » is not taken for « @Anne »).
 */
export function toBody(draft: string, mentions: readonly DraftMention[]): string {
  if (mentions.length === 0) return draft;
  const byName = new Map(mentions.map((mention) => [`@${mention.name}`, mention]));
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(
    [...byName.keys()]
      .sort((a, b) => b.length - a.length)
      .map(escape)
      .join('|'),
    'g',
  );
  return draft.replace(pattern, (shown) => {
    const mention = byName.get(shown) as DraftMention;
    return mentionToken(mention.name, mention.userId);
  });
}

/** A stored message back into the composer: its text with « @Name », and the mentions it holds. */
export function toDraft(
  body: string,
  names: ReadonlyMap<string, string> = new Map(),
): { text: string; mentions: DraftMention[] } {
  const mentions = new Map<string, DraftMention>();
  const text = messageParts(body)
    .map((part) => {
      if (part.kind === 'text') return part.text;
      const name = names.get(part.userId) ?? part.name;
      mentions.set(part.userId, { userId: part.userId, name });
      return `@${name}`;
    })
    .join('');
  return { text, mentions: [...mentions.values()] };
}

/** The name being typed after « @ » just before the caret, if any (what the autocomplete searches). */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)@([\p{L}\p{N}' .-]{0,40})$/u.exec(before);
  if (!match) return null;
  const query = match[2] as string;
  if (query.startsWith(' ') || query.includes('  ')) return null;
  return { start: caret - query.length - 1, query };
}
