import { type Type as Class } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DomainError } from '../errors/domain-error.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;

/** `limit` (≤ 100) and an opaque `cursor`: the query of every list. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page’s `nextCursor`', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * The OpenAPI schema of a page of `item`: `export class ActorPageDto extends PageDtoOf(ActorDto) {}`
 * (the subclass names the schema).
 */
export function PageDtoOf<T>(item: Class<T>): Class<Page<T>> {
  class PageOf implements Page<T> {
    items!: T[];
    nextCursor!: string | null;
  }
  ApiProperty({ type: [item] })(PageOf.prototype, 'items');
  ApiProperty({ type: String, nullable: true, description: 'Cursor of the next page; null on the last one' })(
    PageOf.prototype,
    'nextCursor',
  );
  return PageOf;
}

export function encodeCursor(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export type CursorField = 'string' | 'uuid' | 'int' | 'timestamp' | 'date';

const CURSOR_FORMATS: Record<CursorField, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string' && value.length <= 400,
  uuid: (value) =>
    typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value),
  int: (value) => Number.isSafeInteger(value) || (typeof value === 'string' && /^[0-9]{1,15}$/.test(value)),
  timestamp: (value) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z?$/.test(value),
  date: (value) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value),
};

/**
 * Decodes a cursor made by encodeCursor: every key present, each of its
 * expected form (so nothing malformed reaches SQL); anything else is a 400.
 */
export function decodeCursor<K extends string>(
  cursor: string | undefined,
  spec: Record<K, CursorField>,
): Record<K, string | number> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (
      value &&
      typeof value === 'object' &&
      (Object.entries(spec) as [K, CursorField][]).every(([key, field]) => CURSOR_FORMATS[field](value[key]))
    ) {
      return value as Record<K, string | number>;
    }
  } catch {
    // fall through
  }
  throw new DomainError('invalid', {
    code: 'invalid_cursor',
    detail: 'Le curseur de pagination est invalide : repartez de la première page.',
    errors: [{ field: 'cursor', message: 'curseur invalide' }],
  });
}

/** Builds a page from `limit + 1` fetched rows: the extra row only says that more exist. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  view: (row: R) => T,
  position: (row: R) => Record<string, string | number>,
): Page<T> {
  const { items, nextCursor } = pageOf(rows, limit, position);
  return { items: items.map(view), nextCursor };
}

/** The page's rows (at most `limit`) and the cursor after the last when the extra row says more exist. */
function pageOf<R>(
  rows: R[],
  limit: number,
  position: (row: R) => Record<string, string | number>,
): { items: R[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(position(last)) : null };
}

/** Bounds for date filters: outside them a date is a typo, and PostgreSQL may not hold it. */
export const EARLIEST = new Date('1900-01-01T00:00:00Z');
export const LATEST = new Date('2200-01-01T00:00:00Z');

/**
 * A response body already written as JSON text (by PostgreSQL, mostly): the controller sends it as
 * is (`sendJsonText`), without parsing it into objects and serialising them again.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

/**
 * The controller's answer for JSON text: its UTF-8 bytes, which Fastify sends as they are once the
 * reply's type says JSON. Encoded here, once, into memory outside V8's heap: given the string, Node
 * would first join it to the response's headers (a copy of the page on the heap), then encode that.
 */
export function sendJsonText(reply: { type(contentType: string): unknown }, json: JsonText): Buffer {
  void reply.type('application/json; charset=utf-8');
  return Buffer.from(json.text, 'utf8');
}

/**
 * A value's JSON text in ASCII: every character beyond it as its escape (`é` as `\u00e9`, a character
 * beyond U+FFFF as its two UTF-16 escapes). It means the same JSON; spliced into a page whose stored
 * parts are ASCII too (the directory's cards: migration 1763800000070), it keeps the whole page a
 * one-byte string, which Node encodes to send without going through it character by character.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** `toPage` for items already written as JSON text: the page's JSON, the same shape as a `Page`. */
export function toJsonPage<R>(
  rows: R[],
  limit: number,
  item: (row: R) => string,
  position: (row: R) => Record<string, string | number>,
): JsonText {
  const { items, nextCursor } = pageOf(rows, limit, position);
  return new JsonText(`{"items":[${items.map(item).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`);
}
