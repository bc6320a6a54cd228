import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ACTOR_NOTING_TRIGGERS, backfillAsOwner } from './helpers.js';

/**
 * The directory's stored cards (`actors.card`, migration 1763800000063) written in ASCII: every
 * character beyond it as its JSON escape (`é` as `\u00e9`; beyond U+FFFF, its UTF-16 pair). The
 * JSON means the same to any reader; what changes is the API's work on a page: PostgreSQL sends the
 * cards as UTF-8, which the driver decodes into JavaScript strings and the API encodes again to send
 * them. French text (accents, « guillemets », apostrophes) made each card a two-byte string, decoded
 * and encoded character by character: 55–60 µs a 50-actor page, twice the allocation. ASCII text
 * takes the fast path both ways (22–25 µs, one byte a character; measured on this project's seed).
 *
 * - `json_ascii(text)` escapes the text's non-ASCII characters: one `replace` for each distinct
 *   character (a card has few), a text without any returned as it is. Only JSON text may be given:
 *   outside its strings JSON is ASCII, so the escapes land inside strings, where they mean the character.
 * - `actor_card(actors)` becomes the former function (renamed `actor_card_utf8`) passed through it;
 *   the card trigger calls `actor_card` by name. Backfilled as migration 063 did.
 */
export class ActorCardAscii1763800000070 implements MigrationInterface {
  name = 'ActorCardAscii1763800000070';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create function json_ascii(t text) returns text language plpgsql immutable strict parallel safe as $$
      declare
        c text;
        code integer;
      begin
        if t !~ '[^\\x01-\\x7f]' then
          return t;
        end if;
        for c in select distinct m[1] from regexp_matches(t, '([^\\x01-\\x7f])', 'g') m loop
          code := ascii(c);
          if code > 65535 then
            t := replace(t, c, '\\u' || lpad(to_hex(55296 + ((code - 65536) >> 10)), 4, '0')
                            || '\\u' || lpad(to_hex(56320 + ((code - 65536) & 1023)), 4, '0'));
          else
            t := replace(t, c, '\\u' || lpad(to_hex(code), 4, '0'));
          end if;
        end loop;
        return t;
      end $$`);
    await db.query(`alter function actor_card(actors) rename to actor_card_utf8`);
    await db.query(`
      create function actor_card(a actors) returns text language plpgsql stable as $$
      begin
        return json_ascii(actor_card_utf8(a));
      end $$`);

    await backfillAsOwner(
      db,
      ['actors'],
      () => db.query(`update actors a set card = actor_card(a) where card ~ '[^\\x01-\\x7f]'`),
      ACTOR_NOTING_TRIGGERS,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`drop function actor_card(actors)`);
    await db.query(`alter function actor_card_utf8(actors) rename to actor_card`);
    await db.query(`drop function json_ascii(text)`);
    // The cards stay escaped: the same JSON, which the former function would only write differently.
  }
}
